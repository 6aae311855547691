"""Fuzzing the response parsers of every inference task: whatever JSON (or bytes) a server
answers with, the only exceptions that may come out of a client method are lite_client's typed
errors.

Each example calls one public ``InferenceClient`` method through a MockTransport whose answers are
random JSON shapes (biased towards the real shapes: lists of dicts with the usual keys) or random
bytes under a random content type. Provider routes (fal-ai, replicate, together) get a valid Hub
mapping first, then random answers, also while polling (sleeps are skipped). Default examples are
few (CI); the ``heavy`` + ``fuzz`` variant runs 10k+.
"""

from __future__ import annotations

import json
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lite_client import errors
from lite_client._http import Request, Response
from lite_client.inference import InferenceClient
from lite_client.transports import MockTransport

DEFAULT = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
HEAVY = settings(max_examples=12_000, deadline=None, suppress_health_check=list(HealthCheck))

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
KEYS = ["label", "score", "generated_text", "answer", "start", "end", "text", "summary_text", "translation_text",
        "token_str", "sequence", "token", "box", "mask", "entity_group", "word", "images", "url", "data", "b64_json",
        "video", "output", "status", "error", "choices", "message", "content", "chunks", "timestamp", "blob",
        "content-type", "embedding", "coordinates", "cells", "aggregator", "request_id", "response_url", "urls",
        "get", "xmin", "ymin", "xmax", "ymax", "audio", "details", "finish_reason", "usage", "index", "role"]
scalars = (st.none() | st.booleans() | st.integers(-5, 5) | st.floats(allow_nan=True, allow_infinity=True)
           | st.text(max_size=12) | st.sampled_from(["COMPLETED", "succeeded", "IN_PROGRESS", "failed",
                                                    "http://127.0.0.1:9/x.png", "data:image/png;base64,iVBORw0K"]))
shapes = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), inner, max_size=5),
                      max_leaves=16)
answers = st.one_of(
    shapes.map(lambda v: (200, "application/json", json.dumps(v).encode())),
    st.tuples(st.sampled_from([200, 200, 201, 202, 400, 404, 422, 500, 503]),
              st.sampled_from(["application/json", "image/png", "audio/wav", "application/octet-stream",
                               "text/plain", "text/html", ""]),
              st.binary(max_size=64) | st.just(PNG)),
)

IMAGE, AUDIO = PNG, b"RIFF0000WAVEfmt "
TABLE = {"a": ["1", "2"], "b": ["3", "4"]}
CALLS: dict[str, tuple[str, tuple[Any, ...], dict[str, Any]]] = {
    "feature_extraction": ("feature_extraction", ("hi",), {}),
    "sentence_similarity": ("sentence_similarity", ("a", ["b", "c"]), {}),
    "fill_mask": ("fill_mask", ("The [MASK].",), {}),
    "text_classification": ("text_classification", ("hi",), {}),
    "token_classification": ("token_classification", ("hi",), {}),
    "question_answering": ("question_answering", ("q", "c"), {}),
    "table_question_answering": ("table_question_answering", (TABLE, "q"), {}),
    "summarization": ("summarization", ("hi",), {}),
    "translation": ("translation", ("hi",), {}),
    "zero_shot_classification": ("zero_shot_classification", ("hi", ["a", "b"]), {}),
    "tabular_classification": ("tabular_classification", (TABLE,), {}),
    "tabular_regression": ("tabular_regression", (TABLE,), {}),
    "audio_classification": ("audio_classification", (AUDIO,), {}),
    "audio_to_audio": ("audio_to_audio", (AUDIO,), {}),
    "automatic_speech_recognition": ("automatic_speech_recognition", (AUDIO,), {}),
    "text_to_speech": ("text_to_speech", ("hi",), {}),
    "image_classification": ("image_classification", (IMAGE,), {}),
    "image_segmentation": ("image_segmentation", (IMAGE,), {}),
    "object_detection": ("object_detection", (IMAGE,), {}),
    "image_to_text": ("image_to_text", (IMAGE,), {}),
    "image_to_image": ("image_to_image", (IMAGE, "p"), {}),
    "zero_shot_image_classification": ("zero_shot_image_classification", (IMAGE, ["a", "b"]), {}),
    "visual_question_answering": ("visual_question_answering", (IMAGE, "q"), {}),
    "document_question_answering": ("document_question_answering", (IMAGE, "q"), {}),
    "text_to_image": ("text_to_image", ("p",), {}),
    "text_to_video": ("text_to_video", ("p",), {}),
    "image_to_video": ("image_to_video", (IMAGE,), {}),
    "chat_completion": ("chat_completion", ([{"role": "user", "content": "hi"}],), {}),
    "text_generation": ("text_generation", ("hi",), {}),
    "text_generation_details": ("text_generation", ("hi",), {"details": True}),
}
# Provider routes: (method key, provider, Hub model id whose last part is the task)
PROVIDER_CALLS = [
    ("text_to_image", "fal-ai", "org/text-to-image"), ("text_to_image", "replicate", "org/text-to-image"),
    ("text_to_image", "together", "org/text-to-image"), ("text_to_video", "fal-ai", "org/text-to-video"),
    ("text_to_video", "replicate", "org/text-to-video"), ("chat_completion", "together", "org/chat"),
    ("automatic_speech_recognition", "fal-ai", "org/automatic-speech-recognition"),
]
MAX_REQUESTS = 25


