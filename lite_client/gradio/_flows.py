"""Flows of the Gradio client (pure generators driven by the sync or async shell).

* :func:`connect_flow`: resolve ``src`` (Hub for Space ids), log in, ``GET /config`` (HTML
  fallback for very old apps), ``GET {api_prefix}/info`` → :class:`AppInfo`.
* :func:`join_flow`: upload files, ``POST {api_prefix}/queue/join`` → ``event_id``.
* :func:`queue_stream_call`: the ``queue/data`` SSE request of the session.
* :func:`cancel_flow`: ``POST {api_prefix}/cancel`` (+ ``/reset`` for older servers).
* :func:`call_api_flow` / :class:`CallEventDecoder`: the ``/call/{api_name}`` route (fallback).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, urlencode

from .. import errors
from .._flow import Flow, StreamCall, follow_redirects_flow, send_checked
from .._http import Response, error_for_status
from .._sse import SSEDecoder
from ._context import GradioContext
from ._files import prepare_files_flow
from ._hub import StatusCallback, resolve_src_flow
from ._protocol import AppInfo, Endpoint, parse_app
from ._queue import QueueMessageDecoder
from .errors import GradioValidationError, QueueFullError

__all__ = ["CallEventDecoder", "call_api_flow", "cancel_flow", "connect_flow", "join_flow", "queue_stream_call"]

_HTML_CONFIG = re.compile(r"window\.gradio_config\s*=\s*(\{.*?\});\s*</script>", re.DOTALL)


def _auth_error(what: str) -> Callable[[Response], Exception | None]:
    def on_error(response: Response) -> Exception | None:
        if response.status == 401:
            return errors.AuthenticationError(
                f"HTTP 401 for {what}: this app requires a login (pass auth=(username, password)) "
                "or a token.", status=401, url=response.url, body=response.content[:500].decode("utf-8", "replace"))
        return None
    return on_error


def _app_root(url: str, path: str) -> str | None:
    """The app root of ``url`` if it ends with ``path`` (or ``path/``), without a query."""
    bare = url.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    return bare[: -len(path)] if bare.endswith(path) else None


def login_flow(ctx: GradioContext, username: str, password: str) -> Flow[None]:
    body = urlencode({"username": username, "password": password}).encode()
    request = ctx.app_request("POST", ctx.base_url + "/login", body=body,
                              content_type="application/x-www-form-urlencoded")
    response = yield request
    if response.status in (400, 401, 403):
        raise errors.AuthenticationError(
            f"Could not log in to {ctx.base_url}: incorrect credentials (HTTP {response.status}).",
            status=response.status, url=request.url)
    if response.status >= 400:
        raise error_for_status(response.status, response.headers, response.content, request.url, context="login")
    ctx.remember_cookies(response)


def connect_flow(ctx: GradioContext, *, auth: tuple[str, str] | None = None,
                 status_callback: StatusCallback | None = None, space_wait_timeout: float = 300.0,
                 space_poll_interval: float = 2.0) -> Flow[AppInfo]:
    yield from resolve_src_flow(ctx, status_callback, wait_timeout=space_wait_timeout,
                                poll_interval=space_poll_interval)
    if auth is not None:
        yield from login_flow(ctx, auth[0], auth[1])
    request = ctx.app_request("GET", ctx.base_url + "/config")
    response = yield from follow_redirects_flow(request)
    ctx.moved_to(_app_root(response.url, "/config"))
    ctx.remember_cookies(response)
    if response.status == 401:
        raise _auth_error("/config")(response) or errors.AuthenticationError("401", status=401)
    if response.status == 429 or response.status >= 500:
        raise error_for_status(response.status, response.headers, response.content, request.url, context="config")
    if response.status >= 400:  # very old apps: the config is embedded in the page
        page = yield from send_checked(ctx.app_request("GET", ctx.base_url + "/"), context="app page")
        match = _HTML_CONFIG.search(page.text)
        if not match:
            raise errors.ProtocolError(f"{ctx.base_url} does not look like a Gradio app (no /config).")
        raw_config = json.loads(match.group(1))
    else:
        raw_config = response.json()
    if not isinstance(raw_config, dict):
        raise errors.ProtocolError(f"{ctx.base_url}/config is not a JSON object.")
    prefix = str(raw_config.get("api_prefix") or "").rstrip("/")
    api_url = ctx.base_url + (prefix if not prefix or prefix.startswith("/") else "/" + prefix)
    info_request = ctx.app_request("GET", api_url + "/info?all_endpoints=True")
    info_response = yield from send_checked(info_request, context="view_api", on_error=_auth_error("/info"))
    raw_info = info_response.json()
    return parse_app(ctx.base_url, raw_config, raw_info if isinstance(raw_info, dict) else {})


def _join_error(response: Response) -> Exception | None:
    if response.status == 503:
        base = error_for_status(503, response.headers, response.content, response.url, context="queue/join")
        return QueueFullError(base.message, status=503, url=response.url, server_message=base.server_message,
                              headers=base.headers, body=base.body, details=base.details)
    if response.status == 422:
        base = error_for_status(422, response.headers, response.content, response.url, context="queue/join")
        return GradioValidationError(base.message, status=422, url=response.url, server_message=base.server_message,
                                     headers=base.headers, body=base.body, details=base.details)
    return _auth_error("queue/join")(response)


def join_flow(ctx: GradioContext, app: AppInfo, endpoint: Endpoint, data: list[Any],
              on_upload_progress: Callable[[int, int], None] | None = None) -> Flow[str]:
    """Upload files in ``data``, join the queue; return the ``event_id``."""
    data = yield from prepare_files_flow(ctx, app.api_url, data, app.config.max_file_size, on_upload_progress)
    body: dict[str, Any] = {"data": data, "event_data": None, "fn_index": endpoint.fn_index,
                            "trigger_id": None, "session_hash": ctx.session_hash}
    if endpoint.wants_oauth_token and ctx.token is not None:
        body["oauth_token"] = ctx.token.value
    request = ctx.app_request("POST", app.api_url + "/queue/join", json=body, extra={"x-gradio-user": "api"})
    response = yield from send_checked(request, context="queue/join", on_error=_join_error)
    ctx.remember_cookies(response)
    event_id = (response.json() or {}).get("event_id")
    if not isinstance(event_id, str):
        raise errors.ProtocolError(f"queue/join answered without an event_id: {response.text[:200]}")
    return event_id


def queue_stream_call(ctx: GradioContext, app: AppInfo) -> StreamCall[dict[str, Any]]:
    url = f"{app.api_url}/queue/data?session_hash={quote(ctx.session_hash)}"
    request = ctx.app_request("GET", url, stream=True, extra={"accept": "text/event-stream"})
    return StreamCall(request, QueueMessageDecoder(), context="queue/data", on_error=_auth_error("queue/data"))


def heartbeat_request(ctx: GradioContext, app: AppInfo) -> Any:
    return ctx.app_request("GET", f"{app.api_url}/heartbeat/{quote(ctx.session_hash)}", stream=True,
                           timeout=None, extra={"accept": "text/event-stream"})


def cancel_flow(ctx: GradioContext, app: AppInfo, endpoint: Endpoint, event_id: str) -> Flow[bool]:
    body = {"event_id": event_id, "session_hash": ctx.session_hash, "fn_index": endpoint.fn_index}
    response = yield ctx.app_request("POST", app.api_url + "/cancel", json=body)
    ok: bool = response.status < 400
    yield ctx.app_request("POST", app.api_url + "/reset", json={"event_id": event_id})
    return ok


# -- the /call/{api_name} route ---------------------------------------------------------------------
class CallEventDecoder:
    """Decoder for ``GET /call/{api_name}/{event_id}``: ``(event, data)`` pairs; ends at complete/error."""

    def __init__(self) -> None:
        self._sse = SSEDecoder()
        self.finished = False

    def _parse(self, events: list[Any]) -> list[tuple[str, Any] | errors.LiteClientError]:
        out: list[tuple[str, Any] | errors.LiteClientError] = []
        for event in events:
            if self.finished:
                break
            try:
                data = json.loads(event.data) if event.data else None
            except ValueError:
                data = event.data
            out.append((event.event, data))
            if event.event in ("complete", "error"):
                self.finished = True
        return out

    def feed(self, chunk: bytes) -> list[tuple[str, Any] | errors.LiteClientError]:
        return self._parse(self._sse.feed(chunk))

    def end(self) -> list[tuple[str, Any] | errors.LiteClientError]:
        items = self._parse(self._sse.flush())
        if not self.finished:
            items.append(errors.StreamInterruptedError("The /call stream ended before a result."))
        return items


def call_api_flow(ctx: GradioContext, app: AppInfo, endpoint: Endpoint, data: list[Any],
                  on_upload_progress: Callable[[int, int], None] | None = None) -> Flow[StreamCall[Any]]:
    """``POST {api}/call/{name}`` then the result stream (full values, no queue/progress)."""
    if endpoint.api_name is None:
        raise errors.InputError("The /call route needs a named endpoint.")
    data = yield from prepare_files_flow(ctx, app.api_url, data, app.config.max_file_size, on_upload_progress)
    name = quote(endpoint.api_name.lstrip("/"))
    request = ctx.app_request("POST", f"{app.api_url}/call/{name}", json={"data": data})
    response = yield from send_checked(request, context="call", on_error=_join_error)
    event_id = (response.json() or {}).get("event_id")
    if not isinstance(event_id, str):
        raise errors.ProtocolError(f"/call answered without an event_id: {response.text[:200]}")
    stream = ctx.app_request("GET", f"{app.api_url}/call/{name}/{quote(event_id)}", stream=True)
    return StreamCall(stream, CallEventDecoder(), context="call result")
