"""One typed error hierarchy for every failure lite_client reports.

::

    LiteClientError
    ├── InputError (also ValueError)            bad arguments, raised before any request is sent
    ├── TransportError                          the bytes did not make it
    │   ├── ConnectError                        refused, DNS, CORS/network failure in the browser
    │   ├── RequestTimeoutError (also TimeoutError)
    │   ├── StreamInterruptedError              the connection dropped while a body was being read
    │   └── UnsupportedRuntimeError             e.g. the sync client in Pyodide without JSPI
    ├── HTTPStatusError                         the server answered with 4xx / 5xx
    │   ├── BadRequestError (400), AuthenticationError (401), PermissionDeniedError (403),
    │   │   NotFoundError (404), ConflictError (409), PayloadTooLargeError (413),
    │   │   UnprocessableEntityError (422), RateLimitError (429)
    │   └── ServerError (5xx)
    │       └── ServiceUnavailableError (503)
    │           └── ModelLoadingError           503 with ``estimated_time``
    ├── ProtocolError                           the server spoke, but not the protocol we expect
    └── StreamError                             an error event inside a 200 stream

The Gradio client adds its own subclasses in :mod:`lite_client.gradio.errors`.

Messages never contain a token: every message and repr goes through :func:`redact`.
"""

from __future__ import annotations

import builtins
import re
from typing import Any

__all__ = [
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "ConnectError",
    "HTTPStatusError",
    "InputError",
    "LiteClientError",
    "ModelLoadingError",
    "NotFoundError",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "ProtocolError",
    "RateLimitError",
    "RequestTimeoutError",
    "ServerError",
    "ServiceUnavailableError",
    "StreamError",
    "StreamInterruptedError",
    "TransportError",
    "UnprocessableEntityError",
    "UnsupportedRuntimeError",
    "redact",
    "register_secret",
]

# Tokens known to this process (registered by the clients). They are scrubbed from any text
# that becomes an error message or a log line, in addition to the generic patterns below.
_SECRETS: set[str] = set()
_TOKEN_PATTERNS = (
    re.compile(r"hf_[A-Za-z0-9]{6,}"),
    re.compile(r"(?i)(bearer|key)\s+[A-Za-z0-9._~+/=-]{6,}"),
    re.compile(r"(?i)([?&](?:__sign|token|access_token|api_key)=)[^&#\s]+"),
)


def register_secret(secret: str | None) -> None:
    """Remember ``secret`` so that :func:`redact` removes it from any text."""
    if secret and len(secret) >= 4:
        _SECRETS.add(secret)


def redact(text: str) -> str:
    """Remove tokens (registered secrets, ``hf_…``, ``Bearer …``, ``?__sign=…``) from ``text``."""
    for secret in _SECRETS:
        if secret in text:
            text = text.replace(secret, "***")
    text = _TOKEN_PATTERNS[0].sub("hf_***", text)
    text = _TOKEN_PATTERNS[1].sub(lambda m: f"{m.group(1)} ***", text)
    text = _TOKEN_PATTERNS[2].sub(lambda m: f"{m.group(1)}***", text)
    return text


def _redact_data(value: Any) -> Any:
    """``value`` (parsed JSON) with :func:`redact` applied to every string in it: a server that
    echoes the credentials it received must not put them into an error's attributes."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list):
        return [_redact_data(v) for v in value]
    if isinstance(value, dict):
        return {k: _redact_data(v) for k, v in value.items()}
    return value


class LiteClientError(Exception):
    """Base class of every error raised by lite_client."""

    def __init__(self, message: str) -> None:
        self.message = redact(message)
        super().__init__(self.message)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r})"


class InputError(LiteClientError, ValueError):
    """The arguments are invalid. Raised before any request is sent."""


class TransportError(LiteClientError):
    """The request or the response body could not be transferred."""

    def __init__(self, message: str, *, url: str | None = None) -> None:
        self.url = redact(url) if url else None
        super().__init__(message)


class ConnectError(TransportError):
    """The connection could not be made (refused, DNS, TLS, or a browser network/CORS failure)."""


class RequestTimeoutError(TransportError, builtins.TimeoutError):
    """No response, or no new body bytes, within the configured timeout."""


class StreamInterruptedError(TransportError):
    """The connection ended before the body was complete. What was delivered before stays valid."""


class UnsupportedRuntimeError(TransportError):
    """This runtime cannot do what was asked (for example blocking HTTP on Node without JSPI)."""


class HTTPStatusError(LiteClientError):
    """The server answered with an error status.

    Attributes: ``status``, ``server_message`` (what the server said, if anything),
    ``request_id`` (from ``x-request-id`` and friends), ``url``, ``headers`` (response headers,
    lower-cased) and ``body`` (the first 4 KiB of the body, decoded).
    """

    def __init__(
        self,
        message: str,
        *,
        status: int,
        url: str | None = None,
        server_message: str | None = None,
        request_id: str | None = None,
        headers: dict[str, str] | None = None,
        body: str | None = None,
        details: Any = None,
    ) -> None:
        self.status = status
        self.url = redact(url) if url else None
        self.server_message = redact(server_message) if server_message else None
        self.request_id = request_id
        self.headers = {k: redact(v) for k, v in (headers or {}).items()}
        self.body = redact(body) if body else body
        self.details = _redact_data(details)
        super().__init__(message)


class BadRequestError(HTTPStatusError):
    """400."""


class AuthenticationError(HTTPStatusError):
    """401: missing or invalid token / login."""


class PermissionDeniedError(HTTPStatusError):
    """403."""


class NotFoundError(HTTPStatusError):
    """404."""


class ConflictError(HTTPStatusError):
    """409."""


class PayloadTooLargeError(HTTPStatusError):
    """413."""


class UnprocessableEntityError(HTTPStatusError):
    """422: the server rejected the input."""


class RateLimitError(HTTPStatusError):
    """429. ``retry_after`` is the server's advice in seconds, when it gave one."""

    @property
    def retry_after(self) -> float | None:
        from ._http import parse_retry_after

        return parse_retry_after(self.headers)


class ServerError(HTTPStatusError):
    """5xx."""


class ServiceUnavailableError(ServerError):
    """503: overloaded, queue full, or a model still loading."""


class ModelLoadingError(ServiceUnavailableError):
    """503 while the model loads. ``estimated_time`` is the server's estimate in seconds."""

    @property
    def estimated_time(self) -> float | None:
        value = self.details.get("estimated_time") if isinstance(self.details, dict) else None
        return float(value) if isinstance(value, int | float) else None


class ProtocolError(LiteClientError):
    """The response did not follow the expected protocol (malformed JSON, unexpected shape…)."""


class StreamError(LiteClientError):
    """The server reported an error inside a streamed (HTTP 200) response.

    ``error_type`` is the server's classification when it gave one (TGI: ``generation``,
    ``overloaded``, ``validation``, ``incomplete_generation``), ``status`` an HTTP-like code if any.
    """

    def __init__(
        self, message: str, *, error_type: str | None = None, status: int | None = None,
        payload: Any = None,
    ) -> None:
        self.error_type = error_type
        self.status = status
        self.payload = payload
        super().__init__(message)
