"""Hugging Face inference from CPython and Pyodide: :class:`InferenceClient` and
:class:`AsyncInferenceClient`, mirroring ``huggingface_hub``'s clients (see docs/inference.md)."""

from __future__ import annotations

from ._shared import ModelStatus
from .async_client import AsyncInferenceClient
from .client import InferenceClient
from .outputs import (
    BinaryOutput,
    ChatCompletionOutput,
    ChatCompletionStreamOutput,
    OutputModel,
    TextGenerationOutput,
    TextGenerationStreamOutput,
)
from .providers import PROVIDERS

__all__ = [
    "PROVIDERS",
    "AsyncInferenceClient",
    "BinaryOutput",
    "ChatCompletionOutput",
    "ChatCompletionStreamOutput",
    "InferenceClient",
    "ModelStatus",
    "OutputModel",
    "TextGenerationOutput",
    "TextGenerationStreamOutput",
]
