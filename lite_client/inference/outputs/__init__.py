"""Typed outputs of :class:`~lite_client.inference.InferenceClient` (pydantic v2, dict-readable)."""

from __future__ import annotations

from ._base import OutputModel
from .binary import BinaryOutput
from .chat import *  # noqa: F403
from .chat import __all__ as _chat_all
from .tasks import *  # noqa: F403
from .tasks import __all__ as _tasks_all
from .text_generation import *  # noqa: F403
from .text_generation import __all__ as _tg_all

__all__ = ["BinaryOutput", "OutputModel", *_chat_all, *_tasks_all, *_tg_all]
