"""Space page handlers (run in Pyodide inside web/js/py-worker.mjs), on lite_client.gradio.AsyncClient.

``connect`` resolves a Space id or a Gradio URL and returns the app's API (``view_api``) for the
page's generated form; ``submit`` sends the inputs (files as bytes, via ``handle_file``) and emits
queue position, progress, logs and generator updates live, then returns the outputs as JSON
(files as ``{url, orig_name, ...}``); ``fetch_file`` downloads one output file of the connected
app (images are shown from blob: URLs, so the page's CSP needs no foreign img-src).
"""

from __future__ import annotations

import base64
import uuid
from typing import Any

from pydantic import BaseModel

from lite_client import errors
from lite_client.gradio import AsyncClient, DataUpdate, FileData, Status, StatusUpdate, handle_file

_apps: dict[str, dict[str, Any]] = {}  # app_id -> {"client", "endpoints", "files": {url: FileData}}


def _jsonable(value: Any, files: dict[str, FileData]) -> Any:
    """Outputs as JSON for the page; FileData is remembered so that fetch_file can download it."""
    if isinstance(value, FileData):
        if value.url:
            files[value.url] = value
        return {"url": value.url, "path": value.path, "orig_name": value.orig_name, "mime_type": value.mime_type,
                "size": value.size}
    if isinstance(value, BaseModel):
        return _jsonable(value.model_dump(), files)
    if isinstance(value, dict):
        return {str(k): _jsonable(v, files) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v, files) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


async def connect(args: dict[str, Any], emit: Any, files: Any = None) -> dict[str, Any]:
    token = (args.get("token") or "").strip() or None
    if token:
        errors.register_secret(token)

    def on_status(status: Any) -> None:
        emit({"type": "status", "text": f"Space {status.status}{': ' + status.message if status.message else ''}"})

    client = await AsyncClient.connect(str(args.get("src") or "").strip(), token=token, status_callback=on_status)
    endpoints = []
    for name, info in client.view_api().named_endpoints.items():
        endpoints.append({
            "api_name": name,
            "parameters": [{"name": p.name, "label": p.label or p.name, "component": p.component,
                            "has_default": p.parameter_has_default, "default": p.parameter_default}
                           for p in info.parameters],
            "returns": [{"label": r.label, "component": r.component} for r in info.returns],
        })
    app_id = uuid.uuid4().hex
    _apps[app_id] = {"client": client, "endpoints": {e["api_name"]: e for e in endpoints}, "files": {}}
    return {"app_id": app_id, "base": client.base_url, "version": client.config.get("version"), "endpoints": endpoints}


def _emit_status(update: StatusUpdate, emit: Any) -> None:
    if update.code == Status.IN_QUEUE and update.rank is not None:
        emit({"type": "queue", "rank": update.rank, "queue_size": update.queue_size, "eta": update.eta})
    elif update.code == Status.PROCESSING:
        emit({"type": "started", "eta": update.eta})
    elif update.code == Status.PROGRESS and update.progress_data:
        emit({"type": "progress", "progress": [unit.model_dump() for unit in update.progress_data]})
    elif update.code == Status.LOG and update.log:
        emit({"type": "log", "level": update.log.level, "text": update.log.log})


async def submit(args: dict[str, Any], emit: Any, files: Any = None) -> dict[str, Any]:
    app = _apps.get(str(args.get("app_id")))
    if app is None:
        raise errors.InputError("Connect to an app first")
    endpoint = app["endpoints"].get(str(args.get("api_name")))
    if endpoint is None:
        raise errors.InputError(f"Unknown endpoint {args.get('api_name')!r}")
    values = dict(args.get("values") or {})
    uploads = files.to_py() if files is not None else {}
    kwargs: dict[str, Any] = {}
    for param in endpoint["parameters"]:
        name = param["name"]
        if name in uploads:
            item = uploads[name]
            kwargs[name] = handle_file(bytes(item["data"]), filename=item.get("filename") or name,
                                       mime_type=item.get("mime") or None)
        elif values.get(name) is not None or (name in values and not param["has_default"]):
            kwargs[name] = values[name]
    job = await app["client"].submit(api_name=endpoint["api_name"], **kwargs)
    emit({"type": "status", "text": "queued"})
    async for update in job:
        if isinstance(update, StatusUpdate):
            _emit_status(update, emit)
        elif isinstance(update, DataUpdate) and not update.final:
            emit({"type": "generating", "data": _jsonable(update.data, app["files"])})
    result = await job.result()
    outputs = [result] if len(endpoint["returns"]) == 1 else list(result or [])
    return {"data": _jsonable(outputs, app["files"]), "returns": endpoint["returns"]}


async def fetch_file(args: dict[str, Any], emit: Any, files: Any = None) -> dict[str, Any]:
    """Bytes (base64) of an output file the connected app produced; nothing else can be fetched."""
    app = _apps.get(str(args.get("app_id")))
    item = app["files"].get(str(args.get("url"))) if app else None
    if item is None:
        raise errors.InputError("Only output files of the connected app can be fetched")
    content = await item.aread()
    return {"base64": base64.b64encode(content).decode(), "type": item.mime_type or ""}


HANDLERS = {"connect": connect, "submit": submit, "fetch_file": fetch_file}
