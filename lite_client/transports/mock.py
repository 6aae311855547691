"""``MockTransport(handler)``: answer requests with a plain function, for tests and custom logic.

The handler takes a :class:`~lite_client._http.Request` and returns a
:class:`~lite_client._http.Response`; in :class:`AsyncMockTransport` it may also be ``async``.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable

from .._http import Request, Response

__all__ = ["AsyncMockTransport", "MockTransport"]


class MockTransport:
    def __init__(self, handler: Callable[[Request], Response]) -> None:
        self._handler = handler
        self.requests: list[Request] = []

    def send(self, request: Request) -> Response:
        self.requests.append(request)
        response = self._handler(request)
        response.request = request
        return response

    def close(self) -> None:
        return None


class AsyncMockTransport:
    def __init__(self, handler: Callable[[Request], Response | Awaitable[Response]]) -> None:
        self._handler = handler
        self.requests: list[Request] = []

    async def send(self, request: Request) -> Response:
        self.requests.append(request)
        response = self._handler(request)
        if inspect.isawaitable(response):
            response = await response
        assert isinstance(response, Response)
        response.request = request
        return response

    async def aclose(self) -> None:
        return None
