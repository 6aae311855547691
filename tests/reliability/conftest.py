"""Fixtures: the fault server, the inference stand-in, two real Gradio processes (the app, and a standby used as the
"restarted" server), a fault proxy per test, the Hub stand-in."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults.fault_server import FaultServer
from tests.gradio.conftest import _wait_ready, free_port
from tests.standins.inference_standin import InferenceStandIn

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def fault_server() -> Iterator[FaultServer]:
    with FaultServer() as server:
        yield server


@pytest.fixture(scope="session")
def inference_standin() -> Iterator[InferenceStandIn]:
    """STAND-IN for the HF router and Hub (the remote services): provider routes for the matrix."""
    with InferenceStandIn() as server:
        yield server


def _start_gradio() -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "tests.faults.gradio_fault_apps", str(port)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return proc, f"http://127.0.0.1:{port}"


@pytest.fixture(scope="session")
def gradio_upstreams() -> Iterator[tuple[str, str]]:
    """(main, standby): two independent Gradio processes serving tests/faults/gradio_fault_apps.py,
    started in parallel. The standby plays the restarted server (it never saw the session)."""
    pytest.importorskip("gradio")
    procs = [_start_gradio(), _start_gradio()]
    errors: list[BaseException] = []

    def wait(proc: subprocess.Popen[bytes], url: str) -> None:
        try:
            _wait_ready(url + "/echo/config", proc, 120)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=wait, args=p) for p in procs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        if errors:
            raise errors[0]
        yield procs[0][1], procs[1][1]
    finally:
        for proc, _ in procs:
            proc.terminate()
        for proc, _ in procs:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


# The static pages' fixtures (tests/web/conftest.py), reused for the browser security tests.
from tests.web.conftest import demo_server, guarded  # noqa: E402, F401
