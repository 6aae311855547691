"""Build code for runtime.run() from a scenario module's source and a call expression."""

from __future__ import annotations

from pathlib import Path


def scenario_code(path: str | Path, call: str) -> str:
    """Source of ``path`` (a plain module importing only lite_client and the stdlib), then ``call``.

    ``call`` is the last expression, e.g. ``"await gated_stream('http://…', 'k1')"``; its value is
    what ``runtime.run`` returns.
    """
    source = Path(path).read_text()
    return f"{source}\n\n{call}\n"
