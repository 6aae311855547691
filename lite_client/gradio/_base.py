"""What the sync and async clients share (pure): options, endpoint choice, job state, view_api."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

from .. import errors
from .._auth import resolve_token
from ._api_view import render_api
from ._context import DEFAULT_TIMEOUT, GradioContext, hub_endpoint_default, require_positive_timeout
from ._files import file_converter
from ._hub import StatusCallback
from ._models import ApiInfo, EndpointInfo
from ._protocol import AppInfo, Endpoint
from ._queue import JobState

__all__ = ["ClientCore", "Route", "build_context"]

Route = Literal["auto", "queue", "call"]
_UNSET: Any = object()


def build_context(src: str, *, token: str | None, headers: Mapping[str, str] | None,
                  auth: tuple[str, str] | None, hub_endpoint: str | None, timeout: float | Any | None,
                  session_hash: str | None = None) -> GradioContext:
    """Validate the constructor arguments (before any request) and build the context."""
    if not isinstance(src, str) or not src.strip():
        raise errors.InputError("src must be a Space id ('owner/name') or the URL of a Gradio app.")
    if auth is not None and (not isinstance(auth, tuple | list) or len(auth) != 2
                             or not all(isinstance(x, str) for x in auth)):
        raise errors.InputError("auth must be a (username, password) tuple of strings.")
    timeout = DEFAULT_TIMEOUT if timeout is _UNSET else require_positive_timeout(timeout)
    ctx = GradioContext(src=src.strip(), token=resolve_token(token), hub_url=hub_endpoint_default(hub_endpoint),
                        timeout=timeout, headers={k.lower(): v for k, v in (headers or {}).items()},
                        use_credentials=auth is not None)
    if auth is not None:
        errors.register_secret(auth[1])
    if session_hash:
        ctx.session_hash = session_hash
    return ctx


class ClientCore:
    """State and pure helpers of a connected client."""

    _ctx: GradioContext
    _app: AppInfo
    _route: Route
    _upload_progress: Callable[[int, int], None] | None

    # -- properties ----------------------------------------------------------------------------------
    @property
    def src(self) -> str:
        return self._ctx.src

    @property
    def base_url(self) -> str:
        """The app's root URL (for a Space id: its ``*.hf.space`` host)."""
        return self._app.base_url

    @property
    def api_url(self) -> str:
        return self._app.api_url

    @property
    def space_id(self) -> str | None:
        return self._ctx.space_id or self._app.config.space_id

    @property
    def session_hash(self) -> str:
        return self._ctx.session_hash

    @property
    def config(self) -> dict[str, Any]:
        """The app's ``/config`` JSON (as ``gradio_client.Client.config``)."""
        return self._app.raw_config

    @property
    def app(self) -> AppInfo:
        """The parsed config and API description (pydantic models)."""
        return self._app

    @property
    def protocol(self) -> str:
        return self._app.protocol

    def reset_session(self) -> None:
        """Start a new session (new ``gr.State`` values)."""
        self._ctx.reset_session()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._app.base_url} (gradio {self._app.config.version})>"

    # -- view_api -----------------------------------------------------------------------------------------
    def view_api(self, *, all_endpoints: bool = False, print_info: bool = False) -> ApiInfo:
        """The app's endpoints (``/info``), public ones or all (undocumented included).

        With ``print_info=True`` also prints a summary and ready-to-paste usage code.
        """
        named: dict[str, EndpointInfo] = {}
        for name, info in self._app.api.named_endpoints.items():
            if info.api_visibility == "private":
                continue
            if info.api_visibility == "undocumented" and not all_endpoints:
                continue
            named[name] = info
        view = ApiInfo(named_endpoints=named, unnamed_endpoints=dict(self._app.api.unnamed_endpoints))
        if print_info:
            print(render_api(view, self._ctx.src, class_name=type(self).__name__))
        return view

    def usage(self, *, all_endpoints: bool = False) -> str:
        """The text ``view_api(print_info=True)`` prints."""
        return render_api(self.view_api(all_endpoints=all_endpoints), self._ctx.src, class_name=type(self).__name__)

    # -- calls --------------------------------------------------------------------------------------------
    def _prepare(self, args: Sequence[Any], api_name: str | None, fn_index: int | None,
                 kwargs: Mapping[str, Any]) -> tuple[Endpoint, list[Any]]:
        if api_name is not None and fn_index is not None:
            raise errors.InputError("Give api_name or fn_index, not both.")
        endpoint = self._app.resolve(api_name, fn_index)
        return endpoint, endpoint.build_data(args, kwargs)

    def _new_state(self, endpoint: Endpoint, event_id: str, *, diffs: bool = True) -> JobState:
        convert = file_converter(self._ctx, self._app.api_url, self._sync_transport(), self._async_transport())

        def shape(data: list[Any]) -> Any:
            return endpoint.shape_outputs(data, convert)
        return JobState(event_id, shape, applies_diffs=diffs and endpoint.applies_diffs)

    def _sync_transport(self) -> Any:
        return None

    def _async_transport(self) -> Any:
        return None

    def _use_call_route(self, endpoint: Endpoint) -> bool:
        if self._route == "call":
            if endpoint.api_name is None:
                raise errors.InputError("route='call' needs a named endpoint (api_name).")
            return True
        return self._route == "auto" and self._app.protocol in ("sse", "ws") and endpoint.api_name is not None

    @staticmethod
    def _queue_unavailable(exc: errors.HTTPStatusError) -> bool:
        return exc.status in (404, 405)


STATUS_CALLBACK = StatusCallback
UNSET = _UNSET
