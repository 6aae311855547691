"""The examples run: CPython (tier a), Node + Pyodide (tier b), the browser page (tier c)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.harness import StaticServer
from tests.harness.runtimes import node_executable
from tests.standins.inference_standin import InferenceStandIn

ROOT = Path(__file__).resolve().parents[2]


def test_cpython_example() -> None:
    out = subprocess.run([sys.executable, "examples/inference_chat.py", "--standin"], cwd=ROOT, capture_output=True,
                         text=True, timeout=60, check=True).stdout
    assert "chat: tok0 tok1" in out and "stream: tok0 tok1" in out and "fill_mask: Paris 0.9" in out


@pytest.mark.pyodide
def test_node_pyodide_example() -> None:
    out = subprocess.run([node_executable(), "examples/pyodide_inference.mjs"], cwd=ROOT, capture_output=True,
                         text=True, timeout=120, check=True).stdout
    assert out.strip().endswith("tok0 tok1 tok2 tok3 tok4 tok5 tok6 tok7")


@pytest.fixture(scope="module")
def example_server() -> Iterator[StaticServer]:
    with StaticServer({"/examples/": ROOT / "examples", "/web/vendor/": ROOT / "web" / "vendor"}) as server:
        yield server


def test_browser_example(page: Any, example_server: StaticServer, standin: InferenceStandIn) -> None:
    page.goto(f"{example_server.url}/examples/pyodide_inference.html?base={standin.url}/v1")
    page.wait_for_function("document.getElementById('status').textContent === 'done'", timeout=90_000)
    assert page.text_content("#out") == "tok0 tok1 tok2 tok3 tok4 tok5 tok6 tok7"
