"""fal-ai: images, speech and (queued) video. Direct keys use ``Authorization: Key …``.

Synchronous tasks POST ``{base}/{providerId}`` and get JSON pointing at a result file
(``images[0].url``, ``audio.url``) that is then downloaded. Queue tasks (video, image-to-image)
POST ``{base}/{providerId}?_subdomain=queue`` (router) or ``https://queue.fal.run/{providerId}``
(direct), then poll ``{base}{response_url path}/status`` every 0.5 s until ``COMPLETED`` (for at
most the client's ``poll_timeout``) and GET ``{base}{response_url path}`` for the result. Polling
is a flow step (``Sleep``), so it blocks nothing in the browser.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from ... import errors
from ..._deadline import deadline_after
from ..._flow import Flow, send_checked
from .._context import ClientContext
from ._base import ProviderHelper, Route, TaskInputs, poll_wait

__all__ = ["FalAI"]

POLL_INTERVAL = 0.5
_QUEUE_TASKS = frozenset({"text-to-video", "image-to-video", "image-to-image"})
_SYNC_TASKS = frozenset({"text-to-image", "text-to-speech", "automatic-speech-recognition"})


def _pointer(data: Any, task: str) -> str:
    try:
        if task in ("text-to-image", "image-to-image"):
            return str(data["images"][0]["url"])
        if task == "text-to-speech":
            return str(data["audio"]["url"])
        return str(data["video"]["url"])
    except (KeyError, IndexError, TypeError) as exc:
        raise errors.ProtocolError(f"fal-ai {task}: no result URL in the response: {str(data)[:200]}") from exc


class FalAI(ProviderHelper):
    name = "fal-ai"
    direct_url = "https://fal.run"
    chat_route = None
    auth_scheme = "Key"

    def supports(self, task: str) -> bool:
        return task in _QUEUE_TASKS or task in _SYNC_TASKS

    def _payload(self, call: TaskInputs) -> dict[str, Any]:
        params = dict(call.parameters)
        if call.task == "automatic-speech-recognition":
            return {"audio_url": call.data_url("audio/mpeg"), **params}
        if call.task == "text-to-speech":
            return {"text": call.inputs, **params}
        payload: dict[str, Any] = {**params}
        if call.inputs is not None:
            payload["prompt"] = call.inputs
        if call.binary is not None:
            image_url = call.data_url("image/jpeg")
            payload["image_url"] = image_url
            if call.task == "image-to-image":
                payload["image_urls"] = [image_url]
        if "width" in payload and "height" in payload:
            payload["image_size"] = {"width": payload.pop("width"), "height": payload.pop("height")}
        return payload

    def run_task(self, ctx: ClientContext, route: Route, call: TaskInputs) -> Flow[Any]:
        if not self.supports(call.task):
            return (yield from super().run_task(ctx, route, call))
        payload = self._payload(call)
        if call.task in _SYNC_TASKS:
            request = self.post(ctx, route, f"{route.base_url}/{route.model}", json=payload)
            data = (yield from send_checked(request, context=call.task, retry=ctx.retry)).json()
            if call.task == "automatic-speech-recognition":
                if not isinstance(data, dict) or "text" not in data:
                    raise errors.ProtocolError(f"fal-ai ASR: unexpected response {str(data)[:200]}")
                return {"text": data["text"]}
            return (yield from self.download(ctx, _pointer(data, call.task), call.task))
        base = "https://queue.fal.run" if route.direct else route.base_url
        query = "" if route.direct else "?_subdomain=queue"
        request = self.post(ctx, route, f"{base}/{route.model}{query}", json=payload)
        data = (yield from send_checked(request, context=call.task, retry=ctx.retry)).json()
        if not isinstance(data, dict) or not data.get("request_id") or not data.get("response_url"):
            raise errors.ProtocolError(f"fal-ai {call.task}: no request id in the queue response")
        path = urlsplit(str(data["response_url"])).path
        status = data.get("status")
        deadline = deadline_after(ctx.poll_timeout)
        while status != "COMPLETED":
            yield poll_wait(ctx, deadline, POLL_INTERVAL, f"fal-ai {call.task} request {data['request_id']}", status)
            poll = yield from send_checked(self.get(ctx, route, f"{base}{path}/status{query}"),
                                           context=f"{call.task} status", retry=ctx.retry)
            answer = poll.json()
            if not isinstance(answer, dict):
                raise errors.ProtocolError(f"fal-ai {call.task} status: not a JSON object: {poll.text[:200]}")
            status = answer.get("status")
            if status in ("FAILED", "ERROR"):
                raise errors.ProtocolError(f"fal-ai {call.task} failed: {poll.text[:200]}")
        result = yield from send_checked(self.get(ctx, route, f"{base}{path}{query}"),
                                         context=f"{call.task} result", retry=ctx.retry)
        return (yield from self.download(ctx, _pointer(result.json(), call.task), call.task))
