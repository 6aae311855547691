"""Client configuration shared by the sync and async clients, and request building (pure).

:class:`ClientContext` holds everything a flow needs: the default model and provider, the token
(a :class:`~lite_client._auth.Secret`), timeout, extra headers and cookies, ``bill_to``, the Hub and
router base URLs, the retry policy and the per-model provider-mapping cache. Nothing here does I/O.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import Any

from .. import errors
from .._auth import Secret, token_allowed_for
from .._encoding import dumps
from .._http import Request
from .._retry import RetryPolicy
from .._version import __version__

__all__ = ["DEFAULT_HUB_URL", "DEFAULT_POLL_TIMEOUT", "DEFAULT_ROUTER_URL", "ClientContext", "is_url"]

DEFAULT_HUB_URL = "https://huggingface.co"
DEFAULT_ROUTER_URL = "https://router.huggingface.co"
DEFAULT_POLL_TIMEOUT = 15 * 60.0  # a provider's queued job (video generation) may take minutes
USER_AGENT = f"lite_client/{__version__}; python/{sys.version_info.major}.{sys.version_info.minor}"


def is_url(value: str | None) -> bool:
    return bool(value) and str(value).startswith(("http://", "https://"))


def _env(name: str) -> str | None:
    if sys.platform == "emscripten":
        return None
    return os.environ.get(name) or None


@dataclass(frozen=True, slots=True)
class MappingEntry:
    """One provider's entry in a model's ``inferenceProviderMapping``."""

    provider: str
    provider_id: str
    task: str
    status: str = "live"
    adapter: str | None = None
    adapter_weights_path: str | None = None


@dataclass
class ClientContext:
    """Configuration of one client. Shared, read-only after construction except the caches."""

    model: str | None = None
    provider: str | None = None
    token: Secret | None = None
    timeout: float | None = None
    headers: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)
    bill_to: str | None = None
    hub_url: str = DEFAULT_HUB_URL
    router_url: str = DEFAULT_ROUTER_URL
    retry: RetryPolicy | None = None
    mapping_cache: dict[str, list[MappingEntry]] = field(default_factory=dict)
    model_info_cache: dict[str, tuple[str | None, tuple[str, ...]]] = field(default_factory=dict)
    trusted_urls: tuple[str, ...] = ()
    poll_timeout: float | None = DEFAULT_POLL_TIMEOUT

    @classmethod
    def create(cls, *, model: str | None, provider: str | None, token: Secret | None,
               timeout: float | None, headers: dict[str, str] | None, cookies: dict[str, str] | None,
               bill_to: str | None, hub_url: str | None, router_url: str | None,
               retry: RetryPolicy | None, poll_timeout: float | None = DEFAULT_POLL_TIMEOUT) -> ClientContext:
        hub = (hub_url or _env("HF_ENDPOINT") or DEFAULT_HUB_URL).rstrip("/")
        router = (router_url or _env("HF_INFERENCE_ROUTER_URL") or DEFAULT_ROUTER_URL).rstrip("/")
        if timeout is not None and timeout <= 0:
            raise errors.InputError("timeout must be a positive number of seconds (or None).")
        if poll_timeout is not None and (isinstance(poll_timeout, bool) or not isinstance(poll_timeout, int | float)
                                         or poll_timeout <= 0):
            raise errors.InputError("poll_timeout must be a positive number of seconds (or None).")
        # URLs the user named explicitly may receive the token (see lite_client._auth).
        trusted = tuple(u for u in (model if is_url(model) else None,
                                    hub if hub != DEFAULT_HUB_URL else None,
                                    router if router != DEFAULT_ROUTER_URL else None) if u)
        clean_headers = {k.lower(): v for k, v in (headers or {}).items() if v is not None}
        return cls(model=model, provider=provider, token=token, timeout=timeout, headers=clean_headers,
                   cookies=dict(cookies or {}), bill_to=bill_to, hub_url=hub, router_url=router,
                   retry=retry, trusted_urls=trusted, poll_timeout=poll_timeout)

    # -- requests ------------------------------------------------------------------------------------
    def request(
        self, method: str, url: str, *, json: Any = None, body: bytes | None = None,
        content_type: str | None = None, headers: dict[str, str] | None = None, stream: bool = False,
        auth: bool = True, token_trusted: bool = False, auth_scheme: str = "Bearer",
    ) -> Request:
        """Build a request with the client's headers, cookies, bill-to and (where allowed) token.

        The token is attached only when ``auth`` is true and the URL is a Hugging Face host, a URL
        the user configured, or ``token_trusted`` (a direct provider URL chosen for a provider key).
        """
        out: dict[str, str] = {"user-agent": USER_AGENT}
        if json is not None:
            body = dumps(json)
            out["content-type"] = "application/json"
        elif content_type:
            out["content-type"] = content_type
        if auth and self.token is not None and (token_trusted or token_allowed_for(url, self.trusted_urls)):
            out["authorization"] = f"{auth_scheme} {self.token.value}"
        if self.bill_to:
            out["x-hf-bill-to"] = self.bill_to
        if self.cookies:
            out["cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for extra in (headers, self.headers):
            if extra:
                out.update({k.lower(): v for k, v in extra.items() if v is not None})
        return Request(method, url, out, body, timeout=self.timeout, stream=stream)

    def plain_get(self, url: str) -> Request:
        """An unauthenticated GET (downloading a user-given input URL or a provider's result file)."""
        return Request("GET", url, {"user-agent": USER_AGENT}, None, timeout=self.timeout)

    def __repr__(self) -> str:
        return (f"ClientContext(model={self.model!r}, provider={self.provider!r}, "
                f"token={'***' if self.token else None}, timeout={self.timeout!r})")
