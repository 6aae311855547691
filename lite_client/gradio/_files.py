"""Files: ``handle_file`` inputs, uploads, and :class:`FileData` outputs that can be downloaded.

* ``handle_file(x)`` accepts a local path (CPython, or Pyodide's virtual file system), an
  ``http(s)`` URL (the *server* downloads it), ``bytes`` (give a ``filename``), or in Pyodide a
  JavaScript ``File`` / ``Blob`` / ``ArrayBuffer`` / typed array.
* Before a call, every :class:`FileInput` in the arguments is uploaded in one multipart request to
  ``{api_prefix}/upload`` (field ``files``) after a ``max_file_size`` check, and replaced by the
  FileData dict the server expects (reference §9).
* File outputs become :class:`FileData` objects: ``.url``, ``.path``, ``.orig_name`` and
  ``read()`` / ``save(path)`` (sync) or ``aread()`` / ``asave(path)`` (async).
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from pydantic import BaseModel, ConfigDict, PrivateAttr

from .. import errors
from .._encoding import FilePart, encode_multipart
from .._flow import Flow, ReadJsBytes, arun_flow, run_flow, send_checked
from ..transports import AsyncTransport, Transport, default_async_transport, default_transport
from ._context import GradioContext
from ._protocol import FILE_META, map_files

__all__ = ["FileData", "FileInput", "handle_file", "prepare_files_flow"]


@dataclass(frozen=True)
class FileInput:
    """A file argument made by :func:`handle_file`. Exactly one of path/url/content/js_object."""

    path: str | None = None
    url: str | None = None
    content: bytes | None = None
    js_object: Any = None
    filename: str | None = None
    mime_type: str | None = None

    def __repr__(self) -> str:
        what = self.path or self.url or (f"{len(self.content)} bytes" if self.content is not None else "JS object")
        return f"FileInput({what!r}, filename={self.filename!r})"


def _is_js_binary(value: Any) -> bool:
    return type(value).__name__ in ("JsProxy", "JsBuffer", "JsArray") or hasattr(value, "arrayBuffer") or (
        hasattr(value, "to_bytes") and hasattr(value, "byteLength"))


def handle_file(file: Any, *, filename: str | None = None, mime_type: str | None = None) -> FileInput:
    """Wrap a file argument: a path, a URL, bytes, or (Pyodide) a JS File/Blob/ArrayBuffer."""
    if isinstance(file, FileInput):
        return file
    if isinstance(file, dict) and (file.get("meta") or {}).get("_type") == FILE_META:
        file = file.get("url") or file.get("path")  # gradio_client-style dict
    if isinstance(file, bytes | bytearray | memoryview):
        return FileInput(content=bytes(file), filename=filename or "file", mime_type=mime_type)
    if isinstance(file, os.PathLike):
        file = os.fspath(file)
    if isinstance(file, str):
        if file.startswith(("http://", "https://")):
            name = filename or posixpath.basename(urlsplit(file).path) or "file"
            return FileInput(url=file, filename=name, mime_type=mime_type)
        if not os.path.isfile(file):
            raise errors.InputError(f"handle_file: {file!r} is not a URL nor an existing file.")
        return FileInput(path=file, filename=filename or os.path.basename(file), mime_type=mime_type)
    if _is_js_binary(file):
        name = filename or (str(file.name) if hasattr(file, "name") and file.name else "file")
        mime = mime_type or (str(file.type) if hasattr(file, "type") and file.type else None)
        return FileInput(js_object=file, filename=name, mime_type=mime)
    raise errors.InputError(f"handle_file accepts a path, a URL, bytes or a JS File/Blob, not {type(file).__name__}.")


def _file_dict(path: str, item: FileInput, size: int | None) -> dict[str, Any]:
    return {"path": path, "orig_name": item.filename, "size": size, "mime_type": item.mime_type,
            "meta": {"_type": FILE_META}}


def prepare_files_flow(ctx: GradioContext, api_url: str, data: list[Any], max_file_size: int | None,
                       on_progress: Callable[[int, int], None] | None = None) -> Flow[list[Any]]:
    """Upload every :class:`FileInput` in ``data`` (one request) and return ``data`` with FileData dicts."""
    found: list[FileInput] = []
    map_files(data, lambda v: isinstance(v, FileInput), lambda v: found.append(v))
    if not found:
        return data
    parts: list[FilePart] = []
    uploads: list[FileInput] = []
    for item in found:
        if item.url is not None:
            continue
        if item.content is not None:
            content = item.content
        elif item.path is not None:
            with open(item.path, "rb") as handle:
                content = handle.read()
        else:
            content = yield ReadJsBytes(item.js_object)
        if max_file_size is not None and len(content) > max_file_size:
            raise errors.InputError(f"{item.filename!r} is {len(content)} bytes; this app accepts at most "
                                    f"{max_file_size} bytes per file (max_file_size).")
        parts.append(FilePart("files", item.filename or "file", content, item.mime_type))
        uploads.append(item)
    uploaded: dict[int, dict[str, Any]] = {}
    if parts:
        body, headers = encode_multipart(parts)
        request = ctx.app_request("POST", api_url + "/upload", body=body, content_type=headers["content-type"])
        request.on_upload_progress = on_progress
        response = yield from send_checked(request, context="upload")
        paths = response.json()
        if not isinstance(paths, list) or len(paths) != len(parts):
            raise errors.ProtocolError(f"Unexpected answer from {api_url}/upload: {str(paths)[:200]}")
        for item, part, path in zip(uploads, parts, paths, strict=True):
            uploaded[id(item)] = _file_dict(str(path), item, len(part.content))

    def convert(item: FileInput) -> dict[str, Any]:
        if item.url is not None:
            return {"path": item.url, "url": item.url, "orig_name": item.filename, "meta": {"_type": FILE_META}}
        return uploaded[id(item)]

    return map_files(data, lambda v: isinstance(v, FileInput), convert)  # type: ignore[no-any-return]


class _Downloader:
    """How a :class:`FileData` reaches its bytes: the client's context and transports."""

    def __init__(self, ctx: GradioContext, api_url: str, transport: Transport | None,
                 async_transport: AsyncTransport | None) -> None:
        self.ctx = ctx
        self.api_url = api_url
        self.transport = transport
        self.async_transport = async_transport

    def flow(self, data: FileData) -> Flow[bytes]:
        url = data.url or f"{self.api_url}/file={quote(data.path)}"
        response = yield from send_checked(self.ctx.app_request("GET", url), context="file download")
        return response.content


