"""The inference scenarios in CPython (tier a), Pyodide under Node 26 (tier b) and Chromium main
thread + Web Worker (tier c), all against the same stand-in (CORS on)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.harness.scenarios import scenario_code
from tests.inference import _aio as aio
from tests.inference import inference_scenarios as sc
from tests.standins.inference_standin import InferenceStandIn

SCENARIOS = Path(sc.__file__)
TOKENS = ["tok0", " tok1", " tok2", " tok3", " tok4"]


def check_all(run: Any, url: str, *, js_blob: bool, sync: bool = True) -> None:
    for style in ("openai", "tgi"):
        out = run(f"await chat_stream({url!r}, {style!r})")
        assert out == {"tokens": TOKENS, "non_stream": "tok0 tok1 tok2", "usage": 4}
        out = run(f"await text_generation_stream({url!r}, {style!r})")
        assert out["tokens"] == TOKENS[:3]
        assert out["last"]["generated_text"] == "tok0 tok1" and out["last"]["details"]["finish_reason"] == "length"
    for blob in (False, True) if js_blob else (False,):
        out = run(f"await binary_task({url!r}, {blob!r})")
        assert out == {"label": "cat", "score": 0.9, "mime": "image/png", "png": True}
    out = run(f"await errors_mapped({url!r})")
    assert out["429"]["type"] == "RateLimitError" and out["429"]["status"] == 429
    assert out["429"]["request_id"].startswith("standin-")
    assert out["stream_error"] == {"type": "StreamError", "status": 422, "tokens": ["tok0", " tok1"]}
    assert out["timeout"] == {"type": "RequestTimeoutError", "is_timeout_error": True}
    if sync:
        out = run(f"sync_chat({url!r})")
        assert out == {"non_stream": "tok0 tok1", "tokens": TOKENS[:3]}


def test_cpython(standin: InferenceStandIn) -> None:
    check_all(lambda call: eval_call(call), standin.url, js_blob=False)


def eval_call(call: str) -> Any:
    namespace = vars(sc)
    if call.startswith("await "):
        return aio.run(eval(call[6:], namespace))
    return eval(call, namespace)


def _runner(runtime: Any) -> Any:
    return lambda call: runtime.run(scenario_code(SCENARIOS, call), timeout=90)


def test_pyodide_node(pyodide_node: Any, standin: InferenceStandIn) -> None:
    check_all(_runner(pyodide_node), standin.url, js_blob=True)


def test_chromium_main_thread(chromium_main: Any, standin: InferenceStandIn) -> None:
    check_all(_runner(chromium_main), standin.url, js_blob=True)


def test_chromium_worker(chromium_worker: Any, standin: InferenceStandIn) -> None:
    check_all(_runner(chromium_worker), standin.url, js_blob=True)


pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")
