"""Transports against a real local server, in CPython (tier a), Pyodide/Node (b), Chromium (c)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.core import transport_scenarios as sc
from tests.harness import free_port
from tests.harness.echo_server import EchoServer
from tests.harness.scenarios import scenario_code

SCENARIOS = Path(sc.__file__)


@pytest.fixture(scope="module")
def echo() -> Iterator[EchoServer]:
    with EchoServer() as server:
        yield server


def _key() -> str:
    return uuid.uuid4().hex[:8]


# -- tier a: CPython ------------------------------------------------------------------------------------
def test_get_json(echo: EchoServer) -> None:
    out = asyncio.run(sc.get_json(echo.url))
    assert out["status"] == 200 and out["json"] == {"hello": "world", "n": 1}
    assert out["request_id"] == "req-123"
    assert out["transport"] == "AsyncioTransport"


def test_post_echo_binary_body(echo: EchoServer) -> None:
    assert asyncio.run(sc.post_echo(echo.url)) == {"same_body": True, "x_custom": "yes"}


def test_async_stream_is_incremental(echo: EchoServer) -> None:
    assert asyncio.run(sc.gated_stream(echo.url, _key())) == [0, 1, 2, 3]


def test_sync_stream_is_incremental(echo: EchoServer) -> None:
    assert sc.sync_gated_stream(echo.url, _key()) == [0, 1, 2, 3]


WAITED_ASYNC = {"first": '{"i": 0}', "in_time": False, "waited": True, "cancelled": True, "ready": True,
                "rest": ['{"i": 1}', '{"i": 2}']}
WAITED_SYNC = {"first": '{"i": 0}', "in_time": False, "waited": True, "again": False, "ready": True,
               "rest": ['{"i": 1}', '{"i": 2}']}


def test_stream_wait_gives_up_in_time_and_loses_nothing(echo: EchoServer) -> None:
    assert asyncio.run(sc.stream_wait(echo.url, _key())) == WAITED_ASYNC
    assert sc.sync_stream_wait(echo.url, _key()) == WAITED_SYNC


def test_status_errors_are_typed(echo: EchoServer) -> None:
    out = asyncio.run(sc.status_error(echo.url))
    assert out == {"type": "NotFoundError", "status": 404, "request_id": "req-123",
                   "server_message": "status 404 as requested"}
    assert sc.sync_status_error(echo.url) == {"type": "RateLimitError", "retry_after": 1.0}


def test_connect_refused() -> None:
    assert asyncio.run(sc.connect_refused(free_port())) == "ConnectError"


def test_read_timeout(echo: EchoServer) -> None:
    assert asyncio.run(sc.read_timeout(echo.url)) == "RequestTimeoutError"


def test_stalled_stream_times_out(echo: EchoServer) -> None:
    assert asyncio.run(sc.stalled_stream(echo.url, _key())) == {"type": "RequestTimeoutError", "got_first": True}


def test_dropped_stream(echo: EchoServer) -> None:
    assert asyncio.run(sc.dropped_stream(echo.url)) == {"type": "StreamInterruptedError", "got_bytes": True}


@pytest.mark.parametrize("name", ["AsyncioTransport", "ThreadedAsyncTransport"])
def test_async_transports_agree(echo: EchoServer, name: str) -> None:
    from lite_client import Request
    from lite_client.transports.asyncio_http import AsyncioTransport
    from lite_client.transports.threaded import ThreadedAsyncTransport

    async def go() -> list[int]:
        transport = {"AsyncioTransport": AsyncioTransport, "ThreadedAsyncTransport": ThreadedAsyncTransport}[name]()
        sizes = []
        for size in (0, 1, 70000, 1_000_000):
            body = await (await transport.send(Request("GET", f"{echo.url}/big?size={size}"))).aread()
            sizes.append(len(body))
        head = await transport.send(Request("HEAD", f"{echo.url}/json"))
        sizes.append(len(await head.aread()))
        await transport.aclose()
        return sizes

    assert asyncio.run(go()) == [0, 1, 70000, 1_000_000, 0]


def test_keepalive_connection_is_reused(echo: EchoServer) -> None:
    from lite_client import Request
    from lite_client.transports.stdlib import StdlibTransport

    with StdlibTransport() as transport:
        for _ in range(3):
            transport.send(Request("GET", echo.url + "/json")).read()
        assert sum(len(p) for p in transport._idle.values()) == 1


def test_early_close_discards_connection(echo: EchoServer) -> None:
    from lite_client import Request
    from lite_client.transports.stdlib import StdlibTransport

    with StdlibTransport() as transport:
        response = transport.send(Request("GET", echo.url + "/big?size=5000000", stream=True))
        next(response.iter_bytes())
        response.close()
        assert sum(len(p) for p in transport._idle.values()) == 0
        assert transport.send(Request("GET", echo.url + "/json")).read()


# -- tiers b and c: the same scenarios inside Pyodide ------------------------------------------------------
def _all(runtime: Any, echo: EchoServer) -> None:
    run = lambda call: runtime.run(scenario_code(SCENARIOS, call))  # noqa: E731
    out = run(f"await get_json({echo.url!r})")
    assert out["json"] == {"hello": "world", "n": 1} and out["transport"] == "FetchTransport"
    assert out["request_id"] == "req-123"
    assert run(f"await post_echo({echo.url!r})") == {"same_body": True, "x_custom": "yes"}
    assert run(f"await gated_stream({echo.url!r}, {_key()!r})") == [0, 1, 2, 3]
    assert run(f"sync_gated_stream({echo.url!r}, {_key()!r})") == [0, 1, 2, 3]
    assert run(f"await status_error({echo.url!r})")["type"] == "NotFoundError"
    assert run(f"sync_status_error({echo.url!r})") == {"type": "RateLimitError", "retry_after": 1.0}
    assert run(f"await connect_refused({free_port()})") == "ConnectError"
    assert run(f"await read_timeout({echo.url!r})") == "RequestTimeoutError"
    assert run(f"await dropped_stream({echo.url!r})") == {"type": "StreamInterruptedError", "got_bytes": True}
    assert run(f"await stalled_stream({echo.url!r}, {_key()!r})") == {"type": "RequestTimeoutError", "got_first": True}
    assert run(f"await stream_wait({echo.url!r}, {_key()!r})") == WAITED_ASYNC
    assert run(f"sync_stream_wait({echo.url!r}, {_key()!r})") == WAITED_SYNC


def test_pyodide_node(pyodide_node: Any, echo: EchoServer) -> None:
    assert pyodide_node.info["jspi"] is True
    _all(pyodide_node, echo)


def test_pyodide_node20_without_jspi(echo: EchoServer) -> None:
    """The machine's Node 20 has no JSPI: sync must fail clearly, async must still work."""
    import shutil

    from tests.harness import PyodideNode

    node20 = shutil.which("node")
    assert node20, "node (20) not on PATH"
    runtime = PyodideNode(node=node20)
    try:
        assert runtime.info["jspi"] is False
        out = runtime.run(scenario_code(SCENARIOS, f"sync_without_jspi({echo.url!r})"))
        assert out == {"can_run_sync": False, "error": "UnsupportedRuntimeError", "says_async": True}
        assert runtime.run(scenario_code(SCENARIOS, f"await gated_stream({echo.url!r}, {_key()!r})")) == [0, 1, 2, 3]
    finally:
        runtime.close()


test_pyodide_node20_without_jspi = pytest.mark.pyodide(test_pyodide_node20_without_jspi)


def test_chromium_main_thread(chromium_main: Any, echo: EchoServer) -> None:
    _all(chromium_main, echo)
    out = chromium_main.run(scenario_code(SCENARIOS, f"xhr_roundtrip({echo.url!r})"))
    assert out == {"json": {"hello": "world", "n": 1}, "same_body": True}


def test_chromium_worker(chromium_worker: Any, echo: EchoServer) -> None:
    _all(chromium_worker, echo)
    out = chromium_worker.run(scenario_code(SCENARIOS, f"xhr_roundtrip({echo.url!r})"))
    assert out == {"json": {"hello": "world", "n": 1}, "same_body": True}
    assert chromium_worker.run("import js; hasattr(js, 'WorkerGlobalScope')") is True
