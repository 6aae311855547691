"""The transport seam: the only place where bytes move.

A transport takes a :class:`~lite_client._http.Request` and returns a
:class:`~lite_client._http.Response` as soon as the status line and headers are in; the body is
left unread in ``Response``'s byte stream. Transports raise only :mod:`lite_client.errors`
transport errors (``ConnectError``, ``RequestTimeoutError``, ``StreamInterruptedError``,
``UnsupportedRuntimeError``); HTTP error statuses are *not* errors at this level.

Transports do not follow redirects (flows do, by :mod:`lite_client._redirects`), except fetch in a
browser, which follows on its own and, per the Fetch standard, drops ``Authorization`` on a
cross-origin redirect (see :mod:`.fetch` for how no other credential goes along).

A sync body may offer ``poll(timeout) -> bool`` (are more bytes ready within ``timeout``?, reading
none); ``Stream.wait`` uses it where present.
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
