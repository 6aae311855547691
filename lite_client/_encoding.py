"""Request body encoders (pure): JSON and multipart/form-data."""

from __future__ import annotations

import json
import mimetypes
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["FilePart", "dumps", "encode_json", "encode_multipart"]


def dumps(obj: Any) -> bytes:
    """Compact UTF-8 JSON (non-ASCII kept as is)."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def encode_json(obj: Any) -> tuple[bytes, dict[str, str]]:
    return dumps(obj), {"content-type": "application/json"}


@dataclass(frozen=True, slots=True)
class FilePart:
    field: str
    filename: str
    content: bytes
    content_type: str | None = None


def _quote(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")


def encode_multipart(
    files: Sequence[FilePart], fields: dict[str, str] | None = None, *, boundary: str | None = None
) -> tuple[bytes, dict[str, str]]:
    """Encode form fields and files as multipart/form-data (RFC 7578)."""
    boundary = boundary or f"lite-client-{uuid.uuid4().hex}"
    out = bytearray()
    for name, value in (fields or {}).items():
        out += f'--{boundary}\r\nContent-Disposition: form-data; name="{_quote(name)}"\r\n\r\n'.encode()
        out += value.encode("utf-8") + b"\r\n"
    for part in files:
        ctype = part.content_type or mimetypes.guess_type(part.filename)[0] or "application/octet-stream"
        out += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{_quote(part.field)}"; '
            f'filename="{_quote(part.filename)}"\r\nContent-Type: {ctype}\r\n\r\n'
        ).encode()
        out += part.content + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return bytes(out), {"content-type": f"multipart/form-data; boundary={boundary}"}
