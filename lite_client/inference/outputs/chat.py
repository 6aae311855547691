"""Chat-completion outputs, shaped like huggingface_hub's ``ChatCompletionOutput`` family.

Field names follow huggingface_hub 2.x (and so the OpenAI wire format). Every field is optional
(``None`` when the server left it out); unknown keys are kept.
"""

from __future__ import annotations

from typing import Any

from ._base import OutputModel

__all__ = [
    "ChatCompletionOutput",
    "ChatCompletionOutputComplete",
    "ChatCompletionOutputFunctionDefinition",
    "ChatCompletionOutputLogprob",
    "ChatCompletionOutputLogprobs",
    "ChatCompletionOutputMessage",
    "ChatCompletionOutputToolCall",
    "ChatCompletionOutputTopLogprob",
    "ChatCompletionOutputUsage",
    "ChatCompletionStreamOutput",
    "ChatCompletionStreamOutputChoice",
    "ChatCompletionStreamOutputDelta",
    "ChatCompletionStreamOutputDeltaToolCall",
    "ChatCompletionStreamOutputFunction",
    "ChatCompletionStreamOutputLogprob",
    "ChatCompletionStreamOutputLogprobs",
    "ChatCompletionStreamOutputTopLogprob",
    "ChatCompletionStreamOutputUsage",
]


class ChatCompletionOutputTopLogprob(OutputModel):
    logprob: float | None = None
    token: str | None = None


class ChatCompletionOutputLogprob(OutputModel):
    logprob: float | None = None
    token: str | None = None
    top_logprobs: list[ChatCompletionOutputTopLogprob] | None = None


class ChatCompletionOutputLogprobs(OutputModel):
    content: list[ChatCompletionOutputLogprob] | None = None


class ChatCompletionOutputFunctionDefinition(OutputModel):
    arguments: Any = None  # a JSON string per OpenAI; TGI used to send an object
    name: str | None = None
    description: str | None = None


class ChatCompletionOutputToolCall(OutputModel):
    function: ChatCompletionOutputFunctionDefinition | None = None
    id: str | None = None
    type: str | None = None


class ChatCompletionOutputMessage(OutputModel):
    role: str | None = None
    content: str | None = None
    reasoning: str | None = None
    tool_call_id: str | None = None
    tool_calls: list[ChatCompletionOutputToolCall] | None = None


class ChatCompletionOutputComplete(OutputModel):
    finish_reason: str | None = None
    index: int | None = None
    message: ChatCompletionOutputMessage | None = None
    logprobs: ChatCompletionOutputLogprobs | None = None


class ChatCompletionOutputUsage(OutputModel):
    completion_tokens: int | None = None
    prompt_tokens: int | None = None
    total_tokens: int | None = None


class ChatCompletionOutput(OutputModel):
    """A non-streamed chat completion. ``out.choices[0].message.content`` is the answer."""

    choices: list[ChatCompletionOutputComplete] | None = None
    created: int | None = None
    id: str | None = None
    model: str | None = None
    system_fingerprint: str | None = None
    usage: ChatCompletionOutputUsage | None = None


class ChatCompletionStreamOutputFunction(OutputModel):
    arguments: Any = None
    name: str | None = None


class ChatCompletionStreamOutputDeltaToolCall(OutputModel):
    function: ChatCompletionStreamOutputFunction | None = None
    id: str | None = None
    index: int | None = None
    type: str | None = None


class ChatCompletionStreamOutputDelta(OutputModel):
    role: str | None = None
    content: str | None = None
    reasoning: str | None = None
    tool_call_id: str | None = None
    tool_calls: list[ChatCompletionStreamOutputDeltaToolCall] | None = None


class ChatCompletionStreamOutputTopLogprob(OutputModel):
    logprob: float | None = None
    token: str | None = None


class ChatCompletionStreamOutputLogprob(OutputModel):
    logprob: float | None = None
    token: str | None = None
    top_logprobs: list[ChatCompletionStreamOutputTopLogprob] | None = None


class ChatCompletionStreamOutputLogprobs(OutputModel):
    content: list[ChatCompletionStreamOutputLogprob] | None = None


class ChatCompletionStreamOutputChoice(OutputModel):
    delta: ChatCompletionStreamOutputDelta | None = None
    index: int | None = None
    finish_reason: str | None = None
    logprobs: ChatCompletionStreamOutputLogprobs | None = None


class ChatCompletionStreamOutputUsage(OutputModel):
    completion_tokens: int | None = None
    prompt_tokens: int | None = None
    total_tokens: int | None = None


class ChatCompletionStreamOutput(OutputModel):
    """One streamed chunk. ``chunk.choices[0].delta.content`` is the new text (may be ``None``)."""

    choices: list[ChatCompletionStreamOutputChoice] | None = None
    created: int | None = None
    id: str | None = None
    model: str | None = None
    system_fingerprint: str | None = None
    usage: ChatCompletionStreamOutputUsage | None = None
