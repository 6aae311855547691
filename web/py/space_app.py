"""Space page handlers (run in Pyodide inside web/js/py-worker.mjs).

``connect`` resolves a Space id or a Gradio URL and returns the app's API (view_api) for the
page's generated form; ``submit`` uploads the files, joins the queue and emits queue position,
progress and generator updates live, then returns the outputs; ``fetch_file`` returns a file's
bytes (images are shown from blob: URLs, so the page's CSP needs no foreign img-src).

Uses ``lite_client.gradio.AsyncClient`` when this build of lite_client provides it; until then
the same protocol (Gradio ``sse_v3``: /config, /info, /upload, /queue/join, /queue/data) is
spoken here with lite_client's core (flows, SSE decoder, fetch transport).
"""

from __future__ import annotations

import json
import re
import uuid
from typing import Any
from urllib.parse import quote, urlsplit

from lite_client import errors
from lite_client._encoding import FilePart, encode_json, encode_multipart
from lite_client._flow import StreamCall, aopen_stream, arun_flow, send_checked
from lite_client._http import Request
from lite_client._sse import SSEDecoder
from lite_client.transports.fetch import FetchTransport

SPACE_ID = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
SUPPORTED = {"Textbox", "Number", "Checkbox", "File", "Image", "Slider", "Dropdown", "Radio"}
_apps: dict[str, dict[str, Any]] = {}
_transport = FetchTransport()


def _headers(token: str | None) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"} if token else {}


async def _get_json(url: str, token: str | None = None, context: str = "") -> Any:
    def flow() -> Any:
        response = yield from send_checked(Request("GET", url, _headers(token), timeout=30, credentials="omit"),
                                           context=context)
        return response.json()
    return await arun_flow(flow(), _transport)


async def _post(url: str, body: bytes, headers: dict[str, str], context: str) -> Any:
    def flow() -> Any:
        response = yield from send_checked(Request("POST", url, headers, body, timeout=120, credentials="omit"),
                                           context=context)
        return response.json()
    return await arun_flow(flow(), _transport)


async def _resolve(src: str, token: str | None) -> str:
    src = src.strip()
    if SPACE_ID.match(src):
        host = await _get_json(f"https://huggingface.co/api/spaces/{src}/host", token, "space host")
        return str(host["host"]).rstrip("/") + "/"
    parts = urlsplit(src if "://" in src else "https://" + src)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise errors.InputError("Enter a Space id (owner/name) or a Gradio app URL (http:// or https://)")
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}/"


def _parameter(p: dict[str, Any]) -> dict[str, Any]:
    return {"name": p.get("parameter_name") or p.get("label"), "label": p.get("label") or p.get("parameter_name"),
            "component": p.get("component"), "has_default": bool(p.get("parameter_has_default")),
            "default": p.get("parameter_default"), "supported": p.get("component") in SUPPORTED}


async def connect(args: dict[str, Any], emit: Any, files: Any = None) -> dict[str, Any]:
    token = (args.get("token") or "").strip() or None
    if token:
        errors.register_secret(token)
    base = await _resolve(str(args.get("src") or ""), token)
    emit({"type": "status", "text": f"reading {base}config"})
    config = await _get_json(base + "config", token, "config")
    prefix = (config.get("api_prefix") or "").strip("/")
    api = base + prefix if prefix else base.rstrip("/")
    info = await _get_json(api + "/info", token, "view_api")
    components = {c["id"]: c for c in config.get("components", [])}
    endpoints = []
    for dep in config.get("dependencies", []):
        name = dep.get("api_name")
        described = info.get("named_endpoints", {}).get(f"/{name}") if name else None
        if not described or dep.get("api_visibility") == "private":
            continue
        endpoints.append({"api_name": f"/{name}", "fn_index": dep["id"],
                          "parameters": [_parameter(p) for p in described["parameters"]],
                          "returns": [{"label": r.get("label"), "component": r.get("component")} for r in described["returns"]],
                          "state_inputs": [i for i, c in enumerate(dep["inputs"]) if components.get(c, {}).get("type") == "state"],
                          "state_outputs": [i for i, c in enumerate(dep["outputs"]) if components.get(c, {}).get("type") == "state"]})
    app_id = uuid.uuid4().hex
    _apps[app_id] = {"base": base, "api": api, "token": token,
                     "endpoints": {e["api_name"]: e for e in endpoints}, "session": uuid.uuid4().hex}
    return {"app_id": app_id, "base": base, "version": config.get("version"), "endpoints": endpoints}


def _apply(value: Any, ops: list[list[Any]]) -> Any:
    """Apply Gradio's streaming diff operations (replace/append/add/delete) to one output value."""
    for action, path, item in ops:
        if not path:
            if action == "replace":
                value = item
            elif action == "append":
                value = item if value is None else value + item
            continue
        target = value
        for key in path[:-1]:
            target = target[key]
        last = path[-1]
        if action == "replace" or (action == "add" and isinstance(target, dict)):
            target[last] = item
        elif action == "append":
            target[last] = target[last] + item
        elif action == "add":
            target.insert(last, item)
        elif action == "delete":
            del target[last]
    return value


