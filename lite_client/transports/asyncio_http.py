"""Async HTTP/1.1 transport on asyncio streams (CPython), with keep-alive per host.

No threads: hundreds of concurrent streams cost one socket each, not one thread each. It speaks
the subset of HTTP/1.1 a client needs: Content-Length, chunked and read-until-close bodies,
keep-alive reuse once a body was read to the end, and a one-time retry when a pooled connection
turns out to be stale before any response byte arrived. Timeouts apply to connecting, to the
response headers and to each body read.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import AsyncIterator, Awaitable
from typing import TypeVar

from .. import errors
from .._h1 import (
    MAX_HEAD_BYTES,
    BodyFramer,
    ConnectionKey,
    ResponseHead,
    encode_request,
    parse_head,
)
from .._http import Request, Response

__all__ = ["AsyncioTransport"]

T = TypeVar("T")
_CHUNK = 64 * 1024


class _Conn:
    __slots__ = ("key", "reader", "writer")

    def __init__(self, key: ConnectionKey, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.key = key
        self.reader = reader
        self.writer = writer

    def close(self) -> None:
        self.writer.close()


async def _wait(awaitable: Awaitable[T], timeout: float | None, url: str, what: str) -> T:
    """Await with a timeout. ``asyncio.timeout`` (no extra task, unlike ``wait_for``) keeps
    per-chunk reads cheap; with no timeout the awaitable is awaited directly."""
    if timeout is None:
        return await awaitable
    try:
        async with asyncio.timeout(timeout):
            return await awaitable
    except TimeoutError as exc:
        raise errors.RequestTimeoutError(f"Timed out after {timeout} s waiting for {what} from {url}", url=url) from exc


class _Body:
    """Async body: the bytes after the head through :class:`~lite_client._h1.BodyFramer`."""

    def __init__(self, transport: AsyncioTransport, conn: _Conn, framer: BodyFramer, timeout: float | None,
                 url: str) -> None:
        self._transport = transport
        self._conn: _Conn | None = conn
        self._framer = framer
        self._timeout = timeout
        self._url = url

    async def _read(self) -> bytes:
        assert self._conn is not None
        try:
            data = await _wait(self._conn.reader.read(_CHUNK), self._timeout, self._url, "more of the body")
        except errors.RequestTimeoutError:
            raise
        except (ConnectionError, OSError) as exc:
            raise self._interrupted(exc) from exc
        assert isinstance(data, bytes)
        return data

    def _interrupted(self, exc: BaseException | None = None) -> errors.StreamInterruptedError:
        reason = f" ({type(exc).__name__})" if exc else ""
        return errors.StreamInterruptedError(
            f"The connection to {self._url} ended before the response was complete{reason}.", url=self._url
        )

    async def __aiter__(self) -> AsyncIterator[bytes]:
        framer = self._framer
        try:
            # One network read may hold many chunks (a burst of SSE events): all are framed at once.
            while not framer.done:
                data = await self._read()
                if not data:
                    if framer.end_of_input():
                        break
                    raise self._interrupted()
                payload = framer.feed(data)
                if payload:
                    yield payload
        except BaseException:
            self._discard()
            raise
        conn, self._conn = self._conn, None
        if conn is not None:
            if framer.reusable:
                self._transport._release(conn)
            else:
                conn.close()

    def _discard(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()

    async def aclose(self) -> None:
        self._discard()


class AsyncioTransport:
    """Async transport on ``asyncio.open_connection``; keeps ``max_idle_per_host`` idle connections."""

    def __init__(self, *, ssl_context: ssl.SSLContext | None = None, max_idle_per_host: int = 32) -> None:
        self._ssl_context = ssl_context
        self._max_idle = max_idle_per_host
        self._idle: dict[ConnectionKey, list[_Conn]] = {}

    def __repr__(self) -> str:
        return "AsyncioTransport()"

    def _release(self, conn: _Conn) -> None:
        pool = self._idle.setdefault(conn.key, [])
        if len(pool) < self._max_idle and not conn.reader.at_eof():
            pool.append(conn)
        else:
            conn.close()

    async def _connect(self, key: ConnectionKey, request: Request) -> tuple[_Conn, bool]:
        pool = self._idle.get(key)
        while pool:
            conn = pool.pop()
            if not conn.reader.at_eof() and not conn.writer.is_closing():
                return conn, True
            conn.close()
        scheme, host, port = key
        context = (self._ssl_context or ssl.create_default_context()) if scheme == "https" else None
        try:
            opened = await _wait(asyncio.open_connection(host, port, ssl=context, limit=MAX_HEAD_BYTES),
                                 request.timeout, request.url, "a connection")
        except errors.RequestTimeoutError:
            raise
        except (OSError, ssl.SSLError) as exc:
            raise errors.ConnectError(f"Could not connect to {request.url}: {exc}", url=request.url) from exc
        assert isinstance(opened, tuple)
        stream_reader, stream_writer = opened
        return _Conn(key, stream_reader, stream_writer), False

    async def send(self, request: Request) -> Response:
        key, payload = encode_request(request)
        for attempt in (0, 1):
            conn, reused = await self._connect(key, request)
            try:
                conn.writer.write(payload)
                await _wait(conn.writer.drain(), request.timeout, request.url, "the request to be sent")
                head = await self._read_head(conn, request)
            except (asyncio.IncompleteReadError, ConnectionError) as exc:
                conn.close()
                if reused and attempt == 0 and not (isinstance(exc, asyncio.IncompleteReadError) and exc.partial):
                    continue  # stale keep-alive connection: retry once on a fresh one
                raise errors.ConnectError(
                    f"The connection to {request.url} closed before a response arrived.", url=request.url
                ) from exc
            except asyncio.LimitOverrunError as exc:
                conn.close()
                raise errors.ProtocolError(f"Response headers from {request.url} are too large.") from exc
            except BaseException:
                conn.close()
                raise
            if request.on_upload_progress and request.body is not None:
                request.on_upload_progress(len(request.body), len(request.body))
            body = _Body(self, conn, BodyFramer(head, request.method), request.timeout, request.url)
            return Response(head.status, head.headers, request=request, reason=head.reason, stream=body)
        raise AssertionError("unreachable")  # pragma: no cover

    @staticmethod
    async def _read_head(conn: _Conn, request: Request) -> ResponseHead:
        """The response head, interim 1xx heads skipped."""
        while True:
            raw = await _wait(conn.reader.readuntil(b"\r\n\r\n"), request.timeout, request.url,
                              "the response headers")
            assert isinstance(raw, bytes)
            head = parse_head(raw, request.url)  # a ProtocolError closes conn in send()
            if not head.is_interim:
                return head

    async def aclose(self) -> None:
        pools, self._idle = self._idle, {}
        for pool in pools.values():
            for conn in pool:
                conn.close()
