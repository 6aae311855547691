"""Call dispatch for web/js/py-worker.mjs: runs an app module's handlers as cancellable tasks.

An app module defines ``HANDLERS = {"name": async def handler(args: dict, emit, files) -> JSON}``.
``emit(dict)`` sends an event to the page while the call runs (tokens, queue position...).
Every outcome comes back as JSON text ``{"ok": true, "value": ...}`` or
``{"ok": false, "error": {"type", "message"}}``; error messages are redacted by lite_client.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from types import ModuleType
from typing import Any

from lite_client import errors

Handler = Callable[[dict[str, Any], Callable[[dict[str, Any]], None], Any], Awaitable[Any]]
_handlers: dict[str, Handler] = {}
_tasks: dict[int, asyncio.Task[Any]] = {}


def register(module: ModuleType) -> None:
    _handlers.update(module.HANDLERS)


def _error(exc: BaseException) -> dict[str, Any]:
    if isinstance(exc, asyncio.CancelledError):
        return {"type": "Cancelled", "message": "stopped by the user"}
    message = errors.redact(str(exc)) or type(exc).__name__
    return {"type": type(exc).__name__, "message": message}


async def call(call_id: int, method: str, args_json: str, emit_json: Callable[[str], None], files: Any = None) -> str:
    handler = _handlers.get(method)
    if handler is None:
        return json.dumps({"ok": False, "error": {"type": "InputError", "message": f"unknown method {method!r}"}})

    def emit(event: dict[str, Any]) -> None:
        emit_json(json.dumps(event))

    task = asyncio.ensure_future(handler(json.loads(args_json), emit, files))
    _tasks[call_id] = task
    try:
        value = await task
        return json.dumps({"ok": True, "value": value})
    except BaseException as exc:
        return json.dumps({"ok": False, "error": _error(exc)})
    finally:
        _tasks.pop(call_id, None)


def cancel(call_id: int) -> bool:
    task = _tasks.get(call_id)
    if task is None or task.done():
        return False
    task.cancel()
    return True
