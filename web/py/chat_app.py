"""Chat page handlers (run in Pyodide inside web/js/py-worker.mjs).

``chat`` streams an OpenAI-style chat completion token by token, from Inference Providers
(``https://router.huggingface.co/v1``) or from any OpenAI-compatible base URL, and emits each
token as ``{"type": "token", "text": ...}``. It uses ``lite_client.inference.AsyncInferenceClient``
when this build of lite_client has it, else the same request through lite_client's core (flows,
SSE decoder, fetch transport). Cancelling the task closes the stream and aborts the fetch.
The token lives only in this worker's memory for the duration of a call.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from lite_client import errors
from lite_client._flow import StreamCall, aopen_stream
from lite_client._http import Request
from lite_client._sse import SSEDecoder
from lite_client.transports.fetch import FetchTransport

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


class _DeltaDecoder:
    """SSE -> content deltas of an OpenAI-style chat completion stream (ends at ``[DONE]``)."""

    def __init__(self) -> None:
        self._sse = SSEDecoder()
        self.finished = False
        self.finish_reason: str | None = None

    def _items(self, events: list[Any]) -> list[str | errors.LiteClientError]:
        out: list[str | errors.LiteClientError] = []
        for event in events:
            if self.finished or not event.data:
                continue
            if event.data.strip() == "[DONE]":
                self.finished = True
                continue
            try:
                payload = json.loads(event.data)
            except ValueError:
                out.append(errors.ProtocolError("The server sent a stream event that is not JSON"))
                continue
            if isinstance(payload, dict) and payload.get("error"):
                detail = payload["error"]
                out.append(errors.ProtocolError(str(detail.get("message", detail) if isinstance(detail, dict) else detail)))
                continue
            for choice in payload.get("choices") or []:
                self.finish_reason = choice.get("finish_reason") or self.finish_reason
                text = (choice.get("delta") or {}).get("content")
                if text:
                    out.append(text)
        return out

    def feed(self, chunk: bytes) -> list[str | errors.LiteClientError]:
        return self._items(self._sse.feed(chunk))

    def end(self) -> list[str | errors.LiteClientError]:
        return self._items(self._sse.flush())


def _stream_flow(base_url: str, token: str | None, body: dict[str, Any], decoder: _DeltaDecoder) -> Any:
    headers = {"content-type": "application/json", "accept": "text/event-stream"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    request = Request("POST", base_url + "/chat/completions", headers, json.dumps(body).encode(),
                      timeout=60, stream=True, credentials="omit")
    return StreamCall(request, decoder, context="chat_completion")
    yield  # a flow with no preparatory steps


async def _stream_with_core(base_url: str, token: str | None, model: str, messages: list[dict[str, str]],
                            max_tokens: int, emit: Emit) -> tuple[str, str | None]:
    decoder = _DeltaDecoder()
    body = {"model": model, "messages": messages, "stream": True, "max_tokens": max_tokens}
    parts: list[str] = []
    stream = await aopen_stream(_stream_flow(base_url, token, body, decoder), FetchTransport())
    async with stream:
        async for text in stream:
            parts.append(text)
            emit({"type": "token", "text": text})
    return "".join(parts), decoder.finish_reason


async def _stream_with_client(base_url: str, token: str | None, model: str, messages: list[dict[str, str]],
                              max_tokens: int, emit: Emit) -> tuple[str, str | None] | None:
    """Use AsyncInferenceClient when available; None when this lite_client has no inference client."""
    try:
        from lite_client.inference import AsyncInferenceClient
    except ImportError:
        return None
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
    engine = "AsyncInferenceClient"
    try:
        result = None
        if args.get("engine") != "core":
            result = await _stream_with_client(base_url, token, model, messages, max_tokens, emit)
        if result is None:
            engine = "lite_client core"
            result = await _stream_with_core(base_url, token, model, messages, max_tokens, emit)
    except errors.ConnectError as exc:
        raise errors.ConnectError(f"Cannot reach {urlsplit(base_url).netloc}: you may be offline, "
                                  "or the server does not allow this page's origin (CORS).") from exc
    content, finish_reason = result
    return {"content": content, "finish_reason": finish_reason, "engine": engine}


HANDLERS = {"chat": chat}
