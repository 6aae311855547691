"""Construction and small flows shared by :class:`InferenceClient` and :class:`AsyncInferenceClient`."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from .. import errors
from .._auth import resolve_token
from .._flow import Flow, StreamCall, send_checked
from .._http import Response
from .._retry import RetryPolicy
from ._context import DEFAULT_POLL_TIMEOUT, ClientContext, is_url
from .outputs._base import OutputModel

__all__ = ["ModelStatus", "PassthroughDecoder", "build_context", "call_args", "endpoint_info_flow",
           "health_check_flow", "list_deployed_models_flow", "model_status_flow", "raw_request_flow"]


def call_args(local: dict[str, Any]) -> dict[str, Any]:
    """A public method's arguments (from ``locals()``) minus ``self``, for the shared flow.

    The public signatures list every parameter explicitly (as huggingface_hub's do); this avoids
    repeating each name a second time in the sync and the async shell.
    """
    out = dict(local)
    out.pop("self", None)
    out.pop("__class__", None)
    kwargs = out.pop("kwargs", None)
    if kwargs:
        out.update(kwargs)
    return out


def build_context(*, model: str | None, provider: str | None, token: str | None, timeout: float | None,
                  headers: dict[str, str] | None, cookies: dict[str, str] | None, bill_to: str | None,
                  base_url: str | None, api_key: str | None, retry: RetryPolicy | None,
                  wait_for_model: bool, hub_url: str | None, router_url: str | None,
                  poll_timeout: float | None = DEFAULT_POLL_TIMEOUT) -> ClientContext:
    if model is not None and base_url is not None:
        raise errors.InputError("Pass either model= or base_url= (they are aliases), not both.")
    if token is not None and api_key is not None:
        raise errors.InputError("Pass either token= or api_key= (they are aliases), not both.")
    if isinstance(token, bool) or isinstance(api_key, bool):
        raise errors.InputError("token must be a string or None.")
    model = model if model is not None else base_url
    if provider is not None and is_url(model) and provider not in ("auto", "hf-inference"):
        raise errors.InputError("A URL model (dedicated endpoint) cannot be combined with provider=.")
    if wait_for_model and retry is None:
        retry = RetryPolicy(retry_rate_limits=False, retry_model_loading=True, max_retries=1000,
                            total_timeout=timeout or 300.0)
    return ClientContext.create(model=model, provider=provider, token=resolve_token(token or api_key),
                                timeout=timeout, headers=headers, cookies=cookies, bill_to=bill_to,
                                hub_url=hub_url, router_url=router_url, retry=retry, poll_timeout=poll_timeout)


class PassthroughDecoder:
    """Raw streamed body chunks, as bytes (``request(..., stream=True)``)."""

    finished = False

    def feed(self, chunk: bytes) -> list[bytes | errors.LiteClientError]:
        return [chunk]

    def end(self) -> list[bytes | errors.LiteClientError]:
        return []


def raw_request_flow(ctx: ClientContext, method: str, path_or_url: str, *, json: Any = None,
                     data: bytes | None = None, headers: dict[str, str] | None = None,
                     stream: bool = False) -> Flow[Any]:
    """A raw call: ``path_or_url`` is a full URL or a path on the router (``/v1/models``)."""
    if is_url(path_or_url):
        url = path_or_url
    elif path_or_url.startswith("/"):
        url = ctx.router_url + path_or_url
    else:
        raise errors.InputError("path_or_url must be an http(s) URL or a path starting with '/'.")
    if json is not None and data is not None:
        raise errors.InputError("Pass json= or data=, not both.")
    request = ctx.request(method, url, json=json, body=data, headers=headers, stream=stream)
    if stream:
        return StreamCall(request, PassthroughDecoder(), context="request")
    response: Response = yield from send_checked(request, context="request", retry=ctx.retry)
    return response


class ModelStatus(OutputModel):
    """What the Hub says about a model's inference availability (successor of get_model_status).

    ``state`` is the Hub's ``inference`` field (``"warm"`` when hf-inference serves it, else
    ``None``); ``loaded`` is ``state == "warm"``; ``providers`` lists the live provider names.
    """

    model: str | None = None
    loaded: bool | None = None
    state: str | None = None
    providers: list[str] | None = None
    compute_type: str | None = None
    framework: str | None = None


def model_status_flow(ctx: ClientContext, model: str | None = None) -> Flow[ModelStatus]:
    model = model or ctx.model
    if not model or is_url(model):
        raise errors.InputError("get_model_status needs a Hub model id.")
    url = f"{ctx.hub_url}/api/models/{quote(model, safe='/')}?expand=inference&expand=inferenceProviderMapping"
    response = yield from send_checked(ctx.request("GET", url, auth=ctx.token is not None and ctx.token.is_hf_token),
                                       context="model status", retry=ctx.retry)
    info = response.json()
    mapping = info.get("inferenceProviderMapping") or {}
    names = list(mapping) if isinstance(mapping, dict) else [m.get("provider") for m in mapping if isinstance(m, dict)]
    state = info.get("inference")
    return ModelStatus(model=model, loaded=state == "warm", state=state, providers=[str(n) for n in names],
                       framework=info.get("library_name"))


def list_deployed_models_flow(ctx: ClientContext, provider: str = "hf-inference",
                              ) -> Flow[dict[str, list[str]]]:
    url = f"{ctx.hub_url}/api/models?inference_provider={quote(provider)}&expand=pipeline_tag&limit=1000"
    response = yield from send_checked(ctx.request("GET", url, auth=False), context="list models", retry=ctx.retry)
    out: dict[str, list[str]] = {}
    for item in response.json() or []:
        if isinstance(item, dict) and item.get("id"):
            out.setdefault(str(item.get("pipeline_tag") or "unknown"), []).append(str(item["id"]))
    return out


def _endpoint(ctx: ClientContext, model: str | None) -> str:
    target = model or ctx.model
    if not is_url(target):
        raise errors.InputError("health_check / get_endpoint_info need an endpoint URL (model= a URL).")
    assert target is not None
    return target.rstrip("/")


def health_check_flow(ctx: ClientContext, model: str | None = None) -> Flow[bool]:
    response = yield ctx.request("GET", _endpoint(ctx, model) + "/health", token_trusted=True)
    return bool(response.status == 200)


def endpoint_info_flow(ctx: ClientContext, model: str | None = None) -> Flow[dict[str, Any]]:
    response = yield from send_checked(ctx.request("GET", _endpoint(ctx, model) + "/info", token_trusted=True),
                                       context="endpoint info", retry=ctx.retry)
    data = response.json()
    if not isinstance(data, dict):
        raise errors.ProtocolError("Endpoint info is not a JSON object.")
    return data
