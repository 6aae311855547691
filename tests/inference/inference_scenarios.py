"""Inference scenarios that run unchanged in CPython, in Pyodide under Node and in Chromium.

Each function takes the stand-in's base URL and returns plain JSON data. Tests call them directly
in CPython and send this file's source to the Pyodide runtimes (see tests/harness/scenarios.py).
Only lite_client and the standard library are imported at module level.
"""

from __future__ import annotations

from typing import Any

from lite_client import errors
from lite_client.inference import AsyncInferenceClient, InferenceClient

MESSAGES = [{"role": "user", "content": "hi"}]
PNG_HEADER = b"\x89PNG\r\n\x1a\n"


async def chat_stream(base: str, style: str) -> Any:
    async with AsyncInferenceClient(base_url=f"{base}/v1", headers={"x-sse-style": style}, timeout=20) as client:
        stream = await client.chat.completions.create(model="m", messages=MESSAGES, stream=True,
                                                      stream_options={"include_usage": True})
        tokens = [c.choices[0].delta.content async for c in stream if c.choices]
        out = await client.chat_completion(MESSAGES, model="m", max_tokens=3)
    return {"tokens": tokens, "non_stream": out.choices[0].message.content, "usage": out["usage"]["total_tokens"]}


async def text_generation_stream(base: str, style: str) -> Any:
    async with AsyncInferenceClient(f"{base}/tgi", headers={"x-sse-style": style}, timeout=20) as client:
        tokens = [t async for t in await client.text_generation("hi", stream=True, max_new_tokens=3)]
        details = [d.model_dump() async for d in await client.text_generation("hi", stream=True, details=True,
                                                                                max_new_tokens=2)]
    return {"tokens": tokens, "last": details[-1]}


async def binary_task(base: str, use_js_blob: bool) -> Any:
    image: Any = PNG_HEADER + b"rest-of-image"
    if use_js_blob:  # Pyodide only: a JavaScript Blob goes through the ReadJsBytes flow step
        import js  # type: ignore[import-not-found]
        from pyodide.ffi import to_js  # type: ignore[import-not-found]

        image = js.Blob.new(to_js([to_js(image)]), to_js({"type": "image/png"}, dict_converter=js.Object.fromEntries))
    async with AsyncInferenceClient(hub_url=base, router_url=base, timeout=20) as client:
        labels = await client.image_classification(image, model="test/image-classification")
        picture = await client.text_to_image("a cat", model="test/text-to-image")
    return {"label": labels[0].label, "score": labels[0]["score"], "mime": picture.mime_type,
            "png": bytes(picture[:8]) == PNG_HEADER}


async def errors_mapped(base: str) -> Any:
    out: dict[str, Any] = {}
    async with AsyncInferenceClient(base_url=f"{base}/v1", headers={"x-fail": "429"}, timeout=20) as client:
        try:
            await client.chat_completion(MESSAGES)
        except errors.RateLimitError as exc:
            out["429"] = {"type": type(exc).__name__, "request_id": exc.request_id, "status": exc.status}
    tokens: list[str] = []
    async with AsyncInferenceClient(base_url=f"{base}/v1", timeout=20,
                                    headers={"x-stream-error": "2", "x-stream-error-shape": "tgi-chat"}) as client:
        try:
            async for chunk in await client.chat_completion(MESSAGES, stream=True):
                tokens.append(chunk.choices[0].delta.content or "")
        except errors.StreamError as exc:
            out["stream_error"] = {"type": type(exc).__name__, "status": exc.status, "tokens": tokens}
    async with AsyncInferenceClient(base_url=f"{base}/v1", timeout=0.3, headers={"x-delay-ms": "2000"}) as client:
        try:
            await client.chat_completion(MESSAGES)
        except errors.RequestTimeoutError as exc:
            out["timeout"] = {"type": type(exc).__name__, "is_timeout_error": isinstance(exc, TimeoutError)}
    return out


def sync_chat(base: str) -> Any:
    """The blocking client (JSPI in Node/Chromium where available, sync XHR otherwise)."""
    with InferenceClient(base_url=f"{base}/v1", timeout=20) as client:
        out = client.chat_completion(MESSAGES, model="m", max_tokens=2)
        tokens = [c.choices[0].delta.content for c in client.chat_completion(MESSAGES, model="m", stream=True,
                                                                             max_tokens=3)]
    return {"non_stream": out.choices[0].message.content, "tokens": tokens}
