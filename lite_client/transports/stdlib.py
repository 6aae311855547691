"""Blocking transport on the standard library's ``socket`` and ``ssl``, with keep-alive per host.

It moves bytes only: the HTTP/1.1 framing is :mod:`lite_client._h1`, shared with the asyncio
transport. Idle connections are pooled per (scheme, host, port); one goes back to the pool once
its body was read to the end (a body closed early closes its connection), and an idle connection
that the server closed meanwhile is noticed before reuse. A request that fails on a *reused*
connection before any response byte arrived is retried once on a fresh connection.

Every ``recv`` hands its bytes on at once, which is what makes server-sent events arrive
incrementally. Since the transport owns its buffers, a body can say without reading whether more
of it is ready within a time limit (:meth:`_Body.poll`, used by ``Stream.wait``): no byte sits
anywhere ``select`` cannot see, except inside the SSL object, which ``pending()`` reports.
"""

from __future__ import annotations

import contextlib
import select
import socket
import ssl
import threading
import time
from collections.abc import Iterator

from .. import errors
from .._h1 import BodyFramer, ConnectionKey, ResponseHead, encode_request, parse_head, split_head
from .._http import Request, Response

__all__ = ["StdlibTransport"]

_CHUNK = 64 * 1024


def _readable(sock: socket.socket, timeout: float) -> bool:
    if isinstance(sock, ssl.SSLSocket) and sock.pending():
        return True
    try:
        readable, _, _ = select.select([sock], [], [], timeout)
    except (OSError, ValueError):
        return True  # a closed socket: let the read say so
    return bool(readable)


class _Conn:
    __slots__ = ("buffer", "key", "sock")

    def __init__(self, key: ConnectionKey, sock: socket.socket) -> None:
        self.key = key
        self.sock = sock
        self.buffer = bytearray()  # bytes received past the response head

    def recv(self) -> bytes:
        return self.sock.recv(_CHUNK)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.close()


