"""A fault-injecting HTTP server on 127.0.0.1, written on raw sockets so it can misbehave freely.

It speaks just enough of the inference wire format (OpenAI-style chat completions, TGI
``text_generation``; see tests/standins/inference_standin.py for the well-behaved stand-in) to be
a believable server, and then fails in one precise way chosen by the first path segment::

    http://127.0.0.1:PORT/<fault>/v1/chat/completions      (chat; base_url=…/<fault>/v1)
    http://127.0.0.1:PORT/<fault>/tgi                      (text_generation; model=…/<fault>/tgi)

Faults (``FAULTS``): ``ok``, ``drop-before-headers``, ``drop-mid-stream``, ``truncated-json``,
``utf8-split``, ``utf8-invalid``, ``huge-line``, ``keepalive-silence``, ``slow-headers``,
``stalled-body``, ``rate-limited`` (429 + ``Retry-After: 1`` for the first request of each
``x-fault-key``), ``model-loading`` (503 + ``estimated_time`` for the first ``x-fault-times``
requests of each key, default 2), ``html-500``. Every request is recorded in ``requests``
(fault, key, monotonic arrival time). Servers answer CORS preflights, so browsers can call them.
"""

from __future__ import annotations

import contextlib
import json
import socket
import socketserver
import threading
import time
from collections import defaultdict
from typing import Any

__all__ = ["FAULTS", "HUGE_TOKEN_BYTES", "SPLIT_TOKENS", "FaultServer", "chat_chunk", "tgi_event"]

TOKENS = ["tok0", " tok1", " tok2", " tok3", " tok4"]
SPLIT_TOKENS = ["h\u00e9", "llo \u20ac", " \U0001f600", " \u65e5\u672c", "!"]
HUGE_TOKEN_BYTES = 3 * 1024 * 1024
FAULTS = (
    "ok", "drop-before-headers", "drop-mid-stream", "truncated-json", "utf8-split", "utf8-invalid",
    "huge-line", "keepalive-silence", "slow-headers", "stalled-body", "rate-limited", "model-loading",
    "html-500",
)
MAX_FAULT_SECONDS = 10.0  # every stall ends by itself: no test can hang on this server


def chat_chunk(token: str, finish: str | None = None) -> dict[str, Any]:
    return {"object": "chat.completion.chunk", "id": "chatcmpl-fault", "created": 1795392277, "model": "m",
            "choices": [{"index": 0, "delta": {"role": "assistant", "content": token}, "logprobs": None,
                         "finish_reason": finish}]}


def tgi_event(index: int, token: str, text: str | None) -> dict[str, Any]:
    last = text is not None
    return {"index": index + 1, "token": {"id": 1000 + index, "text": token, "logprob": -0.5, "special": False},
            "generated_text": text, "details": {"finish_reason": "length", "generated_tokens": index + 1,
                                                "seed": None, "input_length": 1} if last else None}


