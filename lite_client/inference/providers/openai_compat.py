"""Providers that speak the OpenAI HTTP dialect (chat, completions, images, embeddings).

Each provider is one small configured instance of :class:`OpenAICompatible`: its direct base URL,
its route prefixes and its ``response_format`` dialect (inference-protocol.md §4, §5.2).
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from ... import errors
from ..._flow import Flow, send_checked
from .._context import ClientContext
from ..outputs.binary import BinaryOutput
from ._base import ProviderHelper, Route, TaskInputs

__all__ = ["OPENAI_COMPATIBLE", "OpenAICompatible"]


class OpenAICompatible(ProviderHelper):
    """An OpenAI-style provider. ``response_format_style``: ``None`` (unchanged),
    ``"json_object_schema"`` (cohere, fireworks) or ``"json_schema_flat"`` (together)."""

    def __init__(self, name: str, direct_url: str, chat_route: str | None = "/v1/chat/completions", *,
                 completions_route: str | None = None, images_route: str | None = None,
                 embeddings_route: str | None = None, response_format_style: str | None = None,
                 extra_headers: Mapping[str, str] | None = None, accepts_hf_tokens: bool = True) -> None:
        self.name = name
        self.direct_url = direct_url
        self.chat_route = chat_route
        self.completions_route = completions_route
        self.images_route = images_route
        self.embeddings_route = embeddings_route
        self.response_format_style = response_format_style
        self.extra_headers = MappingProxyType(dict(extra_headers or {}))
        self.accepts_hf_tokens = accepts_hf_tokens

    def rewrite_response_format(self, response_format: Any) -> Any:
        if not (isinstance(response_format, dict) and response_format.get("type") == "json_schema"):
            return response_format
        schema = (response_format.get("json_schema") or {}).get("schema")
        if self.response_format_style == "json_object_schema":
            return {"type": "json_object", "schema": schema}
        if self.response_format_style == "json_schema_flat":
            return {"type": "json_schema", "schema": schema}
        return response_format

    def completions_url(self, route: Route) -> str:
        if self.completions_route is None:
            raise errors.InputError(f"Provider {self.name!r} does not serve text_generation.")
        return route.base_url + self.completions_route

    def supports(self, task: str) -> bool:
        return ((task == "conversational" and self.chat_route is not None)
                or (task == "text-generation" and self.completions_route is not None)
                or (task == "text-to-image" and self.images_route is not None)
                or (task == "feature-extraction" and self.embeddings_route is not None))

    def run_task(self, ctx: ClientContext, route: Route, call: TaskInputs) -> Flow[Any]:
        if call.task == "text-to-image" and self.images_route:
            params = dict(call.parameters)
            if "width" in params and "height" in params:
                params["size"] = f"{params.pop('width')}x{params.pop('height')}"
            body = {"prompt": call.inputs, "model": route.model, "response_format": "b64_json", **params}
            request = self.post(ctx, route, route.base_url + self.images_route, json=body)
            data = (yield from send_checked(request, context=call.task, retry=ctx.retry)).json()
            try:
                return BinaryOutput(base64.b64decode(data["data"][0]["b64_json"]), "image/png")
            except (KeyError, IndexError, TypeError, ValueError) as exc:  # ValueError: bad base64
                raise errors.ProtocolError(f"Unexpected images response from {self.name}") from exc
        if call.task == "feature-extraction" and self.embeddings_route:
            body = {"input": call.inputs, "model": route.model, **call.parameters}
            request = self.post(ctx, route, route.base_url + self.embeddings_route, json=body)
            data = (yield from send_checked(request, context=call.task, retry=ctx.retry)).json()
            try:
                return [item["embedding"] for item in data["data"]]
            except (KeyError, TypeError) as exc:
                raise errors.ProtocolError(f"Unexpected embeddings response from {self.name}") from exc
        return (yield from super().run_task(ctx, route, call))


OPENAI_COMPATIBLE: tuple[OpenAICompatible, ...] = (
    OpenAICompatible("baseten", "https://inference.baseten.co"),
    OpenAICompatible("cerebras", "https://api.cerebras.ai"),
    OpenAICompatible("cohere", "https://api.cohere.com", "/compatibility/v1/chat/completions",
                     response_format_style="json_object_schema"),
    OpenAICompatible("deepinfra", "https://api.deepinfra.com", "/v1/openai/chat/completions",
                     completions_route="/v1/openai/completions"),
    OpenAICompatible("featherless-ai", "https://api.featherless.ai", completions_route="/v1/completions"),
    OpenAICompatible("fireworks-ai", "https://api.fireworks.ai", "/inference/v1/chat/completions",
                     response_format_style="json_object_schema"),
    OpenAICompatible("groq", "https://api.groq.com", "/openai/v1/chat/completions"),
    OpenAICompatible("novita", "https://api.novita.ai", "/v3/openai/chat/completions",
                     completions_route="/v3/openai/completions"),
    OpenAICompatible("nscale", "https://inference.api.nscale.com", images_route="/v1/images/generations"),
    OpenAICompatible("openai", "https://api.openai.com", accepts_hf_tokens=False),
    OpenAICompatible("ovhcloud", "https://oai.endpoints.kepler.ai.cloud.ovh.net"),
    OpenAICompatible("publicai", "https://api.publicai.co"),
    OpenAICompatible("scaleway", "https://api.scaleway.ai", embeddings_route="/v1/embeddings"),
    OpenAICompatible("together", "https://api.together.xyz", completions_route="/v1/completions",
                     images_route="/v1/images/generations", response_format_style="json_schema_flat"),
    OpenAICompatible("zai-org", "https://api.z.ai", "/api/paas/v4/chat/completions",
                     extra_headers={"accept-language": "en-US,en", "x-source-channel": "hugging_face"}),
)
