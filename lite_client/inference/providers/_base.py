"""What every provider helper shares: the :class:`Route` it serves and the :class:`TaskInputs` it
turns into a request.

A provider helper is a small class. It knows its direct base URL, its chat / completions routes,
how to rewrite a chat body for its dialect, and (for non-chat tasks) a *flow* that sends the task
and returns either parsed JSON or a :class:`~lite_client.inference.outputs.BinaryOutput`. Flows do
no I/O themselves; they yield requests (see :mod:`lite_client._flow`).
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from ... import errors
from ..._deadline import expired, remaining
from ..._flow import Flow, Sleep, send_checked
from ..._http import Request, Response
from .._context import ClientContext, MappingEntry
from .._mime import sniff_mime
from ..outputs.binary import BinaryOutput

__all__ = ["ProviderHelper", "Route", "TaskInputs", "poll_wait", "read_result"]


def poll_wait(ctx: ClientContext, deadline: float | None, interval: float, what: str, status: Any) -> Sleep:
    """The pause before the next status poll of a provider's queued job, or, past the client's
    ``poll_timeout``, a :class:`~lite_client.errors.RequestTimeoutError` naming the last status."""
    if expired(deadline):
        raise errors.RequestTimeoutError(
            f"{what}: still {str(status or 'pending')[:40]!r} after {ctx.poll_timeout:g} s of polling "
            "(raise the client's poll_timeout to wait longer).")
    left = remaining(deadline)
    return Sleep(interval if left is None else max(0.0, min(interval, left)))


@dataclass(frozen=True, slots=True)
class Route:
    """Where one call goes.

    ``base_url`` is the provider's base (router ``…/{provider}`` or the provider's own URL) or, in
    URL mode, the exact endpoint URL. ``model`` is the model id to send on the wire (the
    provider's id); ``hf_model`` the Hub id the user asked for.
    """

    provider: str
    base_url: str
    model: str | None
    hf_model: str | None = None
    url_mode: bool = False
    direct: bool = False
    entry: MappingEntry | None = None


@dataclass(slots=True)
class TaskInputs:
    """A task call in hf-inference terms; other providers translate it to their own payloads.

    ``inputs`` is the JSON ``inputs`` value (text, list, dict) or ``None``; ``binary`` the raw
    input file for binary-input tasks (``mime`` its type when known); ``parameters`` the task
    parameters (``None`` values already dropped); ``extra`` keys to put at the top level of the
    body; ``accept`` an ``Accept`` header; ``binary_output`` whether the result is a file.
    """

    task: str
    inputs: Any = None
    binary: bytes | None = None
    mime: str | None = None
    parameters: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    accept: str | None = None
    binary_output: bool = False
    parameters_at_root: bool = False
    omit_inputs: bool = False

    def binary_b64(self) -> str:
        return base64.b64encode(self.binary or b"").decode("ascii")

    def data_url(self, default_mime: str = "application/octet-stream") -> str:
        mime = self.mime or sniff_mime(self.binary or b"") or default_mime
        return f"data:{mime};base64,{self.binary_b64()}"


def read_result(response: Response, binary: bool) -> Any:
    """The body as JSON, or as :class:`BinaryOutput` with its MIME type."""
    if binary:
        content = response.content
        mime = response.content_type
        if not mime or mime in ("application/octet-stream", "binary/octet-stream"):
            mime = sniff_mime(content) or mime or "application/octet-stream"
        return BinaryOutput(content, mime)
    return response.json()


class ProviderHelper:
    """Base provider: OpenAI-style chat at ``chat_route``; no other task unless overridden."""

    name: str = ""
    direct_url: str = ""
    chat_route: str | None = "/v1/chat/completions"
    completions_route: str | None = None
    auth_scheme: str = "Bearer"
    extra_headers: Mapping[str, str] = MappingProxyType({})
    accepts_hf_tokens: bool = True

    # -- chat -----------------------------------------------------------------------------------------
    def supports_chat(self) -> bool:
        return self.chat_route is not None

    def chat_url(self, route: Route) -> str:
        if self.chat_route is None:
            raise errors.InputError(f"Provider {self.name!r} does not serve chat completion.")
        return route.base_url + self.chat_route

    def rewrite_response_format(self, response_format: Any) -> Any:
        """Adapt an OpenAI ``response_format`` to this provider's dialect (default: unchanged)."""
        return response_format

    # -- tasks ----------------------------------------------------------------------------------------
    def supports(self, task: str) -> bool:
        return task == "conversational" and self.supports_chat()

    def post(self, ctx: ClientContext, route: Route, url: str, *, json: Any = None,
             body: bytes | None = None, content_type: str | None = None,
             headers: dict[str, str] | None = None, stream: bool = False) -> Request:
        """A POST to this provider with the right auth (``Key``/``Bearer``) and extra headers."""
        merged = {**self.extra_headers, **(headers or {})}
        scheme = self.auth_scheme if route.direct else "Bearer"
        return ctx.request("POST", url, json=json, body=body, content_type=content_type, headers=merged,
                           stream=stream, token_trusted=route.direct or route.url_mode, auth_scheme=scheme)

    def get(self, ctx: ClientContext, route: Route, url: str) -> Request:
        scheme = self.auth_scheme if route.direct else "Bearer"
        return ctx.request("GET", url, headers=dict(self.extra_headers), token_trusted=route.direct,
                           auth_scheme=scheme)

    def run_task(self, ctx: ClientContext, route: Route, call: TaskInputs) -> Flow[Any]:
        """Send ``call``; return parsed JSON, or a BinaryOutput when ``call.binary_output``."""
        raise errors.InputError(f"Task {call.task!r} is not supported by provider {self.name!r} in lite_client.")
        yield  # pragma: no cover - makes this a generator

    def download(self, ctx: ClientContext, url: str, context: str) -> Flow[BinaryOutput]:
        """GET a result file a provider pointed to (no credentials: the URL is pre-signed)."""
        if url.startswith("data:"):
            header, _, data = url.partition(",")
            mime = header[5:].split(";")[0] or "application/octet-stream"
            try:
                return BinaryOutput(base64.b64decode(data), mime)
            except ValueError as exc:  # binascii.Error, non-ASCII text
                raise errors.ProtocolError(f"{context}: the provider's data: URL is not valid base64") from exc
        response = yield from send_checked(ctx.plain_get(url), context=context, retry=ctx.retry)
        result: BinaryOutput = read_result(response, True)
        return result
