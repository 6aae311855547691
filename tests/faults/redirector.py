"""A server on 127.0.0.1 that answers EVERY request with a redirect to another origin (test only).

``Redirector(target)``: ``GET|POST /x?y`` → ``307 Location: {target}/x?y`` (307 keeps method and
body). ``target`` is typically ``http://localhost:PORT`` — another host than ``127.0.0.1``, so a
client must drop credentials when it follows. Requests are recorded with their headers in
``requests``. CORS preflights are answered (browsers).
"""

from __future__ import annotations

import threading
from http.server import ThreadingHTTPServer
from typing import Any

from tests.harness.cors_server import CORSHandler

__all__ = ["Redirector"]


class Redirector:
    def __init__(self, target: str, status: int = 307) -> None:
        self.requests: list[dict[str, Any]] = []
        outer = self

        class Handler(CORSHandler):
            def _redirect(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                outer.requests.append({"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}})
                self.send_response(status)
                self.send_header("Location", target.rstrip("/") + self.path)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_POST = _redirect

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> Redirector:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
