"""Chat completion (OpenAI-compatible), as one flow for both clients (inference-protocol.md §5).

* URL: the router's ``/v1/chat/completions`` for ``auto``, the provider's chat route otherwise,
  ``…/hf-inference/models/{id}/v1/chat/completions`` for hf-inference, and for a URL (``model=`` or
  ``base_url=``, the client-level one wins) the suffix rule of :func:`chat_url_for`.
* Body: ``model`` first, then ``messages``, the non-``None`` parameters, ``"stream"`` (always sent),
  then ``extra_body`` at the top level. ``response_format`` is rewritten for the provider's dialect.
* Message parts ``{"type": "image_url", "image_url": {"url": X}}`` where ``X`` is bytes, a path or a
  Pyodide Blob become ``data:`` URLs.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

from pydantic import ValidationError

from .. import errors
from .._flow import Flow, StreamCall, send_checked
from .._http import Request
from ._context import ClientContext, is_url
from ._inputs import to_data_url
from ._routing import resolve_route
from .outputs.chat import ChatCompletionOutput
from .providers import get_provider
from .streaming import ChatStreamDecoder, stream_error

__all__ = ["chat_completion_flow", "chat_url_for"]

_PARAMETER_ORDER = (
    "frequency_penalty", "logit_bias", "logprobs", "max_tokens", "n", "presence_penalty", "response_format",
    "seed", "stop", "stream_options", "temperature", "tool_choice", "tool_prompt", "tools", "top_logprobs", "top_p",
)


def chat_url_for(url: str) -> str:
    """The chat-completion URL for an endpoint/base URL (§5.1; query string preserved)."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    if path.endswith("/chat/completions"):
        pass
    elif path.endswith("/v1"):
        path += "/chat/completions"
    else:
        path += "/v1/chat/completions"
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, parts.fragment))


def _jsonable(value: Any) -> Any:
    if hasattr(value, "model_dump"):
        return value.model_dump(exclude_none=True)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def _prepare_messages(ctx: ClientContext, messages: Any) -> Flow[list[Any]]:
    if not isinstance(messages, list | tuple) or not messages:
        raise errors.InputError("messages must be a non-empty list of {'role', 'content'} dicts.")
    out = []
    for message in messages:
        message = _jsonable(message)
        if not isinstance(message, dict) or "role" not in message:
            raise errors.InputError(f"Each message needs a 'role': got {str(message)[:100]!r}.")
        content = message.get("content")
        if isinstance(content, list):
            parts = []
            for part in content:
                if isinstance(part, dict) and part.get("type") == "image_url":
                    image = part.get("image_url")
                    url = image.get("url") if isinstance(image, dict) else image
                    if url is None:
                        raise errors.InputError("An image_url part needs a url.")
                    data_url = yield from to_data_url(ctx, url)
                    part = {**part, "image_url": {**(image if isinstance(image, dict) else {}), "url": data_url}}
                parts.append(part)
            message = {**message, "content": parts}
        out.append(message)
    return out


def _chat_request(ctx: ClientContext, model: str | None, body: dict[str, Any],
                  stream: bool) -> Flow[Request]:
    endpoint = ctx.model if is_url(ctx.model) else (model if is_url(model) else None)
    if endpoint is not None:
        body_model = model if model and not is_url(model) else (ctx.model if not is_url(ctx.model) else None)
        body["model"] = body_model or "dummy"
        # A URL the user gave (client-level or per call) may receive the token.
        return ctx.request("POST", chat_url_for(endpoint), json=body, stream=stream, token_trusted=True)
    route = yield from resolve_route(ctx, "conversational", model)
    body["model"] = route.model
    if route.provider == "auto":
        return ctx.request("POST", f"{route.base_url}/v1/chat/completions", json=body, stream=stream)
    helper = get_provider(route.provider)
    if not helper.supports_chat():
        raise errors.InputError(f"Provider {route.provider!r} does not serve chat completion.")
    if "response_format" in body:
        body["response_format"] = helper.rewrite_response_format(body["response_format"])
    return helper.post(ctx, route, helper.chat_url(route), json=body, stream=stream)


def chat_completion_flow(ctx: ClientContext, messages: Any, *, model: str | None = None, stream: bool = False,
                         extra_body: dict[str, Any] | None = None, **parameters: Any) -> Flow[Any]:
    """Returns a :class:`ChatCompletionOutput`, or a :class:`StreamCall` of chunks when ``stream``."""
    unknown = set(parameters) - set(_PARAMETER_ORDER)
    if unknown:
        raise errors.InputError(f"Unknown chat_completion parameter(s): {', '.join(sorted(unknown))}.")
    prepared = yield from _prepare_messages(ctx, messages)
    body: dict[str, Any] = {"model": None, "messages": prepared}
    for name in _PARAMETER_ORDER:
        value = parameters.get(name)
        if value is not None:
            body[name] = _jsonable(value)
    body["stream"] = bool(stream)
    if extra_body:
        body.update(extra_body)
    request = yield from _chat_request(ctx, model, body, stream)
    if stream:
        return StreamCall(request, ChatStreamDecoder(), context="chat_completion")
    response = yield from send_checked(request, context="chat_completion", retry=ctx.retry)
    try:
        output = ChatCompletionOutput.model_validate_json(response.content)
    except ValidationError:
        data = response.json()  # raises ProtocolError for non-JSON
        failure = stream_error(data)
        if failure is not None:
            raise failure from None
        raise errors.ProtocolError(f"Unexpected chat completion payload: {response.text[:200]!r}") from None
    extra = output.__pydantic_extra__ or {}
    if extra.get("error") is not None:
        failure = stream_error({"error": extra["error"]})
        assert failure is not None
        raise failure
    return output

