"""Streams: a response body pushed through a pure :class:`Decoder`, for sync and async callers.

A decoder turns bytes into items. It returns the items each chunk completes; an item may be a
:class:`~lite_client.errors.LiteClientError`, which the stream raises *after* yielding the items
before it, so nothing already received is lost. ``finished`` tells the stream that the protocol's
end marker was seen (e.g. ``[DONE]``) and the rest of the body can be ignored. ``end`` is called at
end of body and may return final items or an error (a stream cut short).

Both stream classes are context managers and close the response in ``finally``, also when the
consumer stops early. With a timeout, a stream that keeps delivering bytes (keep-alive comments)
but no item for longer than the timeout raises :class:`~lite_client.errors.RequestTimeoutError`.
"""

from __future__ import annotations

import time
from collections.abc import AsyncGenerator, Generator
from types import TracebackType
from typing import Generic, Protocol, TypeVar

from . import errors
from ._http import Response

__all__ = ["AsyncStream", "Decoder", "Stream"]

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class Decoder(Protocol[T_co]):  # type: ignore[misc]
    @property
    def finished(self) -> bool: ...

    def feed(self, chunk: bytes) -> list[T_co | errors.LiteClientError]: ...

    def end(self) -> list[T_co | errors.LiteClientError]: ...


class _IdleClock:
    """Raises when no item arrived for ``timeout`` seconds although bytes kept coming."""

    def __init__(self, timeout: float | None, url: str) -> None:
        self.timeout = timeout
        self.url = url
        self.last = time.monotonic()

    def item(self) -> None:
        self.last = time.monotonic()

    def check(self) -> None:
        if self.timeout is not None and time.monotonic() - self.last > self.timeout:
            raise errors.RequestTimeoutError(
                f"No data for {self.timeout} s from {self.url} (only keep-alives arrived).", url=self.url
            )


class Stream(Generic[T]):
    """Iterate over decoded items of a streamed response (blocking)."""

    def __init__(self, response: Response, decoder: Decoder[T], *, timeout: float | None = None) -> None:
        self.response = response
        self._decoder = decoder
        self._clock = _IdleClock(timeout, response.url)
        self._iterator = self._iterate()

    def __iter__(self) -> Generator[T, None, None]:
        return self._iterator

    def __next__(self) -> T:
        return next(self._iterator)

    def _iterate(self) -> Generator[T, None, None]:
        decoder = self._decoder
        try:
            for chunk in self.response.iter_bytes():
                for item in decoder.feed(chunk):
                    if isinstance(item, errors.LiteClientError):
                        raise item
                    self._clock.item()
                    yield item
                if decoder.finished:
                    return
                self._clock.check()
            for item in decoder.end():
                if isinstance(item, errors.LiteClientError):
                    raise item
                yield item
        finally:
            self.response.close()

    def close(self) -> None:
        self._iterator.close()
        self.response.close()

    def __enter__(self) -> Stream[T]:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


class AsyncStream(Generic[T]):
    """Iterate over decoded items of a streamed response (async)."""

    def __init__(self, response: Response, decoder: Decoder[T], *, timeout: float | None = None) -> None:
        self.response = response
        self._decoder = decoder
        self._clock = _IdleClock(timeout, response.url)
        self._iterator = self._iterate()

    def __aiter__(self) -> AsyncGenerator[T, None]:
        return self._iterator

    async def __anext__(self) -> T:
        return await self._iterator.__anext__()

    async def _iterate(self) -> AsyncGenerator[T, None]:
        decoder = self._decoder
        try:
            async for chunk in self.response.aiter_bytes():
                for item in decoder.feed(chunk):
                    if isinstance(item, errors.LiteClientError):
                        raise item
                    self._clock.item()
                    yield item
                if decoder.finished:
                    return
                self._clock.check()
            for item in decoder.end():
                if isinstance(item, errors.LiteClientError):
                    raise item
                yield item
        finally:
            await self.response.aclose()

    async def aclose(self) -> None:
        await self._iterator.aclose()
        await self.response.aclose()

    async def __aenter__(self) -> AsyncStream[T]:
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        await self.aclose()
