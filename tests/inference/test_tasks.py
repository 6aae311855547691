"""Every task method against the stand-in: request shapes (URL, body) and typed outputs."""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path
from typing import Any

import pytest

from lite_client import errors
from lite_client.inference import AsyncInferenceClient, BinaryOutput, InferenceClient
from tests.inference import _aio as aio
from tests.standins.inference_standin import PNG, WAV, InferenceStandIn

TABLE = {"a": ["1", "2"], "b": ["3", "4"]}


def body(standin: InferenceStandIn) -> Any:
    raw = standin.last()["body"]
    return json.loads(raw) if raw[:1] in b"{[" else raw


# (method, args, kwargs, task, check(output))
CASES: list[tuple[str, tuple[Any, ...], dict[str, Any], str, Any]] = [
    ("fill_mask", ("Paris is the [MASK].",), {"top_k": 2}, "fill-mask",
     lambda out: out[0].token_str == "Paris" and out[0]["sequence"] == "The capital is Paris."),
    ("text_classification", ("great",), {}, "text-classification", lambda out: out[0].label == "POSITIVE"),
    ("token_classification", ("Paris",), {}, "token-classification", lambda out: out[0].entity_group == "LOC"),
    ("question_answering", ("where?", "Paris"), {}, "question-answering", lambda out: out.answer == "Paris"),
    ("table_question_answering", (TABLE, "sum?"), {}, "table-question-answering",
     lambda out: out.cells == ["36"] and out.coordinates == [[0, 1]]),
    ("summarization", ("long text",), {}, "summarization", lambda out: out.summary_text == "A short summary."),
    ("translation", ("hello",), {"src_lang": "en", "tgt_lang": "fr"}, "translation",
     lambda out: out["translation_text"] == "Bonjour le monde"),
    ("zero_shot_classification", ("text", ["x", "y"]), {}, "zero-shot-classification",
     lambda out: [o.label for o in out] == ["x", "y"]),
    ("feature_extraction", ("hello",), {"normalize": True}, "feature-extraction", lambda out: out == [0.1, 0.2, 0.3]),
    ("sentence_similarity", ("a", ["b", "c"]), {}, "sentence-similarity", lambda out: out == [0.9, 0.8]),
    ("tabular_classification", (TABLE,), {}, "tabular-classification", lambda out: out == ["class_0", "class_1"]),
    ("tabular_regression", (TABLE,), {}, "tabular-regression", lambda out: out == [1.5, 2.5]),
    ("image_classification", (PNG,), {}, "image-classification", lambda out: out[0].label == "cat"),
    ("image_segmentation", (PNG,), {"threshold": 0.5}, "image-segmentation", lambda out: out[0].mask_bytes() == PNG),
    ("object_detection", (PNG,), {}, "object-detection", lambda out: out[0].box.xmax == 3),
    ("image_to_text", (PNG,), {}, "image-to-text", lambda out: out.generated_text == "a red square"),
    ("image_to_image", (PNG,), {"prompt": "blue"}, "image-to-image",
     lambda out: isinstance(out, BinaryOutput) and out.mime_type == "image/png" and out == PNG),
    ("zero_shot_image_classification", (PNG, ["cat", "dog"]), {}, "zero-shot-image-classification",
     lambda out: out[1].label == "dog"),
    ("visual_question_answering", (PNG, "color?"), {}, "visual-question-answering", lambda out: out[0].answer == "red"),
    ("document_question_answering", (PNG, "total?"), {}, "document-question-answering",
     lambda out: out[0].answer == "42"),
    ("text_to_image", ("a cat",), {"height": 8, "width": 8}, "text-to-image",
     lambda out: out.mime_type == "image/png" and out.content == PNG),
    ("audio_classification", (WAV,), {}, "audio-classification", lambda out: out[0].score == 0.9),
    ("audio_to_audio", (WAV,), {}, "audio-to-audio", lambda out: out[0].blob == WAV and out[0].content_type == "audio/wav"),
    ("automatic_speech_recognition", (WAV,), {}, "automatic-speech-recognition",
     lambda out: out.text == "hello world" and out.chunks[0].timestamp == [0.0, 0.5]),
    ("text_to_speech", ("hello",), {"max_new_tokens": 10}, "text-to-speech",
     lambda out: out == WAV and out.mime_type == "audio/wav"),
]


