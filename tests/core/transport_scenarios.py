"""Transport scenarios that run unchanged in CPython, in Pyodide under Node and in Chromium.

Each function takes the echo server's base URL and returns plain JSON data. Tests call them
directly in CPython and send this file's source to the Pyodide runtimes (see harness).
"""

from __future__ import annotations

from typing import Any

from lite_client import Request, SSEDecoder, default_async_transport, default_transport, errors
from lite_client._flow import arun_flow, run_flow, send_checked


async def get_json(base: str) -> Any:
    transport = default_async_transport()
    response = await transport.send(Request("GET", base + "/json", timeout=10))
    await response.aread()
    return {"status": response.status, "json": response.json(), "request_id": response.request_id,
            "transport": type(transport).__name__}


async def post_echo(base: str) -> Any:
    body = "héllo ☃ 🚀".encode() + bytes(range(256))
    transport = default_async_transport()
    response = await transport.send(Request("POST", base + "/echo", {"content-type": "application/octet-stream",
                                                                      "x-custom": "yes"}, body, timeout=10))
    await response.aread()
    echoed = response.json()
    import base64

    return {"same_body": base64.b64decode(echoed["body_b64"]) == body, "x_custom": echoed["headers"].get("x-custom")}


async def gated_stream(base: str, key: str) -> list[Any]:
    """Event i+1 is only sent once we released it after reading event i: proves incremental reads."""
    transport = default_async_transport()
    response = await transport.send(Request("GET", f"{base}/sse-gated?n=4&key={key}", timeout=20, stream=True))
    decoder = SSEDecoder()
    seen: list[Any] = []
    async for chunk in response.aiter_bytes():
        for event in decoder.feed(chunk):
            if event.data == "[DONE]":
                continue
            seen.append(event.json()["i"])
            release = await transport.send(Request("GET", f"{base}/release?key={key}&i={seen[-1]}", timeout=10))
            await release.aread()
    return seen


def sync_gated_stream(base: str, key: str) -> list[Any]:
    transport = default_transport()
    response = transport.send(Request("GET", f"{base}/sse-gated?n=4&key={key}", timeout=20, stream=True))
    decoder = SSEDecoder()
    seen: list[Any] = []
    for chunk in response.iter_bytes():
        for event in decoder.feed(chunk):
            if event.data == "[DONE]":
                continue
            seen.append(event.json()["i"])
            transport.send(Request("GET", f"{base}/release?key={key}&i={seen[-1]}", timeout=10)).read()
    return seen


async def status_error(base: str) -> Any:
    try:
        await arun_flow(send_checked(Request("GET", base + "/status/404", timeout=10)), default_async_transport())
    except errors.NotFoundError as exc:
        return {"type": type(exc).__name__, "status": exc.status, "request_id": exc.request_id,
                "server_message": exc.server_message}
    return None


def sync_status_error(base: str) -> Any:
    try:
        run_flow(send_checked(Request("GET", base + "/status/429", timeout=10)), default_transport())
    except errors.RateLimitError as exc:
        return {"type": type(exc).__name__, "retry_after": exc.retry_after}
    return None


async def connect_refused(port: int) -> str:
    try:
        await default_async_transport().send(Request("GET", f"http://127.0.0.1:{port}/", timeout=10))
    except errors.ConnectError as exc:
        return type(exc).__name__
    return "no error"


async def read_timeout(base: str) -> str:
    try:
        response = await default_async_transport().send(Request("GET", base + "/slow?delay=3", timeout=0.5))
        await response.aread()
    except errors.RequestTimeoutError as exc:
        return type(exc).__name__
    return "no error"


async def dropped_stream(base: str) -> Any:
    response = await default_async_transport().send(Request("GET", base + "/drop", timeout=10, stream=True))
    got = []
    try:
        async for chunk in response.aiter_bytes():
            got.append(len(chunk))
    except errors.StreamInterruptedError as exc:
        return {"type": type(exc).__name__, "got_bytes": sum(got) > 0}
    return {"type": "no error", "got_bytes": sum(got) > 0}


