"""Fixtures: the fault server, the inference stand-in, two real Gradio processes (the app, and a
standby used as the "restarted" server)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.faults.fault_server import FaultServer
from tests.harness.gradio_process import GradioProcess
from tests.standins.inference_standin import InferenceStandIn


@pytest.fixture(scope="session")
def fault_server() -> Iterator[FaultServer]:
    with FaultServer() as server:
        yield server


@pytest.fixture(scope="session")
def inference_standin() -> Iterator[InferenceStandIn]:
    """STAND-IN for the HF router and Hub (the remote services): provider routes for the matrix."""
    with InferenceStandIn() as server:
        yield server


@pytest.fixture(scope="session")
def gradio_upstreams() -> Iterator[tuple[str, str]]:
    """(main, standby): two independent Gradio processes serving tests/faults/gradio_fault_apps.py,
    booting in parallel. The standby plays the restarted server (it never saw the session)."""
    pytest.importorskip("gradio")
    servers = [GradioProcess("tests.faults.gradio_fault_apps") for _ in range(2)]
    try:
        for server in servers:
            server.wait_ready()
        yield servers[0].url, servers[1].url
    finally:
        for server in servers:
            server.stop()


# The static pages' fixtures (tests/web/conftest.py), reused for the browser security tests.
from tests.web.conftest import demo_server, guarded  # noqa: E402, F401
