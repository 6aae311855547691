"""Signature parity: sync vs async Gradio client and job, and coverage of gradio_client's API."""

from __future__ import annotations

import inspect

import pytest

from lite_client.gradio import AsyncClient, AsyncJob, Client, Job

# Internal helpers of gradio_client (not part of its documented API) and Future plumbing.
GRADIO_CLIENT_INTERNALS = {"add_zero_gpu_headers", "new_helper", "send_data", "stream_messages"}
FUTURE_PLUMBING = {"add_done_callback", "set_exception", "set_result", "set_running_or_notify_cancel"}


def public(cls: type) -> dict[str, inspect.Signature]:
    return {name: inspect.signature(fn) for name, fn in inspect.getmembers(cls)
            if not name.startswith("_") and callable(fn) and not isinstance(fn, type)}


def params(sig: inspect.Signature) -> list[tuple[str, object, object]]:
    return [(p.name, p.kind, p.default) for p in sig.parameters.values()]


@pytest.mark.parametrize(("sync", "asyn", "async_only"), [(Client, AsyncClient, {"connect", "aclose"}), (Job, AsyncJob, set())])
def test_sync_and_async_match(sync: type, asyn: type, async_only: set[str]) -> None:
    s, a = public(sync), public(asyn)
    assert set(a) - set(s) == async_only and set(s) - set(a) == set()
    for name in s:
        assert params(s[name]) == params(a[name]), name


def test_gradio_client_surface_is_covered() -> None:
    gradio_client = pytest.importorskip("gradio_client")
    missing = set(public(gradio_client.Client)) - set(public(Client)) - GRADIO_CLIENT_INTERNALS
    assert not missing, missing
    missing = set(public(gradio_client.client.Job)) - set(public(Job)) - FUTURE_PLUMBING
    assert not missing, missing
