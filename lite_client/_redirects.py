"""Redirects, decided in one place (pure): which responses redirect, the request that follows,
and which credentials may go along.

Transports never follow redirects themselves (Node's fetch is asked for ``redirect: "manual"``
whenever a request carries credentials; see :mod:`lite_client.transports.fetch`), so every runtime
applies these rules:

* 303, and 301/302 after a POST, become a GET without a body; 307/308 keep method and body;
* credentials (``Authorization``, ``X-HF-Authorization``, ``Cookie``, ``Proxy-Authorization``)
  are dropped when the redirect leaves the origin (scheme, host, port), with one exception that
  ``requests`` makes too: ``http`` → ``https`` on the same host and the default ports, an upgrade;
* only ``http``/``https`` targets are followed, at most :data:`MAX_REDIRECTS` times.
"""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urljoin, urlsplit

from . import errors
from ._http import Request, Response

__all__ = ["CREDENTIAL_HEADERS", "MAX_REDIRECTS", "REDIRECT_STATUSES", "is_redirect", "keeps_credentials",
           "redirect_request"]

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
CREDENTIAL_HEADERS = ("authorization", "x-hf-authorization", "cookie", "proxy-authorization")
MAX_REDIRECTS = 5
_DEFAULT_PORTS = {"http": 80, "https": 443}


def is_redirect(response: Response) -> bool:
    return response.status in REDIRECT_STATUSES


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or _DEFAULT_PORTS.get(scheme)


def keeps_credentials(old_url: str, new_url: str) -> bool:
    """May credentials sent to ``old_url`` go to ``new_url``? Same origin, or an https upgrade."""
    old, new = _origin(old_url), _origin(new_url)
    if old == new:
        return True
    return old == ("http", new[1], 80) and new == ("https", old[1], 443)


def redirect_request(request: Request, response: Response, *, hops: int = 1) -> Request:
    """The request to send after the redirect ``response`` to ``request`` (``hops``: how many
    redirects this one makes, counting it)."""
    if hops > MAX_REDIRECTS:
        raise errors.ProtocolError(f"Too many redirects (> {MAX_REDIRECTS}) from {request.url}")
    location = response.headers.get("location")
    if not location:
        raise errors.ProtocolError(f"Redirect ({response.status}) without a Location header from {request.url}")
    target = urljoin(request.url, location)
    if urlsplit(target).scheme not in ("http", "https"):
        raise errors.ProtocolError(f"Refusing to follow a redirect to {target!r}")
    method, body, headers = request.method, request.body, dict(request.headers)
    if response.status == 303 or (response.status in (301, 302) and method == "POST"):
        method, body = ("HEAD" if method == "HEAD" else "GET"), None
        headers.pop("content-type", None)
    if not keeps_credentials(request.url, target):
        for name in CREDENTIAL_HEADERS:
            headers.pop(name, None)
    return replace(request, method=method, url=target, body=body, headers=headers)
