"""Concurrency load (tests/reliability/load.py): many async chat streams on one client against the
inference stand-in, many Gradio jobs on one session against a real Gradio app. The default run is
small; ``-m load`` (also ``heavy``) runs 200 streams and 100 jobs. Zero lost, duplicated or mixed-up
events is asserted; time and memory are printed (figures in RELIABILITY.md / bench_load)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.inference import _aio as aio
from tests.reliability.load import chat_load, gradio_load
from tests.standins.inference_standin import InferenceStandIn


@pytest.fixture(scope="module")
def standin() -> Iterator[InferenceStandIn]:
    with InferenceStandIn() as server:
        yield server


def _report(name: str, figures: dict[str, Any]) -> None:
    shown = {k: round(v, 2) if isinstance(v, float) else v for k, v in figures.items() if k != "problems"}
    print(f"\n{name}: {shown}")


def test_chat_streams_small(standin: InferenceStandIn) -> None:
    figures = aio.run(chat_load(standin.url, streams=50, tokens=10))
    _report("chat 50x10", figures)
    assert figures["problems"] == [] and figures["events"] == 500


@pytest.mark.gradio
def test_gradio_submits_small(gradio_upstreams: tuple[str, str]) -> None:
    figures = aio.run(gradio_load(gradio_upstreams[0] + "/chat", jobs=20))
    _report("gradio 20 jobs", figures)
    assert figures["problems"] == []


@pytest.mark.heavy
@pytest.mark.load
def test_chat_streams_200(standin: InferenceStandIn) -> None:
    figures = aio.run(chat_load(standin.url, streams=200, tokens=50))
    _report("chat 200x50", figures)
    assert figures["problems"] == [] and figures["events"] == 200 * 50


@pytest.mark.heavy
@pytest.mark.load
@pytest.mark.gradio
def test_gradio_submits_100(gradio_upstreams: tuple[str, str]) -> None:
    figures = aio.run(gradio_load(gradio_upstreams[0] + "/chat", jobs=100))
    _report("gradio 100 jobs", figures)
    assert figures["problems"] == []
