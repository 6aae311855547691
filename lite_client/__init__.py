"""lite_client: call Hugging Face inference and Gradio apps from Python, in CPython and Pyodide.

The same code runs in CPython (stdlib HTTP) and in the browser or Node through Pyodide (fetch).
Importing this package imports no platform module and starts nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from .gradio import AsyncClient, Client, handle_file
    from .inference import AsyncInferenceClient, InferenceClient

# The clients are imported on first use, so `import lite_client` stays light (pydantic models
# load only when a client is asked for).
_LAZY = {
    "InferenceClient": "inference",
    "AsyncInferenceClient": "inference",
    "Client": "gradio",
    "AsyncClient": "gradio",
    "handle_file": "gradio",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'lite_client' has no attribute {name!r}")


__all__ = [
    "AsyncClient",
    "AsyncInferenceClient",
    "AsyncMockTransport",
    "AsyncStream",
    "AsyncTransport",
    "Client",
    "InferenceClient",
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
    "handle_file",
]
