"""Choose the provider, the URL base and the wire model id for one call (inference-protocol.md §2).

:func:`resolve_route` is a flow: it may yield one Hub request (the provider mapping, cached per
model id on the client) and returns a :class:`~.providers.Route`.

1. ``model`` is a URL → URL mode, hf-inference wire format, posted to the URL as given.
2. No model and provider ``auto``/``None`` → ``hf-inference``; its recommended model for the task
   comes from ``GET {hub}/api/tasks`` (``widgetModels[0]``).
3. ``auto`` + chat → the router's own ``/v1/chat/completions`` with the id unchanged (suffixes such
   as ``:fastest`` / ``:cheapest`` / ``:groq`` pass through). Refused with a non-``hf_`` key.
4. ``auto`` + other task → ``GET {hub}/api/models/{id}?expand=inferenceProviderMapping``; the first
   provider whose entry serves the task.
5. Explicit provider (not hf-inference) → same lookup; its entry must exist and serve the task.
6. Explicit ``hf-inference`` → no mapping lookup but a (cached) model-info call checking that the
   model's ``pipeline_tag`` serves the task; the wire model is the Hub id.

An ``hf_`` token (or none) goes through ``{router}/{provider}``; any other key goes straight to
the provider's own base URL, and is sent there.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from .. import errors
from .._flow import Flow, send_checked
from ._context import ClientContext, MappingEntry, is_url
from .providers import PROVIDERS, Route, get_provider

__all__ = ["mapping_entries", "resolve_route"]

def _parse_mapping(data: Any) -> list[MappingEntry]:
    raw = data.get("inferenceProviderMapping") if isinstance(data, dict) else None
    items: list[tuple[str, Any]]
    if isinstance(raw, dict):
        items = list(raw.items())
    elif isinstance(raw, list):
        items = [(str(item.get("provider")), item) for item in raw if isinstance(item, dict)]
    else:
        items = []
    out = []
    for provider, entry in items:
        if not isinstance(entry, dict):
            continue
        out.append(MappingEntry(provider=provider, provider_id=str(entry.get("providerId") or ""),
                                task=str(entry.get("task") or ""), status=str(entry.get("status") or "live"),
                                adapter=entry.get("adapter"), adapter_weights_path=entry.get("adapterWeightsPath")))
    return out


def mapping_entries(ctx: ClientContext, model: str) -> Flow[list[MappingEntry]]:
    """The model's provider mapping, from the client cache or one Hub call."""
    cached = ctx.mapping_cache.get(model)
    if cached is not None:
        return cached
    url = f"{ctx.hub_url}/api/models/{quote(model, safe='/')}?expand=inferenceProviderMapping"
    # The token goes to the Hub only when it is a Hugging Face token (provider keys stay local).
    send_token = ctx.token is not None and ctx.token.is_hf_token
    request = ctx.request("GET", url, auth=send_token)
    response = yield from send_checked(request, context="provider mapping lookup", retry=ctx.retry)
    entries = _parse_mapping(response.json())
    ctx.mapping_cache[model] = entries
    return entries


def _check_hf_inference_task(ctx: ClientContext, model: str, task: str) -> Flow[None]:
    """Explicit ``hf-inference``: the model's ``pipeline_tag`` must serve ``task`` (§2.6; one
    cached ``GET {hub}/api/models/{id}`` per model)."""
    info = ctx.model_info_cache.get(model)
    if info is None:
        url = f"{ctx.hub_url}/api/models/{quote(model, safe='/')}"
        request = ctx.request("GET", url, auth=ctx.token is not None and ctx.token.is_hf_token)
        data = (yield from send_checked(request, context="model info", retry=ctx.retry)).json()
        data = data if isinstance(data, dict) else {}
        info = (data.get("pipeline_tag"), tuple(str(t) for t in data.get("tags") or ()))
        ctx.model_info_cache[model] = info
    tag, tags = info
    ok = (tag == task
          or (task in ("text-generation", "conversational") and tag == "text-generation")
          or (task == "text-generation" and tag == "text2text-generation")
          or (task == "conversational" and tag == "image-text-to-text")
          or (task in ("feature-extraction", "sentence-similarity")
              and tag in ("feature-extraction", "sentence-similarity") and task in tags))
    if not ok:
        raise errors.InputError(f"Model {model!r} does not support task {task!r} on hf-inference "
                                f"(its pipeline tag is {tag!r}).")


