"""``text_generation`` as one flow (inference-protocol.md §6).

Routes: a URL (dedicated endpoint / TGI) gets the TGI body ``{"inputs", "parameters"}`` posted to
the URL as given, plus ``"stream": true`` only when streaming; TGI answers a JSON list or object,
or SSE (``data:{…}`` without ``[DONE]``). A Hub model id goes to the provider's OpenAI
``/v1/completions`` route (hf-inference: ``…/models/{id}/v1/completions``, the route the current
vLLM-served models expose), and its answers are turned into the same TGI-shaped outputs.
"""

from __future__ import annotations

from typing import Any

from .. import errors
from .._flow import Flow, StreamCall, send_checked
from ._context import ClientContext
from ._routing import resolve_route
from .outputs._base import parse_one
from .outputs.text_generation import TextGenerationOutput
from .providers import get_provider
from .providers.hf_inference import HFInference
from .providers.openai_compat import OpenAICompatible
from .streaming import CompletionsStreamDecoder, TGIStreamDecoder, stream_error
from .tasks._common import drop_none

__all__ = ["text_generation_flow"]

_FINISH = {"stop": "eos_token", "length": "length"}
# TGI parameter -> OpenAI completions field (the rest pass through unchanged).
_RENAMES = {"max_new_tokens": "max_tokens", "top_n_tokens": "logprobs"}
_TGI_ONLY = frozenset({"details", "decoder_input_details", "return_full_text", "watermark", "best_of"})


def text_generation_flow(ctx: ClientContext, prompt: str, *, details: bool | None = None,
                         stream: bool | None = None, model: str | None = None, **parameters: Any) -> Flow[Any]:
    """``str`` / :class:`TextGenerationOutput`, or a :class:`StreamCall` of ``str`` /
    :class:`TextGenerationStreamOutput` when ``stream``."""
    if not isinstance(prompt, str):
        raise errors.InputError("prompt must be a string.")
    params = drop_none(**parameters)
    route = yield from resolve_route(ctx, "text-generation", model)
    if route.url_mode:
        body: dict[str, Any] = {"inputs": prompt, "parameters": {**params, **({"details": True} if details else {})}}
        if stream:
            body["stream"] = True
        request = ctx.request("POST", route.base_url, json=body, stream=bool(stream), token_trusted=True)
        if stream:
            return StreamCall(request, TGIStreamDecoder(bool(details)), context="text_generation")
        data = (yield from send_checked(request, context="text_generation", retry=ctx.retry)).json()
        failure = stream_error(data[0] if isinstance(data, list) and data else data)
        if failure is not None:
            raise failure
        output = parse_one(TextGenerationOutput, data)
        return output if details else (output.generated_text or "")
    helper = get_provider(route.provider)
    if not isinstance(helper, HFInference | OpenAICompatible) or (
            isinstance(helper, OpenAICompatible) and helper.completions_route is None):
        raise errors.InputError(f"Provider {route.provider!r} does not serve text_generation.")
    body = {"model": route.model, "prompt": prompt}
    for key, value in params.items():
        if key not in _TGI_ONLY:
            body[_RENAMES.get(key, key)] = value
    body["stream"] = bool(stream)
    request = helper.post(ctx, route, helper.completions_url(route), json=body, stream=bool(stream))
    if stream:
        return StreamCall(request, CompletionsStreamDecoder(bool(details)), context="text_generation")
    data = (yield from send_checked(request, context="text_generation", retry=ctx.retry)).json()
    failure = stream_error(data)
    if failure is not None:
        raise failure
    return _completions_output(data, bool(details), params.get("seed"))


def _completions_output(data: Any, details: bool, seed: Any) -> Any:
    try:
        choice = data["choices"][0]
        text = str(choice.get("text") or "")
    except (KeyError, IndexError, TypeError) as exc:
        raise errors.ProtocolError(f"Unexpected completions payload: {str(data)[:200]}") from exc
    if not details:
        return text
    usage = data.get("usage") or {}
    finish = choice.get("finish_reason")
    tokens = []
    logprobs = choice.get("logprobs") or {}
    for tok, lp in zip(logprobs.get("tokens") or [], logprobs.get("token_logprobs") or [], strict=False):
        tokens.append({"id": 0, "text": tok, "logprob": lp, "special": False})
    return TextGenerationOutput.model_validate({
        "generated_text": text,
        "details": {"finish_reason": _FINISH.get(finish, finish), "generated_tokens": usage.get("completion_tokens"),
                    "prefill": [], "tokens": tokens, "seed": seed},
    })
