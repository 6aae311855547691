"""Pyodide transports on the JavaScript Fetch API. The only module that touches ``js``/``pyodide``.

* :class:`FetchTransport` (async) works wherever Pyodide runs: browser main thread, Web Worker,
  Node. The body is read with a ``ReadableStream`` reader, one chunk at a time, never buffered
  whole. Timeouts and cancellation go through an ``AbortController``.
* :class:`JSPIFetchTransport` (sync) runs the same code through ``pyodide.ffi.run_sync``, which
  needs JavaScript Promise Integration (Chromium; Node >= 25, or Node 22-24 with
  ``--experimental-wasm-stack-switching``), and a call entered through ``runPythonAsync`` /
  ``callPromising``. Streaming stays incremental.
* :class:`~.xhr.XHRTransport` (sync, in :mod:`.xhr`) uses synchronous ``XMLHttpRequest`` where a
  browser has no JSPI; it shares this module's header rules.

Every import of ``js`` / ``pyodide`` happens inside functions, so importing this module is safe in
CPython (nothing runs at import time). JavaScript objects are named ``js_*``. This module and
:mod:`.xhr` are the only ones that touch ``js`` / ``pyodide``.
"""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

from .. import errors
from .._http import Request, Response
from .._redirects import CREDENTIAL_HEADERS

__all__ = ["FetchTransport", "JSPIFetchTransport", "can_run_sync", "in_browser_main_thread", "in_node", "in_worker"]

# Headers a browser refuses to let scripts set, or that force a CORS preflight for no benefit.
_SKIP_HEADERS = frozenset(
    {"user-agent", "accept-encoding", "connection", "content-length", "host", "cookie", "keep-alive"}
)


# -- runtime predicates ------------------------------------------------------------------------------
def is_pyodide() -> bool:
    return sys.platform == "emscripten"


@functools.cache
def in_node() -> bool:
    if not is_pyodide():
        return False
    import js

    process = getattr(js, "process", None)
    return process is not None and getattr(getattr(process, "release", None), "name", None) == "node"


def in_worker() -> bool:
    if not is_pyodide():
        return False
    import js

    return hasattr(js, "WorkerGlobalScope") and hasattr(js, "importScripts")


def in_browser_main_thread() -> bool:
    if not is_pyodide():
        return False
    import js

    return hasattr(js, "window") and hasattr(js, "document")


def can_run_sync() -> bool:
    """True when ``pyodide.ffi.run_sync`` can block on a promise here (JSPI)."""
    if not is_pyodide():
        return False
    try:
        from pyodide.ffi import can_run_sync as _can_run_sync
    except ImportError:
        return False
    return bool(_can_run_sync())


# -- helpers ------------------------------------------------------------------------------------------
def js_error_name(exc: BaseException) -> str:
    return str(getattr(exc, "name", "") or type(exc).__name__)


def outgoing_headers(request: Request) -> tuple[dict[str, str], str]:
    """The headers to send and the fetch ``redirect`` mode, such that no credential follows a
    redirect to another origin.

    * Node: its fetch has no cookie store but lets scripts send ``Cookie``. A request carrying a
      credential header is sent with ``redirect: "manual"``, so that the 3xx comes back to
      lite_client, whose redirect rules (:mod:`lite_client._redirects`) drop credentials across
      origins, as in CPython.
    * Browsers follow redirects themselves (a manual redirect is opaque to scripts) and, per the
      Fetch standard, drop only ``Authorization`` when one leaves the origin. So the token is sent
      as ``Authorization`` there, as ``@gradio/client`` sends it, never as ``X-HF-Authorization``,
      which a browser would carry along. ``Cookie`` is the browser's own business
      (``credentials``).
    """
    node = in_node()
    skip = _SKIP_HEADERS - {"cookie"} if node else _SKIP_HEADERS
    headers = {key: value for key, value in request.headers.items() if key not in skip}
    if node:
        carries_credentials = any(name in headers for name in CREDENTIAL_HEADERS)
        return headers, "manual" if carries_credentials else "follow"
    hf_token = headers.pop("x-hf-authorization", None)
    if hf_token is not None:
        headers.setdefault("authorization", hf_token)
    return headers, "follow"


