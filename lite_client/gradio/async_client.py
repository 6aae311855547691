"""``AsyncClient``: the async Gradio client (semantics of ``@gradio/client`` / ``gradio_client``).

Create it with ``client = await AsyncClient.connect(src, ...)`` (a constructor cannot await).
Several jobs can run at once: they share one session stream, read by whichever job is awaited.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any

from .. import errors
from .._flow import arun_flow
from ..transports import AsyncTransport, default_async_transport
from ._base import UNSET, ClientCore, Route, build_context
from ._context import GradioContext
from ._flows import call_api_flow, cancel_flow, connect_flow, join_flow
from ._hub import StatusCallback, duplicate_flow
from ._job import AsyncCallPump, AsyncJob
from ._protocol import AppInfo
from ._session import AsyncSession

__all__ = ["AsyncClient"]


class AsyncClient(ClientCore):
    """Async twin of :class:`~lite_client.gradio.Client`; same arguments, awaitable methods."""

    def __init__(self, ctx: GradioContext, app: AppInfo, transport: AsyncTransport, *, route: Route = "auto",
                 upload_progress: Callable[[int, int], None] | None = None, owns_transport: bool = False) -> None:
        """Internal: use ``await AsyncClient.connect(...)``."""
        self._ctx = ctx
        self._app = app
        self._transport = transport
        self._route = route
        self._upload_progress = upload_progress
        self._owns_transport = owns_transport
        self._session = AsyncSession(ctx, app, transport)

    @classmethod
    async def connect(cls, src: str, token: str | None = None, headers: Mapping[str, str] | None = None, *,
                      auth: tuple[str, str] | None = None, status_callback: StatusCallback | None = None,
                      hub_endpoint: str | None = None, timeout: float | None = UNSET,
                      transport: AsyncTransport | None = None, route: Route = "auto",
                      upload_progress: Callable[[int, int], None] | None = None,
                      space_wait_timeout: float = 300.0, space_poll_interval: float = 2.0,
                      session_hash: str | None = None) -> AsyncClient:
        """Resolve ``src``, log in if ``auth`` is given, read the app's config and API."""
        if route not in ("auto", "queue", "call"):
            raise errors.InputError("route must be 'auto', 'queue' or 'call'.")
        ctx = build_context(src, token=token, headers=headers, auth=auth, hub_endpoint=hub_endpoint,
                            timeout=timeout, session_hash=session_hash)
        owns = transport is None
        transport = transport or default_async_transport()
        app = await arun_flow(connect_flow(ctx, auth=auth, status_callback=status_callback,
                                           space_wait_timeout=space_wait_timeout,
                                           space_poll_interval=space_poll_interval), transport)
        return cls(ctx, app, transport, route=route, upload_progress=upload_progress, owns_transport=owns)

    def _async_transport(self) -> AsyncTransport:
        return self._transport

    async def submit(self, *args: Any, api_name: str | None = None, fn_index: int | None = None,
                     **kwargs: Any) -> AsyncJob:
        """Start a call; return its :class:`AsyncJob` once the queue accepted it."""
        endpoint, data = self._prepare(args, api_name, fn_index, kwargs)
        if not self._use_call_route(endpoint):
            await self._session.ensure_heartbeat()
            try:
                event_id = await arun_flow(join_flow(self._ctx, self._app, endpoint, data, self._upload_progress),
                                           self._transport)
            except errors.HTTPStatusError as exc:
                if self._route != "auto" or endpoint.api_name is None or not self._queue_unavailable(exc):
                    raise
            else:
                state = self._new_state(endpoint, event_id)
                self._session.router.register(state)
                ctx, app = self._ctx, self._app
                return AsyncJob(state, self._session, self._transport,
                                lambda: cancel_flow(ctx, app, endpoint, event_id))
        state = self._new_state(endpoint, "call", diffs=False)
        pump = await AsyncCallPump.open(
            state, call_api_flow(self._ctx, self._app, endpoint, data, self._upload_progress), self._transport)
        return AsyncJob(state, pump, self._transport)

    async def predict(self, *args: Any, api_name: str | None = None, fn_index: int | None = None,
                      **kwargs: Any) -> Any:
        """Call an endpoint and return its outputs (see :meth:`Client.predict`)."""
        job = await self.submit(*args, api_name=api_name, fn_index=fn_index, **kwargs)
        return await job.result()

    @classmethod
    async def duplicate(cls, from_id: str, to_id: str | None = None, *, token: str | None = None,
                        private: bool = True, hardware: str | None = None, secrets: dict[str, str] | None = None,
                        timeout: float | None = None, sleep_timeout: float = 5, hub_endpoint: str | None = None,
                        transport: AsyncTransport | None = None, **client_options: Any) -> AsyncClient:
        """Duplicate a Space and connect to the copy (see :meth:`Client.duplicate`)."""
        ctx = build_context(from_id, token=token, headers=None, auth=None, hub_endpoint=hub_endpoint, timeout=UNSET)
        transport = transport or default_async_transport()
        target = await arun_flow(duplicate_flow(ctx, from_id, to_id, private=private, hardware=hardware,
                                                secrets=secrets,
                                                sleep_timeout_minutes=timeout if timeout is not None else sleep_timeout),
                                 transport)
        return await cls.connect(target, token=token, hub_endpoint=hub_endpoint, transport=transport, **client_options)

    async def aclose(self) -> None:
        await self._session.aclose()
        if self._owns_transport:
            await self._transport.aclose()

    close = aclose

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        await self.aclose()
