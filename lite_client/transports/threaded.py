"""Async transport for CPython: the blocking :class:`StdlibTransport` run in worker threads.

``send`` and every body read hop to a thread with :func:`asyncio.to_thread`, so the event loop
never blocks. Reads return whatever is on the socket (``read1``), so a burst of server-sent events
costs one hop, not one per event.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

from .._http import Request, Response
from .stdlib import StdlibTransport

__all__ = ["ThreadedAsyncTransport"]

_DONE = object()


def _next_chunk(it: Iterator[bytes]) -> object:
    return next(it, _DONE)


class _AsyncBody:
    def __init__(self, response: Response) -> None:
        self._response = response
        self._iter: Iterator[bytes] | None = None

    async def __aiter__(self) -> AsyncIterator[bytes]:
        self._iter = self._response.iter_bytes()
        while True:
            chunk = await asyncio.to_thread(_next_chunk, self._iter)
            if chunk is _DONE:
                return
            assert isinstance(chunk, bytes)
            yield chunk

    async def aclose(self) -> None:
        it, self._iter = self._iter, None
        if it is not None and hasattr(it, "close"):
            await asyncio.to_thread(it.close)
        self._response.close()


class ThreadedAsyncTransport:
    """Wraps a blocking transport (by default a new :class:`StdlibTransport`) for asyncio."""

    def __init__(self, transport: StdlibTransport | None = None) -> None:
        self._sync = transport or StdlibTransport()

    def __repr__(self) -> str:
        return "ThreadedAsyncTransport()"

    async def send(self, request: Request) -> Response:
        inner = await asyncio.to_thread(self._sync.send, request)
        return Response(
            inner.status,
            [*inner.headers.items(), *(("set-cookie", c) for c in inner.set_cookies)],
            request=request,
            reason=inner.reason,
            stream=_AsyncBody(inner),
        )

    async def aclose(self) -> None:
        await asyncio.to_thread(self._sync.close)