def _recommended_model(ctx: ClientContext, task: str) -> Flow[str]:
    key = f"\0task:{task}"
    cached = ctx.mapping_cache.get(key)
    if cached:
        return cached[0].provider_id
    response = yield from send_checked(ctx.request("GET", f"{ctx.hub_url}/api/tasks", auth=False),
                                       context="recommended model lookup", retry=ctx.retry)
    data = response.json()
    models = (data.get(task) or {}).get("widgetModels") if isinstance(data, dict) else None
    if not models:
        raise errors.InputError(f"No model given and the Hub recommends none for task {task!r}; pass model=.")
    ctx.mapping_cache[key] = [MappingEntry("hf-inference", str(models[0]), task)]
    return str(models[0])


def _base_for(ctx: ClientContext, provider: str) -> tuple[str, bool]:
    helper = get_provider(provider)
    token = ctx.token
    if provider == "hf-inference" or token is None or token.is_hf_token:
        if token is not None and token.is_hf_token and not helper.accepts_hf_tokens:
            raise errors.InputError(f"Provider {provider!r} needs its own API key, not a Hugging Face token.")
        return f"{ctx.router_url}/{provider}", False
    return helper.direct_url, True


def resolve_route(ctx: ClientContext, task: str, model: str | None) -> Flow[Route]:
    """Where a ``task`` call for ``model`` (or the client's default model) goes."""
    model = model or ctx.model
    provider = ctx.provider or "auto"
    if is_url(model):
        assert model is not None
        return Route("hf-inference", model.rstrip("/") if task == "conversational" else model, "dummy",
                     url_mode=True)
    if provider != "auto":
        helper = get_provider(provider)  # validates the name before anything is sent
        if ctx.token is not None and ctx.token.is_hf_token and not helper.accepts_hf_tokens:
            raise errors.InputError(f"Provider {provider!r} needs its own API key, not a Hugging Face token.")
    if model is None:
        if provider not in ("auto", "hf-inference"):
            raise errors.InputError(f"Provider {provider!r} needs a model id: pass model=.")
        model = yield from _recommended_model(ctx, task)
        provider = "hf-inference"
    if provider == "auto" and task == "conversational":
        if ctx.token is not None and not ctx.token.is_hf_token:
            raise errors.InputError("Cannot select the auto-router with a non-Hugging Face API key; "
                                    "pass provider= explicitly.")
        return Route("auto", ctx.router_url, model, hf_model=model)
    if provider == "hf-inference":
        yield from _check_hf_inference_task(ctx, model, task)
        base, direct = _base_for(ctx, provider)
        return Route(provider, base, model, hf_model=model, direct=direct)
    entries = yield from mapping_entries(ctx, model)
    served = [e for e in entries if e.task == task]
    if provider == "auto":
        known = [e for e in served if e.provider in PROVIDERS and PROVIDERS[e.provider].supports(task)]
        if not known:
            listed = ", ".join(f"{e.provider} ({e.task})" for e in entries) or "none"
            raise errors.InputError(f"No provider serves {task!r} for model {model!r} (mapping: {listed}).")
        entry = known[0]
    else:
        matches = [e for e in entries if e.provider == provider]
        if not matches:
            listed = ", ".join(e.provider for e in entries) or "none"
            raise errors.InputError(f"Model {model!r} is not served by provider {provider!r} "
                                    f"(available: {listed}).")
        entry = matches[0]
        if entry.task != task:
            raise errors.InputError(f"Model {model!r} is served by {provider!r} for task {entry.task!r}, "
                                    f"not {task!r}.")
    base, direct = _base_for(ctx, entry.provider)
    return Route(entry.provider, base, entry.provider_id or model, hf_model=model, direct=direct, entry=entry)
