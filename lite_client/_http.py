"""Plain HTTP value types shared by every layer: :class:`Request` and :class:`Response`.

This module does no I/O. A transport turns a :class:`Request` into a :class:`Response` whose body
is a byte stream (sync or async, depending on the transport); everything above the transport works
on these two types only.
"""

from __future__ import annotations

import contextlib
import email.utils
import json
import time
from collections.abc import (
    AsyncGenerator,
    AsyncIterator,
    Callable,
    Generator,
    Iterable,
    Iterator,
    Mapping,
)
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable
from urllib.parse import urlsplit

from . import errors
from .errors import redact

__all__ = [
    "AsyncByteStream",
    "Request",
    "Response",
    "SyncByteStream",
    "error_for_status",
    "parse_retry_after",
]

REQUEST_ID_HEADERS = ("x-request-id", "x-amzn-trace-id", "x-amz-cf-id")


@runtime_checkable
class SyncByteStream(Protocol):
    """A response body read chunk by chunk. It must be closed once done (or read to the end)."""

    def __iter__(self) -> Iterator[bytes]: ...

    def close(self) -> None: ...


@runtime_checkable
class AsyncByteStream(Protocol):
    """The async twin of :class:`SyncByteStream`."""

    def __aiter__(self) -> AsyncIterator[bytes]: ...

    async def aclose(self) -> None: ...


@dataclass(slots=True)
class Request:
    """An HTTP request as plain data.

    ``headers`` keys are lower-case. ``timeout`` is the longest wait, in seconds, for the response
    headers and then for each new piece of the body (``None``: wait for ever). ``stream`` tells the
    transport that the caller will read the body incrementally. ``credentials`` is the fetch
    credentials mode used in browsers (``"same-origin"``, ``"include"`` or ``"omit"``).
    """

    method: str
    url: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    timeout: float | None = None
    stream: bool = False
    credentials: str = "same-origin"
    # Optional upload progress callback ``(sent_bytes, total_bytes)``; transports that cannot
    # observe progress call it once at the end.
    on_upload_progress: Callable[[int, int], None] | None = None

    def __post_init__(self) -> None:
        self.method = self.method.upper()
        self.headers = {k.lower(): v for k, v in self.headers.items()}

    @property
    def host(self) -> str:
        return (urlsplit(self.url).hostname or "").lower()

    def __repr__(self) -> str:
        return f"<Request {self.method} {redact(self.url)}>"


