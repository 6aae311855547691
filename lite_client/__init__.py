"""lite_client: call Hugging Face inference and Gradio apps from Python, in CPython and Pyodide.

The same code runs in CPython (stdlib HTTP) and in the browser or Node through Pyodide (fetch).
Importing this package imports no platform module and starts nothing.
"""

from __future__ import annotations

from . import errors
from ._http import Request, Response
from ._retry import RetryPolicy
from ._sse import ServerSentEvent, SSEDecoder
from ._streaming import AsyncStream, Stream
from ._version import __version__
from .errors import LiteClientError
from .transports import (
    AsyncMockTransport,
    AsyncTransport,
    MockTransport,
    Transport,
    default_async_transport,
    default_transport,
)

__all__ = [
    "AsyncMockTransport",
    "AsyncStream",
    "AsyncTransport",
    "LiteClientError",
    "MockTransport",
    "Request",
    "Response",
    "RetryPolicy",
    "SSEDecoder",
    "ServerSentEvent",
    "Stream",
    "Transport",
    "__version__",
    "default_async_transport",
    "default_transport",
    "errors",
]
