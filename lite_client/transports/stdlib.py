"""Blocking transport on the standard library's ``http.client``, with keep-alive per host.

Idle connections are pooled per (scheme, host, port). A connection goes back to the pool only
once its response body has been read to the end; a body closed early closes its connection.
A request that fails on a *reused* connection before any response byte arrived (the server had
closed the idle keep-alive connection) is retried once on a fresh connection.

The body is delivered with ``HTTPResponse.read1``: each chunk as soon as it is on the socket,
which is what makes server-sent events arrive incrementally.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import threading
from collections.abc import Iterator
from urllib.parse import urlsplit

from .. import errors
from .._http import Request, Response

__all__ = ["StdlibTransport"]

_CHUNK = 64 * 1024
_Key = tuple[str, str, int]


class _Body:
    """Iterates over an ``http.client.HTTPResponse`` and returns the connection to the pool."""

    def __init__(
        self,
        transport: StdlibTransport,
        key: _Key,
        conn: http.client.HTTPConnection,
        resp: http.client.HTTPResponse,
        url: str,
    ) -> None:
        self._transport = transport
        self._key = key
        self._conn: http.client.HTTPConnection | None = conn
        self._resp = resp
        self._url = url

    def __iter__(self) -> Iterator[bytes]:
        resp = self._resp
        try:
            while True:
                try:
                    chunk = resp.read1(_CHUNK)
                except TimeoutError as exc:
                    raise errors.RequestTimeoutError(
                        f"Timed out waiting for more of the response body from {self._url}", url=self._url
                    ) from exc
                except (http.client.IncompleteRead, OSError, http.client.HTTPException) as exc:
                    raise errors.StreamInterruptedError(
                        f"The connection to {self._url} ended before the response was complete "
                        f"({type(exc).__name__}).", url=self._url
                    ) from exc
                if not chunk:
                    break
                yield chunk
        except BaseException:
            self._discard()
            raise
        self._finish()

    def _finish(self) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        # The body is complete (read1 returned b""); closing the response only detaches it from
        # the socket, which stays open for the next request unless the server said it will close.
        will_close = self._resp.will_close
        self._resp.close()
        if will_close:
            conn.close()
        else:
            self._transport._release(self._key, conn)

    def _discard(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()

    def close(self) -> None:
        if self._conn is not None:
            self._discard()


class StdlibTransport:
    """``http.client`` transport. Thread-safe; ``max_idle_per_host`` idle connections are kept."""

    def __init__(self, *, ssl_context: ssl.SSLContext | None = None, max_idle_per_host: int = 8) -> None:
        self._ssl_context = ssl_context
        self._max_idle = max_idle_per_host
        self._idle: dict[_Key, list[http.client.HTTPConnection]] = {}
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return "StdlibTransport()"

    # -- pool -------------------------------------------------------------------------------------
    def _acquire(self, key: _Key, timeout: float | None) -> tuple[http.client.HTTPConnection, bool]:
        with self._lock:
            pool = self._idle.get(key)
            if pool:
                conn: http.client.HTTPConnection = pool.pop()
                conn.timeout = timeout
                if conn.sock is not None:
                    conn.sock.settimeout(timeout)
                return conn, True
        scheme, host, port = key
        if scheme == "https":
            conn = http.client.HTTPSConnection(
                host, port, timeout=timeout, context=self._ssl_context or ssl.create_default_context()
            )
        else:
            conn = http.client.HTTPConnection(host, port, timeout=timeout)
        return conn, False

    def _release(self, key: _Key, conn: http.client.HTTPConnection) -> None:
        with self._lock:
            pool = self._idle.setdefault(key, [])
            if len(pool) < self._max_idle:
                pool.append(conn)
                return
        conn.close()

    # -- Transport --------------------------------------------------------------------------------
    def send(self, request: Request) -> Response:
        parts = urlsplit(request.url)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https") or not parts.hostname:
            raise errors.InputError(f"Unsupported URL: {request.url!r} (expected http:// or https://)")
        key: _Key = (scheme, parts.hostname, parts.port or (443 if scheme == "https" else 80))
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        headers = dict(request.headers)
        headers.setdefault("accept-encoding", "identity")
        for attempt in (0, 1):
            conn, reused = self._acquire(key, request.timeout)
            try:
                try:
                    conn.request(request.method, target, body=request.body, headers=headers)
                    if request.on_upload_progress and request.body is not None:
                        request.on_upload_progress(len(request.body), len(request.body))
                    resp = conn.getresponse()
                except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                    conn.close()
                    if reused and attempt == 0:
                        continue  # stale keep-alive connection: retry once on a fresh one
                    raise
            except TimeoutError as exc:
                conn.close()
                raise errors.RequestTimeoutError(
                    f"Timed out after {request.timeout} s waiting for {request.method} {request.url}",
                    url=request.url,
                ) from exc
            except (ConnectionRefusedError, socket.gaierror) as exc:
                conn.close()
                raise errors.ConnectError(
                    f"Could not connect to {request.url}: {exc.strerror or exc}", url=request.url
                ) from exc
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                raise errors.ConnectError(
                    f"Request {request.method} {request.url} failed before a response arrived "
                    f"({type(exc).__name__}: {exc})", url=request.url
                ) from exc
            return Response(
                resp.status,
                resp.getheaders(),
                request=request,
                reason=resp.reason,
                stream=_Body(self, key, conn, resp, request.url),
            )
        raise AssertionError("unreachable")  # pragma: no cover

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