def xhr_roundtrip(base: str) -> Any:
    """Synchronous XMLHttpRequest (browsers): the sync fallback where JSPI is missing."""
    from lite_client.transports.xhr import XHRTransport

    transport = XHRTransport()
    got = transport.send(Request("GET", base + "/json", timeout=10)).read()
    body = "héllo".encode() + bytes(range(256))
    echoed = transport.send(Request("POST", base + "/echo", {"content-type": "application/octet-stream"}, body,
                                    timeout=10)).read()
    import base64
    import json

    return {"json": json.loads(got), "same_body": base64.b64decode(json.loads(echoed)["body_b64"]) == body}


def sync_without_jspi(base: str) -> Any:
    """Node without JSPI: the sync client must refuse clearly, the async one must work."""
    from lite_client.transports.fetch import can_run_sync

    try:
        default_transport().send(Request("GET", base + "/json", timeout=10))
    except errors.UnsupportedRuntimeError as exc:
        return {"can_run_sync": can_run_sync(), "error": type(exc).__name__, "says_async": "async" in str(exc)}
    return {"can_run_sync": can_run_sync(), "error": None}


async def stalled_stream(base: str, key: str) -> Any:
    """The server stops sending after the first event: the per-read timeout must fire."""
    transport = default_async_transport()
    response = await transport.send(Request("GET", f"{base}/sse-gated?n=2&key={key}", timeout=1.0, stream=True))
    got = 0
    try:
        async for chunk in response.aiter_bytes():
            got += len(chunk)
    except errors.RequestTimeoutError as exc:
        return {"type": type(exc).__name__, "got_first": got > 0}
    finally:
        release = await transport.send(Request("GET", f"{base}/release?key={key}&i=0", timeout=10))
        await release.aread()
    return {"type": "no error", "got_first": got > 0}


class _Data:
    """Decoder for the wait scenarios: each SSE event's data, ``[DONE]`` skipped."""

    finished = False

    def __init__(self) -> None:
        self._sse = SSEDecoder()

    def feed(self, chunk: bytes) -> list[Any]:
        return [e.data for e in self._sse.feed(chunk) if e.data != "[DONE]"]

    def end(self) -> list[Any]:
        return [e.data for e in self._sse.flush() if e.data != "[DONE]"]


async def stream_wait(base: str, key: str) -> Any:
    """``AsyncStream.wait``: gives up in time, survives a cancelled waiter, loses nothing."""
    import asyncio
    import time

    from lite_client._streaming import AsyncStream

    transport = default_async_transport()
    response = await transport.send(Request("GET", f"{base}/sse-gated?n=3&key={key}", timeout=20, stream=True))
    stream = AsyncStream(response, _Data(), timeout=20)
    out: dict[str, Any] = {"first": await stream.__anext__()}
    started = time.monotonic()
    out["in_time"] = await stream.wait(0.3)  # event 1 is not released yet
    out["waited"] = 0.25 <= time.monotonic() - started < 5
    try:
        await asyncio.wait_for(stream.wait(None), 0.2)
    except TimeoutError:
        out["cancelled"] = True
    for i in (0, 1):
        await (await transport.send(Request("GET", f"{base}/release?key={key}&i={i}", timeout=10))).aread()
    out["ready"] = await stream.wait(10)
    out["rest"] = [item async for item in stream]
    return out


def sync_stream_wait(base: str, key: str) -> Any:
    """``Stream.wait`` over the blocking transport (``Response.poll``)."""
    import time

    from lite_client._streaming import Stream

    transport = default_transport()
    response = transport.send(Request("GET", f"{base}/sse-gated?n=3&key={key}", timeout=20, stream=True))
    stream = Stream(response, _Data(), timeout=20)
    out: dict[str, Any] = {"first": next(stream)}
    started = time.monotonic()
    out["in_time"] = stream.wait(0.3)
    out["waited"] = 0.25 <= time.monotonic() - started < 5
    out["again"] = stream.wait(0.1)
    for i in (0, 1):
        transport.send(Request("GET", f"{base}/release?key={key}&i={i}", timeout=10)).read()
    out["ready"] = stream.wait(10)
    out["rest"] = list(stream)
    return out
