"""Streams: a response body pushed through a pure :class:`Decoder`, for sync and async callers.

A decoder turns bytes into items. It returns the items each chunk completes; an item may be a
:class:`~lite_client.errors.LiteClientError`, which the stream raises *after* yielding the items
before it, so nothing already received is lost. ``finished`` tells the stream that the protocol's
end marker was seen (e.g. ``[DONE]``) and the rest of the body can be ignored. ``end`` is called at
end of body and may return final items or an error (a stream cut short).

Both stream classes are context managers and close the response in ``finally``, also when the
consumer stops early. With a timeout, a stream that keeps delivering bytes (keep-alive comments)
but no item for longer than the timeout raises :class:`~lite_client.errors.RequestTimeoutError`.

``wait(seconds)`` waits at most that long for the next item and says whether one is ready,
without consuming it and without harming the stream: a caller with a deadline (a Gradio
``job.result(timeout=…)``) can give up and come back later. The async stream reads the body in a
task that outlives a waiter's timeout or cancellation; the sync stream asks the transport's body
whether bytes are ready (``Response.poll``).

The bookkeeping both share (queued items, end, errors, the keep-alive clock) is one pure class,
:class:`StreamState`; each stream adds only the read of the next chunk.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncGenerator
from types import TracebackType
from typing import Generic, Protocol, TypeVar

from . import errors
from ._deadline import deadline_after, remaining
from ._http import Response

__all__ = ["AsyncStream", "Decoder", "Stream", "StreamState"]

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class Decoder(Protocol[T_co]):  # type: ignore[misc]
    @property
    def finished(self) -> bool: ...

    def feed(self, chunk: bytes) -> list[T_co | errors.LiteClientError]: ...

    def end(self) -> list[T_co | errors.LiteClientError]: ...


class StreamState(Generic[T]):
    """Items decoded but not yet taken, whether the body is over, and the keep-alive clock (pure).

    ``absorb(chunk)`` feeds one chunk (``None``: the body ended), ``fail(exc)`` queues a transport
    error after the items already queued, ``take()`` hands out the next item (raising a queued
    error in its turn). ``ready`` is true when no more bytes are needed to go on: an item is
    queued, or the stream is over (``exhausted`` once its last item was taken).
    """

    def __init__(self, decoder: Decoder[T], timeout: float | None, url: str) -> None:
        self._decoder = decoder
        self._items: deque[T | errors.LiteClientError] = deque()
        self._timeout = timeout
        self._url = url
        self._waiting_since = time.monotonic()
        self.ended = False

    @property
    def ready(self) -> bool:
        return self.ended or bool(self._items)

    @property
    def exhausted(self) -> bool:
        return self.ended and not self._items

    def start_waiting(self) -> None:
        """The consumer asks for an item: the keep-alive clock measures from now."""
        self._waiting_since = time.monotonic()

    def absorb(self, chunk: bytes | None) -> None:
        if chunk is None:
            self._items.extend(self._decoder.end())
            self.ended = True
            return
        items = self._decoder.feed(chunk)
        self._items.extend(items)
        if self._decoder.finished:
            self.ended = True
        elif not self._items and self._timeout is not None \
                and time.monotonic() - self._waiting_since > self._timeout:
            self.fail(errors.RequestTimeoutError(
                f"No data for {self._timeout} s from {self._url} (only keep-alives arrived).", url=self._url))

    def fail(self, exc: errors.LiteClientError) -> None:
        self._items.append(exc)
        self.ended = True

    def take(self) -> T:
        """The next queued item (there must be one: ``ready and not exhausted``)."""
        item = self._items.popleft()
        if isinstance(item, errors.LiteClientError):
            self.close()
            raise item
        return item

    def close(self) -> None:
        self._items.clear()
        self.ended = True


class Stream(Generic[T]):
    """Iterate over decoded items of a streamed response (blocking)."""

    def __init__(self, response: Response, decoder: Decoder[T], *, timeout: float | None = None) -> None:
        self.response = response
        self._state = StreamState(decoder, timeout, response.url)
        self._chunks = response.iter_bytes()

    def __iter__(self) -> Stream[T]:
        return self

    def __next__(self) -> T:
        state = self._state
        if not state.ready:
            state.start_waiting()
            while not state.ready:
                self._pull()
        if state.exhausted:
            self.close()
            raise StopIteration
        try:
            return state.take()
        except BaseException:
            self.close()
            raise

    def wait(self, timeout: float | None) -> bool:
        """Wait at most ``timeout`` seconds (``None``: as long as it takes) for the next item, the
        end or an error; ``False`` if none came in time. Nothing is consumed either way."""
        state = self._state
        if state.ready:
            return True
        state.start_waiting()
        deadline = deadline_after(timeout)
        while not state.ready:
            left = remaining(deadline)
            if left is not None and not self.response.poll(left):
                return False
            self._pull()
        return True

    def _pull(self) -> None:
        try:
            chunk = next(self._chunks, None)
        except errors.LiteClientError as exc:
            self._state.fail(exc)
            return
        self._state.absorb(chunk)

    def close(self) -> None:
        self._state.close()
        self._chunks.close()
        self.response.close()

    def __enter__(self) -> Stream[T]:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


class AsyncStream(Generic[T]):
    """Iterate over decoded items of a streamed response (async).

    A plain ``async for`` awaits the body directly (the fast path). :meth:`wait` reads it in a
    task instead, which a timeout or a cancelled waiter leaves running, so no byte is lost; the
    next read picks its result up.
    """

    def __init__(self, response: Response, decoder: Decoder[T], *, timeout: float | None = None) -> None:
        self.response = response
        self._state = StreamState(decoder, timeout, response.url)
        self._chunks: AsyncGenerator[bytes, None] = response.aiter_bytes()
        self._reading: asyncio.Task[bytes | None] | None = None

    def __aiter__(self) -> AsyncStream[T]:
        return self

    async def __anext__(self) -> T:
        state = self._state
        if not state.ready:
            state.start_waiting()
            while not state.ready:
                if self._reading is not None:
                    await self._pull()
                    continue
                try:  # the fast path, inlined: one await per chunk
                    chunk = await self._chunks.__anext__()
                except StopAsyncIteration:
                    state.absorb(None)
                except errors.LiteClientError as exc:
                    state.fail(exc)
                else:
                    state.absorb(chunk)
        if state.exhausted:
            await self.aclose()
            raise StopAsyncIteration
        try:
            return state.take()
        except BaseException:
            await self.aclose()
            raise

    async def wait(self, timeout: float | None) -> bool:
        """Wait at most ``timeout`` seconds (``None``: as long as it takes) for the next item, the
        end or an error; ``False`` if none came in time. Neither a timeout nor the cancellation of
        the waiting coroutine loses data: the read goes on in its task."""
        state = self._state
        if state.ready:
            return True
        state.start_waiting()
        deadline = deadline_after(timeout)
        while not state.ready:
            if self._reading is None:
                self._reading = asyncio.ensure_future(self._next_chunk())
            reading = self._reading
            done, _ = await asyncio.wait({reading}, timeout=remaining(deadline))
            if not done:
                return False
            self._collect(reading)
        return True

    async def _next_chunk(self) -> bytes | None:
        return await anext(self._chunks, None)

    def _collect(self, reading: asyncio.Task[bytes | None]) -> None:
        """Feed the result of a finished read task, unless another waiter already took it."""
        if self._reading is not reading:
            return
        self._reading = None
        try:
            chunk = reading.result()
        except errors.LiteClientError as exc:
            self._state.fail(exc)
            return
        self._state.absorb(chunk)

    async def _pull(self) -> None:
        """Take the result of the read that ``wait()`` started (shared until it is done)."""
        reading = self._reading
        if reading is not None:
            await asyncio.wait({reading})
            self._collect(reading)

    async def aclose(self) -> None:
        self._state.close()
        reading, self._reading = self._reading, None
        if reading is not None and not reading.done():
            reading.cancel()
            await asyncio.wait({reading})
        await self._chunks.aclose()
        await self.response.aclose()

    async def __aenter__(self) -> AsyncStream[T]:
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        await self.aclose()
