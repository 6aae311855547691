"""Binary outputs (images, audio, video): bytes that know their MIME type."""

from __future__ import annotations

from typing import Any

__all__ = ["BinaryOutput"]


class BinaryOutput(bytes):
    """The raw bytes of an image, audio or video result, plus ``mime_type``.

    It *is* ``bytes`` (so code written for huggingface_hub's ``text_to_speech`` keeps working);
    ``content`` returns plain bytes, and :meth:`to_pil` converts an image when Pillow is installed
    (it is not, offline, in Pyodide).
    """

    mime_type: str

    def __new__(cls, content: bytes, mime_type: str = "application/octet-stream") -> BinaryOutput:
        obj = super().__new__(cls, content)
        obj.mime_type = mime_type or "application/octet-stream"
        return obj

    @property
    def content(self) -> bytes:
        return bytes(self)

    def to_pil(self) -> Any:
        """A ``PIL.Image.Image`` (raises ImportError with a hint when Pillow is missing)."""
        try:
            from PIL import Image
        except ImportError as exc:
            raise ImportError("to_pil() needs Pillow (`pip install pillow`); the raw bytes are in .content") from exc
        import io

        return Image.open(io.BytesIO(bytes(self)))

    def save(self, path: str) -> None:
        """Write the bytes to ``path`` (CPython, or Pyodide's in-memory file system)."""
        with open(path, "wb") as fh:
            fh.write(self)

    def __repr__(self) -> str:
        return f"BinaryOutput(mime_type={self.mime_type!r}, {len(self)} bytes)"
