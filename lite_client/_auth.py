"""Tokens: where they come from and where they may go. No I/O beyond reading the environment.

* A token comes from the argument, else (CPython only) from ``HF_TOKEN``. In Pyodide there is no
  environment worth trusting and no token file, so only the argument counts.
* It is sent only to Hugging Face hosts (``huggingface.co``, ``*.huggingface.co``, ``*.hf.space``)
  or to the hosts of URLs the user gave explicitly (``model=``/``base_url=``/``src=``).
* :class:`Secret` keeps it out of ``repr``/``str``; it is registered with
  :func:`lite_client.errors.register_secret`, so error messages scrub it too.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from urllib.parse import urlsplit

from ._redirects import keeps_credentials
from .errors import InputError, register_secret

__all__ = ["HF_HOST_SUFFIXES", "Secret", "is_hf_host", "resolve_token", "token_allowed_for"]

HF_HOST_SUFFIXES = ("huggingface.co", "hf.space", "hf.co")


class Secret:
    """A token whose ``repr``/``str`` never show it. ``.value`` is the token itself."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        if not isinstance(value, str) or not value.strip():
            raise InputError("A token must be a non-empty string.")
        if any(c in value for c in "\r\n"):
            raise InputError("A token must not contain line breaks.")
        self._value = value.strip()
        register_secret(self._value)

    @property
    def value(self) -> str:
        return self._value

    @property
    def is_hf_token(self) -> bool:
        return self._value.startswith("hf_")

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


def resolve_token(token: str | Secret | None, *, env: bool = True) -> Secret | None:
    """The argument, else ``HF_TOKEN`` from the environment (CPython only)."""
    if isinstance(token, Secret):
        return token
    if token is not None and not isinstance(token, str):
        raise InputError(f"token must be a string or None, not {type(token).__name__}.")
    if token:
        return Secret(token)
    if env and sys.platform != "emscripten":
        value = os.environ.get("HF_TOKEN") or os.environ.get("HUGGING_FACE_HUB_TOKEN")
        if value:
            return Secret(value)
    return None


def is_hf_host(host: str) -> bool:
    host = host.lower().rstrip(".")
    return any(host == s or host.endswith("." + s) for s in HF_HOST_SUFFIXES)


def token_allowed_for(url: str, trusted_urls: Iterable[str | None] = ()) -> bool:
    """May a token be sent to ``url``? Yes for HF hosts and for hosts the user named explicitly."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if not host:
        return False
    if is_hf_host(host) and parts.scheme == "https":
        return True
    # The origin of a URL the user named, or its https upgrade (the rule redirects follow too).
    return any(trusted and keeps_credentials(trusted, url) for trusted in trusted_urls)
