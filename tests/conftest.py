"""Shared fixtures: the three test tiers (CPython, Pyodide in Node, Chromium main + worker).

Tier markers are applied automatically from the fixtures a test uses:
``pyodide`` for ``pyodide_node``, ``browser`` for ``chromium_*`` / Playwright's ``page``; every
other test is ``unit``. Run one tier with ``-m unit``, ``-m pyodide`` or ``-m browser``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # so that `tests.harness`, `tests.standins` import from any cwd

from tests.harness import ChromiumRuntime, PyodideNode, StaticServer  # noqa: E402
from tests.harness.playwright_config import playwright_config  # noqa: E402


PW = playwright_config()

_PYODIDE_FIXTURES = {"pyodide_node"}
_BROWSER_FIXTURES = {"chromium_main", "chromium_worker", "chromium_page", "page", "context", "browser"}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tier markers first, so that `-m unit|pyodide|browser` (the mark plugin) sees them."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & _PYODIDE_FIXTURES:
            item.add_marker(pytest.mark.pyodide)
        if names & _BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if not any(item.get_closest_marker(m) for m in ("pyodide", "browser")):
            item.add_marker(pytest.mark.unit)


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    items = session.items
    # Playwright's sync API leaves an event loop marked as running in the main thread once it has
    # started, after which asyncio.run() and pytest-asyncio fail there. So browser tests run last
    # (trylast: after pytest's own fixture-based reordering), in their collected order.
    items[:] = [i for i in items if not i.get_closest_marker("browser")] + [
        i for i in items if i.get_closest_marker("browser")
    ]


# -- tier b: Pyodide in Node ------------------------------------------------------------------------
@pytest.fixture(scope="session")
def pyodide_node() -> Iterator[PyodideNode]:
    runtime = PyodideNode()
    try:
        yield runtime
    finally:
        runtime.close()


# -- tier c: Chromium ---------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, Any]:
    return PW.launch_args()


@pytest.fixture(scope="session")
def browser_context_args() -> dict[str, Any]:
    return PW.context_args()


@pytest.fixture(scope="session")
def harness_server() -> Iterator[StaticServer]:
    mounts = {"/vendor/": ROOT / "web" / "vendor", "/": ROOT / "tests" / "harness" / "page"}
    with StaticServer(mounts) as server:
        yield server


class ExternalRequests(list[str]):
    """URLs a page tried to reach outside 127.0.0.1 (they are aborted)."""


@pytest.fixture(scope="session")
def chromium_page(browser: Any, harness_server: StaticServer) -> Iterator[Any]:
    """One harness page with Pyodide booted in the main thread (and later a worker)."""
    context = browser.new_context(**PW.context_args())
    external = ExternalRequests()

    def guard(route: Any) -> None:
        from urllib.parse import urlsplit

        host = urlsplit(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:")) or host in PW.ALLOWED_HOSTS:
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.set_default_timeout(PW.TIMEOUT_MS)
    console: list[str] = []
    page.on("console", lambda msg: console.append(f"{msg.type}: {msg.text}"))
    page.goto(harness_server.url + "/index.html")
    page.evaluate("() => window.lcReady")
    page.external_requests = external  # type: ignore[attr-defined]
    page.console_log = console  # type: ignore[attr-defined]
    yield page
    context.close()
    assert not external, f"pages tried to leave 127.0.0.1: {external}"


@pytest.fixture(scope="session")
def chromium_main(chromium_page: Any) -> ChromiumRuntime:
    return ChromiumRuntime(chromium_page, "main")


@pytest.fixture(scope="session")
def chromium_worker(chromium_page: Any) -> ChromiumRuntime:
    chromium_page.evaluate("() => window.lcStartWorker()")
    return ChromiumRuntime(chromium_page, "worker")
