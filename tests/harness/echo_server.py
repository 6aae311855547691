"""A small real HTTP/1.1 server for transport tests (127.0.0.1, CORS on).

Routes:
  GET  /json                      {"hello": "world", "n": 1}
  POST /echo                      echoes method, headers and body (base64) as JSON
  GET  /status/<code>             that status with a JSON error body
  GET  /sse-gated?n=N&key=K       SSE; event i+1 is sent only after GET /release?key=K&i=i,
                                  which proves the client reads event i before the body ends
  GET  /release?key=K&i=I         releases event I+1 of stream K
  GET  /sse?n=N                   N events at once, then [DONE]
  GET  /slow?delay=S              waits S seconds before answering
  GET  /drop                      starts a chunked body, then drops the connection
  GET  /big?size=N                N bytes of body
  GET|POST /redirect?to=U&status=S  a redirect to U (302 for GET, 307 for POST by default)
  GET  /echo                      echoes method and headers
"""

from __future__ import annotations

import base64
import json
import threading
import time
from collections import defaultdict
from http.server import ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from .cors_server import CORSHandler

_gates: dict[tuple[str, int], threading.Event] = defaultdict(threading.Event)
_gates_lock = threading.Lock()


def _gate(key: str, i: int) -> threading.Event:
    with _gates_lock:
        return _gates[(key, i)]


class EchoHandler(CORSHandler):
    def _send(self, status: int, body: bytes, ctype: str = "application/json", extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("x-request-id", "req-123")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def _start_stream(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

    def do_GET(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        q = {k: v[0] for k, v in parse_qs(url.query).items()}
        if url.path == "/echo":
            self._send(200, json.dumps({"method": "GET", "path": self.path,
                                        "headers": {k.lower(): v for k, v in self.headers.items()}}).encode())
        elif url.path == "/json":
            self._send(200, json.dumps({"hello": "world", "n": 1}).encode())
        elif url.path.startswith("/status/"):
            code = int(url.path.rsplit("/", 1)[1])
            extra = {"Retry-After": "1"} if code == 429 else {}
            self._send(code, json.dumps({"error": f"status {code} as requested"}).encode(), extra=extra)
        elif url.path == "/sse-gated":
            n, key = int(q.get("n", "3")), q.get("key", "k")
            self._start_stream()
            for i in range(n):
                if i > 0 and not _gate(key, i - 1).wait(30):
                    break
                self._chunk(f"data: {{\"i\": {i}}}\n\n".encode())
            self._chunk(b"data: [DONE]\n\n")
            self._chunk(b"")
        elif url.path == "/release":
            _gate(q.get("key", "k"), int(q.get("i", "0"))).set()
            self._send(200, b"{}")
        elif url.path == "/sse":
            self._start_stream()
            for i in range(int(q.get("n", "3"))):
                self._chunk(f"data: {{\"i\": {i}}}\n\n".encode())
            self._chunk(b"data: [DONE]\n\n")
            self._chunk(b"")
        elif url.path == "/slow":
            time.sleep(float(q.get("delay", "1")))
            self._send(200, b'{"slow": true}')
        elif url.path == "/drop":
            self._start_stream()
            self._chunk(b"data: {\"i\": 0}\n\n")
            time.sleep(0.5)  # let the first event reach the client before the connection breaks
            self.wfile.write(b"ff\r\npartial")
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(2)
        elif url.path == "/redirect":
            self._send(int(q.get("status", "302")), b"", extra={"Location": q["to"]})
        elif url.path == "/big":
            self._send(200, b"x" * int(q.get("size", "1000000")), "application/octet-stream")
        else:
            self._send(404, b'{"error": "no such route"}')

    def do_HEAD(self) -> None:  # noqa: N802
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "27")
        self.end_headers()

    def do_POST(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        if url.path == "/redirect":
            q = {k: v[0] for k, v in parse_qs(url.query).items()}
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self._send(int(q.get("status", "307")), b"", extra={"Location": q["to"]})
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        payload = {
            "method": "POST",
            "path": self.path,
            "headers": {k.lower(): v for k, v in self.headers.items()},
            "body_b64": base64.b64encode(body).decode(),
        }
        self._send(200, json.dumps(payload).encode())


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that time out on purpose close their sockets early


class EchoServer:
    def __init__(self) -> None:
        self.httpd = _QuietServer(("127.0.0.1", 0), EchoHandler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> EchoServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