def _events(tokens: list[str], tgi: bool) -> list[bytes]:
    """SSE ``data:`` frames for ``tokens`` (final frame marked complete; chat ends with [DONE])."""
    out = []
    for i, tok in enumerate(tokens):
        last = i == len(tokens) - 1
        payload = tgi_event(i, tok, "".join(tokens) if last else None) if tgi else chat_chunk(tok, "stop" if last else None)
        out.append(b"data: " + json.dumps(payload, ensure_ascii=False).encode() + b"\n\n")
    if not tgi:
        out.append(b"data: [DONE]\n\n")
    return out


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    # -- raw HTTP -------------------------------------------------------------------------------------
    def _read_request(self) -> tuple[str, str, dict[str, str], bytes] | None:
        line = self.rfile.readline(65536)
        if not line:
            return None
        method, target, _ = line.decode("latin-1").split(" ", 2)
        headers: dict[str, str] = {}
        while True:
            raw = self.rfile.readline(65536)
            if raw in (b"\r\n", b"\n", b""):
                break
            name, _, value = raw.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        body = self.rfile.read(int(headers.get("content-length") or 0))
        return method, target, headers, body

    def _head(self, status: int, headers: dict[str, str]) -> None:
        reason = {200: "OK", 204: "No Content", 429: "Too Many Requests", 500: "Internal Server Error",
                  503: "Service Unavailable"}.get(status, "X")
        lines = [f"HTTP/1.1 {status} {reason}", "Connection: close", "x-request-id: fault-req"]
        origin = self.headers_in.get("origin")
        if origin:
            lines += [f"Access-Control-Allow-Origin: {origin}", "Access-Control-Expose-Headers: *"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        self.wfile.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        self.wfile.flush()

    def _send(self, status: int, body: bytes, ctype: str = "application/json", **extra: str) -> None:
        self._head(status, {"Content-Type": ctype, "Content-Length": str(len(body)), **extra})
        self.wfile.write(body)
        self.wfile.flush()

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def _start_sse(self) -> None:
        self._head(200, {"Content-Type": "text/event-stream", "Cache-Control": "no-cache",
                         "Transfer-Encoding": "chunked"})

    def _drop(self) -> None:
        """Cut the connection at once (FIN after whatever was flushed; no terminating chunk)."""
        self.wfile.flush()
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    # -- dispatch -------------------------------------------------------------------------------------
    def handle(self) -> None:
        try:
            parsed = self._read_request()
        except (OSError, ValueError):
            return
        if parsed is None:
            return
        method, target, self.headers_in, body = parsed
        fault = target.lstrip("/").split("/", 1)[0]
        key = self.headers_in.get("x-fault-key", "")
        with self.server.lock:
            self.server.requests.append({"fault": fault, "key": key, "method": method, "path": target,
                                         "at": time.monotonic(), "headers": dict(self.headers_in)})
        if method == "OPTIONS":
            self._head(204, {"Access-Control-Allow-Methods": "GET, POST, OPTIONS", "Content-Length": "0",
                             "Access-Control-Allow-Headers": self.headers_in.get("access-control-request-headers", "*")})
            return
        try:
            request = json.loads(body) if body else {}
        except ValueError:
            request = {}
        tgi = target.rstrip("/").endswith("/tgi")
        stream = bool(request.get("stream"))
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up: expected
            self._fault(fault, key, tgi, stream)

    def _fault(self, fault: str, key: str, tgi: bool, stream: bool) -> None:
        count = self._count(key) if key else 1
        if fault == "drop-before-headers":
            self._drop()
        elif fault == "slow-headers":
            self._sleep_until_client_leaves(MAX_FAULT_SECONDS)
        elif fault == "stalled-body":
            self._head(200, {"Content-Type": "application/json", "Content-Length": "400"})
            self.wfile.write(b'{"choices": [')
            self.wfile.flush()
            self._sleep_until_client_leaves(MAX_FAULT_SECONDS)
        elif fault == "truncated-json":
            body = json.dumps(self._complete(tgi)).encode()[:-17]
            self._send(200, body)
        elif fault == "html-500":
            self._send(500, b"<!DOCTYPE html><html><body><h1>500 Internal Server Error</h1>"
                            b"<script>alert(1)</script></body></html>", "text/html; charset=utf-8")
        elif fault == "rate-limited" and count <= 1:
            self._send(429, b'{"error": "Rate limit reached"}', **{"Retry-After": "1"})
        elif fault == "model-loading" and count <= int(self.headers_in.get("x-fault-times") or 2):
            self._send(503, b'{"error": "Model m is currently loading", "estimated_time": 0.2}')
        elif not stream:
            self._send(200, json.dumps(self._complete(tgi)).encode())
        else:
            self._stream(fault, tgi)

    def _count(self, key: str) -> int:
        with self.server.lock:
            self.server.counts[key] += 1
            return self.server.counts[key]

    def _complete(self, tgi: bool) -> Any:
        text = "".join(TOKENS)
        if tgi:
            return [{"generated_text": text}]
        return {"object": "chat.completion", "id": "chatcmpl-fault", "created": 1795392277, "model": "m",
                "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                             "logprobs": None, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 1, "completion_tokens": 5, "total_tokens": 6}}

    def _stream(self, fault: str, tgi: bool) -> None:
        self._start_sse()
        if fault == "drop-mid-stream":
            for frame in _events(TOKENS, tgi)[:3]:
                self._chunk(frame)
            # A pause before the cut, as when a server dies mid-generation. Without it the three
            # events and the reset arrive together, and a WHATWG ReadableStream (fetch in Pyodide)
            # that errors discards the chunks it had queued but not yet handed out.
            time.sleep(0.3)
            self._chunk_partial(_events(TOKENS, tgi)[3])
            self._drop()
            return
        if fault == "keepalive-silence":
            self._chunk(_events(TOKENS, tgi)[0])
            deadline = time.monotonic() + MAX_FAULT_SECONDS
            while time.monotonic() < deadline:
                self._chunk(b": keep-alive\n\n")
                time.sleep(0.05)
            self._drop()
            return
        frames = _events(TOKENS, tgi)
        if fault == "utf8-split":
            frames = _events(SPLIT_TOKENS, tgi)
            pieces: list[bytes] = []
            for frame in frames:  # cut inside every multi-byte character
                start = 0
                for i in range(len(frame)):
                    if frame[i] >= 0xC0:
                        pieces.append(frame[start:i + 1])
                        start = i + 1
                pieces.append(frame[start:])
            for piece in pieces:
                self._chunk(piece)
                time.sleep(0.002)  # separate reads on the client side
        elif fault == "utf8-invalid":
            bad = [b"data: " + json.dumps(chat_chunk("ab") if not tgi else tgi_event(0, "ab", None)).encode()
                   .replace(b'"ab"', b'"a\xff\xfeb"') + b"\n\n"]
            for frame in bad + frames[1:]:
                self._chunk(frame)
        elif fault == "huge-line":
            big = "x" * HUGE_TOKEN_BYTES
            for frame in [_events([big, " end"], tgi)[0], *_events(TOKENS, tgi)[1:]]:
                for i in range(0, len(frame), 65536):
                    self._chunk(frame[i:i + 65536])
        else:
            for frame in frames:
                self._chunk(frame)
        self._chunk(b"")

    def _chunk_partial(self, frame: bytes) -> None:
        """Announce a full chunk but send only half of it (a cut in the middle of an event)."""
        self.wfile.write(b"%x\r\n%s" % (len(frame), frame[: len(frame) // 2]))
        self.wfile.flush()

    def _sleep_until_client_leaves(self, limit: float) -> None:
        self.connection.settimeout(0.05)
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            try:
                if self.connection.recv(1, socket.MSG_PEEK) == b"":
                    return  # the client closed its end
            except TimeoutError:
                continue
            except OSError:
                return
        self._drop()


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    lock: threading.Lock
    requests: list[dict[str, Any]]
    counts: defaultdict[str, int]


class FaultServer:
    """``with FaultServer() as server: server.url`` (127.0.0.1, a free port, a daemon thread)."""

    def __init__(self) -> None:
        self.httpd = _Server(("127.0.0.1", 0), _Handler)
        self.httpd.lock = threading.Lock()
        self.httpd.requests = []
        self.httpd.counts = defaultdict(int)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def requests_for(self, key: str) -> list[dict[str, Any]]:
        with self.httpd.lock:
            return [r for r in self.httpd.requests if r["key"] == key]

    def __enter__(self) -> FaultServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