def _mapping(provider: str, model: str) -> bytes:
    task = model.rsplit("/", 1)[-1]
    task = "conversational" if task == "chat" else task
    return json.dumps({"id": model, "pipeline_tag": task, "inferenceProviderMapping": {
        provider: {"providerId": f"{provider}/x", "status": "live", "task": task}}}).encode()


def _run(method: str, answers_list: list[tuple[int, str, bytes]], provider: str | None = None,
         model: str | None = None) -> None:
    name, args, kwargs = CALLS[method]
    served = iter(answers_list * MAX_REQUESTS)
    count = [0]

    def handler(request: Request) -> Response:
        count[0] += 1
        if count[0] > MAX_REQUESTS:
            raise errors.ConnectError("fuzz: request budget exhausted")
        if "/api/models/" in request.url and provider:
            return Response(200, {"content-type": "application/json"}, content=_mapping(provider, model or ""),
                            request=request)
        status, ctype, body = next(served)
        return Response(status, {"content-type": ctype} if ctype else {}, content=body, request=request)

    if provider:
        client = InferenceClient(model, provider=provider, token="hf_fuzzfuzzfuzz", hub_url="http://hub.test",
                                 router_url="http://router.test", transport=MockTransport(handler))
    else:
        client = InferenceClient("http://127.0.0.1:9/model", transport=MockTransport(handler))
    with mock.patch("lite_client._flow.time.sleep"):
        try:
            getattr(client, name)(*args, **kwargs)
        except errors.LiteClientError as exc:
            str(exc), repr(exc)


TASK_OF = {"text_generation_details": "text-generation", "chat_completion": "conversational"}


def seed_for(method: str) -> Any:
    """The well-formed answer of the inference stand-in for ``method`` (mutated by :func:`mutate`)."""
    from tests.standins.inference_standin import task_output

    name = CALLS[method][0]
    task = TASK_OF.get(method, name.replace("_", "-"))
    if task == "conversational":
        return {"choices": [{"index": 0, "message": {"role": "assistant", "content": "x"}, "finish_reason": "stop"}]}
    if task == "text-generation":
        return [{"generated_text": "x", "details": {"finish_reason": "length", "generated_tokens": 1, "tokens": []}}]
    inputs: Any = {"sentences": ["a", "b"]} if task == "sentence-similarity" else ["a"]
    return task_output(task, {"inputs": inputs, "parameters": {"candidate_labels": ["a"]},
                              "table": {"a": ["1"]}})


@st.composite
def mutate(draw: st.DrawFn, value: Any, depth: int = 0) -> Any:
    """``value`` with one random edit somewhere: a leaf or subtree replaced, a key dropped, a list
    emptied or wrapped. Near-misses of the real shapes reach deeper into the parsers than noise."""
    choice = draw(st.integers(0, 5))
    if choice == 0 or depth > 6:
        return draw(shapes)
    if choice == 1:
        return [value]
    if isinstance(value, list) and value:
        out = list(value)
        index = draw(st.integers(0, len(out) - 1))
        if choice == 2:
            del out[index]
        else:
            out[index] = draw(mutate(out[index], depth + 1))
        return out
    if isinstance(value, dict) and value:
        out2 = dict(value)
        key = draw(st.sampled_from(sorted(out2)))
        if choice == 2:
            del out2[key]
        else:
            out2[key] = draw(mutate(out2[key], depth + 1))
        return out2
    return draw(shapes)


def near_miss(method: str) -> st.SearchStrategy[tuple[int, str, bytes]]:
    return mutate(seed_for(method)).map(lambda v: (200, "application/json", json.dumps(v).encode()))


def _per_method(method: str) -> st.SearchStrategy[list[tuple[int, str, bytes]]]:
    return st.lists(near_miss(method) | answers, min_size=1, max_size=3)


PER_METHOD = settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
PER_METHOD_HEAVY = settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.mark.parametrize("method", sorted(CALLS))
def test_task_parsers_only_raise_typed_errors(method: str) -> None:
    @PER_METHOD
    @given(_per_method(method))
    def run(replies: list[tuple[int, str, bytes]]) -> None:
        _run(method, replies)
    run()


@DEFAULT
@given(st.sampled_from(PROVIDER_CALLS), st.lists(answers, min_size=1, max_size=4))
def test_provider_parsers_only_raise_typed_errors(call: tuple[str, str, str],
                                                  replies: list[tuple[int, str, bytes]]) -> None:
    _run(call[0], replies, provider=call[1], model=call[2])


@pytest.mark.heavy
@pytest.mark.fuzz
@pytest.mark.parametrize("method", sorted(CALLS))
def test_task_parsers_only_raise_typed_errors_heavy(method: str) -> None:
    """30 methods x 400 = 12,000 examples."""
    @PER_METHOD_HEAVY
    @given(_per_method(method))
    def run(replies: list[tuple[int, str, bytes]]) -> None:
        _run(method, replies)
    run()


@pytest.mark.heavy
@pytest.mark.fuzz
@HEAVY
@given(st.sampled_from(PROVIDER_CALLS), st.lists(answers, min_size=1, max_size=4))
def test_provider_parsers_only_raise_typed_errors_heavy(call: tuple[str, str, str],
                                                        replies: list[tuple[int, str, bytes]]) -> None:
    _run(call[0], replies, provider=call[1], model=call[2])
