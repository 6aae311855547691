"""Binary inputs (images, audio, documents) → bytes, as a flow.

Accepted: ``bytes``/``bytearray``/``memoryview``; a local path (``str`` or ``pathlib.Path``; in
Pyodide, a path in its in-memory file system); a ``data:`` URL; an ``http(s)`` URL (downloaded with a
plain unauthenticated GET, a flow step); a binary file object; a PIL image (re-encoded as PNG); and
in Pyodide a JavaScript ``Blob``/``File``/``ArrayBuffer``/typed array (read with the
``ReadJsBytes`` flow step). Anything else is an :class:`~lite_client.errors.InputError` raised
before any request.
"""

from __future__ import annotations

import base64
import mimetypes
import os
from pathlib import Path
from typing import Any

from .. import errors
from .._flow import Flow, ReadJsBytes, send_checked
from ._context import ClientContext, is_url
from ._mime import sniff_mime

__all__ = ["BinaryInput", "is_js_object", "read_binary", "to_data_url"]

BinaryInput = Any  # bytes | bytearray | memoryview | str | os.PathLike | BinaryIO | PIL.Image | JsProxy


def is_js_object(value: Any) -> bool:
    """A Pyodide ``JsProxy`` (Blob/File/ArrayBuffer/typed array)."""
    return hasattr(value, "arrayBuffer") or (hasattr(value, "to_bytes") and hasattr(value, "byteLength"))


def _read_path(path: str | os.PathLike[str]) -> tuple[bytes, str | None]:
    p = Path(path)
    if not p.is_file():
        shown = str(path) if len(str(path)) < 200 else str(path)[:200] + "…"
        raise errors.InputError(f"Input file not found: {shown!r} (pass bytes, a path, a URL or a file object).")
    return p.read_bytes(), mimetypes.guess_type(p.name)[0]


def _decode_data_url(url: str) -> tuple[bytes, str | None]:
    header, sep, data = url.partition(",")
    if not sep:
        raise errors.InputError("Malformed data: URL (no comma).")
    mime = header[5:].split(";")[0] or None
    if header.endswith(";base64"):
        try:
            return base64.b64decode(data), mime
        except ValueError as exc:
            raise errors.InputError("Malformed base64 in data: URL.") from exc
    from urllib.parse import unquote_to_bytes

    return unquote_to_bytes(data), mime


def check_binary(value: Any, what: str) -> None:
    """Raise InputError now for inputs that can never be read (so nothing is sent)."""
    if value is None:
        raise errors.InputError(f"{what} is required.")
    if isinstance(value, Path) or (isinstance(value, str) and not is_url(value)
                                   and not value.startswith("data:")):
        _read_path(value)


def read_binary(ctx: ClientContext, value: Any, *, what: str = "input") -> Flow[tuple[bytes, str | None]]:
    """The bytes of ``value`` and their MIME type when known (``None`` for raw bytes)."""
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value), None
    if isinstance(value, str):
        if value.startswith("data:"):
            return _decode_data_url(value)
        if is_url(value):
            response = yield from send_checked(ctx.plain_get(value), context=f"download of {what}", retry=ctx.retry)
            return response.content, response.content_type or mimetypes.guess_type(value.split("?")[0])[0]
        return _read_path(value)
    if isinstance(value, os.PathLike):
        return _read_path(value)
    if hasattr(value, "read") and callable(value.read):
        data = value.read()
        if isinstance(data, str):
            raise errors.InputError(f"{what}: open the file in binary mode ('rb').")
        name = getattr(value, "name", None)
        return bytes(data), mimetypes.guess_type(name)[0] if isinstance(name, str) else None
    if hasattr(value, "save") and hasattr(value, "mode") and hasattr(value, "size"):  # PIL image
        import io

        buffer = io.BytesIO()
        value.save(buffer, format="PNG")
        return buffer.getvalue(), "image/png"
    if is_js_object(value):
        data = yield ReadJsBytes(value)
        mime = getattr(value, "type", None)
        return bytes(data), mime if isinstance(mime, str) and mime else None
    raise errors.InputError(f"{what}: unsupported input type {type(value).__name__} "
                            "(pass bytes, a path, a URL, a file object or, in Pyodide, a Blob).")


def to_data_url(ctx: ClientContext, value: Any, *, default_mime: str = "image/png") -> Flow[str]:
    """A ``data:`` URL for ``value`` (http URLs and data URLs are returned unchanged)."""
    if isinstance(value, str) and (is_url(value) or value.startswith("data:")):
        return value
    data, mime = yield from read_binary(ctx, value, what="image")
    mime = mime or sniff_mime(data) or default_mime
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
