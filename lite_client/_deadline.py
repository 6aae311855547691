"""Deadlines for waits that span many reads or polls (a Gradio ``job.result(timeout=…)``, a
provider's polling loop): ``None`` means no limit. Pure apart from the clock."""

from __future__ import annotations

import time

__all__ = ["deadline_after", "expired", "remaining"]


def deadline_after(timeout: float | None) -> float | None:
    return None if timeout is None else time.monotonic() + timeout


def remaining(deadline: float | None) -> float | None:
    """Seconds left (never negative), or ``None`` for no limit."""
    return None if deadline is None else max(0.0, deadline - time.monotonic())


def expired(deadline: float | None) -> bool:
    return deadline is not None and time.monotonic() >= deadline