class FileData(BaseModel):
    """A file produced by the app. ``url`` is where it can be downloaded (absolute)."""

    model_config = ConfigDict(extra="allow")
    path: str
    url: str | None = None
    size: int | None = None
    orig_name: str | None = None
    mime_type: str | None = None
    is_stream: bool = False
    meta: dict[str, Any] | None = None
    _downloader: _Downloader | None = PrivateAttr(default=None)

    def _flow(self) -> Flow[bytes]:
        if self._downloader is None:
            raise errors.InputError("This FileData is not attached to a client; download its url yourself.")
        return self._downloader.flow(self)

    def read(self) -> bytes:
        """Download the file (blocking)."""
        transport = (self._downloader.transport if self._downloader else None) or default_transport()
        return run_flow(self._flow(), transport)

    async def aread(self) -> bytes:
        """Download the file (async)."""
        transport = (self._downloader.async_transport if self._downloader else None) or default_async_transport()
        return await arun_flow(self._flow(), transport)

    def _target(self, path: str | os.PathLike[str]) -> str:
        target = os.fspath(path)
        if os.path.isdir(target):
            target = os.path.join(target, self.orig_name or posixpath.basename(self.path) or "file")
        return target

    def save(self, path: str | os.PathLike[str]) -> str:
        """Download to ``path`` (a file, or a directory to keep the original name); return the path."""
        target = self._target(path)
        with open(target, "wb") as handle:
            handle.write(self.read())
        return target

    async def asave(self, path: str | os.PathLike[str]) -> str:
        target = self._target(path)
        content = await self.aread()
        with open(target, "wb") as handle:
            handle.write(content)
        return target


def file_converter(ctx: GradioContext, api_url: str, transport: Transport | None,
                   async_transport: AsyncTransport | None) -> Callable[[Any], Any]:
    downloader = _Downloader(ctx, api_url, transport, async_transport)

    def convert(value: dict[str, Any]) -> FileData:
        item = FileData.model_validate(value)
        item._downloader = downloader
        return item
    return convert
