"""Typed errors, retries, stream failures and token hygiene against the stand-in."""

from __future__ import annotations

import logging
import uuid

import pytest

from lite_client import RetryPolicy, errors
from lite_client._http import Request, Response
from lite_client.inference import AsyncInferenceClient, InferenceClient
from lite_client.transports import MockTransport
from tests.inference import _aio as aio
from tests.standins.inference_standin import InferenceStandIn

from .conftest import TOKEN

MESSAGES = [{"role": "user", "content": "hi"}]


def make(standin: InferenceStandIn, **headers: str) -> InferenceClient:
    return InferenceClient(f"{standin.url}/v1", token=TOKEN, timeout=10,
                           headers={k.replace("_", "-"): v for k, v in headers.items()})


@pytest.mark.parametrize(("status", "cls"), [
    (400, errors.BadRequestError), (401, errors.AuthenticationError), (403, errors.PermissionDeniedError),
    (404, errors.NotFoundError), (422, errors.UnprocessableEntityError), (429, errors.RateLimitError),
    (500, errors.ServerError), (502, errors.ServerError), (503, errors.ModelLoadingError),
])
@pytest.mark.parametrize("shape", ["string", "object", "detail"])
def test_http_errors_are_typed(standin: InferenceStandIn, status: int, cls: type, shape: str) -> None:
    with make(standin, x_fail=str(status), x_fail_shape=shape) as c, pytest.raises(cls) as info:
        c.chat_completion(MESSAGES)
    err = info.value
    assert err.status == status and err.request_id and err.request_id.startswith("standin-")
    assert err.server_message and ("stand-in failure" in err.server_message or "loading" in err.server_message)
    assert err.request_id in str(err) and TOKEN not in str(err) and TOKEN not in repr(err)


def test_503_not_retried_by_default(standin: InferenceStandIn) -> None:
    key = uuid.uuid4().hex
    with make(standin, x_fail="503", x_fail_times="1", x_fail_key=key) as c, pytest.raises(errors.ModelLoadingError):
        c.chat_completion(MESSAGES)
    assert sum(1 for r in standin.requests if r["headers"].get("x-fail-key") == key) == 1


def test_wait_for_model_retries_503(standin: InferenceStandIn) -> None:
    key = uuid.uuid4().hex
    with InferenceClient(f"{standin.url}/v1", wait_for_model=True, timeout=10,
                         headers={"x-fail": "503", "x-fail-times": "2", "x-fail-key": key}) as c:
        assert c.chat_completion(MESSAGES).choices[0].message.content
    assert sum(1 for r in standin.requests if r["headers"].get("x-fail-key") == key) == 3


def test_retry_policy_honours_429(standin: InferenceStandIn) -> None:
    key = uuid.uuid4().hex
    async def go() -> str | None:
        async with AsyncInferenceClient(f"{standin.url}/v1", retry=RetryPolicy(max_retries=3, backoff=0.01),
                                        headers={"x-fail": "429", "x-fail-times": "2", "x-fail-key": key}) as c:
            return (await c.chat_completion(MESSAGES)).choices[0].message.content
    assert aio.run(go())
    with make(standin, x_fail="429") as c, pytest.raises(errors.RateLimitError) as info:
        c.chat_completion(MESSAGES)
    assert info.value.retry_after == 0.0


@pytest.mark.parametrize("shape", ["tgi-generate", "tgi-chat", "openai"])
@pytest.mark.parametrize("style", ["openai", "tgi"])
def test_stream_error_after_tokens(standin: InferenceStandIn, shape: str, style: str) -> None:
    got: list[str] = []
    with make(standin, x_stream_error="2", x_stream_error_shape=shape, x_sse_style=style) as c, \
            pytest.raises(errors.StreamError) as info:
        for chunk in c.chat_completion(MESSAGES, stream=True):
            got.append(chunk.choices[0].delta.content or "")
    assert got == ["tok0", " tok1"]
    assert info.value.status == (422 if shape == "tgi-chat" else 500 if shape == "openai" else None)


def test_tgi_stream_error(standin: InferenceStandIn) -> None:
    got: list[str] = []
    with InferenceClient(f"{standin.url}/tgi", headers={"x-stream-error": "1", "x-sse-style": "tgi"}) as c, \
            pytest.raises(errors.StreamError) as info:
        got.extend(c.text_generation("hi", stream=True))
    assert got == ["tok0"] and info.value.error_type == "generation"


