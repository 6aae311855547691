"""The client against a real Gradio 5.50 server (its own venv, .venv-g5, built by scripts/setup.sh).

5.x differs on the wire from 6.x (api_name false for private functions, show_api, ~50 ms queue
floor); the same client code must work unchanged, sync and async.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from lite_client.gradio import AsyncClient, Client
from lite_client.gradio import errors as gerrors
from tests.harness.gradio_process import GradioProcess

ROOT = Path(__file__).resolve().parents[2]
PYTHON5 = ROOT / ".venv-g5" / "bin" / "python"

pytestmark = pytest.mark.gradio


@pytest.fixture(scope="module")
def gradio5() -> Iterator[str]:
    if not PYTHON5.exists():
        pytest.fail(".venv-g5 is missing: run scripts/setup.sh")
    with GradioProcess("tests.apps.gradio5_app", probe="/config", python=str(PYTHON5)) as server:
        yield server.url


def test_sync_client_on_gradio5(gradio5: str) -> None:
    with Client(gradio5) as client:
        assert client.config["version"].startswith("5.")
        assert client.predict("World", api_name="/greet") == "Hello World!"
        steps = [u.data for u in client.submit(3, api_name="/count") if u.type == "data"]
        assert steps[-1] == "tok0 tok1 tok2 " and steps[0] == "tok0 "
        assert client.predict("a", api_name="/counter") == "a #1"
        assert client.predict("b", api_name="/counter") == "b #2"  # gr.State kept per session
        with pytest.raises(gerrors.AppError, match="Custom failure: x"):
            client.predict("x", api_name="/boom")


def test_async_client_on_gradio5(gradio5: str) -> None:
    async def go() -> list[str]:
        client = await AsyncClient.connect(gradio5)
        try:
            return list(await asyncio.gather(*(client.predict(f"n{i}", api_name="/greet") for i in range(5))))
        finally:
            await client.aclose()

    assert asyncio.run(go()) == [f"Hello n{i}!" for i in range(5)]
