"""The queue message state machine (pure): SSE bytes → messages → per-job state.

One ``queue/data`` stream carries the messages of every event of a session (reference §6.2).
:class:`SessionRouter` routes each message by ``event_id`` to its :class:`JobState`, keeping
messages for events whose join answer has not been seen yet, and reports the end of the stream
(``close_stream``). :class:`JobState` turns messages into status and data updates, applies the
generator diffs and records the final result or error.
"""

from __future__ import annotations

import json
import time
from collections import deque
from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from .. import errors
from .._sse import SSEDecoder
from ._diff import apply_output_diffs
from ._models import LogMessage, ProgressUnit, Status, StatusUpdate
from .errors import (
    AppError,
    HiddenAppError,
    JobCancelledError,
    ServerStoppedError,
    SessionNotFoundError,
)

__all__ = ["DataUpdate", "JobState", "QueueMessageDecoder", "SessionRouter", "app_error"]

HIDDEN_ERROR = ("The Gradio app raised an exception but does not show error details "
                "(the app can set launch(show_error=True) to show them).")


class DataUpdate(BaseModel):
    """New outputs of a job: each generator step (``final=False``) and the final result."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    type: Literal["data"] = "data"
    data: Any = None
    final: bool = False
    time: float | None = None


Event = StatusUpdate | DataUpdate


class QueueMessageDecoder:
    """Decoder for ``queue/data``: each ``data:`` frame parsed as a JSON object."""

    finished = False

    def __init__(self) -> None:
        self._sse = SSEDecoder()

    def _parse(self, events: list[Any]) -> list[dict[str, Any] | errors.LiteClientError]:
        out: list[dict[str, Any] | errors.LiteClientError] = []
        for event in events:
            if not event.data:
                continue
            try:
                message = json.loads(event.data)
            except ValueError:
                out.append(errors.ProtocolError(f"Malformed JSON on the Gradio queue stream: {event.data[:200]!r}"))
                continue
            if isinstance(message, dict):
                out.append(message)
        return out

    def feed(self, chunk: bytes) -> list[dict[str, Any] | errors.LiteClientError]:
        return self._parse(self._sse.feed(chunk))

    def end(self) -> list[dict[str, Any] | errors.LiteClientError]:
        return self._parse(self._sse.flush())


def app_error(output: Any, title: Any = None) -> AppError:
    """The typed error for a failed ``process_completed`` (or an ``/call`` error event)."""
    if not isinstance(output, dict):
        output = {"error": output if isinstance(output, str) else None}
    message = output.get("error")
    title = output.get("title") or title
    if not message:
        return HiddenAppError(HIDDEN_ERROR, title=title, payload=output)
    duration = output.get("duration")
    return AppError(str(message), title=title, payload=output,
                    duration=float(duration) if isinstance(duration, int | float) else None,
                    visible=output.get("visible"))


class JobState:
    """Everything known about one event: updates not yet consumed, outputs, result or error.

    ``shape`` turns a raw ``output.data`` list into what the user sees.
    """

    def __init__(self, event_id: str, shape: Callable[[list[Any]], Any], *, applies_diffs: bool = True) -> None:
        self.event_id = event_id
        self._shape = shape
        self._applies_diffs = applies_diffs
        self._raw: list[Any] | None = None
        self.updates: deque[Event] = deque()
        self.outputs: list[Any] = []
        self.status = StatusUpdate(code=Status.JOINING_QUEUE, time=time.time())
        self.done = False
        self.cancelled = False
        self.result: Any = None
        self.error: Exception | None = None
        self.keep_updates = True

    def _status(self, code: Status, **fields: Any) -> None:
        self.status = StatusUpdate(code=code, time=time.time(), **fields)
        if self.keep_updates:
            self.updates.append(self.status)

    def _data(self, raw: list[Any], *, final: bool) -> None:
        shaped = self._shape(raw)
        self.outputs.append(shaped)
        if self.keep_updates:
            self.updates.append(DataUpdate(data=shaped, final=final, time=time.time()))
        if final:
            self.result = shaped

    def fail(self, error: Exception) -> None:
        if not self.done:
            self.done = True
            self.error = error
            self._status(Status.FINISHED, success=False)

    def handle(self, message: dict[str, Any]) -> None:
        """Apply one queue message. A malformed one fails the job with a
        :class:`~lite_client.errors.ProtocolError` (never a bare ``TypeError`` / validation error)."""
        if self.done:
            return
        try:
            self._handle(message)
        except (ValidationError, AttributeError, TypeError, ValueError, KeyError, IndexError) as exc:
            self.fail(errors.ProtocolError(
                f"Malformed Gradio queue message {str(message.get('msg'))[:40]!r}: {type(exc).__name__}: "
                f"{str(exc)[:200]}"))

    def _handle(self, message: dict[str, Any]) -> None:
        kind = message.get("msg")
        if kind == "estimation":
            self._status(Status.IN_QUEUE, rank=message.get("rank"), queue_size=message.get("queue_size"),
                         eta=message.get("rank_eta"))
        elif kind == "process_starts":
            self._status(Status.PROCESSING, eta=message.get("eta"))
        elif kind == "progress":
            units = [ProgressUnit.model_validate(u) for u in message.get("progress_data") or []]
            self._status(Status.PROGRESS, progress_data=units)
        elif kind == "log":
            log = LogMessage.model_validate({k: v for k, v in message.items() if k in LogMessage.model_fields})
            self._status(Status.LOG, log=log)
        elif kind in ("process_generating", "process_streaming"):
            data = (message.get("output") or {}).get("data") or []
            if self._applies_diffs:
                self._raw = apply_output_diffs(self._raw, data)
            else:
                self._raw = list(data)
            self._status(Status.ITERATING, success=message.get("success"))
            self._data(self._raw, final=False)
        elif kind == "process_completed":
            self._completed(message)
        elif kind == "unexpected_error":
            self.fail(stream_error(message))

    def _completed(self, message: dict[str, Any]) -> None:
        output = message.get("output")
        success = message.get("success", True)
        self.done = True
        if not success:
            self.error = app_error(output, message.get("title"))
            self._status(Status.FINISHED, success=False)
        elif isinstance(output, dict) and "data" in output:
            self._data(list(output["data"] or []), final=True)
            self._status(Status.FINISHED, success=True)
        else:  # cancelled: success with an empty output (reference §8)
            self.cancelled = True
            self.error = JobCancelledError("The job was cancelled.")
            self._status(Status.CANCELLED, success=True)


def stream_error(message: dict[str, Any]) -> errors.LiteClientError:
    text = str(message.get("message") or "unexpected error on the Gradio queue stream")
    if message.get("session_not_found"):
        return SessionNotFoundError(
            f"The Gradio server does not know this session any more ({text}); "
            "the result is lost (was the stream closed while a job was running?).", payload=message)
    return ServerStoppedError(f"The Gradio server reported: {text}", payload=message)


class SessionRouter:
    """Routes the messages of one session's stream to its jobs (pure, shared by sync and async)."""

    def __init__(self) -> None:
        self.jobs: dict[str, JobState] = {}
        self._unclaimed: dict[str, list[dict[str, Any]]] = {}

    def register(self, job: JobState) -> None:
        self.jobs[job.event_id] = job
        for message in self._unclaimed.pop(job.event_id, []):
            job.handle(message)
        if job.done:
            self.jobs.pop(job.event_id, None)

    def pending(self) -> bool:
        return bool(self.jobs)

    def route(self, message: dict[str, Any]) -> bool:
        """Handle one message; ``True`` when the stream has ended (``close_stream``, or a
        stream-level ``unexpected_error``, which fails every pending job)."""
        kind = message.get("msg")
        event_id = message.get("event_id")
        if kind == "heartbeat":
            return False
        if kind == "close_stream":
            return True
        if event_id is None:
            if kind == "unexpected_error":
                self.fail_all(stream_error(message))
                return True
            return False
        if not isinstance(event_id, str):
            return False  # no job has such an id (event ids are strings): nothing can claim it
        job = self.jobs.get(event_id)
        if job is None:
            self._unclaimed.setdefault(event_id, []).append(message)
            return False
        job.handle(message)
        if job.done:
            del self.jobs[event_id]
        return False

    def fail_all(self, error: Exception) -> None:
        for job in list(self.jobs.values()):
            job.fail(error)
        self.jobs.clear()