class Response:
    """An HTTP response whose body has not necessarily been read yet.

    Read it once, whole (``read`` / ``aread``) or as chunks (``iter_bytes`` / ``aiter_bytes``), and
    close it (``close`` / ``aclose``) if you stop early. ``headers`` keys are lower-case; repeated
    headers are joined with ``", "`` except ``set-cookie``, kept whole in ``set_cookies``.
    """

    def __init__(
        self,
        status: int,
        headers: Iterable[tuple[str, str]] | Mapping[str, str] = (),
        *,
        request: Request | None = None,
        url: str | None = None,
        stream: SyncByteStream | AsyncByteStream | Iterable[bytes] | None = None,
        content: bytes | None = None,
        reason: str = "",
    ) -> None:
        self.status = status
        self.reason = reason
        self.request = request
        self.url = url if url is not None else (request.url if request else "")
        items = headers.items() if isinstance(headers, Mapping) else headers
        self.headers: dict[str, str] = {}
        self.set_cookies: list[str] = []
        for key, value in items:
            key = key.lower()
            if key == "set-cookie":
                self.set_cookies.append(value)
            elif key in self.headers:
                self.headers[key] = f"{self.headers[key]}, {value}"
            else:
                self.headers[key] = value
        self._stream = stream
        self._content = content
        self._consumed = content is not None

    def __repr__(self) -> str:
        return f"<Response [{self.status}] {redact(self.url)}>"

    # -- metadata -------------------------------------------------------------------------------
    @property
    def is_success(self) -> bool:
        return 200 <= self.status < 300

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def request_id(self) -> str | None:
        for name in REQUEST_ID_HEADERS:
            if name in self.headers:
                return self.headers[name]
        return None

    # -- body, sync -------------------------------------------------------------------------------
    def iter_bytes(self) -> Generator[bytes, None, None]:
        """Yield the body in the chunks the transport delivers. Closes the stream at the end."""
        if self._content is not None:
            if self._content:
                yield self._content
            return
        if self._consumed:
            raise errors.ProtocolError("The response body was already consumed.")
        self._consumed = True
        stream = self._stream
        if stream is None:
            return
        if isinstance(stream, AsyncByteStream) and not isinstance(stream, Iterable):
            raise errors.UnsupportedRuntimeError("This response comes from an async transport; use aiter_bytes().")
        try:
            for chunk in stream:
                if chunk:
                    yield bytes(chunk)
        finally:
            self.close()

    def read(self) -> bytes:
        if self._content is None:
            self._content = b"".join(self.iter_bytes())
        return self._content

    def close(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None and hasattr(stream, "close"):
            stream.close()

    def poll(self, timeout: float) -> bool:
        """Wait at most ``timeout`` seconds for more of the body (or its end) to be readable
        without blocking; ``False`` if nothing came. Nothing is read. Bodies whose transport
        cannot tell say ``True`` at once (the next read then blocks as usual)."""
        stream = self._stream
        if self._content is not None or stream is None:
            return True
        poll = getattr(stream, "poll", None)
        return True if poll is None else bool(poll(timeout))

    # -- body, async ------------------------------------------------------------------------------
    async def aiter_bytes(self) -> AsyncGenerator[bytes, None]:
        if self._content is not None:
            if self._content:
                yield self._content
            return
        if self._consumed:
            raise errors.ProtocolError("The response body was already consumed.")
        self._consumed = True
        stream = self._stream
        if stream is None:
            return
        try:
            if isinstance(stream, AsyncByteStream):
                async for chunk in stream:
                    if chunk:
                        yield bytes(chunk)
            else:
                for chunk in stream:  # a sync stream is acceptable in async code (tests, mocks)
                    if chunk:
                        yield bytes(chunk)
        finally:
            await self.aclose()

    async def aread(self) -> bytes:
        if self._content is None:
            self._content = b"".join([c async for c in self.aiter_bytes()])
        return self._content

    async def aclose(self) -> None:
        stream, self._stream = self._stream, None
        if stream is None:
            return
        if isinstance(stream, AsyncByteStream):
            await stream.aclose()
        elif hasattr(stream, "close"):
            stream.close()

    # -- decoded body (after read) ------------------------------------------------------------------
    @property
    def content(self) -> bytes:
        if self._content is None:
            raise errors.ProtocolError("The response body has not been read yet.")
        return self._content

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        try:
            return json.loads(self.content)
        except (ValueError, UnicodeDecodeError) as exc:
            snippet = self.content[:200].decode("utf-8", errors="replace")
            raise errors.ProtocolError(
                f"Expected JSON from {self.url} (HTTP {self.status}), got: {snippet!r}"
            ) from exc


# -- status → error mapping (pure) ------------------------------------------------------------------

_STATUS_ERRORS: dict[int, type[errors.HTTPStatusError]] = {
    400: errors.BadRequestError,
    401: errors.AuthenticationError,
    403: errors.PermissionDeniedError,
    404: errors.NotFoundError,
    409: errors.ConflictError,
    413: errors.PayloadTooLargeError,
    422: errors.UnprocessableEntityError,
    429: errors.RateLimitError,
    503: errors.ServiceUnavailableError,
}


def _message_from_json(data: Any) -> str | None:
    """Find the human message in the error bodies servers send (see inference-protocol.md §8)."""
    if isinstance(data, str):
        return data
    if isinstance(data, list):
        parts = [_message_from_json(item) for item in data]
        return "; ".join(p for p in parts if p) or None
    if not isinstance(data, dict):
        return None
    for key in ("error", "detail", "message", "error_description", "errors"):
        if key in data and data[key] is not None:
            value = data[key]
            if isinstance(value, dict):
                inner = value.get("message") or value.get("error") or value.get("msg")
                if inner is not None:
                    return _message_from_json(inner)
                return json.dumps(value)[:500]
            if isinstance(value, list):
                msgs = []
                for item in value:
                    if isinstance(item, dict):
                        msg = item.get("message") or item.get("msg")
                        loc = item.get("loc")
                        if msg:
                            msgs.append(f"{msg} ({'.'.join(map(str, loc))})" if loc else str(msg))
                    elif item is not None:
                        msgs.append(str(item))
                return "; ".join(msgs) or None
            return str(value)
    return None


def server_message(status: int, headers: Mapping[str, str], body: bytes) -> tuple[str | None, Any]:
    """Return (message, parsed JSON body or None) for an error response."""
    parsed: Any = None
    if headers.get("x-error-message"):
        with contextlib.suppress(ValueError):
            parsed = json.loads(body) if body else None
        return headers["x-error-message"], parsed
    text = body[:4096].decode("utf-8", errors="replace").strip()
    parsed = None
    try:
        parsed = json.loads(body) if body else None
    except ValueError:
        parsed = None
    if parsed is not None:
        msg = _message_from_json(parsed)
        if msg:
            return msg, parsed
    ctype = headers.get("content-type", "")
    if "html" in ctype or text.lstrip().lower().startswith(("<!doctype", "<html")):
        return None, parsed  # an HTML error page says nothing useful; keep it out of the message
    return (text[:500] or None), parsed


def error_for_status(
    status: int, headers: Mapping[str, str], body: bytes, url: str, *, context: str = ""
) -> errors.HTTPStatusError:
    """Build the typed error for an error response (pure; the caller raises it)."""
    msg, parsed = server_message(status, headers, body)
    cls = _STATUS_ERRORS.get(status)
    if cls is None:
        cls = errors.ServerError if status >= 500 else errors.HTTPStatusError
    if status == 503 and isinstance(parsed, dict) and "estimated_time" in parsed:
        cls = errors.ModelLoadingError
    request_id = next((headers[h] for h in REQUEST_ID_HEADERS if h in headers), None)
    parts = [f"HTTP {status}"]
    if context:
        parts.append(context)
    parts.append(f"for {redact(url)}")
    message = " ".join(parts)
    if msg:
        message += f": {msg}"
    if status == 429:
        retry = parse_retry_after(headers)
        if retry is not None:
            message += f" (retry after {retry:g} s)"
    if request_id:
        message += f" (Request ID: {request_id})"
    return cls(
        message,
        status=status,
        url=url,
        server_message=msg,
        request_id=request_id,
        headers=dict(headers),
        body=body[:4096].decode("utf-8", errors="replace"),
        details=parsed,
    )


def parse_retry_after(headers: Mapping[str, str], *, now: float | None = None) -> float | None:
    """Seconds to wait from ``Retry-After`` (delta or HTTP date) or a ``RateLimit`` ``t=`` field."""
    value = headers.get("retry-after")
    if value:
        value = value.strip()
        try:
            return max(0.0, float(value))
        except ValueError:
            try:
                when = email.utils.parsedate_to_datetime(value).timestamp()
            except (TypeError, ValueError):
                return None
            return max(0.0, when - (time.time() if now is None else now))
    ratelimit = headers.get("ratelimit")
    if ratelimit and ";r=0" in ratelimit.replace(" ", ""):
        for part in ratelimit.split(";"):
            part = part.strip()
            if part.startswith("t="):
                try:
                    return max(0.0, float(part[2:]))
                except ValueError:
                    return None
    return None
