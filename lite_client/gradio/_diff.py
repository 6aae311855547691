"""Apply the edit operations Gradio sends for generator outputs (protocol ``sse_v2`` and later).

After the first ``process_generating`` message (full values), each output comes as a list of
``[action, path, value]`` operations against its previous value (reference §6.4):

* ``replace``: path ``[]`` replaces the whole value, otherwise sets ``target[path]``;
* ``append``: string / list concatenation at ``path`` (or on the whole value);
* ``add``: list → insert at index, dict → set key;
* ``delete``: list → remove index, dict → delete key.

:func:`apply_diff` never mutates its input: containers on the edited path are copied, the rest is
shared. So a value already handed to the user is never changed by a later update.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .. import errors

__all__ = ["apply_diff", "apply_output_diffs"]


def _copy(container: Any) -> Any:
    if isinstance(container, list):
        return list(container)
    if isinstance(container, dict):
        return dict(container)
    raise errors.ProtocolError(f"Diff path goes through a {type(container).__name__}, not a list or dict.")


def _key(container: Any, key: Any) -> Any:
    return int(key) if isinstance(container, list) else key


def _edit(value: Any, path: Sequence[Any], action: str, item: Any) -> Any:
    if not path:
        if action == "replace":
            return item
        if action == "append":
            return item if value is None else value + item
        raise errors.ProtocolError(f"Unsupported diff action {action!r} on a whole value.")
    root = _copy(value)
    current = root
    for key in path[:-1]:
        key = _key(current, key)
        child = _copy(current[key])
        current[key] = child
        current = child
    last = _key(current, path[-1])
    if action == "replace":
        current[last] = item
    elif action == "append":
        current[last] = current[last] + item
    elif action == "add":
        if isinstance(current, list):
            current.insert(last, item)
        else:
            current[last] = item
    elif action == "delete":
        del current[last]
    else:
        raise errors.ProtocolError(f"Unknown diff action {action!r}.")
    return root


def apply_diff(value: Any, ops: Sequence[Sequence[Any]]) -> Any:
    """Return ``value`` with ``ops`` (``[action, path, item]`` lists) applied in order."""
    try:
        for action, path, item in ops:
            value = _edit(value, path, action, item)
    except (KeyError, IndexError, TypeError, ValueError) as exc:
        raise errors.ProtocolError(f"Cannot apply a streaming diff: {type(exc).__name__}: {exc}") from exc
    return value


def apply_output_diffs(previous: list[Any] | None, data: list[Any]) -> list[Any]:
    """The full outputs after one ``process_generating`` message.

    ``previous`` is ``None`` for the first message (whose ``data`` holds full values). An output
    index beyond ``previous`` starts from ``None``.
    """
    if previous is None:
        return list(data)
    out = list(previous)
    for index, ops in enumerate(data):
        if index >= len(out):
            out.append(None)
        out[index] = apply_diff(out[index], ops)
    return out
