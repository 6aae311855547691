"""Fixtures for the inference tests: one stand-in server per module, clients pointed at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from lite_client.inference import AsyncInferenceClient, InferenceClient
from tests.standins.inference_standin import InferenceStandIn

TOKEN = "hf_standinTestToken0123456789"


@pytest.fixture(scope="module")
def standin() -> Iterator[InferenceStandIn]:
    with InferenceStandIn() as server:
        yield server


@pytest.fixture(autouse=True)
def _no_env_token(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_ENDPOINT", "HF_INFERENCE_ROUTER_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def client(standin: InferenceStandIn) -> Iterator[InferenceClient]:
    with InferenceClient(hub_url=standin.url, router_url=standin.url, token=TOKEN, timeout=10) as c:
        yield c


@pytest.fixture
def aclient(standin: InferenceStandIn) -> AsyncInferenceClient:
    return AsyncInferenceClient(hub_url=standin.url, router_url=standin.url, token=TOKEN, timeout=10)
