"""Provider registry: one helper per provider name, and :func:`get_provider`.

``PROVIDERS`` maps every provider literal of huggingface_hub 2.4.0 to its helper. Errors list the
valid names. ``"auto"`` is a policy, not a provider (see :mod:`lite_client.inference._routing`).
"""

from __future__ import annotations

from ... import errors
from ._base import ProviderHelper, Route, TaskInputs
from .fal_ai import FalAI
from .hf_inference import HFInference
from .openai_compat import OPENAI_COMPATIBLE, OpenAICompatible
from .replicate import Replicate

__all__ = ["PROVIDERS", "OpenAICompatible", "ProviderHelper", "Route", "TaskInputs", "get_provider"]


class _Unsupported(ProviderHelper):
    """A provider lite_client knows by name but does not implement yet (polling-only APIs)."""

    def __init__(self, name: str, direct_url: str) -> None:
        self.name = name
        self.direct_url = direct_url
        self.chat_route = None


PROVIDERS: dict[str, ProviderHelper] = {
    helper.name: helper
    for helper in (HFInference(), FalAI(), Replicate(), *OPENAI_COMPATIBLE,
                   _Unsupported("wavespeed", "https://api.wavespeed.ai"))
}
PROVIDERS = dict(sorted(PROVIDERS.items()))


def get_provider(name: str) -> ProviderHelper:
    """The helper for ``name``; :class:`~lite_client.errors.InputError` listing valid names otherwise."""
    try:
        return PROVIDERS[name]
    except KeyError:
        valid = ", ".join(["auto", *PROVIDERS])
        raise errors.InputError(f"Unknown provider {name!r}. Valid providers: {valid}.") from None
