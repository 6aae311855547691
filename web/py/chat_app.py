"""Chat page handlers (run in Pyodide inside web/js/py-worker.mjs).

``chat`` streams an OpenAI-style chat completion token by token, from Inference Providers
(``https://router.huggingface.co/v1``) or from any OpenAI-compatible base URL, and emits each
token as ``{"type": "token", "text": ...}``, with ``lite_client.inference.AsyncInferenceClient``.
Cancelling the task closes the stream and aborts the fetch.
The token lives only in this worker's memory for the duration of a call.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from lite_client import errors
from lite_client.inference import AsyncInferenceClient

ROUTER = "https://router.huggingface.co/v1"
Emit = Callable[[dict[str, Any]], None]


def _validate(args: dict[str, Any]) -> tuple[str, str | None, str, list[dict[str, str]]]:
    base_url = (args.get("base_url") or ROUTER).strip().rstrip("/")
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise errors.InputError("The base URL must be an http(s) URL, e.g. https://router.huggingface.co/v1")
    token = (args.get("token") or "").strip() or None
    model = (args.get("model") or "").strip()
    if not model:
        raise errors.InputError("Enter a model id, e.g. meta-llama/Llama-3.1-8B-Instruct")
    if parts.hostname.endswith("huggingface.co") and not token:
        raise errors.InputError("Inference Providers need a Hugging Face token: paste one in the Token field "
                                "(it stays in this tab's memory), or enter a local OpenAI-compatible base URL.")
    messages = [{"role": str(m["role"]), "content": str(m["content"])} for m in args.get("messages", [])]
    if not messages:
        raise errors.InputError("Write a message first")
    if token:
        errors.register_secret(token)
    return base_url, token, model, messages


async def _stream(base_url: str, token: str | None, model: str, messages: list[dict[str, str]],
                  max_tokens: int, emit: Emit) -> tuple[str, str | None]:
    parts: list[str] = []
    finish: str | None = None
    async with AsyncInferenceClient(base_url=base_url, token=token, timeout=60) as client:
        stream = await client.chat_completion(messages, model=model, stream=True, max_tokens=max_tokens)
        async with stream:
            async for chunk in stream:
                for choice in chunk.choices:
                    finish = choice.finish_reason or finish
                    if choice.delta.content:
                        parts.append(choice.delta.content)
                        emit({"type": "token", "text": choice.delta.content})
    return "".join(parts), finish


async def chat(args: dict[str, Any], emit: Emit, files: Any = None) -> dict[str, Any]:
    base_url, token, model, messages = _validate(args)
    max_tokens = max(1, min(4096, int(args.get("max_tokens") or 512)))
    try:
        content, finish_reason = await _stream(base_url, token, model, messages, max_tokens, emit)
    except errors.ConnectError as exc:
        raise errors.ConnectError(f"Cannot reach {urlsplit(base_url).netloc}: you may be offline, "
                                  "or the server does not allow this page's origin (CORS).") from exc
    return {"content": content, "finish_reason": finish_reason, "engine": "AsyncInferenceClient"}


HANDLERS = {"chat": chat}
