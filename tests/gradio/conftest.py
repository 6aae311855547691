"""Fixtures: ONE real Gradio 6 server process hosting every test app (tests/apps/gradio_apps.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.harness.gradio_process import GradioProcess


@pytest.fixture(scope="session")
def gradio_server() -> Iterator[str]:
    """Base URL of the test server; apps live at /iface, /blocks, /chat, /login, /qfull, /echo."""
    pytest.importorskip("gradio")
    with GradioProcess("tests.apps.gradio_apps") as server:
        yield server.url
