"""Transports move bytes; everything else in lite_client is pure. See :mod:`.base`.

:func:`default_transport` and :func:`default_async_transport` pick the right one for the runtime:

===================  ======================================  ======================================
runtime              sync                                    async
===================  ======================================  ======================================
CPython              :class:`StdlibTransport`                :class:`AsyncioTransport`
Pyodide + JSPI       :class:`JSPIFetchTransport`             :class:`FetchTransport`
Pyodide, browser     :class:`XHRTransport` (no streaming)    :class:`FetchTransport`
Pyodide, Node        error: use the async client             :class:`FetchTransport`
===================  ======================================  ======================================
"""

from __future__ import annotations

import sys
import warnings

from .base import AsyncTransport, Transport
from .mock import AsyncMockTransport, MockTransport

__all__ = [
    "AsyncMockTransport",
    "AsyncTransport",
    "MockTransport",
    "Transport",
    "default_async_transport",
    "default_transport",
]

_warned_xhr = False


def default_transport() -> Transport:
    """The blocking transport for this runtime."""
    if sys.platform != "emscripten":
        from .stdlib import StdlibTransport

        return StdlibTransport()
    from .fetch import JSPIFetchTransport, can_run_sync, in_node
    from .xhr import XHRTransport

    if can_run_sync() or in_node():
        # In Node without JSPI, JSPIFetchTransport raises a clear UnsupportedRuntimeError on use.
        return JSPIFetchTransport()
    global _warned_xhr
    if not _warned_xhr:
        _warned_xhr = True
        warnings.warn(
            "lite_client: no JavaScript Promise Integration here, so the sync client uses "
            "synchronous XMLHttpRequest; streamed responses arrive all at once. Use the async "
            "client for incremental streaming.",
            RuntimeWarning,
            stacklevel=3,
        )
    return XHRTransport()


def default_async_transport() -> AsyncTransport:
    """The async transport for this runtime."""
    if sys.platform == "emscripten":
        from .fetch import FetchTransport

        return FetchTransport()
    from .asyncio_http import AsyncioTransport

    return AsyncioTransport()