@pytest.mark.parametrize("target", ["chat", "tgi"])
def test_dropped_stream_is_not_silent(standin: InferenceStandIn, target: str) -> None:
    got: list[object] = []
    with pytest.raises((errors.StreamInterruptedError, errors.ProtocolError)):
        if target == "chat":
            with make(standin, x_drop_after="2") as c:
                got.extend(c.chat_completion(MESSAGES, stream=True))
        else:
            with InferenceClient(f"{standin.url}/tgi", headers={"x-drop-after": "2"}) as c:
                got.extend(c.text_generation("hi", stream=True))
    assert len(got) == 2


def test_missing_done_is_interrupted(standin: InferenceStandIn) -> None:
    """Without [DONE] but after finish_reason the stream is complete; chunks stay intact."""
    with make(standin, x_no_done="1") as c:
        assert len(list(c.chat_completion(MESSAGES, stream=True))) == 5


def test_connection_refused() -> None:
    from tests.harness import free_port

    with InferenceClient(f"http://127.0.0.1:{free_port()}/v1") as c, pytest.raises(errors.ConnectError):
        c.chat_completion(MESSAGES)


# -- token hygiene ----------------------------------------------------------------------------------------
def capture() -> tuple[MockTransport, list[Request]]:
    seen: list[Request] = []

    def handler(request: Request) -> Response:
        seen.append(request)
        if "/api/models/" in request.url:
            return Response(200, {"content-type": "application/json"}, content=(
                b'{"inferenceProviderMapping":{"groq":{"providerId":"g-model","task":"conversational"},'
                b'"fal-ai":{"providerId":"fal/x","task":"text-to-image"}}}'))
        if request.url.endswith("/files/x.png") or "cdn" in request.url:
            return Response(200, {"content-type": "image/png"}, content=b"\x89PNG\r\n\x1a\n")
        if "fal" in request.url:
            return Response(200, {"content-type": "application/json"},
                            content=b'{"images":[{"url":"https://cdn.example/x.png"}]}')
        return Response(200, {"content-type": "application/json"}, content=b'{"choices":[]}')
    return MockTransport(handler), seen


def test_token_from_env_and_argument(monkeypatch: pytest.MonkeyPatch) -> None:
    transport, seen = capture()
    monkeypatch.setenv("HF_TOKEN", "hf_fromEnvironment123")
    InferenceClient(transport=transport).chat_completion(MESSAGES, model="m")
    assert seen[-1].headers["authorization"] == "Bearer hf_fromEnvironment123"
    assert seen[-1].url == "https://router.huggingface.co/v1/chat/completions"
    InferenceClient(token="hf_argumentWins456", transport=transport).chat_completion(MESSAGES, model="m")
    assert seen[-1].headers["authorization"] == "Bearer hf_argumentWins456"


def test_token_never_leaves_for_other_hosts(caplog: pytest.LogCaptureFixture) -> None:
    transport, seen = capture()
    caplog.set_level(logging.DEBUG)
    client = InferenceClient(token=TOKEN, transport=transport)
    client.image_classification("https://images.example/cat.png", model="https://endpoint.example/x")
    download, call = seen[-2], seen[-1]
    assert download.url == "https://images.example/cat.png" and "authorization" not in download.headers
    assert call.headers["authorization"] == f"Bearer {TOKEN}"  # the user-given endpoint
    client.text_to_image("cat", model="org/img", )
    assert [r.url for r in seen[-2:]] == ["https://router.huggingface.co/fal-ai/fal/x", "https://cdn.example/x.png"]
    assert "authorization" not in seen[-1].headers
    assert TOKEN not in repr(client) and TOKEN not in repr(client._ctx) and TOKEN not in caplog.text
    assert all(TOKEN not in repr(r) for r in seen)


