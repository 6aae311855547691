"""A small static file server on 127.0.0.1 with correct MIME types, run in a thread."""

from __future__ import annotations

import functools
import http.server
import socket
import threading
from pathlib import Path

MIME = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".whl": "application/zip",
    ".zip": "application/zip",
    ".onnx": "application/octet-stream",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **MIME}
    mounts: dict[str, Path] = {}

    def translate_path(self, path: str) -> str:
        clean = path.split("?", 1)[0].split("#", 1)[0]
        for prefix, directory in sorted(self.mounts.items(), key=lambda kv: -len(kv[0])):
            if clean.startswith(prefix):
                rel = clean[len(prefix):].lstrip("/")
                target = (directory / rel).resolve()
                if directory.resolve() in target.parents or target == directory.resolve():
                    return str(target)
        return str(Path("/nonexistent"))

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


class StaticServer:
    """Serve ``mounts`` ({url prefix: directory}) on http://127.0.0.1:<port>/."""

    def __init__(self, mounts: dict[str, Path], port: int | None = None) -> None:
        handler = type("Handler", (_Handler,), {"mounts": dict(mounts)})
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port or 0), handler)
        self.port = int(self.httpd.server_address[1])
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> StaticServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
