"""Chat completion and text generation against the stand-in (sync and async)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from lite_client import errors
from lite_client.inference import AsyncInferenceClient, InferenceClient
from lite_client.inference.chat import chat_url_for
from tests.inference import _aio as aio
from tests.standins.inference_standin import PNG, InferenceStandIn

from .conftest import TOKEN

MESSAGES = [{"role": "user", "content": "hi"}]


def sent(standin: InferenceStandIn) -> Any:
    return json.loads(standin.last()["body"])


def test_non_stream(client: InferenceClient, standin: InferenceStandIn) -> None:
    out = client.chat_completion(MESSAGES, model="test/chat", max_tokens=3, temperature=0.5, seed=1)
    assert out.choices[0].message.content == "tok0 tok1 tok2" and out.usage.total_tokens == 4
    assert out["choices"][0]["finish_reason"] == "length" and out.object == "chat.completion"  # extra kept
    assert standin.last()["path"] == "/v1/chat/completions"  # auto -> router
    raw = standin.last()["body"].decode()
    assert raw.startswith('{"model":"test/chat","messages":')  # model first
    assert sent(standin) == {"model": "test/chat", "messages": MESSAGES, "max_tokens": 3, "seed": 1,
                             "temperature": 0.5, "stream": False}


@pytest.mark.parametrize("style", ["openai", "tgi"])
def test_stream_both_styles(standin: InferenceStandIn, style: str) -> None:
    c = InferenceClient(hub_url=standin.url, router_url=standin.url, headers={"x-sse-style": style, "x-keepalive": "1"})
    with c, c.chat.completions.create(model="test/chat", messages=MESSAGES, stream=True,
                                      stream_options={"include_usage": True}) as stream:
        chunks = list(stream)
    assert "".join(ch.choices[0].delta.content for ch in chunks if ch.choices) == "tok0 tok1 tok2 tok3 tok4"
    assert chunks[-1].choices == [] and chunks[-1].usage.completion_tokens == 5
    assert sent(standin)["stream_options"] == {"include_usage": True}


def test_tools_non_stream_and_stream(client: InferenceClient, standin: InferenceStandIn) -> None:
    tools = [{"type": "function", "function": {"name": "weather", "description": "d",
                                               "parameters": {"type": "object"}}}]
    out = client.chat_completion(MESSAGES, model="test/chat", tools=tools, tool_choice="auto", tool_prompt="use")
    call = out.choices[0].message.tool_calls[0]
    assert call.function.name == "weather" and json.loads(call.function.arguments) == {"city": "Paris"}
    assert sent(standin)["tools"] == tools and sent(standin)["tool_prompt"] == "use"
    deltas = list(client.chat_completion(MESSAGES, model="test/chat", tools=tools, stream=True))
    first = deltas[0].choices[0].delta.tool_calls[0]
    assert first.id == "call_0" and first.function.name == "weather"
    args = "".join(d.choices[0].delta.tool_calls[0].function.arguments for d in deltas)
    assert json.loads(args) == {"city": "Paris"} and deltas[-1].choices[0].finish_reason == "tool_calls"


def test_logprobs(client: InferenceClient) -> None:
    out = client.chat_completion(MESSAGES, model="test/chat", logprobs=True, top_logprobs=2)
    assert out.choices[0].logprobs.content[0].top_logprobs[1].token == "x"
    chunks = list(client.chat_completion(MESSAGES, model="test/chat", logprobs=True, top_logprobs=1, stream=True))
    assert chunks[0].choices[0].logprobs.content[0].logprob == -0.5


SCHEMA = {"type": "object", "properties": {"a": {"type": "string"}}}
RF = {"type": "json_schema", "json_schema": {"name": "x", "schema": SCHEMA}}


@pytest.mark.parametrize(("provider", "expected", "path"), [
    ("hf-inference", {"type": "json_object", "value": SCHEMA}, "/hf-inference/models/test/chat/v1/chat/completions"),
    ("together", {"type": "json_schema", "schema": SCHEMA}, "/together/v1/chat/completions"),
    (None, RF, "/v1/chat/completions"),
])
def test_response_format_rewrite(standin: InferenceStandIn, provider: str | None, expected: Any, path: str) -> None:
    with InferenceClient(provider=provider, hub_url=standin.url, router_url=standin.url, token=TOKEN) as c:
        c.chat_completion(MESSAGES, model="test/chat", response_format=RF)
    assert sent(standin)["response_format"] == expected and standin.last()["path"] == path
    if provider == "together":
        assert sent(standin)["model"] == "test/chat-together"


def test_image_parts_become_data_urls(client: InferenceClient, standin: InferenceStandIn, tmp_path: Path) -> None:
    path = tmp_path / "img.png"
    path.write_bytes(PNG)
    for image in (PNG, path, str(path)):
        messages = [{"role": "user", "content": [{"type": "text", "text": "what?"},
                                                 {"type": "image_url", "image_url": {"url": image}}]}]
        client.chat_completion(messages, model="test/chat")
        url = sent(standin)["messages"][0]["content"][1]["image_url"]["url"]
        assert url.startswith("data:image/png;base64,")
    http_image = [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "https://x/y.png"}}]}]
    client.chat_completion(http_image, model="test/chat")
    assert sent(standin)["messages"][0]["content"][0]["image_url"]["url"] == "https://x/y.png"


@pytest.mark.parametrize(("url", "expected"), [
    ("http://h/", "http://h/v1/chat/completions"),
    ("http://h/v1", "http://h/v1/chat/completions"),
    ("http://h/v1/", "http://h/v1/chat/completions"),
    ("http://h/v1/chat/completions", "http://h/v1/chat/completions"),
    ("http://h/endpoint?x=1", "http://h/endpoint/v1/chat/completions?x=1"),
    ("http://h/openai/v1/chat/completions/", "http://h/openai/v1/chat/completions"),
])
def test_chat_url_suffix_rule(url: str, expected: str) -> None:
    assert chat_url_for(url) == expected


def test_url_model_and_aliases(standin: InferenceStandIn) -> None:
    with InferenceClient(base_url=f"{standin.url}/v1", api_key="sk-local-key-123") as c:
        c.chat_completion(MESSAGES)
        assert sent(standin)["model"] == "dummy" and standin.last()["path"] == "/v1/chat/completions"
        assert standin.last()["headers"]["authorization"] == "Bearer sk-local-key-123"  # user-given URL
        c.chat.completions.create(model="my-model", messages=MESSAGES)
        assert sent(standin)["model"] == "my-model"
    with pytest.raises(errors.InputError):
        InferenceClient("m", base_url="http://x")
    with pytest.raises(errors.InputError):
        InferenceClient(token="a", api_key="b")


def test_headers_cookies_bill_to(standin: InferenceStandIn) -> None:
    with InferenceClient(router_url=standin.url, hub_url=standin.url, token=TOKEN, bill_to="my-org",
                         headers={"X-Custom": "1", "X-None": None}, cookies={"a": "b"}) as c:  # type: ignore[dict-item]
        c.chat_completion(MESSAGES, model="test/chat", extra_body={"custom_field": 1})
    headers = standin.last()["headers"]
    assert headers["x-hf-bill-to"] == "my-org" and headers["x-custom"] == "1" and "x-none" not in headers
    assert headers["cookie"] == "a=b" and headers["authorization"] == f"Bearer {TOKEN}"
    assert sent(standin)["custom_field"] == 1


def test_timeout(standin: InferenceStandIn) -> None:
    with InferenceClient(f"{standin.url}/v1", timeout=0.2, headers={"x-delay-ms": "1500"}) as c, \
            pytest.raises(errors.RequestTimeoutError):
        c.chat_completion(MESSAGES)

    async def go() -> None:
        async with AsyncInferenceClient(f"{standin.url}/v1", timeout=0.2, headers={"x-delay-ms": "1500"}) as c:
            await c.chat_completion(MESSAGES)
    with pytest.raises(errors.RequestTimeoutError):
        aio.run(go())


def test_async_chat_and_stream(aclient: AsyncInferenceClient) -> None:
    async def go() -> tuple[str, str]:
        out = await aclient.chat_completion(MESSAGES, model="test/chat")
        stream = await aclient.chat.completions.create(model="test/chat", messages=MESSAGES, stream=True)
        text = ""
        async with stream:
            async for chunk in stream:
                text += chunk.choices[0].delta.content or ""
        await aclient.close()
        return out.choices[0].message.content or "", text
    assert aio.run(go()) == ("tok0 tok1 tok2 tok3 tok4",) * 2


# -- text_generation -----------------------------------------------------------------------------------
def test_text_generation_hf_inference_uses_completions(client: InferenceClient, standin: InferenceStandIn) -> None:
    assert client.text_generation("hi", model="test/text-generation", max_new_tokens=3) == "tok0 tok1 tok2"
    assert standin.last()["path"] == "/hf-inference/models/test/text-generation/v1/completions"
    assert sent(standin) == {"model": "test/text-generation", "prompt": "hi", "max_tokens": 3, "stream": False}
    out = client.text_generation("hi", model="test/text-generation", details=True, max_new_tokens=2)
    assert out.generated_text == "tok0 tok1" and out.details.finish_reason == "length"
    assert out.details.generated_tokens == 2
    assert list(client.text_generation("hi", model="test/text-generation", stream=True, max_new_tokens=2)) == \
        ["tok0", " tok1"]
    last = list(client.text_generation("hi", model="test/text-generation", stream=True, details=True))[-1]
    assert last.generated_text == "tok0 tok1 tok2 tok3 tok4" and last.details.finish_reason == "length"


@pytest.mark.parametrize("style", ["openai", "tgi"])
def test_text_generation_tgi_url(standin: InferenceStandIn, style: str) -> None:
    with InferenceClient(f"{standin.url}/tgi", headers={"x-sse-style": style}) as c:
        assert c.text_generation("hi", max_new_tokens=2) == "tok0 tok1"
        assert sent(standin) == {"inputs": "hi", "parameters": {"max_new_tokens": 2}}  # no "stream" key
        out = c.text_generation("hi", details=True, max_new_tokens=2, seed=7)
        assert out.details.tokens[1].text == " tok1" and out.details.seed == 7
        assert list(c.text_generation("hi", stream=True, max_new_tokens=3)) == ["tok0", " tok1", " tok2"]
        assert sent(standin)["stream"] is True
        items = list(c.text_generation("hi", stream=True, details=True, max_new_tokens=2))
        assert items[0].token.id == 1000 and items[0].details is None
        assert items[-1].details.generated_tokens == 2 and items[-1].generated_text == "tok0 tok1"


def test_text_generation_together_provider(standin: InferenceStandIn) -> None:
    with InferenceClient(provider="together", hub_url=standin.url, router_url=standin.url, token=TOKEN) as c:
        assert c.text_generation("hi", model="test/text-generation", max_new_tokens=2) == "tok0 tok1"
    assert standin.last()["path"] == "/together/v1/completions"
    assert sent(standin)["model"] == "test/text-generation-together"


def test_stream_connection_is_reused(standin: InferenceStandIn) -> None:
    """After [DONE] the body is read to its end, so the keep-alive connection goes back to the pool."""
    with InferenceClient(f"{standin.url}/v1") as c:
        for _ in range(3):
            assert len(list(c.chat_completion(MESSAGES, stream=True))) == 5
        assert sum(len(pool) for pool in c._transport._idle.values()) == 1  # type: ignore[attr-defined]