@pytest.mark.parametrize(("method", "args", "kwargs", "task", "check"), CASES, ids=[c[0] for c in CASES])
def test_task_hf_inference_sync(client: InferenceClient, standin: InferenceStandIn, method: str,
                                args: tuple[Any, ...], kwargs: dict[str, Any], task: str, check: Any) -> None:
    out = getattr(client, method)(*args, model=f"test/{task}", **kwargs)
    assert check(out), out
    path = standin.last()["path"]
    suffix = f"/pipeline/{task}" if task in ("feature-extraction", "sentence-similarity") else ""
    # provider="auto": the first provider of the model's mapping (fal-ai comes first for text-to-image)
    expected = "/fal-ai/fal-ai/image-model" if task == "text-to-image" else f"/hf-inference/models/test/{task}{suffix}"
    assert path == expected


@pytest.mark.parametrize(("method", "args", "kwargs", "task", "check"), CASES, ids=[c[0] for c in CASES])
def test_task_async_url_mode(standin: InferenceStandIn, method: str, args: tuple[Any, ...],
                             kwargs: dict[str, Any], task: str, check: Any) -> None:
    async def go() -> Any:
        async with AsyncInferenceClient(f"{standin.url}/endpoint/{task}", timeout=10) as c:
            return await getattr(c, method)(*args, **kwargs)
    assert check(aio.run(go()))
    assert standin.last()["path"] == f"/endpoint/{task}"


def test_request_bodies(client: InferenceClient, standin: InferenceStandIn) -> None:
    client.fill_mask("x [MASK]", model="test/fill-mask")
    assert body(standin) == {"inputs": "x [MASK]", "parameters": {}}
    client.feature_extraction(["a", "b"], model="test/feature-extraction", normalize=True)
    assert body(standin) == {"inputs": ["a", "b"], "normalize": True}  # parameters at the root
    client.tabular_regression(TABLE, model="test/tabular-regression")
    assert body(standin) == {"parameters": {}, "table": TABLE}
    client.image_classification(PNG, model="test/image-classification")
    assert body(standin) == PNG and "content-type" not in standin.last()["headers"]  # raw bytes
    client.image_segmentation(PNG, model="test/image-segmentation", threshold=0.5)
    assert body(standin) == {"inputs": base64.b64encode(PNG).decode(), "parameters": {"threshold": 0.5}}
    client.visual_question_answering(PNG, "q?", model="test/visual-question-answering")
    b64 = base64.b64encode(PNG).decode()
    assert body(standin) == {"inputs": b64, "parameters": {}, "question": "q?", "image": b64}
    client.document_question_answering(PNG, "q?", model="test/document-question-answering")
    assert body(standin) == {"inputs": {"question": "q?", "image": b64}, "parameters": {}}
    InferenceClient(f"{standin.url}/endpoint/text-to-image").text_to_image("cat", height=8, width=8, seed=None)
    assert body(standin) == {"inputs": "cat", "parameters": {"height": 8, "width": 8}}
    assert standin.last()["headers"]["accept"] == "image/png"
    client.zero_shot_classification("t", ["a", "b"], model="test/zero-shot-classification")
    assert body(standin)["parameters"] == {"candidate_labels": ["a", "b"], "multi_label": False}


def test_binary_inputs(client: InferenceClient, standin: InferenceStandIn, tmp_path: Path) -> None:
    path = tmp_path / "x.png"
    path.write_bytes(PNG)
    for value in (PNG, bytearray(PNG), memoryview(PNG), str(path), path, io.BytesIO(PNG),
                  f"{standin.url}/files/image.png", "data:image/png;base64," + base64.b64encode(PNG).decode()):
        client.image_classification(value, model="test/image-classification")
        assert body(standin) == PNG, type(value)
    assert standin.last()["headers"].get("content-type") in (None, "image/png")
    downloads = [r for r in standin.requests if r["method"] == "GET" and r["path"] == "/files/image.png"]
    assert downloads and "authorization" not in downloads[-1]["headers"]


def test_bad_inputs_raise_before_sending(client: InferenceClient, standin: InferenceStandIn) -> None:
    before = len(standin.requests)
    with pytest.raises(errors.InputError, match="not found"):
        client.image_classification("/no/such/file.png", model="test/image-classification")
    with pytest.raises(errors.InputError):
        client.image_classification(12345, model="test/image-classification")  # type: ignore[arg-type]
    with pytest.raises(errors.InputError):
        client.translation("x", src_lang="en", model="test/translation")
    with pytest.raises(errors.InputError):
        client.zero_shot_image_classification(PNG, ["one"], model="test/zero-shot-image-classification")
    with pytest.raises(errors.InputError):
        client.tabular_classification({"a": 1}, model="test/tabular-classification")  # type: ignore[dict-item]
    assert len(standin.requests) == before


