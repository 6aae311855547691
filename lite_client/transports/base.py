"""The transport seam: the only place where bytes move.

A transport takes a :class:`~lite_client._http.Request` and returns a
:class:`~lite_client._http.Response` as soon as the status line and headers are in; the body is
left unread in ``Response``'s byte stream. Transports raise only :mod:`lite_client.errors`
transport errors (``ConnectError``, ``RequestTimeoutError``, ``StreamInterruptedError``,
``UnsupportedRuntimeError``); HTTP error statuses are *not* errors at this level.

Transports do not follow redirects, except fetch-based ones where the browser does (and, per the
Fetch standard, drops ``Authorization`` on a cross-origin redirect).
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from .._http import Request, Response

__all__ = ["AsyncTransport", "Transport"]


@runtime_checkable
class Transport(Protocol):
    """Blocking transport."""

    def send(self, request: Request) -> Response: ...

    def close(self) -> None: ...


@runtime_checkable
class AsyncTransport(Protocol):
    """Async transport. ``send`` returns once the headers are in."""

    async def send(self, request: Request) -> Response: ...

    async def aclose(self) -> None: ...
