"""Jobs: :class:`Job` (sync) and :class:`AsyncJob` (async), returned by ``submit()``.

Iterating a job yields its updates in order: :class:`StatusUpdate` (queue rank / size / ETA,
process start, ``gr.Progress`` data, ``gr.Info``/``gr.Warning`` logs, finish) and
:class:`DataUpdate` (every generator step, diffs applied, then the final outputs). Updates are
kept until iterated, so iterating after ``result()`` still replays them.

``result(timeout)`` waits for the final outputs (raising the app's error, typed);
``outputs()`` lists every output so far; ``status()`` is the latest status (no waiting);
``cancel()`` asks the server to cancel the event (``POST {api_prefix}/cancel``). When
``result(timeout)`` runs out of time it raises :class:`~lite_client.errors.RequestTimeoutError`
(a ``TimeoutError``) and the job goes on: nothing it sent is lost, and ``result()`` can be asked
again.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any, Protocol

from .. import errors
from .._deadline import deadline_after, remaining
from .._flow import Flow, StreamCall, aopen_stream, arun_flow, open_stream, run_flow
from .._streaming import AsyncStream, Stream
from ..transports import AsyncTransport, Transport
from ._models import Status, StatusUpdate
from ._queue import DataUpdate, JobState
from ._session import job_timeout_error

__all__ = ["AsyncJob", "Job"]

Update = StatusUpdate | DataUpdate


class _SyncPump(Protocol):
    def pump_until(self, done: Callable[[], bool], deadline: float | None = None) -> None: ...


class _AsyncPump(Protocol):
    async def pump_until(self, done: Callable[[], bool], deadline: float | None = None) -> None: ...


def _call_message(event: str, data: Any) -> dict[str, Any] | None:
    """A ``/call`` stream event as the equivalent queue message."""
    if event == "generating":
        return {"msg": "process_generating", "output": {"data": data}, "success": True}
    if event == "complete":
        return {"msg": "process_completed", "output": {"data": data}, "success": True}
    if event == "error":
        return {"msg": "process_completed", "output": data if isinstance(data, dict) else {"error": data},
                "success": False}
    return None


def _call_ended(state: JobState) -> None:
    state.fail(errors.StreamInterruptedError("The /call stream ended before a result."))


def _call_event(state: JobState, item: tuple[str, Any]) -> None:
    message = _call_message(*item)
    if message is not None:
        state.handle(message)


class SyncCallPump:
    """Reads the private stream of a ``/call`` job into its state."""

    def __init__(self, state: JobState, flow: Flow[StreamCall[Any]], transport: Transport) -> None:
        self.state = state
        self.stream: Stream[Any] = open_stream(flow, transport)

    def pump_until(self, done: Callable[[], bool], deadline: float | None = None) -> None:
        while not done():
            if not self.stream.wait(remaining(deadline)):
                raise job_timeout_error()
            try:
                item = next(self.stream)
            except StopIteration:
                _call_ended(self.state)
                return
            except errors.LiteClientError as exc:
                self.state.fail(exc)
                return
            _call_event(self.state, item)


class AsyncCallPump:
    def __init__(self, state: JobState, stream: AsyncStream[Any]) -> None:
        self.state = state
        self.stream = stream

    @classmethod
    async def open(cls, state: JobState, flow: Flow[StreamCall[Any]], transport: AsyncTransport) -> AsyncCallPump:
        return cls(state, await aopen_stream(flow, transport))

    async def pump_until(self, done: Callable[[], bool], deadline: float | None = None) -> None:
        while not done():
            if not await self.stream.wait(remaining(deadline)):
                raise job_timeout_error()
            try:
                item = await self.stream.__anext__()
            except StopAsyncIteration:
                _call_ended(self.state)
                return
            except errors.LiteClientError as exc:
                self.state.fail(exc)
                return
            _call_event(self.state, item)


class _JobBase:
    def __init__(self, state: JobState, cancel_flow: Callable[[], Flow[bool]] | None) -> None:
        self._state = state
        self._cancel_flow = cancel_flow

    @property
    def event_id(self) -> str:
        return self._state.event_id

    def status(self) -> StatusUpdate:
        """The latest known status (does not wait)."""
        return self._state.status

    def outputs(self) -> list[Any]:
        """Every output received so far (each generator step, then the final one)."""
        return list(self._state.outputs)

    def done(self) -> bool:
        """True once the event completed, failed or was cancelled (does not wait)."""
        return self._state.done

    def running(self) -> bool:
        """True while the event is being processed (``concurrent.futures.Future`` naming)."""
        return not self._state.done and self._state.status.code == Status.PROCESSING

    def cancelled(self) -> bool:
        return self._state.cancelled

    def exception(self) -> Exception | None:
        """The error the event ended with, if it has ended with one (does not wait)."""
        return self._state.error

    def _final(self) -> Any:
        if self._state.error is not None:
            raise self._state.error
        return self._state.result

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.event_id} {self._state.status.code.value}>"


class Job(_JobBase):
    """A submitted call (sync). Iterate it for updates; ``result()`` for the final outputs."""

    def __init__(self, state: JobState, pump: _SyncPump, transport: Transport,
                 cancel_flow: Callable[[], Flow[bool]] | None = None) -> None:
        super().__init__(state, cancel_flow)
        self._pump = pump
        self._transport = transport

    def __iter__(self) -> Iterator[Update]:
        state = self._state
        while True:
            if state.updates:
                yield state.updates.popleft()
                continue
            if state.done:
                return
            self._pump.pump_until(lambda: bool(state.updates) or state.done)

    def result(self, timeout: float | None = None) -> Any:
        """Wait for the final outputs; raise the app's error (typed) if it failed."""
        state = self._state
        self._pump.pump_until(lambda: state.done, deadline_after(timeout))
        return self._final()

    def cancel(self) -> bool:
        """Ask the server to cancel this job; ``False`` if it had already finished."""
        if self._state.done or self._cancel_flow is None:
            return False
        return run_flow(self._cancel_flow(), self._transport)


class AsyncJob(_JobBase):
    """A submitted call (async). ``async for update in job``; ``await job.result()``."""

    def __init__(self, state: JobState, pump: _AsyncPump, transport: AsyncTransport,
                 cancel_flow: Callable[[], Flow[bool]] | None = None) -> None:
        super().__init__(state, cancel_flow)
        self._pump = pump
        self._transport = transport

    async def __aiter__(self) -> AsyncIterator[Update]:
        state = self._state
        while True:
            if state.updates:
                yield state.updates.popleft()
                continue
            if state.done:
                return
            await self._pump.pump_until(lambda: bool(state.updates) or state.done)

    async def result(self, timeout: float | None = None) -> Any:
        state = self._state
        await self._pump.pump_until(lambda: state.done, deadline_after(timeout))
        return self._final()

    def __await__(self) -> Any:
        return self.result().__await__()

    async def cancel(self) -> bool:
        if self._state.done or self._cancel_flow is None:
            return False
        return await arun_flow(self._cancel_flow(), self._transport)
