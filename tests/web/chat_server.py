"""A local OpenAI-compatible chat server for the chat page tests (a real HTTP server on 127.0.0.1).

``POST /v1/chat/completions`` with ``stream: true`` answers with SSE chunks: the scripted reply
of the last user message (see ``REPLIES``), one chunk every ``delay`` seconds, then ``[DONE]``.
It sends CORS headers (the page is served from another port) and records every request, so
tests can check headers (e.g. that no Authorization header was sent without a token).
This is a generic OpenAI-compatible server, the kind of base URL users enter on the chat page;
tests against the Inference Providers stand-in live with that stand-in.
"""

from __future__ import annotations

import http.server
import json
import threading
import time
from typing import Any, ClassVar

XSS_CORPUS = [
    '<img src=x onerror="window.__xss=1">',
    "<script>window.__xss=2</script>",
    '<a href="javascript:window.__xss=3">click</a>',
    '<svg onload="window.__xss=4"></svg>',
    "&lt;b&gt;escaped&lt;/b&gt; <b>bold?</b>",
]

REPLIES: dict[str, list[str]] = {
    "count": [f"{i} " for i in range(1, 21)],
    "slow": [f"w{i} " for i in range(1, 400)],
    "xss": [piece + "\n" for piece in XSS_CORPUS],
}


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    delay = 0.03
    log: ClassVar[list[dict[str, Any]]] = []

    def _cors(self) -> None:
        self.send_header("Access-Control-Allow-Origin", self.headers.get("Origin") or "*")
        self.send_header("Access-Control-Allow-Headers", self.headers.get("Access-Control-Request-Headers") or "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Expose-Headers", "*")

    def do_OPTIONS(self) -> None:
        self.send_response(204)
        self._cors()
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
        self.log.append({"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body})
        if self.path.rstrip("/") != "/v1/chat/completions":
            self.send_response(404)
            self._cors()
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        last = next((m["content"] for m in reversed(body.get("messages", [])) if m["role"] == "user"), "")
        pieces = REPLIES.get(last.strip().lower(), ["You said: ", last])
        self.send_response(200)
        self._cors()
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        try:
            for index, piece in enumerate(pieces):
                chunk = {"id": "chatcmpl-local", "object": "chat.completion.chunk", "model": body.get("model"),
                         "choices": [{"index": 0, "delta": {"content": piece},
                                      "finish_reason": "stop" if index == len(pieces) - 1 else None}]}
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                self.wfile.flush()
                time.sleep(self.delay)
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            self.log.append({"aborted": True, "path": self.path})
        self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:
        pass


class ChatServer:
    """Run the server in a thread on a free 127.0.0.1 port; ``base_url`` ends in /v1."""

    def __init__(self, delay: float = 0.03, port: int = 0) -> None:
        self.log: list[dict[str, Any]] = []
        handler = type("Handler", (_Handler,), {"delay": delay, "log": self.log})
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.httpd.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> ChatServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
