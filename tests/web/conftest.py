"""Fixtures for the static pages: the demo server (scripts/serve.py), fresh browser contexts that
record every request leaving 127.0.0.1, screenshots, and the CPU reference embedder.

Browser launch settings come from playwright.config.py through tests/conftest.py (pytest-playwright's
``browser`` fixture).
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web"
sys.path.insert(0, str(ROOT / "scripts"))

import serve  # noqa: E402

from tests.conftest import PW  # noqa: E402

DOCS_SCREENSHOTS = ROOT / "docs" / "screenshots"


class DemoServer:
    """scripts/serve.py's server on a free 127.0.0.1 port, in a thread; stop() ends it."""

    def __init__(self, root: Path = WEB, coi: bool = False) -> None:
        serve.refresh_sw_assets(root)
        self.httpd = serve.make_server(root, 0, coi=coi, quiet=True)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()
        self.running = True

    def stop(self) -> None:
        if self.running:
            self.running = False
            self.httpd.shutdown()
            self.httpd.server_close()


def require_vendor() -> None:
    if not (WEB / "vendor" / "models" / "all-MiniLM-L6-v2" / "onnx" / "model_quantized.onnx").exists():
        pytest.skip("web/vendor is not assembled: run scripts/setup.sh")


@pytest.fixture(scope="session")
def demo_server() -> Iterator[DemoServer]:
    require_vendor()
    server = DemoServer()
    yield server
    server.stop()


def is_local(url: str) -> bool:
    if url.startswith(("data:", "blob:", "about:", "chrome-extension:")):
        return True
    return (urlsplit(url).hostname or "") in PW.ALLOWED_HOSTS


class GuardedContext:
    """A fresh browser context (fresh profile) that records every request leaving 127.0.0.1.

    It listens to requests rather than routing them: routing would bypass the service worker.
    """

    def __init__(self, browser: Any, **extra: Any) -> None:
        self.context = browser.new_context(**{**PW.context_args(), **extra})
        self.context.set_default_timeout(PW.TIMEOUT_MS)
        self.external: list[str] = []
        self.console: list[str] = []
        self.context.on("request", self._on_request)

    def _on_request(self, request: Any) -> None:
        if not is_local(request.url):
            self.external.append(request.url)

    def new_page(self) -> Any:
        page = self.context.new_page()
        page.on("console", lambda msg: self.console.append(f"{msg.type}: {msg.text}"))
        page.on("pageerror", lambda err: self.console.append(f"pageerror: {err}"))
        return page


@pytest.fixture
def guarded(browser: Any) -> Iterator[GuardedContext]:
    ctx = GuardedContext(browser)
    yield ctx
    ctx.context.close()
    assert not ctx.external, f"requests left 127.0.0.1: {ctx.external}"


def screenshot(page: Any, name: str, publish: bool = False) -> Path:
    """Save a full-page screenshot under test-results/screenshots/ (and docs/screenshots/ if publish)."""
    PW.SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = PW.SCREENSHOT_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    # The README's screenshots are refreshed only on request, so a test run leaves the tree clean:
    # LITE_PUBLISH_SCREENSHOTS=1 .venv/bin/python -m pytest tests/web
    if publish and os.environ.get("LITE_PUBLISH_SCREENSHOTS") == "1":
        DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, DOCS_SCREENSHOTS / path.name)
    return path


def wait_ready(page: Any, timeout_ms: float | None = None) -> None:
    """Wait until the page's engine reports ready (a selector wait: the pages' CSP forbids eval)."""
    page.wait_for_selector("html[data-engine-state=ready]", state="attached", timeout=timeout_ms or PW.TIMEOUT_MS)


@pytest.fixture(scope="session")
def cpu_reference() -> Any:
    from tests.web.reference import CpuEmbedder

    require_vendor()
    return CpuEmbedder(WEB / "vendor" / "models" / "all-MiniLM-L6-v2")