def test_direct_provider_keys() -> None:
    transport, seen = capture()
    client = InferenceClient(provider="groq", api_key="gsk_directKey789", transport=transport)
    client.chat_completion(MESSAGES, model="org/model")
    mapping, call = seen[-2], seen[-1]
    assert "authorization" not in mapping.headers  # a provider key never goes to the Hub
    assert call.url == "https://api.groq.com/openai/v1/chat/completions"
    assert call.headers["authorization"] == "Bearer gsk_directKey789"
    assert b'"model":"g-model"' in (call.body or b"")
    fal = InferenceClient(provider="fal-ai", api_key="fal_key_abcdef", transport=transport)
    fal.text_to_image("cat", model="org/model")
    assert seen[-2].url == "https://fal.run/fal/x" and seen[-2].headers["authorization"] == "Key fal_key_abcdef"
    assert "authorization" not in seen[-1].headers


def test_routing_errors_list_valid_names() -> None:
    transport, seen = capture()
    with pytest.raises(errors.InputError, match="Valid providers: auto, baseten"):
        InferenceClient(provider="nope", transport=transport).chat_completion(MESSAGES, model="m")
    with pytest.raises(errors.InputError, match="non-Hugging Face"):
        InferenceClient(api_key="sk-x123456", transport=transport).chat_completion(MESSAGES, model="m")
    with pytest.raises(errors.InputError, match="not a Hugging Face token"):
        InferenceClient(provider="openai", token=TOKEN, transport=transport).chat_completion(MESSAGES, model="m")
    with pytest.raises(errors.InputError, match="not served by provider 'together'"):
        InferenceClient(provider="together", transport=transport).chat_completion(MESSAGES, model="org/model")
    with pytest.raises(errors.InputError, match="for task 'text-to-image', not 'conversational'"):
        InferenceClient(provider="fal-ai", transport=transport).chat_completion(MESSAGES, model="org/model")
    assert all("nope" not in r.url for r in seen)


def test_suffix_policies_pass_through_and_mapping_is_cached() -> None:
    transport, seen = capture()
    client = InferenceClient(token=TOKEN, transport=transport)
    for suffix in (":fastest", ":cheapest", ":groq"):
        client.chat_completion(MESSAGES, model=f"openai/gpt-oss-120b{suffix}")
        assert f'"model":"openai/gpt-oss-120b{suffix}"'.encode() in (seen[-1].body or b"")
    assert not any("/api/models/" in r.url for r in seen)  # auto chat: no Hub lookup
    groq = InferenceClient(provider="groq", token=TOKEN, transport=transport)
    groq.chat_completion(MESSAGES, model="org/model")
    groq.chat_completion(MESSAGES, model="org/model")
    assert sum("/api/models/org/model" in r.url for r in seen) == 1
    assert seen[-1].url == "https://router.huggingface.co/groq/openai/v1/chat/completions"
    assert seen[-1].headers["authorization"] == f"Bearer {TOKEN}"


def test_env_endpoints(monkeypatch: pytest.MonkeyPatch) -> None:
    transport, seen = capture()
    monkeypatch.setenv("HF_ENDPOINT", "http://hub.local")
    monkeypatch.setenv("HF_INFERENCE_ROUTER_URL", "http://router.local")
    InferenceClient(provider="groq", token=TOKEN, transport=transport).chat_completion(MESSAGES, model="org/model")
    assert seen[-2].url.startswith("http://hub.local/api/models/org/model")
    assert seen[-1].url == "http://router.local/groq/openai/v1/chat/completions"
    assert seen[-1].headers["authorization"] == f"Bearer {TOKEN}"  # configured router is trusted


def test_explicit_hf_inference_checks_the_pipeline_tag(standin: InferenceStandIn) -> None:
    with InferenceClient(provider="hf-inference", hub_url=standin.url, router_url=standin.url) as c:
        assert c.fill_mask("x [MASK]", model="test/fill-mask")[0].token_str == "Paris"
        assert c.feature_extraction("x", model="test/feature-extraction") == [0.1, 0.2, 0.3]
        assert c.chat_completion(MESSAGES, model="test/chat").choices[0].message.content
        with pytest.raises(errors.InputError, match="pipeline tag is 'fill-mask'"):
            c.summarization("x", model="test/fill-mask")
        c.fill_mask("x [MASK]", model="test/fill-mask")
    info_calls = [r for r in standin.requests if r["path"] == "/api/models/test/fill-mask"]
    assert len(info_calls) == 1  # cached per model
