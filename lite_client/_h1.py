"""HTTP/1.1 for a client, sans-IO (RFC 9112): the request head, the response head, body framing.

Both CPython transports (blocking sockets in :mod:`.transports.stdlib`, asyncio streams in
:mod:`.transports.asyncio_http`) move bytes only; what the bytes mean is decided here, once:

* :func:`encode_request` → the connection key and the bytes to write;
* :func:`split_head` finds the end of a response head in a buffer; :func:`parse_head` reads it
  (interim ``1xx`` heads are recognised with :attr:`ResponseHead.is_interim` and skipped by the
  transports);
* :class:`BodyFramer` turns the bytes after the head into payload: ``Content-Length``, chunked or
  read-until-close, tells when the body is complete and whether the connection can be reused.

The subset is what a client of HTTP APIs needs: no pipelining, no upgrades, no request trailers,
``accept-encoding: identity`` (no compression to undo).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from . import errors
from ._chunked import ChunkedDecoder
from ._http import Request

__all__ = ["MAX_HEAD_BYTES", "BodyFramer", "ConnectionKey", "ResponseHead", "encode_request", "parse_head",
           "split_head"]

MAX_HEAD_BYTES = 256 * 1024
ConnectionKey = tuple[str, str, int]  # (scheme, host, port)
_METHODS_WITH_BODY = frozenset({"POST", "PUT", "PATCH"})
_TARGET_SAFE = "!$%&'()*+,/:;=?@[]~|^"  # the WHATWG path/query percent-encode sets leave these alone


def encode_request(request: Request) -> tuple[ConnectionKey, bytes]:
    """The connection key and the bytes (head and body) of ``request``."""
    parts = urlsplit(request.url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise errors.InputError(f"Unsupported URL: {request.url!r} (expected http:// or https://)")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError as exc:
        raise errors.InputError(f"Invalid port in URL {request.url!r}") from exc
    host = parts.hostname
    host_header = f"[{host}]" if ":" in host else host
    if parts.port is not None:
        host_header += f":{parts.port}"
    # As fetch does: characters a request line cannot carry (spaces, non-ASCII) are percent-encoded
    # (UTF-8); what is already percent-encoded and the reserved characters stay as they are.
    target = quote((parts.path or "/") + (f"?{parts.query}" if parts.query else ""), safe=_TARGET_SAFE)
    headers = {"host": host_header, "accept-encoding": "identity", **request.headers}
    body = request.body or b""
    if request.body is not None or request.method in _METHODS_WITH_BODY:
        headers["content-length"] = str(len(body))
    for name, value in headers.items():
        if any(c in name or c in value for c in "\r\n"):
            raise errors.InputError(f"Header {name!r} contains a line break.")
    head = f"{request.method} {target} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    try:
        encoded = head.encode("latin-1")
    except UnicodeEncodeError:
        bad = next(k for k, v in headers.items() if not _latin1(k + v))
        raise errors.InputError(f"Header {bad!r} has characters HTTP/1.1 cannot carry (latin-1 only).") from None
    return (scheme, host, port), encoded + b"\r\n" + body


def _latin1(text: str) -> bool:
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def split_head(buffer: bytearray, url: str) -> bytes | None:
    """Remove and return a complete response head (up to and including the blank line) from
    ``buffer``, or ``None`` if it is not complete yet."""
    end = buffer.find(b"\r\n\r\n")
    if end < 0:
        if len(buffer) > MAX_HEAD_BYTES:
            raise errors.ProtocolError(f"Response headers from {url} are too large.")
        return None
    head = bytes(buffer[: end + 4])
    del buffer[: end + 4]
    return head


@dataclass(frozen=True, slots=True)
class ResponseHead:
    status: int
    reason: str
    headers: list[tuple[str, str]]
    version: str

    @property
    def is_interim(self) -> bool:
        """A ``1xx`` head (``100 Continue``, ``103 Early Hints``): the real one follows."""
        return 100 <= self.status < 200 and self.status != 101

    def get(self, name: str) -> str:
        return ", ".join(v for k, v in self.headers if k.lower() == name).lower()


def parse_head(raw: bytes, url: str) -> ResponseHead:
    lines = raw.decode("latin-1").split("\r\n")
    try:
        version, status_text, *reason = lines[0].split(" ", 2)
        status = int(status_text)
    except ValueError:
        raise errors.ProtocolError(f"Malformed status line from {url}: {lines[0][:100]!r}") from None
    if not version.startswith("HTTP/1.") or not 100 <= status <= 999:
        raise errors.ProtocolError(f"Malformed status line from {url}: {lines[0][:100]!r}")
    items: list[tuple[str, str]] = []
    for line in lines[1:]:
        if line:
            name, sep, value = line.partition(":")
            if not sep or not name.strip():
                raise errors.ProtocolError(f"Malformed header line from {url}: {line[:100]!r}")
            items.append((name.strip(), value.strip()))
    return ResponseHead(status, reason[0] if reason else "", items, version)


class BodyFramer:
    """Where the body of one response ends (RFC 9112 §6.3), sans-IO.

    ``feed(data)`` returns the payload that ``data`` carries; ``done`` turns true once the body is
    complete. ``end_of_input()`` says the peer closed the connection: fine for a read-until-close
    body, otherwise the body was cut short (``False``). ``reusable``: the connection may serve
    another request once ``done``.
    """

    def __init__(self, head: ResponseHead, method: str) -> None:
        chunked = "chunked" in head.get("transfer-encoding")
        length_text = head.get("content-length")
        self._chunked = ChunkedDecoder() if chunked else None
        self._remaining: int | None = None
        if method == "HEAD" or head.status in (204, 304) or 100 <= head.status < 200:
            self._remaining = 0
            self._chunked = None
        elif self._chunked is None and length_text:
            try:
                self._remaining = int(length_text.split(",")[0])
            except ValueError:
                raise errors.ProtocolError(f"Malformed Content-Length {length_text[:40]!r}") from None
            if self._remaining < 0:
                raise errors.ProtocolError(f"Malformed Content-Length {length_text[:40]!r}")
        self._until_close = self._chunked is None and self._remaining is None
        self._keep_alive = head.version == "HTTP/1.1" and "close" not in head.get("connection") \
            and not self._until_close
        self._excess = False
        self.done = self._remaining == 0

    @property
    def reusable(self) -> bool:
        return self.done and self._keep_alive and not self._excess

    def feed(self, data: bytes) -> bytes:
        if self.done:
            self._excess = self._excess or bool(data)
            return b""
        if self._chunked is not None:
            payload = self._chunked.feed(data)
            self.done = self._chunked.done
            return payload
        if self._remaining is None:
            return data
        payload = data[: self._remaining]
        self._excess = len(data) > self._remaining
        self._remaining -= len(payload)
        self.done = self._remaining == 0
        return payload

    def end_of_input(self) -> bool:
        if self._until_close:
            self.done = True
        return self.done
