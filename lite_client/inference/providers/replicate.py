"""replicate: predictions with ``prefer: wait``; the output is a URL that is then downloaded.

``POST {base}/v1/models/{id}/predictions`` (or ``/v1/predictions`` with ``"version"`` when the
provider id contains ``:``), body ``{"input": {"prompt": …, …}}``. When the prediction is not
finished within the wait, ``urls.get`` is polled (a ``Sleep`` flow step) until it is, for at most
the client's ``poll_timeout``.
"""

from __future__ import annotations

from typing import Any

from ... import errors
from ..._deadline import deadline_after
from ..._flow import Flow, send_checked
from .._context import ClientContext
from ._base import ProviderHelper, Route, TaskInputs, poll_wait

__all__ = ["Replicate"]

POLL_INTERVAL = 1.0
_TASKS = frozenset({"text-to-image", "text-to-video", "text-to-speech", "image-to-image", "image-to-video"})


class Replicate(ProviderHelper):
    name = "replicate"
    direct_url = "https://api.replicate.com"
    chat_route = None
    extra_headers = {"prefer": "wait"}  # noqa: RUF012 - read-only by convention

    def supports(self, task: str) -> bool:
        return task in _TASKS

    def run_task(self, ctx: ClientContext, route: Route, call: TaskInputs) -> Flow[Any]:
        if not self.supports(call.task):
            return (yield from super().run_task(ctx, route, call))
        model = route.model or ""
        inputs: dict[str, Any] = {**call.parameters}
        if call.inputs is not None:
            inputs["text" if call.task == "text-to-speech" else "prompt"] = call.inputs
        if call.binary is not None:
            inputs["image"] = call.data_url("image/jpeg")
        payload: dict[str, Any] = {"input": inputs}
        if ":" in model:
            payload["version"] = model.split(":", 1)[1]
            url = f"{route.base_url}/v1/predictions"
        else:
            url = f"{route.base_url}/v1/models/{model}/predictions"
        data = (yield from send_checked(self.post(ctx, route, url, json=payload), context=call.task,
                                        retry=ctx.retry)).json()
        deadline = deadline_after(ctx.poll_timeout)
        while isinstance(data, dict) and data.get("output") is None:
            status = data.get("status")
            urls = data.get("urls")
            poll_url = urls.get("get") if isinstance(urls, dict) else None
            poll_url = poll_url if isinstance(poll_url, str) else None
            if status in ("failed", "canceled") or not poll_url:
                raise errors.ProtocolError(f"replicate {call.task}: no output ({status or 'no status'}): "
                                           f"{str(data.get('error') or '')[:200]}")
            yield poll_wait(ctx, deadline, POLL_INTERVAL, f"replicate {call.task} prediction", status)
            data = (yield from send_checked(self.get(ctx, route, poll_url), context=call.task,
                                            retry=ctx.retry)).json()
        output = data.get("output") if isinstance(data, dict) else None
        url_out = output if isinstance(output, str) else (output[0] if isinstance(output, list) and output else None)
        if not isinstance(url_out, str):
            raise errors.ProtocolError(f"replicate {call.task}: unexpected output {str(output)[:200]}")
        return (yield from self.download(ctx, url_out, call.task))