class _Body:
    """The body of one response: payload as it arrives; the connection is released at its end."""

    def __init__(self, transport: StdlibTransport, conn: _Conn, framer: BodyFramer, url: str) -> None:
        self._transport = transport
        self._conn: _Conn | None = conn
        self._framer = framer
        self._url = url
        self._ready = bytearray()  # payload that poll() received ahead of the reader
        if conn.buffer:
            self._ready += framer.feed(bytes(conn.buffer))
            conn.buffer.clear()

    def _receive(self) -> None:
        """One ``recv`` into the framer (blocking, bounded by the socket's timeout)."""
        conn = self._conn
        assert conn is not None
        try:
            data = conn.recv()
        except TimeoutError as exc:
            raise errors.RequestTimeoutError(
                f"Timed out waiting for more of the response body from {self._url}", url=self._url) from exc
        except OSError as exc:
            raise self._interrupted(exc) from exc
        if data:
            self._ready += self._framer.feed(data)
        elif not self._framer.end_of_input():
            raise self._interrupted(None)

    def _interrupted(self, exc: BaseException | None) -> errors.StreamInterruptedError:
        reason = f" ({type(exc).__name__})" if exc else ""
        return errors.StreamInterruptedError(
            f"The connection to {self._url} ended before the response was complete{reason}.", url=self._url)

    def __iter__(self) -> Iterator[bytes]:
        try:
            while True:
                if self._ready:
                    chunk = bytes(self._ready)
                    self._ready.clear()
                    yield chunk
                    continue
                if self._framer.done:
                    break
                self._receive()
        except BaseException:
            self._discard()
            raise
        self._finish()

    def poll(self, timeout: float) -> bool:
        """True when payload (or the end of the body) is ready within ``timeout`` s. Bytes that
        arrive meanwhile are kept for the reader; chunk framing alone does not count."""
        deadline = time.monotonic() + timeout
        while not (self._ready or self._framer.done or self._conn is None):
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not _readable(self._conn.sock, remaining):
                return False
            try:
                self._receive()
            except errors.LiteClientError:
                return True  # the reader meets the error in its turn
        return True

    def _finish(self) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        if self._framer.reusable:
            self._transport._release(conn)
        else:
            conn.close()

    def _discard(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()

    def close(self) -> None:
        self._discard()


class StdlibTransport:
    """Blocking sockets transport. Thread-safe; ``max_idle_per_host`` idle connections are kept."""

    def __init__(self, *, ssl_context: ssl.SSLContext | None = None, max_idle_per_host: int = 8) -> None:
        self._ssl_context = ssl_context
        self._max_idle = max_idle_per_host
        self._idle: dict[ConnectionKey, list[_Conn]] = {}
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return "StdlibTransport()"

    # -- pool -------------------------------------------------------------------------------------
    def _pooled(self, key: ConnectionKey) -> _Conn | None:
        while True:
            with self._lock:
                pool = self._idle.get(key)
                conn = pool.pop() if pool else None
            if conn is None:
                return None
            if not _readable(conn.sock, 0):  # an idle connection has nothing to say, unless closed
                return conn
            conn.close()

    def _open(self, key: ConnectionKey, request: Request) -> _Conn:
        scheme, host, port = key
        try:
            sock = socket.create_connection((host, port), timeout=request.timeout)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if scheme == "https":
                context = self._ssl_context or ssl.create_default_context()
                sock = context.wrap_socket(sock, server_hostname=host)
        except TimeoutError as exc:
            raise errors.RequestTimeoutError(
                f"Timed out after {request.timeout} s connecting to {request.url}", url=request.url) from exc
        except (OSError, ssl.SSLError) as exc:
            reason = getattr(exc, "strerror", None) or exc
            raise errors.ConnectError(f"Could not connect to {request.url}: {reason}", url=request.url) from exc
        return _Conn(key, sock)

    def _release(self, conn: _Conn) -> None:
        with self._lock:
            pool = self._idle.setdefault(conn.key, [])
            if len(pool) < self._max_idle:
                pool.append(conn)
                return
        conn.close()

    # -- Transport --------------------------------------------------------------------------------
    def send(self, request: Request) -> Response:
        key, payload = encode_request(request)
        for attempt in (0, 1):
            pooled = self._pooled(key)
            conn = pooled or self._open(key, request)
            conn.sock.settimeout(request.timeout)
            try:
                head = self._exchange(conn, request, payload)
            except _Stale:
                conn.close()
                if pooled is not None and attempt == 0:
                    continue  # the server had closed the idle keep-alive connection: once more, fresh
                raise errors.ConnectError(
                    f"The connection to {request.url} closed before a response arrived.", url=request.url
                ) from None
            except BaseException:
                conn.close()
                raise
            framer = BodyFramer(head, request.method)
            return Response(head.status, head.headers, request=request, reason=head.reason,
                            stream=_Body(self, conn, framer, request.url))
        raise AssertionError("unreachable")  # pragma: no cover

    def _exchange(self, conn: _Conn, request: Request, payload: bytes) -> ResponseHead:
        """Write the request, read the response head (skipping interim 1xx heads)."""
        try:
            conn.sock.sendall(payload)
            if request.on_upload_progress and request.body is not None:
                request.on_upload_progress(len(request.body), len(request.body))
            while True:
                raw = split_head(conn.buffer, request.url)
                if raw is not None:
                    head = parse_head(raw, request.url)
                    if not head.is_interim:
                        return head
                    continue
                data = conn.recv()
                if not data:
                    if conn.buffer:
                        raise errors.ConnectError(
                            f"The connection to {request.url} closed in the middle of the response headers.",
                            url=request.url)
                    raise _Stale
                conn.buffer += data
        except TimeoutError as exc:
            raise errors.RequestTimeoutError(
                f"Timed out after {request.timeout} s waiting for {request.method} {request.url}",
                url=request.url) from exc
        except (ConnectionResetError, BrokenPipeError, ConnectionAbortedError) as exc:
            if conn.buffer:
                raise errors.ConnectError(f"Request {request.method} {request.url} failed: {exc}",
                                          url=request.url) from exc
            raise _Stale from exc
        except OSError as exc:
            raise errors.ConnectError(
                f"Request {request.method} {request.url} failed before a response arrived "
                f"({type(exc).__name__}: {exc})", url=request.url) from exc

    def close(self) -> None:
        with self._lock:
            pools, self._idle = self._idle, {}
        for pool in pools.values():
            for conn in pool:
                conn.close()

    def __enter__(self) -> StdlibTransport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Stale(Exception):
    """The connection closed before any byte of the response: nothing was processed, maybe."""