def test_outputs_are_dict_like(client: InferenceClient) -> None:
    out = client.question_answering("q", "c", model="test/question-answering")
    assert out["answer"] == out.answer == "Paris" and "score" in out and out.get("missing", 1) == 1
    assert out.to_dict() == {"answer": "Paris", "end": 5, "score": 0.9, "start": 0}
    with pytest.raises(KeyError):
        out["missing"]


def test_feature_extraction_numpy_on_request(client: InferenceClient) -> None:
    np = pytest.importorskip("numpy")
    out = client.feature_extraction(["a"], model="test/feature-extraction", as_numpy=True)
    assert isinstance(out, np.ndarray) and out.shape == (1, 3)


def test_binary_output_to_pil_when_available() -> None:
    out = BinaryOutput(PNG, "image/png")
    assert repr(out) == f"BinaryOutput(mime_type='image/png', {len(PNG)} bytes)"
    try:
        import PIL  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match="Pillow"):
            out.to_pil()
    else:
        assert out.to_pil().size == (2, 2)


@pytest.mark.parametrize("task", ["text-to-video", "image-to-video"])
def test_video_through_fal_queue(client: InferenceClient, standin: InferenceStandIn, task: str) -> None:
    method = getattr(client, task.replace("-", "_"))
    out = method("a cat" if task == "text-to-video" else PNG, model=f"test/{task}")
    assert out.mime_type == "video/mp4"
    paths = [r["path"] for r in standin.requests]
    start = paths.index("/fal-ai/fal-ai/video-model?_subdomain=queue", len(paths) - 6)
    polls = [p for p in paths[start:] if p.endswith("/status?_subdomain=queue")]
    assert len(polls) == 2 and polls[0].startswith("/fal-ai/fal-ai/video-model/requests/r")
    assert paths[-2] == polls[0].replace("/status", "") and paths[-1] == "/files/video.mp4"


def test_text_to_video_replicate_with_polling(standin: InferenceStandIn) -> None:
    with InferenceClient(provider="replicate", hub_url=standin.url, router_url=standin.url, token="hf_xyzxyzxyz",
                         headers={"x-replicate-poll": "1"}) as c:
        out = c.text_to_video("a cat", model="test/text-to-video")
    assert out.mime_type == "video/mp4"
    post = standin.last()
    assert post["path"] == "/replicate/v1/models/org/video-model/predictions"
    assert json.loads(post["body"]) == {"input": {"prompt": "a cat"}} and post["headers"]["prefer"] == "wait"


@pytest.mark.parametrize("provider", ["fal-ai", "together", "replicate"])
def test_text_to_image_providers(standin: InferenceStandIn, provider: str) -> None:
    with InferenceClient(provider=provider, hub_url=standin.url, router_url=standin.url, token="hf_xyzxyzxyz") as c:
        out = c.text_to_image("cat", model="test/text-to-image", width=8, height=8)
    assert out.mime_type == "image/png" and out == PNG
    sent = json.loads(next(r for r in reversed(standin.requests) if r["method"] == "POST")["body"])
    if provider == "fal-ai":
        assert sent == {"prompt": "cat", "image_size": {"width": 8, "height": 8}}
    elif provider == "together":
        assert sent == {"prompt": "cat", "model": "together/image-model", "response_format": "b64_json", "size": "8x8"}
    else:
        assert sent == {"input": {"prompt": "cat", "width": 8, "height": 8}, "version": "v1"}


def test_legacy_helpers(client: InferenceClient, standin: InferenceStandIn) -> None:
    status = client.get_model_status("test/fill-mask")
    assert status.loaded is True and status.state == "warm" and status.providers == ["hf-inference"]
    assert client.get_model_status("test/cold").loaded is False
    assert client.list_deployed_models() == {"fill-mask": ["test/fill-mask"], "summarization": ["test/summarization"]}
    raw = client.request("GET", "/v1/models")
    assert raw.status == 200 and raw.json()["data"][0]["id"] == "test/chat"
    posted = client.request("POST", f"{standin.url}/endpoint/fill-mask", json={"inputs": "x"})
    assert posted.json()[0]["token_str"] == "Paris"
    with client.request("POST", f"{standin.url}/v1/chat/completions", json={"stream": True, "messages": []},
                        stream=True) as chunks:
        assert b"[DONE]" in b"".join(chunks)
    tgi = InferenceClient(f"{standin.url}/tgi")
    assert tgi.health_check() is True and tgi.get_endpoint_info()["model_id"] == "stand-in/tgi"
    with pytest.raises(errors.InputError):
        client.health_check()


def test_no_model_uses_recommended(client: InferenceClient, standin: InferenceStandIn) -> None:
    out = client.fill_mask("x [MASK]")
    assert out[0].token_str == "Paris" and standin.last()["path"] == "/hf-inference/models/test/fill-mask"