async def _upload(app: dict[str, Any], name: str, item: dict[str, Any]) -> dict[str, Any]:
    content = bytes(item["data"])
    body, headers = encode_multipart([FilePart("files", item.get("filename") or name, content, item.get("mime") or None)])
    paths = await _post(app["api"] + "/upload", body, {**headers, **_headers(app["token"])}, "upload")
    return {"path": paths[0], "orig_name": item.get("filename") or name, "size": len(content),
            "mime_type": item.get("mime") or None, "meta": {"_type": "gradio.FileData"}}


async def submit(args: dict[str, Any], emit: Any, files: Any = None) -> dict[str, Any]:
    app = _apps.get(str(args.get("app_id")))
    if app is None:
        raise errors.InputError("Connect to an app first")
    endpoint = app["endpoints"].get(str(args.get("api_name")))
    if endpoint is None:
        raise errors.InputError(f"Unknown endpoint {args.get('api_name')!r}")
    values = dict(args.get("values") or {})
    uploads = files.to_py() if files is not None else {}
    data: list[Any] = []
    for param in endpoint["parameters"]:
        if param["name"] in uploads:
            emit({"type": "status", "text": f"uploading {uploads[param['name']].get('filename')}"})
            data.append(await _upload(app, param["name"], uploads[param["name"]]))
        elif param["name"] in values:
            data.append(values[param["name"]])
        elif param["has_default"]:
            data.append(param["default"])
        else:
            raise errors.InputError(f"Missing a value for {param['label']!r}")
    for index in endpoint["state_inputs"]:
        data.insert(index, None)
    body, headers = encode_json({"data": data, "fn_index": endpoint["fn_index"], "session_hash": app["session"],
                                 "event_data": None, "trigger_id": None})
    joined = await _post(app["api"] + "/queue/join", body, {**headers, **_headers(app["token"])}, "queue/join")
    event_id = joined["event_id"]
    emit({"type": "status", "text": "queued"})
    request = Request("GET", f"{app['api']}/queue/data?session_hash={quote(app['session'])}",
                      {"accept": "text/event-stream", **_headers(app["token"])}, timeout=300, stream=True, credentials="omit")

    def flow() -> Any:
        return StreamCall(request, _SSEJson(), context="queue/data")
        yield

    outputs: list[Any] = []
    async with await aopen_stream(flow(), _transport) as stream:
        async for message in stream:
            if message.get("event_id") not in (event_id, None):
                continue
            kind = message.get("msg")
            if kind == "estimation":
                emit({"type": "queue", "rank": message.get("rank"), "queue_size": message.get("queue_size"),
                      "eta": message.get("rank_eta")})
            elif kind == "process_starts":
                emit({"type": "started", "eta": message.get("eta")})
            elif kind == "progress":
                emit({"type": "progress", "progress": message.get("progress_data") or []})
            elif kind == "log":
                emit({"type": "log", "level": message.get("level"), "text": message.get("log")})
            elif kind == "process_generating":
                data_out = message["output"].get("data", [])
                outputs = data_out if not outputs else [_apply(o, d) for o, d in zip(outputs, data_out, strict=False)]
                emit({"type": "generating", "data": outputs})
            elif kind == "process_completed":
                if not message.get("success"):
                    output = message.get("output") or {}
                    raise errors.ProtocolError(str(output.get("error") or message.get("title") or "the app raised an error"))
                outputs = message["output"]["data"]
                break
            elif kind == "unexpected_error":
                raise errors.ProtocolError(str(message.get("message") or "unexpected error"))
    visible = [o for i, o in enumerate(outputs) if i not in endpoint["state_outputs"]]
    return {"data": visible, "returns": endpoint["returns"]}


class _SSEJson:
    """SSE -> JSON messages of Gradio's queue/data stream (ends at close_stream)."""

    def __init__(self) -> None:
        self._sse = SSEDecoder()
        self.finished = False

    def _items(self, events: list[Any]) -> list[Any]:
        out = []
        for event in events:
            if not event.data:
                continue
            message = json.loads(event.data)
            if message.get("msg") == "close_stream":
                self.finished = True
            out.append(message)
        return out

    def feed(self, chunk: bytes) -> list[Any]:
        return self._items(self._sse.feed(chunk))

    def end(self) -> list[Any]:
        return self._items(self._sse.flush())


async def fetch_file(args: dict[str, Any], emit: Any, files: Any = None) -> dict[str, Any]:
    """Bytes of an output file (base64), only from the connected app's origin."""
    import base64

    app = _apps.get(str(args.get("app_id")))
    url = str(args.get("url") or "")
    if app is None or urlsplit(url).netloc != urlsplit(app["base"]).netloc:
        raise errors.InputError("Only files of the connected app can be fetched")

    def flow() -> Any:
        response = yield from send_checked(Request("GET", url, _headers(app["token"]), timeout=60, credentials="omit"),
                                           context="file")
        return response
    response = await arun_flow(flow(), _transport)
    return {"base64": base64.b64encode(response.content).decode(), "type": response.headers.get("content-type", "")}


HANDLERS = {"connect": connect, "submit": submit, "fetch_file": fetch_file}
