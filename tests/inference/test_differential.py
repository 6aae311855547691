"""Differential tests: huggingface_hub.InferenceClient and openai.OpenAI against the same stand-in.

Our outputs must equal theirs field for field wherever they can parse the response. Where
huggingface_hub fails (TGI's ``data:[DONE]``), we must not.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from lite_client.inference import AsyncInferenceClient, InferenceClient
from tests.inference import _aio as aio
from tests.standins.inference_standin import PNG, WAV, InferenceStandIn

hf = pytest.importorskip("huggingface_hub")
openai = pytest.importorskip("openai")

MESSAGES = [{"role": "user", "content": "hi"}]
TABLE = {"a": ["1", "2"], "b": ["3", "4"]}
TOOLS = [{"type": "function", "function": {"name": "weather", "parameters": {"type": "object"}}}]


def plain(value: Any) -> Any:
    """huggingface_hub / our outputs as plain JSON data."""
    if hasattr(value, "model_dump"):
        value = value.model_dump()
    if hasattr(value, "tolist"):
        value = value.tolist()
    def default(o: Any) -> Any:
        if hasattr(o, "model_dump"):
            return o.model_dump()
        return o.hex() if isinstance(o, bytes) else str(o)
    return json.loads(json.dumps(value, default=default))


TASKS: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    ("fill_mask", ("x [MASK]",), {}),
    ("text_classification", ("great",), {}),
    ("token_classification", ("Paris",), {}),
    ("question_answering", ("q", "c"), {}),
    ("table_question_answering", (TABLE, "sum?"), {}),
    ("summarization", ("text",), {}),
    ("translation", ("hello",), {"src_lang": "en", "tgt_lang": "fr"}),
    ("zero_shot_classification", ("t", ["x", "y"]), {}),
    ("feature_extraction", (["a", "b"],), {}),
    ("sentence_similarity", ("a", ["b", "c"]), {}),
    ("tabular_classification", (TABLE,), {}),
    ("image_classification", (PNG,), {}),
    ("object_detection", (PNG,), {}),
    ("image_to_text", (PNG,), {}),
    ("image_segmentation", (PNG,), {}),
    ("zero_shot_image_classification", (PNG, ["cat", "dog"]), {}),
    ("visual_question_answering", (PNG, "color?"), {}),
    ("document_question_answering", (PNG, "total?"), {}),
    ("audio_classification", (WAV,), {}),
    ("automatic_speech_recognition", (WAV,), {}),
    ("audio_to_audio", (WAV,), {}),
    ("text_to_speech", ("hello",), {}),
]


@pytest.mark.parametrize(("method", "args", "kwargs"), TASKS, ids=[t[0] for t in TASKS])
def test_tasks_equal_huggingface_hub(standin: InferenceStandIn, method: str, args: tuple[Any, ...],
                                     kwargs: dict[str, Any]) -> None:
    url = f"{standin.url}/endpoint/{method.replace('_', '-')}"
    if method == "automatic_speech_recognition":
        url = f"{standin.url}/endpoint/automatic-speech-recognition"
    theirs = getattr(hf.InferenceClient(model=url), method)(*args, **kwargs)
    their_body = standin.last()["body"]
    if method == "feature_extraction":  # huggingface_hub returns float32 numpy arrays
        theirs = [[round(float(x), 6) for x in row] for row in theirs]
    ours = getattr(InferenceClient(url), method)(*args, **kwargs)
    our_body = standin.last()["body"]
    if method == "image_segmentation":  # huggingface_hub decodes masks to PIL images; compare the rest
        theirs = [{**dict(t), "mask": None} for t in theirs]
        ours = [{**o.to_dict(), "mask": None} for o in ours]
    if method == "audio_to_audio":  # both decode blob to bytes
        assert [t["blob"] for t in theirs] == [o.blob for o in ours]
    assert plain(ours) == plain(theirs)
    assert (json.loads(our_body) if our_body[:1] == b"{" else our_body) == \
        (json.loads(their_body) if their_body[:1] == b"{" else their_body)


@pytest.mark.parametrize("method", ["text_to_image", "image_to_image"])
def test_image_outputs_match_pil(standin: InferenceStandIn, method: str) -> None:
    url = f"{standin.url}/endpoint/{method.replace('_', '-')}"
    args = ("cat",) if method == "text_to_image" else (PNG, "blue")
    theirs = getattr(hf.InferenceClient(model=url), method)(*args)
    ours = getattr(InferenceClient(url), method)(*args)
    assert ours.to_pil().tobytes() == theirs.tobytes() and ours.mime_type == "image/png"


def test_tabular_regression_works_where_hub_raises(standin: InferenceStandIn) -> None:
    url = f"{standin.url}/endpoint/tabular-regression"
    with pytest.raises(ValueError):
        hf.InferenceClient(model=url).tabular_regression(TABLE)
    assert InferenceClient(url).tabular_regression(TABLE) == [1.5, 2.5]


CHAT_CASES: list[dict[str, Any]] = [
    {}, {"max_tokens": 3, "temperature": 0.2, "seed": 4, "stop": ["x"]}, {"tools": TOOLS, "tool_choice": "auto"},
    {"logprobs": True, "top_logprobs": 2},
]


@pytest.mark.parametrize("kwargs", CHAT_CASES, ids=["plain", "sampling", "tools", "logprobs"])
def test_chat_equals_huggingface_hub(standin: InferenceStandIn, kwargs: dict[str, Any]) -> None:
    theirs = hf.InferenceClient(base_url=f"{standin.url}/v1").chat_completion(MESSAGES, **kwargs)
    their_body = json.loads(standin.last()["body"])
    ours = InferenceClient(base_url=f"{standin.url}/v1").chat_completion(MESSAGES, **kwargs)
    assert plain(ours) == plain(theirs)
    assert json.loads(standin.last()["body"]) == their_body  # same request body, too


@pytest.mark.parametrize("kwargs", [*CHAT_CASES[:3], {"stream_options": {"include_usage": True}}],
                         ids=["plain", "sampling", "tools", "usage"])
def test_chat_stream_equals_huggingface_hub(standin: InferenceStandIn, kwargs: dict[str, Any]) -> None:
    hub = hf.InferenceClient(base_url=f"{standin.url}/v1")  # keep it referenced while streaming
    theirs = list(hub.chat_completion(MESSAGES, stream=True, **kwargs))
    ours = list(InferenceClient(base_url=f"{standin.url}/v1").chat_completion(MESSAGES, stream=True, **kwargs))
    assert [plain(o) for o in ours] == [plain(t) for t in theirs]

    async def ours_async() -> list[Any]:
        async with AsyncInferenceClient(base_url=f"{standin.url}/v1") as c:
            return [plain(o) async for o in await c.chat_completion(MESSAGES, stream=True, **kwargs)]
    assert aio.run(ours_async()) == [plain(t) for t in theirs]


def test_tgi_done_framing_hub_crashes_we_do_not(standin: InferenceStandIn) -> None:
    headers = {"x-sse-style": "tgi"}
    got: list[Any] = []
    hub = hf.InferenceClient(base_url=f"{standin.url}/v1", headers=headers)
    with pytest.raises(json.JSONDecodeError):
        for chunk in hub.chat_completion(MESSAGES, stream=True):
            got.append(plain(chunk))
    ours = [plain(c) for c in InferenceClient(base_url=f"{standin.url}/v1", headers=headers).chat_completion(
        MESSAGES, stream=True)]
    assert ours == got and len(ours) == 5  # every token they yielded before crashing, and no crash


@pytest.mark.parametrize("details", [False, True])
@pytest.mark.parametrize("style", ["openai", "tgi"])
def test_text_generation_equals_huggingface_hub(standin: InferenceStandIn, details: bool, style: str) -> None:
    url, headers = f"{standin.url}/tgi", {"x-sse-style": style}
    theirs = hf.InferenceClient(model=url, headers=headers)
    ours = InferenceClient(url, headers=headers)
    assert plain(ours.text_generation("hi", details=details, max_new_tokens=3)) == \
        plain(theirs.text_generation("hi", details=details, max_new_tokens=3))
    assert [plain(x) for x in ours.text_generation("hi", details=details, stream=True, max_new_tokens=3)] == \
        [plain(x) for x in theirs.text_generation("hi", details=details, stream=True, max_new_tokens=3)]


def _shared_fields(ours: Any, theirs: Any, path: str = "") -> None:
    """Every field we return that openai also returns must be equal."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        for key, value in ours.items():
            if key in theirs:
                _shared_fields(value, theirs[key], f"{path}.{key}")
    elif isinstance(ours, list) and isinstance(theirs, list):
        assert len(ours) == len(theirs), path
        for i, (a, b) in enumerate(zip(ours, theirs, strict=True)):
            _shared_fields(a, b, f"{path}[{i}]")
    else:
        assert ours == theirs, path


