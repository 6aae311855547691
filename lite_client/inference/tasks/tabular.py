"""Tabular tasks. ``tabular_regression`` works (huggingface_hub 2.4.0 always raises for it: the task
is missing from its hf-inference map); both post ``{"table": {col: [...]}, "parameters": {}}``."""

from __future__ import annotations

from typing import Any

from ... import errors
from ..._flow import Flow
from .._context import ClientContext
from ..providers import TaskInputs
from ._common import float_list, run_task

__all__ = ["tabular_classification", "tabular_regression"]


def _table(table: Any) -> dict[str, Any]:
    if not isinstance(table, dict) or not all(isinstance(v, list) for v in table.values()):
        raise errors.InputError("table must be a dict of column name -> list of values.")
    return table


def tabular_classification(ctx: ClientContext, table: dict[str, Any], *,
                           model: str | None = None) -> Flow[list[str]]:
    call = TaskInputs("tabular-classification", extra={"table": _table(table)}, omit_inputs=True)
    data = yield from run_task(ctx, call, model)
    if not isinstance(data, list):
        raise errors.ProtocolError(f"tabular_classification: expected a list of labels, got {str(data)[:200]}")
    return [str(x) for x in data]


def tabular_regression(ctx: ClientContext, table: dict[str, Any], *, model: str | None = None) -> Flow[list[float]]:
    call = TaskInputs("tabular-regression", extra={"table": _table(table)}, omit_inputs=True)
    data = yield from run_task(ctx, call, model)
    return float_list(data, "tabular_regression")