def _request_init(request: Request, js_signal: Any) -> Any:
    import js
    from pyodide.ffi import to_js

    headers, redirect = outgoing_headers(request)
    js_headers = js.Headers.new()
    for key, value in headers.items():
        js_headers.append(key, value)
    init: dict[str, Any] = {
        "method": request.method,
        "headers": js_headers,
        "credentials": request.credentials,
        "redirect": redirect,
        "signal": js_signal,
    }
    if request.body is not None:
        init["body"] = to_js(request.body)  # -> Uint8Array (a copy)
    return to_js(init, dict_converter=js.Object.fromEntries)


def _js_headers(js_response: Any) -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    for pair in js_response.headers.entries():
        key, value = pair[0], pair[1]
        items.append((str(key), str(value)))
    return items


class _Timer:
    """Aborts a controller when one wait (for the headers, then for each body chunk) lasts longer
    than ``seconds``.

    ``arm()`` before a wait and ``clear()`` after it only note the time: one JavaScript timer is
    pending at most, and when it fires early (the wait it was set for ended) it re-arms itself for
    what is left of the current wait. So a chunk costs a clock read, not a ``setTimeout`` and a
    ``clearTimeout`` through the FFI (about 10 µs in Pyodide).
    """

    def __init__(self, js_controller: Any, seconds: float | None) -> None:
        self._js_controller = js_controller
        self._seconds = seconds
        self._deadline: float | None = None  # end of the current wait; None: not waiting
        self._handle: Any = None
        self._proxy: Any = None
        self.fired = False

    def arm(self) -> None:
        if self._seconds is None:
            return
        self._deadline = time.monotonic() + self._seconds
        if self._handle is None:
            self._schedule(self._seconds)

    def _schedule(self, seconds: float) -> None:
        import js
        from pyodide.ffi import create_proxy

        if self._proxy is None:
            self._proxy = create_proxy(self._fire)
        self._handle = js.setTimeout(self._proxy, max(1, int(seconds * 1000)))

    def _fire(self, *_: Any) -> None:
        self._handle = None
        if self._deadline is None:
            return  # no wait in progress; the next arm() schedules again
        left = self._deadline - time.monotonic()
        if left > 0.001:
            self._schedule(left)
            return
        self.fired = True
        self._js_controller.abort()

    def clear(self) -> None:
        self._deadline = None

    def destroy(self) -> None:
        self._deadline = None
        if self._handle is not None:
            import js

            js.clearTimeout(self._handle)
            self._handle = None
        if self._proxy is not None:
            self._proxy.destroy()
            self._proxy = None


class _FetchBody:
    """Async byte stream over ``response.body.getReader()``."""

    def __init__(self, js_response: Any, js_controller: Any, timer: _Timer, url: str) -> None:
        self._js_reader = js_response.body.getReader() if js_response.body is not None else None
        self._js_controller = js_controller
        self._timer = timer
        self._url = url
        self._done = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        from pyodide.ffi import JsException

        reader = self._js_reader
        if reader is None:
            return
        try:
            while True:
                self._timer.arm()
                try:
                    js_result = await reader.read()
                except JsException as exc:
                    if self._timer.fired:
                        raise errors.RequestTimeoutError(
                            f"Timed out waiting for more of the response body from {self._url}", url=self._url
                        ) from exc
                    raise errors.StreamInterruptedError(
                        f"The connection to {self._url} ended before the response was complete "
                        f"({js_error_name(exc)}: {exc})", url=self._url
                    ) from exc
                finally:
                    self._timer.clear()
                if js_result.done:
                    self._done = True
                    return
                yield js_result.value.to_bytes()
        finally:
            self._timer.destroy()

    async def aclose(self) -> None:
        self._timer.destroy()
        if not self._done and self._js_reader is not None:
            self._done = True
            try:
                self._js_controller.abort()
                self._js_reader.releaseLock()
            except Exception:  # closing must not raise
                pass


