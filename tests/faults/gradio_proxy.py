"""A fault-injecting HTTP proxy on 127.0.0.1 in front of a REAL Gradio app (test only).

Requests are forwarded to the upstream Gradio server unchanged (the ``Host`` header too, so the
URLs Gradio builds point back at the proxy). Server-sent event streams (``queue/data``) are relayed
event by event, which lets a test break them at a precise point. Faults, set as attributes:

* ``join_reply = (status, body)``: answer ``queue/join`` with this instead of forwarding;
* ``stream_fault = StreamFault(kind, after)``: on the first ``queue/data`` stream, after ``after``
  ``process_generating`` messages: ``cut`` (drop the connection mid-stream), ``inject`` (send
  ``payload`` and end the stream cleanly), ``silence`` (forward nothing more, keep the connection
  open — no heartbeats either), ``restart`` (switch to ``standby`` upstream — a fresh process that
  has never seen the session — and cut every open connection, as a restarting server does);
* ``heartbeat = "drop"``: close ``/heartbeat/…`` requests at once;
* ``file_status``: answer file downloads (``/file=``) with this status;
* ``file_redirect``: answer file downloads with ``307`` to this origin (same path);
* ``config_redirect``: answer ``…/config`` with ``307`` to this origin (same path): the app moved;
* ``config_patch``: keys to overwrite in the app's ``/config`` JSON (e.g. hide ``max_file_size``).

Every path is recorded in ``paths``, every request's headers in ``headers_seen``.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

__all__ = ["GradioProxy", "StreamFault"]

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "content-length",
              "proxy-authorization", "proxy-connection"}
MAX_SILENCE_SECONDS = 20.0


@dataclass
class StreamFault:
    kind: str  # cut | inject | silence | restart
    after: int = 1
    payload: dict[str, Any] | None = None


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _ProxyServer

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self._proxy()

    def do_POST(self) -> None:
        self._proxy()

    def do_OPTIONS(self) -> None:
        self._proxy()

    def _cors(self) -> None:
        """What Gradio's middleware adds to every answer, also to the ones the proxy makes up."""
        origin = self.headers.get("Origin")
        if origin:
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Access-Control-Allow-Credentials", "true")
            self.send_header("Vary", "Origin")

    def _reply(self, status: int, body: bytes, ctype: str = "application/json") -> None:
        self.send_response(status)
        self._cors()
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _cut(self) -> None:
        self.close_connection = True
        try:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _proxy(self) -> None:
        proxy = self.server.owner
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        path = self.path
        proxy.paths.append(path)
        proxy.headers_seen.append({k.lower(): v for k, v in self.headers.items()})
        if "/heartbeat/" in path and proxy.heartbeat == "drop":
            self._cut()
            return
        if path.endswith("/queue/join") and proxy.join_reply is not None:
            status, reply = proxy.join_reply
            self._reply(status, reply)
            return
        if proxy.config_redirect and urlsplit(path).path.endswith("/config"):
            self.send_response(307)
            self._cors()
            self.send_header("Location", proxy.config_redirect + path)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if "/file=" in path and proxy.file_redirect:
            self.send_response(307)
            self._cors()
            self.send_header("Location", proxy.file_redirect + path)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if "/file=" in path and proxy.file_status is not None:
            self._reply(proxy.file_status, json.dumps({"detail": "Not Found"}).encode())
            return
        upstream = urlsplit(proxy.upstream)
        conn = http.client.HTTPConnection(upstream.hostname, upstream.port, timeout=60)
        proxy.track(self.connection)
        try:
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            conn.request(self.command, path, body=body or None, headers=headers)
            response = conn.getresponse()
            self.send_response(response.status)
            for name, value in response.getheaders():
                if name.lower() not in HOP_BY_HOP:
                    self.send_header(name, value)
            if response.getheader("content-type", "").startswith("text/event-stream"):
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                self._relay_events(response, path)
            else:
                data = response.read()
                if proxy.config_patch and urlsplit(path).path.endswith("/config") and response.status == 200:
                    data = json.dumps({**json.loads(data), **proxy.config_patch}).encode()
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
        except (OSError, http.client.HTTPException):
            self._cut()
        finally:
            conn.close()
            proxy.untrack(self.connection)

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def _relay_events(self, response: http.client.HTTPResponse, path: str) -> None:
        proxy = self.server.owner
        fault = proxy.take_stream_fault() if "/queue/data" in path else None
        generating = 0
        event = b""
        while True:
            line = response.readline()
            if not line:
                break
            event += line
            if line not in (b"\n", b"\r\n"):
                continue
            if fault is not None and generating >= fault.after:
                self._apply(fault, response)
                return
            self._chunk(event)
            if b'"process_generating"' in event:
                generating += 1
            event = b""
        if event:
            self._chunk(event)
        self._chunk(b"")

    def _apply(self, fault: StreamFault, response: http.client.HTTPResponse) -> None:
        proxy = self.server.owner
        if fault.kind == "cut":
            self._cut()
        elif fault.kind == "inject":
            self._chunk(b"data: " + json.dumps(fault.payload).encode() + b"\n\n")
            self._chunk(b"")
        elif fault.kind == "silence":
            deadline = time.monotonic() + MAX_SILENCE_SECONDS
            self.connection.settimeout(0.1)
            while time.monotonic() < deadline:  # hold the connection open, say nothing
                try:
                    if self.connection.recv(1, socket.MSG_PEEK) == b"":
                        break
                except TimeoutError:
                    continue
                except OSError:
                    break
            self._cut()
        elif fault.kind == "restart":
            assert proxy.standby, "a restart needs a standby upstream"
            proxy.upstream = proxy.standby
            self._cut()
            proxy.cut_all()
        response.close()


class _ProxyServer(ThreadingHTTPServer):
    daemon_threads = True
    owner: GradioProxy

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients and upstreams going away is the point of this server


class GradioProxy:
    """``with GradioProxy(upstream) as proxy: proxy.url + "/blocks"``."""

    def __init__(self, upstream: str, standby: str | None = None) -> None:
        self.upstream = upstream.rstrip("/")
        self.standby = standby.rstrip("/") if standby else None
        self.join_reply: tuple[int, bytes] | None = None
        self.stream_fault: StreamFault | None = None
        self.heartbeat = "pass"
        self.file_status: int | None = None
        self.file_redirect: str | None = None
        self.config_redirect: str | None = None
        self.config_patch: dict[str, Any] = {}
        self.paths: list[str] = []
        self.headers_seen: list[dict[str, str]] = []
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self.httpd = _ProxyServer(("127.0.0.1", 0), _Handler)
        self.httpd.owner = self
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def take_stream_fault(self) -> StreamFault | None:
        with self._lock:
            fault, self.stream_fault = self.stream_fault, None
            return fault

    def track(self, sock: socket.socket) -> None:
        with self._lock:
            self._open.add(sock)

    def untrack(self, sock: socket.socket) -> None:
        with self._lock:
            self._open.discard(sock)

    def cut_all(self) -> None:
        with self._lock:
            sockets = list(self._open)
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> GradioProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.cut_all()
        self.httpd.shutdown()
        self.httpd.server_close()
