"""TGI ``text_generation`` outputs, shaped like huggingface_hub's ``TextGeneration*`` types."""

from __future__ import annotations

from typing import Literal

from ._base import OutputModel

__all__ = [
    "TextGenerationOutput",
    "TextGenerationOutputBestOfSequence",
    "TextGenerationOutputDetails",
    "TextGenerationOutputFinishReason",
    "TextGenerationOutputPrefillToken",
    "TextGenerationOutputToken",
    "TextGenerationStreamOutput",
    "TextGenerationStreamOutputStreamDetails",
    "TextGenerationStreamOutputToken",
]

TextGenerationOutputFinishReason = Literal["length", "eos_token", "stop_sequence"]
"""The values TGI documents; any other string the server sends is kept as is."""


class TextGenerationOutputPrefillToken(OutputModel):
    id: int | None = None
    logprob: float | None = None
    text: str | None = None


class TextGenerationOutputToken(OutputModel):
    id: int | None = None
    logprob: float | None = None
    special: bool | None = None
    text: str | None = None


class TextGenerationOutputBestOfSequence(OutputModel):
    finish_reason: str | None = None
    generated_text: str | None = None
    generated_tokens: int | None = None
    prefill: list[TextGenerationOutputPrefillToken] | None = None
    tokens: list[TextGenerationOutputToken] | None = None
    seed: int | None = None
    top_tokens: list[list[TextGenerationOutputToken]] | None = None


class TextGenerationOutputDetails(OutputModel):
    finish_reason: str | None = None
    generated_tokens: int | None = None
    prefill: list[TextGenerationOutputPrefillToken] | None = None
    tokens: list[TextGenerationOutputToken] | None = None
    best_of_sequences: list[TextGenerationOutputBestOfSequence] | None = None
    seed: int | None = None
    top_tokens: list[list[TextGenerationOutputToken]] | None = None


class TextGenerationOutput(OutputModel):
    """``text_generation(..., details=True)``: the text and the generation details."""

    generated_text: str | None = None
    details: TextGenerationOutputDetails | None = None


class TextGenerationStreamOutputToken(OutputModel):
    id: int | None = None
    logprob: float | None = None
    special: bool | None = None
    text: str | None = None


class TextGenerationStreamOutputStreamDetails(OutputModel):
    finish_reason: str | None = None
    generated_tokens: int | None = None
    input_length: int | None = None
    seed: int | None = None


class TextGenerationStreamOutput(OutputModel):
    """One streamed token; ``generated_text`` and ``details`` are set on the last one only."""

    index: int | None = None
    token: TextGenerationStreamOutputToken | None = None
    details: TextGenerationStreamOutputStreamDetails | None = None
    generated_text: str | None = None
    top_tokens: list[TextGenerationStreamOutputToken] | None = None
