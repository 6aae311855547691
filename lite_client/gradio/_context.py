"""Per-client configuration and request building (pure): headers, token, cookies, session.

The token (a :class:`~lite_client._auth.Secret`) goes to Hugging Face hosts and to the app the
user named (``src``) only: as ``authorization: Bearer`` to the Hub API and as
``x-hf-authorization: Bearer`` to the app (what ``gradio_client`` sends). Cookies set by the app
(login, session affinity) are kept in a small jar and replayed to the app's host; in a browser the
jar stays empty (``Set-Cookie`` is not readable from fetch) and requests carry
``credentials: "include"`` instead when a login is used.
"""

from __future__ import annotations

import os
import sys
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from .. import errors
from .._auth import Secret, token_allowed_for
from .._encoding import dumps
from .._http import Request, Response
from .._version import __version__

__all__ = ["DEFAULT_HUB_URL", "GradioContext", "hub_endpoint_default"]

DEFAULT_HUB_URL = "https://huggingface.co"
USER_AGENT = f"lite_client/{__version__}; python/{sys.version_info.major}.{sys.version_info.minor}"
DEFAULT_TIMEOUT = 60.0
# queue/data carries a heartbeat every 15 s; a read timeout below that would cut healthy streams.
MIN_STREAM_READ_TIMEOUT = 45.0


def hub_endpoint_default(value: str | None) -> str:
    if value:
        return value.rstrip("/")
    if sys.platform != "emscripten" and os.environ.get("HF_ENDPOINT"):
        return os.environ["HF_ENDPOINT"].rstrip("/")
    return DEFAULT_HUB_URL


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    return parts.scheme, (parts.hostname or "").lower(), parts.port


@dataclass
class GradioContext:
    """What every flow of one client needs. Mutable only in ``cookies`` and ``session_hash``."""

    src: str
    token: Secret | None = None
    headers: dict[str, str] = field(default_factory=dict)
    hub_url: str = DEFAULT_HUB_URL
    timeout: float | None = DEFAULT_TIMEOUT
    base_url: str = ""  # app root once resolved (no trailing slash)
    space_id: str | None = None
    session_hash: str = field(default_factory=lambda: str(uuid.uuid4()))
    cookies: dict[str, str] = field(default_factory=dict)
    use_credentials: bool = False
    trusted_urls: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return f"GradioContext(src={self.src!r}, base_url={self.base_url!r}, token={'***' if self.token else None})"

    @property
    def stream_timeout(self) -> float | None:
        return None if self.timeout is None else max(self.timeout, MIN_STREAM_READ_TIMEOUT)

    def reset_session(self) -> None:
        self.session_hash = str(uuid.uuid4())

    def moved_to(self, base_url: str | None) -> None:
        """The app answered from ``base_url`` (its ``/config`` was redirected there): talk to it
        there from now on. The token goes along only where it could before (the origin of
        ``src``, a Space's host, or their https upgrade); cookies of another origin are dropped."""
        if not base_url or base_url == self.base_url:
            return
        if _origin(base_url) != _origin(self.base_url):
            self.cookies.clear()
        self.base_url = base_url

    # -- requests --------------------------------------------------------------------------------------
    def _is_app(self, url: str) -> bool:
        return bool(self.base_url) and _origin(url) == _origin(self.base_url)

    def app_request(self, method: str, url: str, *, json: Any = None, body: bytes | None = None,
                    content_type: str | None = None, stream: bool = False,
                    timeout: float | bool | None = True, extra: dict[str, str] | None = None) -> Request:
        """A request to the app: user headers, cookies, and the token where allowed."""
        headers: dict[str, str] = {"user-agent": USER_AGENT}
        if json is not None:
            body = dumps(json)
            headers["content-type"] = "application/json"
        elif content_type:
            headers["content-type"] = content_type
        if self.token is not None and token_allowed_for(url, (self.src, *self.trusted_urls)):
            headers["x-hf-authorization"] = f"Bearer {self.token.value}"
        if self.cookies and self._is_app(url):
            headers["cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if extra:
            headers.update(extra)
        headers.update(self.headers)
        wait = (self.stream_timeout if stream else self.timeout) if timeout is True else timeout
        return Request(method, url, headers, body, timeout=wait if not isinstance(wait, bool) else None,
                       stream=stream, credentials="include" if self.use_credentials else "same-origin")

    def hub_request(self, method: str, path: str, *, json: Any = None) -> Request:
        """A request to the Hub API (``authorization: Bearer`` when a token is set)."""
        url = self.hub_url + path
        headers: dict[str, str] = {"user-agent": USER_AGENT}
        body = None
        if json is not None:
            body = dumps(json)
            headers["content-type"] = "application/json"
        if self.token is not None and token_allowed_for(url, (self.hub_url,)):
            headers["authorization"] = f"Bearer {self.token.value}"
        return Request(method, url, headers, body, timeout=self.timeout, credentials="omit")

    def remember_cookies(self, response: Response) -> None:
        """Keep ``name=value`` of the app's ``Set-Cookie`` headers (deletions honoured)."""
        if not self._is_app(response.url or self.base_url):
            return
        for header in response.set_cookies:
            first, _, attributes = header.partition(";")
            name, sep, value = first.partition("=")
            name = name.strip()
            if not sep or not name:
                continue
            attrs = attributes.lower().replace(" ", "")
            if "max-age=0" in attrs or (value.strip() == "" and "expires=" in attrs):
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value.strip()


def require_positive_timeout(timeout: float | None) -> float | None:
    if timeout is not None and (not isinstance(timeout, int | float) or timeout <= 0):
        raise errors.InputError("timeout must be a positive number of seconds, or None.")
    return timeout