class FetchTransport:
    """Async transport on ``fetch``. Works in every Pyodide runtime."""

    def __repr__(self) -> str:
        return "FetchTransport()"

    async def send(self, request: Request) -> Response:
        import js
        from pyodide.ffi import JsException

        js_controller = js.AbortController.new()
        timer = _Timer(js_controller, request.timeout)
        timer.arm()
        try:
            js_response = await js.fetch(request.url, _request_init(request, js_controller.signal))
        except JsException as exc:
            timer.destroy()
            if timer.fired:
                raise errors.RequestTimeoutError(
                    f"Timed out after {request.timeout} s waiting for {request.method} {request.url}",
                    url=request.url,
                ) from exc
            raise errors.ConnectError(
                f"Request {request.method} {request.url} failed ({js_error_name(exc)}: {exc}). "
                "In a browser this is also what a CORS refusal looks like.",
                url=request.url,
            ) from exc
        finally:
            timer.clear()
        if request.on_upload_progress and request.body is not None:
            request.on_upload_progress(len(request.body), len(request.body))
        return Response(
            int(js_response.status),
            _js_headers(js_response),
            request=request,
            url=str(js_response.url or request.url),
            reason=str(js_response.statusText or ""),
            stream=_FetchBody(js_response, js_controller, timer, request.url),
        )

    async def aclose(self) -> None:
        return None


class _SyncOverAsyncBody:
    """Sync iteration of an async body, one ``run_sync`` per chunk. ``poll`` starts the next
    read as a task and waits for it at most so long; the reader then takes its result."""

    def __init__(self, response: Response) -> None:
        self._response = response
        self._agen: Any = None
        self._reading: Any = None  # asyncio.Task of the next chunk, started by poll()

    async def _next(self) -> bytes | None:
        if self._agen is None:
            self._agen = self._response.aiter_bytes()
        chunk: bytes | None = await anext(self._agen, None)
        return chunk

    def __iter__(self) -> Iterator[bytes]:
        from pyodide.ffi import run_sync

        while True:
            reading, self._reading = self._reading, None
            chunk = run_sync(reading if reading is not None else self._next())
            if chunk is None:
                return
            yield chunk

    def poll(self, timeout: float) -> bool:
        import asyncio

        from pyodide.ffi import run_sync

        if self._reading is None:
            self._reading = asyncio.ensure_future(self._next())
        if self._reading.done():
            return True
        done, _ = run_sync(asyncio.wait({self._reading}, timeout=timeout))
        return bool(done)

    def close(self) -> None:
        import asyncio

        from pyodide.ffi import run_sync

        reading, self._reading = self._reading, None
        if reading is not None and not reading.done():
            reading.cancel()
            run_sync(asyncio.wait({reading}))
        if self._agen is not None:
            run_sync(self._agen.aclose())
        run_sync(self._response.aclose())


class JSPIFetchTransport:
    """Blocking transport on ``fetch`` through JSPI (``pyodide.ffi.run_sync``)."""

    def __init__(self) -> None:
        self._async = FetchTransport()

    def __repr__(self) -> str:
        return "JSPIFetchTransport()"

    def send(self, request: Request) -> Response:
        from pyodide.ffi import run_sync

        if not can_run_sync():
            raise errors.UnsupportedRuntimeError(
                "Blocking HTTP needs JavaScript Promise Integration here, and it is not available "
                "(enter Python through runPythonAsync in Chromium or Node >= 25). "
                "Use the async client (AsyncInferenceClient / AsyncClient) instead."
            )
        inner = run_sync(self._async.send(request))
        return Response(
            inner.status,
            [*inner.headers.items(), *(("set-cookie", c) for c in inner.set_cookies)],
            request=request,
            url=inner.url,
            reason=inner.reason,
            stream=_SyncOverAsyncBody(inner),
        )

    def close(self) -> None:
        return None
