"""Incremental decoder for HTTP/1.1 chunked transfer coding (RFC 9112 §7.1), sans-IO.

``feed(bytes)`` returns the payload bytes that the input completes, whatever the network split;
``done`` turns true after the last chunk and its trailer section. Malformed framing raises
:class:`~lite_client.errors.ProtocolError`.
"""

from __future__ import annotations

from .errors import ProtocolError

__all__ = ["ChunkedDecoder"]

_SIZE, _DATA, _CRLF, _TRAILER = range(4)


class ChunkedDecoder:
    def __init__(self, *, max_line_bytes: int = 64 * 1024) -> None:
        self._buffer = bytearray()
        self._state = _SIZE
        self._remaining = 0
        self._max_line = max_line_bytes
        self.done = False

    def feed(self, data: bytes) -> bytes:
        buf = self._buffer
        buf += data
        out = bytearray()
        while not self.done:
            if self._state == _DATA:
                take = min(self._remaining, len(buf))
                if not take:
                    break
                out += buf[:take]
                del buf[:take]
                self._remaining -= take
                if not self._remaining:
                    self._state = _CRLF
            elif self._state == _CRLF:
                if len(buf) < 2:
                    break
                if buf[:2] != b"\r\n":
                    raise ProtocolError("Malformed chunked body: chunk data not followed by CRLF.")
                del buf[:2]
                self._state = _SIZE
            else:
                end = buf.find(b"\r\n")
                if end < 0:
                    if len(buf) > self._max_line:
                        raise ProtocolError("Malformed chunked body: chunk header too long.")
                    break
                line = bytes(buf[:end])
                del buf[: end + 2]
                if self._state == _TRAILER:
                    if not line:
                        self.done = True
                    continue
                size = line.split(b";", 1)[0].strip()
                try:
                    self._remaining = int(size, 16)
                except ValueError:
                    raise ProtocolError(f"Malformed chunk size {size[:20]!r}.") from None
                if self._remaining < 0:
                    raise ProtocolError(f"Malformed chunk size {size[:20]!r}.")
                self._state = _DATA if self._remaining else _TRAILER
        return bytes(out)
