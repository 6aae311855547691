"""The session stream, pulled on demand (no threads, no background tasks).

All jobs of a client share one ``queue/data`` stream (reference §6.2). Nothing reads it in the
background: whoever waits for a job (iterating it, ``result()``) reads the next message and routes
it to its job, buffering other jobs' messages in their own state. The stream is opened after a
join, reopened when the server ended it (``close_stream``) while jobs are still pending, and never
closed by us while an event is pending (that would make the server drop the session).

The async session serialises readers with an :class:`asyncio.Lock`; waiters whose message was read
by another coroutine find it in their job state when they get the lock.

Heartbeat (``config.connect_heartbeat``): the ``/heartbeat/{session}`` request is opened once and
kept open *without reading it* until the client is closed; an open connection is all the server
checks, and its 15 s ``ALIVE`` lines are a few bytes. The sync client skips it where a blocking
request could not return before the body ends (Pyodide without JSPI).
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Generator
from typing import Any

from .. import errors
from .._deadline import expired, remaining
from .._flow import StreamCall, aopen_stream, open_stream
from .._http import Response
from .._streaming import AsyncStream, Stream
from ..transports import AsyncTransport, Transport
from ._context import GradioContext
from ._flows import heartbeat_request, queue_stream_call
from ._protocol import AppInfo
from ._queue import SessionRouter

__all__ = ["AsyncSession", "SyncSession"]

MAX_EMPTY_REOPENS = 2


def _as_flow(call: StreamCall[Any]) -> Generator[Any, Any, StreamCall[Any]]:
    return call
    yield  # pragma: no cover


def job_timeout_error() -> errors.RequestTimeoutError:
    """A wait for a job ran out of time; the job goes on (ask for its result again later)."""
    return errors.RequestTimeoutError("Timed out waiting for the Gradio job (it is still running).")


class _SessionBase:
    def __init__(self, ctx: GradioContext, app: AppInfo) -> None:
        self.ctx = ctx
        self.app = app
        self.router = SessionRouter()
        self._empty_reopens = 0
        self._got_message = False

    def _stream_ended(self) -> None:
        """The body ended without ``close_stream``: reopen a bounded number of times."""
        if not self._got_message:
            self._empty_reopens += 1
        if self._empty_reopens > MAX_EMPTY_REOPENS:
            self._empty_reopens = 0
            self.router.fail_all(errors.StreamInterruptedError(
                "The Gradio queue stream keeps ending without messages.", url=self.app.api_url))

    def _routed(self, message: dict[str, Any]) -> bool:
        self._got_message = True
        self._empty_reopens = 0
        return self.router.route(message)


class SyncSession(_SessionBase):
    def __init__(self, ctx: GradioContext, app: AppInfo, transport: Transport) -> None:
        super().__init__(ctx, app)
        self.transport = transport
        self._stream: Stream[dict[str, Any]] | None = None
        self._heartbeat: Response | None = None

    def ensure_heartbeat(self) -> None:
        if not self.app.config.connect_heartbeat or self._heartbeat is not None:
            return
        if sys.platform == "emscripten":
            from ..transports.fetch import can_run_sync

            if not can_run_sync():
                return
        try:
            self._heartbeat = self.transport.send(heartbeat_request(self.ctx, self.app))
        except errors.TransportError:
            self._heartbeat = None

    def pump_until(self, done: Callable[[], bool], deadline: float | None = None) -> None:
        """Read and route messages until ``done()``; past ``deadline`` raise the job timeout,
        leaving the stream intact for the next wait."""
        while not done():
            if not self.router.pending():
                return
            if expired(deadline):
                raise job_timeout_error()
            if self._stream is None:
                self._got_message = False
                self._stream = open_stream(_as_flow(queue_stream_call(self.ctx, self.app)), self.transport)
            if deadline is not None and not self._stream.wait(remaining(deadline)):
                raise job_timeout_error()
            try:
                message = next(self._stream)
            except StopIteration:
                self._stream = None
                self._stream_ended()
                continue
            except errors.LiteClientError as exc:
                self.close_stream()
                self.router.fail_all(exc)
                return
            if self._routed(message):
                self._drain()

    def _drain(self) -> None:
        """After ``close_stream``: read the body to its end so the connection can be reused."""
        stream, self._stream = self._stream, None
        if stream is None:
            return
        try:
            for _ in stream:
                pass
        except errors.LiteClientError:
            stream.close()

    def close_stream(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            stream.close()

    def close(self) -> None:
        self.close_stream()
        heartbeat, self._heartbeat = self._heartbeat, None
        if heartbeat is not None:
            heartbeat.close()


class AsyncSession(_SessionBase):
    def __init__(self, ctx: GradioContext, app: AppInfo, transport: AsyncTransport) -> None:
        super().__init__(ctx, app)
        self.transport = transport
        self._stream: AsyncStream[dict[str, Any]] | None = None
        self._heartbeat: Response | None = None
        self._lock = asyncio.Lock()

    async def ensure_heartbeat(self) -> None:
        if not self.app.config.connect_heartbeat or self._heartbeat is not None:
            return
        try:
            self._heartbeat = await self.transport.send(heartbeat_request(self.ctx, self.app))
        except errors.TransportError:
            self._heartbeat = None

    async def pump_until(self, done: Callable[[], bool], deadline: float | None = None) -> None:
        """Read and route messages until ``done()``; past ``deadline`` raise the job timeout.
        Neither that nor the cancellation of the waiting coroutine loses a message: the read of
        the shared stream goes on in its own task (``AsyncStream.wait``)."""
        while not done():
            if not self.router.pending():
                return
            if expired(deadline):
                raise job_timeout_error()
            try:
                async with asyncio.timeout(remaining(deadline)):
                    await self._lock.acquire()
            except TimeoutError:
                raise job_timeout_error() from None
            try:
                if done():
                    return
                await self._read_one(deadline)
            finally:
                self._lock.release()

    async def _read_one(self, deadline: float | None) -> None:
        if not self.router.pending():
            return
        if self._stream is None:
            self._got_message = False
            self._stream = await aopen_stream(_as_flow(queue_stream_call(self.ctx, self.app)), self.transport)
        if not await self._stream.wait(remaining(deadline)):
            raise job_timeout_error()
        try:
            message = await self._stream.__anext__()
        except StopAsyncIteration:
            self._stream = None
            self._stream_ended()
            return
        except errors.LiteClientError as exc:
            await self.close_stream()
            self.router.fail_all(exc)
            return
        if self._routed(message):
            await self._drain()

    async def _drain(self) -> None:
        stream, self._stream = self._stream, None
        if stream is None:
            return
        try:
            async for _ in stream:
                pass
        except errors.LiteClientError:
            await stream.aclose()

    async def close_stream(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            await stream.aclose()

    async def aclose(self) -> None:
        await self.close_stream()
        heartbeat, self._heartbeat = self._heartbeat, None
        if heartbeat is not None:
            await heartbeat.aclose()
