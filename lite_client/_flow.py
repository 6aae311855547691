"""Flows: protocol logic written once, as generators, and driven by a sync or an async driver.

A *flow* is a generator that yields steps and receives their results:

* yield a :class:`~lite_client._http.Request` → receive the :class:`Response`, body already read
  (``response.content`` is available), whatever its status;
* yield :class:`Sleep` → receive ``None`` after the delay;
* yield :class:`ReadJsBytes` → receive the bytes of a JavaScript Blob/File/ArrayBuffer (Pyodide).

The flow's return value is the result of the call. A flow that ends in a streamed response returns
a :class:`StreamCall` instead, which :func:`open_stream` / :func:`aopen_stream` turn into a
:class:`~lite_client._streaming.Stream` / :class:`~lite_client._streaming.AsyncStream`.

So each task is written once (in a flow, which does no I/O) and every public method of the sync
and async clients is a thin shell: ``return run_flow(flow, transport)`` or
``return await arun_flow(flow, transport)``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from . import errors
from ._http import Request, Response, error_for_status
from ._redirects import is_redirect, redirect_request
from ._retry import RetryPolicy
from ._streaming import AsyncStream, Decoder, Stream
from .transports.base import AsyncTransport, Transport

__all__ = [
    "Flow",
    "ReadJsBytes",
    "Sleep",
    "StreamCall",
    "aopen_stream",
    "arun_flow",
    "follow_redirects_flow",
    "open_stream",
    "run_flow",
    "send_checked",
]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Sleep:
    seconds: float


@dataclass(frozen=True, slots=True)
class ReadJsBytes:
    """Read a JavaScript ``Blob``/``File``/``ArrayBuffer``/typed array (a ``JsProxy``) into bytes.

    Only meaningful in Pyodide. The async driver awaits ``blob.arrayBuffer()``; the sync driver
    does the same through JSPI (``run_sync``) and fails clearly where JSPI is missing.
    """

    js_object: Any


Step = Request | Sleep | ReadJsBytes
Flow = Generator[Step, Any, T]  # receives Response (for Request), None (Sleep) or bytes (ReadJsBytes)


@dataclass(slots=True)
class StreamCall(Generic[T]):
    """The last step of a streaming flow: send ``request`` and decode its body with ``decoder``.

    ``context`` names the call in error messages. A status >= 400 raises the typed HTTP error
    (after ``on_error`` had a chance to turn it into something more specific).
    """

    request: Request
    decoder: Decoder[T]
    context: str = ""
    on_error: Callable[[Response], Exception | None] | None = None


def _error(call_request: Request, response: Response, context: str,
           on_error: Callable[[Response], Exception | None] | None) -> Exception:
    if on_error is not None:
        special = on_error(response)
        if special is not None:
            return special
    return error_for_status(response.status, response.headers, response.content, call_request.url,
                            context=context)


def follow_redirects_flow(request: Request) -> Generator[Step, Response | None, Response]:
    """Sub-flow: send ``request`` and follow its redirects (see :mod:`lite_client._redirects`);
    return the final response, whatever its status."""
    hops = 0
    while True:
        response = yield request
        assert response is not None
        if not is_redirect(response):
            return response
        hops += 1
        request = redirect_request(request, response, hops=hops)


def send_checked(
    request: Request, *, context: str = "", retry: RetryPolicy | None = None,
    on_error: Callable[[Response], Exception | None] | None = None, follow_redirects: bool = True,
) -> Generator[Step, Response | None, Response]:
    """Sub-flow: send ``request``; return a 2xx response or raise the typed error.

    Redirects are followed unless ``follow_redirects`` is false (at most 5; credentials dropped
    across origins, see :mod:`lite_client._redirects`). With a ``retry`` policy, 429 / 503 / 5xx
    are retried as the policy allows (honouring ``Retry-After`` and ``estimated_time``), never
    past its total time budget.
    """
    started = time.monotonic()
    attempt = 0
    while True:
        response: Response | None
        error: Exception
        try:
            if follow_redirects:
                response = yield from follow_redirects_flow(request)
            else:
                response = yield request
        except errors.ConnectError as exc:
            response, error = None, exc
        if response is not None:
            if response.status < 400:
                return response
            error = _error(response.request or request, response, context, on_error)
        delay = retry.delay(attempt, error, time.monotonic() - started) if retry else None
        if delay is None:
            raise error
        yield Sleep(delay)
        attempt += 1


def run_flow(flow: Flow[T], transport: Transport) -> T:
    """Drive ``flow`` with a blocking transport."""
    try:
        step = next(flow)
        while True:
            if isinstance(step, Sleep):
                time.sleep(step.seconds)
                step = flow.send(None)
                continue
            if isinstance(step, ReadJsBytes):
                step = flow.send(_read_js_bytes_sync(step.js_object))
                continue
            try:
                response = transport.send(step)
                response.read()
            except Exception as exc:  # transport errors go into the flow, which may handle them
                step = flow.throw(exc)
                continue
            step = flow.send(response)
    except StopIteration as stop:
        return stop.value  # type: ignore[no-any-return]


async def arun_flow(flow: Flow[T], transport: AsyncTransport) -> T:
    """Drive ``flow`` with an async transport."""
    try:
        step = next(flow)
        while True:
            if isinstance(step, Sleep):
                await asyncio.sleep(step.seconds)
                step = flow.send(None)
                continue
            if isinstance(step, ReadJsBytes):
                step = flow.send(await _read_js_bytes(step.js_object))
                continue
            try:
                response = await transport.send(step)
                await response.aread()
            except Exception as exc:  # transport errors go into the flow, which may handle them
                step = flow.throw(exc)
                continue
            step = flow.send(response)
    except StopIteration as stop:
        return stop.value  # type: ignore[no-any-return]


async def _read_js_bytes(js_object: Any) -> bytes:
    if hasattr(js_object, "arrayBuffer"):  # Blob / File
        js_object = await js_object.arrayBuffer()
    if hasattr(js_object, "to_bytes"):  # ArrayBuffer / typed arrays
        return bytes(js_object.to_bytes())
    raise errors.InputError(f"Cannot read bytes from JavaScript object {type(js_object).__name__}.")


def _read_js_bytes_sync(js_object: Any) -> bytes:
    if not hasattr(js_object, "arrayBuffer"):
        return _read_js_bytes_now(js_object)
    from .transports.fetch import can_run_sync

    if not can_run_sync():
        raise errors.UnsupportedRuntimeError(
            "Reading a JavaScript Blob/File from the sync client needs JSPI; use the async client, "
            "or pass bytes."
        )
    from pyodide.ffi import run_sync

    return bytes(run_sync(_read_js_bytes(js_object)))


def _read_js_bytes_now(js_object: Any) -> bytes:
    if hasattr(js_object, "to_bytes"):
        return bytes(js_object.to_bytes())
    raise errors.InputError(f"Cannot read bytes from JavaScript object {type(js_object).__name__}.")


def _stream_call(value: Any) -> StreamCall[Any]:
    if not isinstance(value, StreamCall):
        raise TypeError(f"A streaming flow must return a StreamCall, not {type(value).__name__}")
    return value


def open_stream(flow: Flow[StreamCall[T]], transport: Transport) -> Stream[T]:
    """Run ``flow``'s preparatory steps, then send its streaming request (blocking)."""
    call = _stream_call(run_flow(flow, transport))
    request, hops = call.request, 0
    response = transport.send(request)
    while is_redirect(response):
        response.read()
        hops += 1
        request = redirect_request(request, response, hops=hops)
        response = transport.send(request)
    if response.status >= 400:
        response.read()
        raise _error(request, response, call.context, call.on_error)
    return Stream(response, call.decoder, timeout=request.timeout)


async def aopen_stream(flow: Flow[StreamCall[T]], transport: AsyncTransport) -> AsyncStream[T]:
    """Run ``flow``'s preparatory steps, then send its streaming request (async)."""
    call = _stream_call(await arun_flow(flow, transport))
    request, hops = call.request, 0
    response = await transport.send(request)
    while is_redirect(response):
        await response.aread()
        hops += 1
        request = redirect_request(request, response, hops=hops)
        response = await transport.send(request)
    if response.status >= 400:
        await response.aread()
        raise _error(request, response, call.context, call.on_error)
    return AsyncStream(response, call.decoder, timeout=request.timeout)
