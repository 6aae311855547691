"""Serve the static demo pages in web/ on 127.0.0.1 with the right headers.

* MIME types for .wasm, .mjs, .webmanifest, .onnx, .whl, .json (browsers refuse wasm streaming
  compilation and module scripts served with the wrong type);
* ``Cache-Control: no-cache`` on everything (revalidated with Last-Modified), which matters for
  ``sw.js``: a stale service worker would keep serving old pages;
* each HTML page also gets its own ``<meta http-equiv="Content-Security-Policy">`` as a header,
  so the header and the meta tag can never disagree;
* ``--coi`` adds COOP/COEP (cross-origin isolation, for multi-threaded wasm);
* ``--with-demo-servers`` also starts a local OpenAI-compatible chat server (port 8001) and a local
  Gradio app (port 8002), the test servers of tests/web/, and prints the page URLs that use them,
  so the chat and Space pages can be tried at once without a token or network.

The default page (index.html) needs no token and no network: the offline semantic-search demo.

Usage: python scripts/serve.py [--port 8000] [--coi] [--with-demo-servers] [--root web]
"""

from __future__ import annotations

import argparse
import functools
import html.parser
import http.server
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

MIME = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".onnx": "application/octet-stream",
    ".whl": "application/zip",
    ".zip": "application/zip",
    ".py": "text/x-python; charset=utf-8",
    ".png": "image/png",
    ".css": "text/css",
    ".html": "text/html; charset=utf-8",
}


class _MetaCSP(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.policy: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "content-security-policy":
            self.policy = self.policy or values.get("content")


@functools.lru_cache(maxsize=64)
def page_csp(path: str, mtime: float) -> str | None:
    """The CSP a page declares in its meta tag (cached per modification time)."""
    parser = _MetaCSP()
    parser.feed(Path(path).read_text(encoding="utf-8"))
    return " ".join(parser.policy.split()) if parser.policy else None


class DemoHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **MIME}  # noqa: RUF012 - stdlib attribute
    cross_origin_isolated = False

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        if self.cross_origin_isolated:
            self.send_header("Cross-Origin-Opener-Policy", "same-origin")
            self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
            self.send_header("Cross-Origin-Resource-Policy", "same-origin")
        local = Path(self.translate_path(self.path))
        if local.is_dir():
            local = local / "index.html"
        if local.suffix == ".html" and local.is_file():
            policy = page_csp(str(local), local.stat().st_mtime)
            if policy:
                self.send_header("Content-Security-Policy", policy)
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        if not getattr(self.server, "quiet", False):
            super().log_message(format, *args)


class DemoServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    quiet = False

    def handle_error(self, request: object, client_address: object) -> None:
        # A browser closing a connection early (page closed, fetch aborted) is not an error.
        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


def make_server(root: Path, port: int, coi: bool = False, quiet: bool = False) -> DemoServer:
    """A threaded server for ``root`` on 127.0.0.1:``port`` (0 picks a free port)."""
    handler = type("Handler", (DemoHandler,), {"cross_origin_isolated": coi})
    server = DemoServer(("127.0.0.1", port), functools.partial(handler, directory=str(root)))
    server.quiet = quiet
    return server


def refresh_sw_assets(root: Path) -> None:
    """Regenerate the service worker's precache list so edited pages get a new cache version."""
    vendor = root / "vendor"
    if not (vendor / "transformers").exists():
        print("note: web/vendor is incomplete; run scripts/setup.sh (or scripts/vendor_web.py) first")
        return
    import vendor_web

    vendor_web.write_manifests(vendor, root)


def start_demo_servers(page_port: int) -> list[Any]:
    """Start a local OpenAI-compatible chat server and a local Gradio app (both on 127.0.0.1).

    They are the test servers of tests/web/ (a scripted OpenAI-compatible stream and a real Gradio
    app), not Hugging Face services. Returns objects with a close()/__exit__ to stop them.
    """
    sys.path.insert(0, str(ROOT))
    started: list[Any] = []
    try:
        from tests.web.chat_server import ChatServer

        chat = ChatServer(delay=0.05, port=8001).__enter__()
        started.append(chat)
        print(f"local OpenAI-compatible chat server: {chat.base_url}\n"
              f"  try: http://127.0.0.1:{page_port}/chat.html?base_url={chat.base_url}&model=local (send 'count' or 'xss')")
    except (ImportError, OSError) as exc:
        print(f"chat server not started: {exc}")
    try:
        os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
        from tests.web.gradio_app import GradioApp

        app = GradioApp(8002)
        started.append(app)
        print(f"local Gradio app: {app.url}\n  try: http://127.0.0.1:{page_port}/space.html?src={app.url}")
    except (ImportError, OSError) as exc:
        print(f"Gradio app not started: {exc}")
    return started


def stop_demo_servers(servers: list[Any]) -> None:
    for server in servers:
        if hasattr(server, "close"):
            server.close()
        else:
            server.__exit__(None, None, None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--root", type=Path, default=ROOT / "web")
    parser.add_argument("--coi", action="store_true", help="send COOP/COEP headers (cross-origin isolation)")
    parser.add_argument("--with-demo-servers", action="store_true",
                        help="also start the local Gradio app and the inference stand-in (if present)")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args()
    refresh_sw_assets(args.root)
    servers = start_demo_servers(args.port) if args.with_demo_servers else []
    server = make_server(args.root, args.port, coi=args.coi, quiet=args.quiet)
    print(f"serving {args.root} on http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        stop_demo_servers(servers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
