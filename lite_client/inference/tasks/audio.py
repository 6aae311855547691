"""Audio tasks: classification, speech recognition, audio-to-audio, text-to-speech."""

from __future__ import annotations

import base64
from typing import Any

from ... import errors
from ..._flow import Flow
from .._context import ClientContext
from .._inputs import check_binary, read_binary
from ..outputs._base import parse_list, parse_one
from ..outputs.binary import BinaryOutput
from ..outputs.tasks import (
    AudioClassificationOutputElement,
    AudioToAudioOutputElement,
    AutomaticSpeechRecognitionOutput,
)
from ..providers import TaskInputs
from ._common import drop_none, run_task

__all__ = ["audio_classification", "audio_to_audio", "automatic_speech_recognition", "text_to_speech"]


def _audio_call(ctx: ClientContext, task: str, audio: Any, parameters: dict[str, Any],
                extra: dict[str, Any] | None = None) -> Flow[TaskInputs]:
    check_binary(audio, "audio")
    data, mime = yield from read_binary(ctx, audio, what="audio")
    return TaskInputs(task, binary=data, mime=mime, parameters=parameters, extra=dict(extra or {}))


def audio_classification(ctx: ClientContext, audio: Any, *, model: str | None = None, top_k: int | None = None,
                         function_to_apply: str | None = None) -> Flow[list[AudioClassificationOutputElement]]:
    call = yield from _audio_call(ctx, "audio-classification", audio,
                                  drop_none(top_k=top_k, function_to_apply=function_to_apply))
    return parse_list(AudioClassificationOutputElement, (yield from run_task(ctx, call, model)))


def audio_to_audio(ctx: ClientContext, audio: Any, *, model: str | None = None,
                   ) -> Flow[list[AudioToAudioOutputElement]]:
    call = yield from _audio_call(ctx, "audio-to-audio", audio, {})
    items = parse_list(AudioToAudioOutputElement, (yield from run_task(ctx, call, model)))
    for item in items:
        if isinstance(item.blob, str):
            try:
                item.blob = base64.b64decode(item.blob)
            except ValueError as exc:  # binascii.Error, non-ASCII text
                raise errors.ProtocolError("audio_to_audio: an output blob is not valid base64") from exc
    return items


def automatic_speech_recognition(ctx: ClientContext, audio: Any, *, model: str | None = None,
                                 extra_body: dict[str, Any] | None = None,
                                 ) -> Flow[AutomaticSpeechRecognitionOutput]:
    call = yield from _audio_call(ctx, "automatic-speech-recognition", audio, {}, extra_body)
    return parse_one(AutomaticSpeechRecognitionOutput, (yield from run_task(ctx, call, model)))


def text_to_speech(ctx: ClientContext, text: str, *, model: str | None = None,
                   extra_body: dict[str, Any] | None = None, **generation: Any) -> Flow[BinaryOutput]:
    """``generation`` holds the generation parameters (do_sample, max_new_tokens, temperature…)."""
    if not isinstance(text, str):
        raise errors.InputError("text must be a string.")
    params = drop_none(**generation, **(extra_body or {}))
    call = TaskInputs("text-to-speech", text, parameters=params, binary_output=True)
    result: BinaryOutput = yield from run_task(ctx, call, model)
    return result
