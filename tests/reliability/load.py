"""Concurrency load: many async chat streams on one client, many Gradio jobs on one session.

Every stream / job carries a unique marker (the chat ``model`` name, which the stand-in echoes in
each chunk; the Gradio chat message, which the app echoes word by word), so a lost, duplicated or
mixed-up event is detected, not just counted. Used by tests/reliability/test_load.py (correctness)
and benchmarks/bench_load.py (figures). Loopback only; every run is bounded by ``asyncio.timeout``.
"""

from __future__ import annotations

import asyncio
import resource
import time
import tracemalloc
from typing import Any

from lite_client.gradio import AsyncClient
from lite_client.inference import AsyncInferenceClient

__all__ = ["chat_load", "gradio_load"]


def _measure_start() -> float:
    tracemalloc.start()
    return time.perf_counter()


def _measure_end(started: float) -> dict[str, float]:
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"seconds": time.perf_counter() - started, "tracemalloc_peak_mib": peak / 2**20,
            "ru_maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


async def chat_load(base_url: str, streams: int, tokens: int, limit_s: float = 120) -> dict[str, Any]:
    """``streams`` concurrent chat streams of ``tokens`` tokens on ONE AsyncInferenceClient."""
    expected = [f"tok{i}" if i == 0 else f" tok{i}" for i in range(tokens)]
    problems: list[str] = []
    started = _measure_start()

    async def one(client: AsyncInferenceClient, index: int) -> int:
        marker = f"load-{index}"
        got: list[str] = []
        async for chunk in await client.chat_completion([{"role": "user", "content": marker}], model=marker,
                                                        stream=True, max_tokens=tokens):
            if chunk.model != marker:
                problems.append(f"stream {index} got a chunk of {chunk.model}")
            if chunk.choices:
                got.append(chunk.choices[0].delta.content or "")
        if got != expected:
            problems.append(f"stream {index}: {len(got)} tokens, expected {tokens} in order")
        return len(got)

    try:
        async with asyncio.timeout(limit_s):
            async with AsyncInferenceClient(base_url=f"{base_url}/v1", timeout=60) as client:
                counts = await asyncio.gather(*(one(client, i) for i in range(streams)))
    finally:
        figures = _measure_end(started)
    return {"streams": streams, "tokens_per_stream": tokens, "events": sum(counts), "problems": problems,
            "events_per_s": sum(counts) / figures["seconds"], **figures}


async def gradio_load(app_url: str, jobs: int, limit_s: float = 120) -> dict[str, Any]:
    """``jobs`` concurrent submits to the streaming chat app on ONE AsyncClient (one session
    stream shared by every job)."""
    problems: list[str] = []
    started = _measure_start()

    async def one(client: AsyncClient, index: int) -> int:
        marker = f"marker{index}"
        expected = f"You said: {marker}"
        job = await client.submit(marker, api_name="/respond")
        updates = [u.data async for u in job if u.type == "data"]
        result = await job.result()
        if result != expected or not updates or updates[-1] != expected:
            problems.append(f"job {index}: result {result!r}")
        if any(not expected.startswith(u) for u in updates):
            problems.append(f"job {index}: foreign or corrupted update in {updates!r}")
        if sum(1 for u in updates if u == expected) > 2:  # last generator step + the final result
            problems.append(f"job {index}: result delivered more than once")
        return len(updates)

    try:
        async with asyncio.timeout(limit_s):
            client = await AsyncClient.connect(app_url, timeout=60)
            try:
                counts = await asyncio.gather(*(one(client, i) for i in range(jobs)))
            finally:
                await client.aclose()
    finally:
        figures = _measure_end(started)
    return {"jobs": jobs, "updates": sum(counts), "problems": problems, **figures}
