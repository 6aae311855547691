"""The fault matrix (tests/reliability/matrix.py): every case, sync and async, in CPython and in
Pyodide under Node. Each run asserts the exact typed error or the complete result, the events
delivered before the end (exactly: nothing lost, nothing duplicated) and, where it matters, how
many requests the server saw."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.faults.fault_server import FaultServer
from tests.faults.gradio_proxy import GradioProxy, StreamFault
from tests.harness import free_port
from tests.harness.scenarios import scenario_code
from tests.inference import _aio as aio
from tests.reliability import fault_scenarios as sc
from tests.reliability.matrix import ANY, CASES, Case, markdown_table
from tests.standins.hub_standin import HubStandin
from tests.standins.inference_standin import InferenceStandIn

SCENARIOS = Path(sc.__file__)
ROOT = Path(__file__).resolve().parents[2]
MODES = ("sync", "async")
Runner = Callable[[str, str, dict[str, Any]], dict[str, Any]]  # (mode, target, options) -> outcome


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_ENDPOINT", "HF_INFERENCE_ROUTER_URL"):
        monkeypatch.delenv(name, raising=False)


class Env:
    """Servers for one case: builds the call target, checks the server side afterwards."""

    def __init__(self, case: Case, request: pytest.FixtureRequest) -> None:
        self.case = case
        self.request = request
        self._stack: list[Any] = []
        self.fault: FaultServer | None = None
        self.standin: InferenceStandIn | None = None
        self.proxy: GradioProxy | None = None

    def target(self) -> tuple[str, dict[str, Any]]:
        """(base URL or Space id, scenario options) for a fresh run of the case."""
        case, options = self.case, dict(self.case.options)
        if case.server == "none":
            return f"http://127.0.0.1:{free_port()}", {**options, "key": uuid.uuid4().hex}
        if case.server == "fault":
            self.fault = self.request.getfixturevalue("fault_server")
            return self.fault.url, {**options, "key": uuid.uuid4().hex}
        if case.server == "standin":
            self.standin = self.request.getfixturevalue("inference_standin")
            return self.standin.url, {**options, "key": uuid.uuid4().hex}
        main, standby = self.request.getfixturevalue("gradio_upstreams")
        if case.server == "hub":
            hub = HubStandin().__enter__()
            self._stack.append(hub)
            space = f"someone/space-{uuid.uuid4().hex[:8]}"
            hub.add_space(space, host=main + "/iface", stages=list(case.setup["stages"]))
            return space, {**options, "hub": hub.url}
        proxy = GradioProxy(main, standby).__enter__()
        self._stack.append(proxy)
        self.proxy = proxy
        for name, value in case.setup.items():
            if name == "config_redirect":  # the app moved to another origin: a second proxy, named localhost
                moved = GradioProxy(main).__enter__()
                self._stack.append(moved)
                value = moved.url.replace("127.0.0.1", "localhost")
            setattr(proxy, name, StreamFault(*value) if name == "stream_fault" else value)
        return proxy.url + options.get("app", "/blocks"), options

    def attempts(self, options: dict[str, Any]) -> int:
        if self.standin is not None:
            return sum(r["headers"].get("x-fault-key") == options["key"] for r in self.standin.requests)
        return len(self.fault.requests_for(options["key"])) if self.fault else 0

    def close(self) -> None:
        for item in reversed(self._stack):
            item.__exit__(None, None, None)
        self._stack.clear()


@pytest.fixture
def env_factory(request: pytest.FixtureRequest) -> Iterator[Callable[[Case], Env]]:
    made: list[Env] = []

    def make(case: Case) -> Env:
        made.append(Env(case, request))
        return made[-1]
    yield make
    for env in made:
        env.close()


def check(case: Case, out: dict[str, Any]) -> None:
    where = json.dumps(out)[:2000]
    assert out["error"] == case.expect_error, where
    if case.expect_items is not None:
        assert out["items"] == list(case.expect_items), where
    if case.expect_result is not ANY and not (case.expect_error and case.expect_result is None):
        allowed = case.expect_result if isinstance(case.expect_result, tuple) else (case.expect_result,)
        assert out["result"] in allowed, where
    for key, value in case.expect_extra.items():
        assert out["extra"].get(key) == value, where
    if case.id == "html-500":
        assert "<html" not in out["extra"]["message"].lower() and "<script" not in out["extra"]["message"]
        assert out["extra"].get("server_message") is None
    if case.id == "gradio-cancel-race":  # consistent: outputs match the outcome
        assert out["items"] == (["ABC"] if out["result"] == "ABC" else []), where
    if case.id == "gradio-upload-413":
        assert "File size exceeded" in out["extra"]["message"], where


def check_server_side(case: Case, env: Env, options: dict[str, Any]) -> None:
    if case.attempts is not None:
        assert env.attempts(options) == case.attempts
    if case.id == "503-loading-bounded":
        assert 2 <= env.attempts(options) <= 40  # retried, but bounded by the 1 s budget
    if case.id == "gradio-upload-too-large" and env.proxy is not None:
        assert not [p for p in env.proxy.paths if "/upload" in p]  # refused before sending
    if case.id == "gradio-upload-413" and env.proxy is not None:
        assert [p for p in env.proxy.paths if "/upload" in p]
    if case.id in ("fal-queue-stuck", "replicate-stuck"):  # Hub mapping, submit, then a bounded number of polls
        assert 3 <= env.attempts(options) <= 8, env.attempts(options)
    if case.id == "429-retry" and env.fault is not None:
        times = [r["at"] for r in env.fault.requests_for(options["key"])]
        assert times[1] - times[0] >= 0.95  # Retry-After honoured (a lower bound, not a timing race)


def run_cpython(mode: str, target: str, case: Case, options: dict[str, Any]) -> dict[str, Any]:
    if case.server in ("fault", "none", "standin"):
        if mode == "sync":
            return sc.inference_sync(target, options.pop("fault", "ok"), options)
        return aio.run(sc.inference_async(target, options.pop("fault", "ok"), options))
    if mode == "sync":
        return sc.gradio_sync(target, options)
    return aio.run(sc.gradio_async(target, options))


def run_pyodide(runtime: Any, mode: str, target: str, case: Case, options: dict[str, Any]) -> dict[str, Any]:
    if case.server in ("fault", "none", "standin"):
        fault = options.pop("fault", "ok")
        call = f"inference_{mode}({target!r}, {fault!r}, {options!r})"
    else:
        call = f"gradio_{mode}({target!r}, {options!r})"
    code = scenario_code(SCENARIOS, ("await " if mode == "async" else "") + call)
    return runtime.run(code, timeout=90)  # type: ignore[no-any-return]


GRADIO = pytest.mark.gradio


def _params() -> list[Any]:
    return [pytest.param(case, id=case.id, marks=[GRADIO] if case.server in ("proxy", "hub") else [])
            for case in CASES]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("case", _params())
def test_cpython(case: Case, mode: str, env_factory: Callable[[Case], Env]) -> None:
    env = env_factory(case)
    target, options = env.target()
    out = run_cpython(mode, target, case, dict(options))
    check(case, out)
    check_server_side(case, env, options)


@pytest.mark.parametrize("case", _params())
def test_pyodide_node(case: Case, pyodide_node: Any, env_factory: Callable[[Case], Env]) -> None:
    for mode in MODES:
        env = env_factory(case)
        target, options = env.target()
        out = run_pyodide(pyodide_node, mode, target, case, dict(options))
        check(case, out)
        check_server_side(case, env, options)
        env.close()


def test_matrix_has_at_least_20_faults_and_reliability_md_shows_it() -> None:
    assert len(CASES) >= 20 and len({c.id for c in CASES}) == len(CASES)
    page = (ROOT / "RELIABILITY.md").read_text()
    assert markdown_table() in page, "RELIABILITY.md is stale: paste `python -m tests.reliability.matrix`"
