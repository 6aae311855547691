"""Incremental Server-Sent Events decoder (sans-IO), following the WHATWG HTML specification.

https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation

Feed it bytes as they arrive, in chunks split anywhere (inside a CRLF pair or a UTF-8 character
included); it returns the events completed by each chunk::

    decoder = SSEDecoder()
    for chunk in body:
        for event in decoder.feed(chunk):
            ...
    for event in decoder.flush():   # end of body
        ...

Lines are split on the raw bytes (CRLF, LF or CR), which is safe because no multi-byte UTF-8
sequence contains 0x0A or 0x0D; each complete line is then decoded as UTF-8 (invalid sequences
become U+FFFD, as the specification says).

One deliberate deviation: at end of body, :meth:`SSEDecoder.flush` dispatches an event whose
terminating blank line never came, instead of discarding it silently. Callers decide whether such
a trailing event is acceptable (``ServerSentEvent.terminated`` is ``False`` for it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .errors import ProtocolError

__all__ = ["SSEDecoder", "ServerSentEvent"]

_BOM = b"\xef\xbb\xbf"
DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ServerSentEvent:
    """One dispatched event. ``event`` defaults to ``"message"``; ``id`` is the last event id."""

    data: str
    event: str = "message"
    id: str = ""
    retry: int | None = None
    terminated: bool = True

    def json(self) -> Any:
        """Parse ``data`` as JSON, raising :class:`~lite_client.errors.ProtocolError` if it is not."""
        try:
            return json.loads(self.data)
        except ValueError as exc:
            raise ProtocolError(f"Malformed JSON in server-sent event: {self.data[:200]!r}") from exc


class SSEDecoder:
    """Turn a byte stream into :class:`ServerSentEvent` objects. Pure: no I/O, no clock."""

    def __init__(self, *, max_line_bytes: int = DEFAULT_MAX_LINE_BYTES) -> None:
        self._buffer = bytearray()
        self._started = False
        self._data: list[str] = []
        self._has_data = False
        self._event = ""
        self._last_id = ""
        self._retry: int | None = None
        self._max_line_bytes = max_line_bytes
        self.comments = 0  # number of ':' comment lines seen (keep-alives)

    @property
    def last_event_id(self) -> str:
        return self._last_id

    @property
    def retry(self) -> int | None:
        """The last valid ``retry:`` value in milliseconds."""
        return self._retry

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        """Add bytes; return the events they complete."""
        if not chunk:
            return []
        buf = self._buffer
        if not self._started:
            buf += chunk
            if len(buf) < len(_BOM) and _BOM.startswith(bytes(buf)):
                return []
            if buf.startswith(_BOM):
                del buf[: len(_BOM)]
            self._started = True
            if b"\n" not in buf and b"\r" not in buf:
                self._check_size()
                return []
        else:
            buf += chunk
            if b"\n" not in chunk and b"\r" not in chunk:
                self._check_size()
                return []
        return self._drain(final=False)

    def flush(self) -> list[ServerSentEvent]:
        """Signal end of body: finish a trailing line and dispatch a pending event, if any."""
        events = self._drain(final=True)
        if self._buffer:
            events.extend(self._line(bytes(self._buffer)))
            self._buffer.clear()
        if self._has_data:
            events.append(self._dispatch(terminated=False))
        self._event = ""
        return events

    # -- internals ----------------------------------------------------------------------------------
    def _check_size(self) -> None:
        if len(self._buffer) > self._max_line_bytes:
            size = len(self._buffer)
            self._buffer.clear()
            raise ProtocolError(
                f"Server-sent event line longer than {self._max_line_bytes} bytes ({size} bytes)."
            )

    def _drain(self, *, final: bool) -> list[ServerSentEvent]:
        buf = self._buffer
        lines = bytes(buf).splitlines(keepends=True)
        if not lines:
            return []
        rest = b""
        last = lines[-1]
        if not last.endswith((b"\n", b"\r")) or (last.endswith(b"\r") and not final):
            # Incomplete line, or a CR that may be the first half of a CRLF split across chunks.
            rest = lines.pop()
        buf.clear()
        buf += rest
        self._check_size()
        events: list[ServerSentEvent] = []
        for raw in lines:
            events.extend(self._line(raw.rstrip(b"\r\n")))
        return events

    def _line(self, raw: bytes) -> list[ServerSentEvent]:
        if not raw:
            if not self._has_data:
                self._event = ""
                return []
            return [self._dispatch(terminated=True)]
        line = raw.decode("utf-8", errors="replace")
        if line.startswith(":"):
            self.comments += 1
            return []
        name, sep, value = line.partition(":")
        if sep and value.startswith(" "):
            value = value[1:]
        if name == "data":
            self._data.append(value)
            self._has_data = True
        elif name == "event":
            self._event = value
        elif name == "id":
            if "\0" not in value:
                self._last_id = value
        elif name == "retry" and value.isascii() and value.isdigit():
            self._retry = int(value)
        return []

    def _dispatch(self, *, terminated: bool) -> ServerSentEvent:
        event = ServerSentEvent(
            data="\n".join(self._data),
            event=self._event or "message",
            id=self._last_id,
            retry=self._retry,
            terminated=terminated,
        )
        self._data = []
        self._has_data = False
        self._event = ""
        return event
