"""``hf-inference``: Hugging Face's own serverless provider, always through the router.

URLs (inference-protocol.md §1): ``{router}/hf-inference/models/{id}`` for most tasks,
``…/pipeline/{task}`` for feature-extraction and sentence-similarity, ``…/v1/chat/completions`` and
``…/v1/completions`` for the OpenAI routes. In URL mode (``model=`` an endpoint URL) every task posts
to the URL exactly as given. Bodies follow §4: ``{"inputs", "parameters"}``, raw bytes for binary
inputs without parameters.
"""

from __future__ import annotations

import base64
from typing import Any

from ..._flow import Flow, send_checked
from .._context import ClientContext
from ._base import ProviderHelper, Route, TaskInputs, read_result

__all__ = ["HFInference"]

_PIPELINE_TASKS = frozenset({"feature-extraction", "sentence-similarity"})
_NOT_SERVED = frozenset({"text-to-video", "image-to-video"})


class HFInference(ProviderHelper):
    name = "hf-inference"
    direct_url = ""  # never direct: hf-inference is always reached through the router

    def chat_url(self, route: Route) -> str:
        return f"{route.base_url}/models/{route.model}/v1/chat/completions"

    def completions_url(self, route: Route) -> str:
        return f"{route.base_url}/models/{route.model}/v1/completions"

    def rewrite_response_format(self, response_format: Any) -> Any:
        # TGI grammar dialect: {"type":"json_schema","json_schema":{"schema":S}} -> {"type":"json_object","value":S}
        if isinstance(response_format, dict) and response_format.get("type") == "json_schema":
            schema = (response_format.get("json_schema") or {}).get("schema")
            return {"type": "json_object", "value": schema}
        return response_format

    def supports(self, task: str) -> bool:
        return task not in _NOT_SERVED

    def task_url(self, route: Route, task: str) -> str:
        if route.url_mode:
            return route.base_url
        url = f"{route.base_url}/models/{route.model}"
        return f"{url}/pipeline/{task}" if task in _PIPELINE_TASKS else url

    def run_task(self, ctx: ClientContext, route: Route, call: TaskInputs) -> Flow[Any]:
        url = self.task_url(route, call.task)
        headers = {"accept": call.accept} if call.accept else None
        if call.binary is not None and not call.parameters and not call.extra:
            request = self.post(ctx, route, url, body=call.binary, content_type=call.mime, headers=headers)
        else:
            request = self.post(ctx, route, url, json=hf_inference_body(call), headers=headers)
        response = yield from send_checked(request, context=call.task, retry=ctx.retry)
        return read_result(response, call.binary_output)


def hf_inference_body(call: TaskInputs) -> dict[str, Any]:
    """The JSON body hf-inference (and TGI-style endpoints) expect for ``call``."""
    inputs = base64.b64encode(call.binary).decode("ascii") if call.binary is not None else call.inputs
    body: dict[str, Any] = {}
    if call.parameters_at_root:
        body["inputs"] = inputs
        body.update(call.parameters)
    else:
        if not call.omit_inputs:
            body["inputs"] = inputs
        body["parameters"] = call.parameters
    body.update(call.extra)
    return body
