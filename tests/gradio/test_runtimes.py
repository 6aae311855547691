"""Tier b / c: the same Gradio scenarios inside Pyodide (Node 26) and Chromium (main + worker).

The scenario module (tests/gradio/scenarios.py) is sent as source and run with top-level await.
Gradio reflects localhost origins in CORS (the server here is on 127.0.0.1, the harness page on
another 127.0.0.1 port), so the browser can call it directly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.harness.scenarios import scenario_code

from . import scenarios as sc

pytestmark = pytest.mark.gradio
SCENARIOS = Path(sc.__file__)


def _run(runtime: Any, call: str, timeout: float = 90) -> Any:
    return runtime.run(scenario_code(SCENARIOS, call), timeout=timeout)


def test_pyodide_node_scenarios(pyodide_node: Any, gradio_server: str) -> None:
    base = gradio_server
    out = _run(pyodide_node, f"await basics({base!r})")
    assert out["greet"] == "Hello World!" and out["state"] == ["a #1", "b #2"] and out["add_default"] == 3
    out = _run(pyodide_node, f"await streaming({base!r})")
    assert out["result"] == "tok0 tok1 tok2 tok3 " and len(out["data"]) == 5
    out = _run(pyodide_node, f"await progress_and_logs({base!r})")
    assert out["progress"] and out["logs"] == [["info", "info: x"], ["warning", "careful"]]
    out = _run(pyodide_node, f"await failures({base!r})")
    assert out["/boom"] == ["AppError", "Custom failure: bad input", "Error"]
    assert out["/crash"][0] == "HiddenAppError" and out["validated"][0] == 422 and out["queue_full"] == [503]
    out = _run(pyodide_node, f"await files({base!r})")
    assert out["info"] == "hello.txt:11" and out["reversed"] == "fedcba"
    out = _run(pyodide_node, f"await chat({base!r})")
    assert out["result"] == "You said: hi there"
    out = _run(pyodide_node, f"await queue_ranks({base!r})")
    assert out["results"] == ["slept 0.4"] * 3 and any(r >= 1 for r, _ in out["ranks"][2])
    out = _run(pyodide_node, f"await cancel_generator({base!r})")
    assert out["outcome"] == "cancelled" and out["after"] == "STILL WORKS"


def test_pyodide_node_login(pyodide_node: Any, gradio_server: str) -> None:
    """Node's fetch has no cookie jar: the client's own jar carries the login cookies."""
    out = _run(pyodide_node, f"await login({gradio_server!r})")
    assert out["None"] == ["AuthenticationError", 401] and out["('user', 'wrong')"][0] == "AuthenticationError"
    assert out["result"] == "Hello Bob!"


def test_pyodide_node_sync_client_with_jspi(pyodide_node: Any, gradio_server: str) -> None:
    code = f"""
from lite_client.gradio import Client
client = Client({gradio_server + '/blocks'!r})
job = client.submit(3, api_name="/count")
steps = [u.data for u in job if u.type == "data"]
out = {{"add": client.predict(3, api_name="/add"), "steps": steps}}
client.close()
out
"""
    out = pyodide_node.run(code, timeout=90)
    assert out == {"add": 5, "steps": ["tok0 ", "tok0 tok1 ", "tok0 tok1 tok2 ", "tok0 tok1 tok2 "]}


@pytest.mark.browser
@pytest.mark.parametrize("where", ["chromium_main", "chromium_worker"])
def test_chromium(where: str, request: pytest.FixtureRequest, gradio_server: str) -> None:
    runtime = request.getfixturevalue(where)
    out = _run(runtime, f"await basics({gradio_server!r})")
    assert out["greet"] == "Hello World!" and out["state"] == ["a #1", "b #2"]
    out = _run(runtime, f"await streaming({gradio_server!r})")
    assert out["result"] == "tok0 tok1 tok2 tok3 "
    out = _run(runtime, f"await files({gradio_server!r})")
    assert out["info"] == "hello.txt:11" and out["reversed"] == "fedcba"
    out = _run(runtime, f"await cancel_generator({gradio_server!r})")
    assert out["outcome"] == "cancelled"