@pytest.mark.parametrize("kwargs", CHAT_CASES, ids=["plain", "sampling", "tools", "logprobs"])
@pytest.mark.parametrize("style", ["openai", "tgi"])
def test_chat_equals_openai(standin: InferenceStandIn, kwargs: dict[str, Any], style: str) -> None:
    oa = openai.OpenAI(base_url=f"{standin.url}/v1", api_key="sk-local", default_headers={"x-sse-style": style},
                       max_retries=0)
    ours = InferenceClient(base_url=f"{standin.url}/v1", api_key="sk-local", headers={"x-sse-style": style})
    theirs = oa.chat.completions.create(model="m", messages=MESSAGES, **kwargs)  # type: ignore[arg-type]
    mine = ours.chat.completions.create(model="m", messages=MESSAGES, **kwargs)
    _shared_fields(plain(mine), theirs.model_dump())
    assert mine.choices[0].message.content == theirs.choices[0].message.content
    their_chunks = [c.model_dump() for c in oa.chat.completions.create(  # type: ignore[call-overload]
        model="m", messages=MESSAGES, stream=True, **kwargs)]
    my_chunks = [plain(c) for c in ours.chat.completions.create(model="m", messages=MESSAGES, stream=True, **kwargs)]
    assert len(my_chunks) == len(their_chunks)
    for mine_chunk, their_chunk in zip(my_chunks, their_chunks, strict=True):
        _shared_fields(mine_chunk, their_chunk)
