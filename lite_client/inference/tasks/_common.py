"""Helpers shared by the task flows."""

from __future__ import annotations

from typing import Any

from ... import errors
from ..._flow import Flow
from .._context import ClientContext
from .._routing import resolve_route
from ..providers import TaskInputs, get_provider

__all__ = ["drop_none", "float_list", "run_task"]


def drop_none(**values: Any) -> dict[str, Any]:
    """The keyword arguments whose value is not ``None`` (recursively in dicts)."""
    return {k: (_clean(v) if isinstance(v, dict) else v) for k, v in values.items() if v is not None}


def float_list(data: Any, what: str) -> list[float]:
    """``data`` as a list of numbers, or :class:`~lite_client.errors.ProtocolError` (never a bare
    ``TypeError``/``ValueError`` for a server that answers with another shape)."""
    if not isinstance(data, list) or not all(isinstance(x, int | float) and not isinstance(x, bool) for x in data):
        raise errors.ProtocolError(f"{what}: expected a list of numbers, got {str(data)[:200]}")
    return [float(x) for x in data]


def _clean(value: dict[str, Any]) -> dict[str, Any]:
    return {k: (_clean(v) if isinstance(v, dict) else v) for k, v in value.items() if v is not None}


def run_task(ctx: ClientContext, call: TaskInputs, model: str | None) -> Flow[Any]:
    """Route ``call`` to its provider and return the provider's raw result (JSON or BinaryOutput)."""
    route = yield from resolve_route(ctx, call.task, model)
    helper = get_provider("hf-inference" if route.provider == "auto" else route.provider)
    if not helper.supports(call.task):
        raise errors.InputError(f"Provider {route.provider!r} does not serve task {call.task!r} in lite_client.")
    return (yield from helper.run_task(ctx, route, call))
