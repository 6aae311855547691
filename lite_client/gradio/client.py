"""``Client``: the blocking Gradio client (semantics of ``gradio_client.Client``).

Connecting does the I/O in the constructor, as ``gradio_client`` does: resolve the Space, log in,
read ``/config`` and ``/info``. ``predict()`` is ``submit().result()``; ``submit()`` joins the queue
and returns a :class:`Job`. No threads: the session stream is read while a job is waited for.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any

from .. import errors
from .._flow import run_flow
from ..transports import Transport, default_transport
from ._base import UNSET, ClientCore, Route, build_context
from ._flows import call_api_flow, cancel_flow, connect_flow, join_flow
from ._hub import StatusCallback, duplicate_flow
from ._job import Job, SyncCallPump
from ._session import SyncSession

__all__ = ["Client"]


class Client(ClientCore):
    """Connect to a Gradio app (URL) or a Hugging Face Space (``owner/name``).

    Args:
        src: app URL or Space id.
        token: Hugging Face token (default ``HF_TOKEN`` in CPython); sent only to HF hosts and
            to ``src``.
        headers: extra headers for every request to the app.
        auth: ``(username, password)`` for apps launched with ``auth=``.
        status_callback: receives :class:`SpaceStatus` while a Space is resolved / woken up.
        hub_endpoint: Hub URL (default ``HF_ENDPOINT`` or https://huggingface.co).
        timeout: seconds per request (default 60; ``None`` waits forever).
        transport: a :class:`~lite_client.Transport` (default: the runtime's).
        route: ``"auto"`` (queue, ``/call`` fallback), ``"queue"`` or ``"call"``.
        upload_progress: ``(sent_bytes, total_bytes)`` callback for file uploads.
        space_wait_timeout: longest wait for a sleeping/building Space (seconds).
        session_hash: reuse a session (default: a new random one).
    """

    def __init__(self, src: str, token: str | None = None, headers: Mapping[str, str] | None = None, *,
                 auth: tuple[str, str] | None = None, status_callback: StatusCallback | None = None,
                 hub_endpoint: str | None = None, timeout: float | None = UNSET,
                 transport: Transport | None = None, route: Route = "auto",
                 upload_progress: Callable[[int, int], None] | None = None,
                 space_wait_timeout: float = 300.0, space_poll_interval: float = 2.0,
                 session_hash: str | None = None) -> None:
        if route not in ("auto", "queue", "call"):
            raise errors.InputError("route must be 'auto', 'queue' or 'call'.")
        self._ctx = build_context(src, token=token, headers=headers, auth=auth, hub_endpoint=hub_endpoint,
                                  timeout=timeout, session_hash=session_hash)
        self._route = route
        self._upload_progress = upload_progress
        self._owns_transport = transport is None
        self._transport = transport or default_transport()
        self._app = run_flow(connect_flow(self._ctx, auth=auth, status_callback=status_callback,
                                          space_wait_timeout=space_wait_timeout,
                                          space_poll_interval=space_poll_interval), self._transport)
        self._session = SyncSession(self._ctx, self._app, self._transport)

    def _sync_transport(self) -> Transport:
        return self._transport

    # -- calls ----------------------------------------------------------------------------------------
    def submit(self, *args: Any, api_name: str | None = None, fn_index: int | None = None,
               **kwargs: Any) -> Job:
        """Start a call and return its :class:`Job` at once (after the queue join)."""
        endpoint, data = self._prepare(args, api_name, fn_index, kwargs)
        if not self._use_call_route(endpoint):
            self._session.ensure_heartbeat()
            try:
                event_id = run_flow(join_flow(self._ctx, self._app, endpoint, data, self._upload_progress),
                                    self._transport)
            except errors.HTTPStatusError as exc:
                if self._route != "auto" or endpoint.api_name is None or not self._queue_unavailable(exc):
                    raise
            else:
                state = self._new_state(endpoint, event_id)
                self._session.router.register(state)
                ctx, app = self._ctx, self._app
                return Job(state, self._session, self._transport,
                           lambda: cancel_flow(ctx, app, endpoint, event_id))
        state = self._new_state(endpoint, "call", diffs=False)
        pump = SyncCallPump(state, call_api_flow(self._ctx, self._app, endpoint, data, self._upload_progress),
                            self._transport)
        return Job(state, pump, self._transport)

    def predict(self, *args: Any, api_name: str | None = None, fn_index: int | None = None,
                **kwargs: Any) -> Any:
        """Call an endpoint and return its outputs (the last one for a generator).

        Positional and keyword arguments (by parameter name, see ``view_api()``) are accepted;
        missing ones take their defaults. One output is returned bare, several as a tuple.
        """
        return self.submit(*args, api_name=api_name, fn_index=fn_index, **kwargs).result()

    # -- Spaces --------------------------------------------------------------------------------------------
    @classmethod
    def duplicate(cls, from_id: str, to_id: str | None = None, *, token: str | None = None,
                  private: bool = True, hardware: str | None = None, secrets: dict[str, str] | None = None,
                  timeout: float | None = None, sleep_timeout: float = 5, hub_endpoint: str | None = None,
                  transport: Transport | None = None, **client_options: Any) -> Client:
        """Duplicate a Space into your account (or reuse your copy) and connect to it.

        ``sleep_timeout`` (``gradio_client``'s name) or ``timeout`` (``@gradio/client``'s name):
        minutes of inactivity before paid hardware sleeps. Other options go to :class:`Client`.
        """
        ctx = build_context(from_id, token=token, headers=None, auth=None, hub_endpoint=hub_endpoint, timeout=UNSET)
        transport = transport or default_transport()
        target = run_flow(duplicate_flow(ctx, from_id, to_id, private=private, hardware=hardware, secrets=secrets,
                                         sleep_timeout_minutes=timeout if timeout is not None else sleep_timeout),
                          transport)
        return cls(target, token=token, hub_endpoint=hub_endpoint, transport=transport, **client_options)

    # -- lifecycle -----------------------------------------------------------------------------------------
    def close(self) -> None:
        """Close the session stream, the heartbeat and (if the client made it) the transport."""
        self._session.close()
        if self._owns_transport:
            self._transport.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
