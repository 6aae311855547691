"""Signature parity: sync vs async client, and both vs huggingface_hub 2.x's InferenceClient."""

from __future__ import annotations

import inspect

import pytest

from lite_client.inference import AsyncInferenceClient, InferenceClient
from lite_client.inference.providers import PROVIDERS

hf = pytest.importorskip("huggingface_hub")

OURS_ONLY = {"request", "get_model_status", "list_deployed_models", "chat"}


def public(cls: type) -> dict[str, inspect.Signature]:
    return {name: inspect.signature(fn) for name, fn in inspect.getmembers(cls)
            if not name.startswith("_") and callable(fn) and not isinstance(fn, type)}


def params(sig: inspect.Signature) -> list[tuple[str, object, object]]:
    return [(p.name, p.kind, p.default) for p in sig.parameters.values()]


def test_sync_and_async_have_the_same_methods_and_parameters() -> None:
    sync, asyn = public(InferenceClient), public(AsyncInferenceClient)
    assert set(sync) == set(asyn)
    for name in sync:
        assert params(sync[name]) == params(asyn[name]), name
        if name not in ("close", "chat", "model", "provider"):
            assert inspect.iscoroutinefunction(getattr(AsyncInferenceClient, name)), name


def test_every_huggingface_hub_method_exists_with_its_parameters() -> None:
    theirs = public(hf.InferenceClient)
    ours = public(InferenceClient)
    missing = set(theirs) - set(ours)
    assert not missing, missing
    for name, sig in theirs.items():
        their_params = {p.name: p for p in sig.parameters.values()}
        our_params = {p.name: p for p in ours[name].parameters.values()}
        assert set(their_params) <= set(our_params), (name, set(their_params) - set(our_params))
        for pname, p in their_params.items():
            assert our_params[pname].kind == p.kind, (name, pname)
            if p.default is not inspect.Parameter.empty:
                assert our_params[pname].default == p.default, (name, pname)
    ctor_theirs = inspect.signature(hf.InferenceClient.__init__).parameters
    ctor_ours = inspect.signature(InferenceClient.__init__).parameters
    assert set(ctor_theirs) <= set(ctor_ours)


def test_provider_names_match_huggingface_hub() -> None:
    from typing import get_args

    from huggingface_hub.inference._providers import PROVIDER_T

    assert set(PROVIDERS) == set(get_args(PROVIDER_T))
