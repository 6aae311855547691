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
        self._pending = b""  # an incomplete size line or CRLF, kept for the next feed
        self._state = _SIZE
        self._remaining = 0
        self._max_line = max_line_bytes
        self.done = False

    def feed(self, data: bytes) -> bytes:
        # One pass with an index over the input (no deleting from the front of a buffer): a read
        # holding many small chunks, as a burst of SSE events is, costs one scan.
        buf = self._pending + data if self._pending else data
        self._pending = b""
        pos, size = 0, len(buf)
        out: list[bytes] = []
        while not self.done:
            if self._state == _DATA:
                take = min(self._remaining, size - pos)
                if not take:
                    break
                out.append(buf[pos:pos + take])
                pos += take
                self._remaining -= take
                if not self._remaining:
                    self._state = _CRLF
            elif self._state == _CRLF:
                if size - pos < 2:
                    break
                if buf[pos:pos + 2] != b"\r\n":
                    raise ProtocolError("Malformed chunked body: chunk data not followed by CRLF.")
                pos += 2
                self._state = _SIZE
            else:
                end = buf.find(b"\r\n", pos)
                if end < 0:
                    if size - pos > self._max_line:
                        raise ProtocolError("Malformed chunked body: chunk header too long.")
                    break
                line = buf[pos:end]
                pos = end + 2
                if self._state == _TRAILER:
                    if not line:
                        self.done = True
                    continue
                digits = line.split(b";", 1)[0].strip()
                try:
                    self._remaining = int(digits, 16)
                except ValueError:
                    raise ProtocolError(f"Malformed chunk size {digits[:20]!r}.") from None
                if self._remaining < 0:
                    raise ProtocolError(f"Malformed chunk size {digits[:20]!r}.")
                self._state = _DATA if self._remaining else _TRAILER
        if not self.done and pos < size:
            self._pending = buf[pos:]
        return out[0] if len(out) == 1 else b"".join(out)
