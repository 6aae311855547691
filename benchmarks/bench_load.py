"""Concurrency load figures (issue 6): concurrent async chat streams on one AsyncInferenceClient
against the inference STAND-IN, concurrent Gradio jobs on one AsyncClient session against a real
local Gradio 6 app. Correctness (0 lost / duplicated / mixed-up events) is asserted by
tests/reliability/test_load.py; this module reports time and memory. 127.0.0.1 only.

Run alone: ``.venv/bin/python -m benchmarks.bench_load [--quick]``.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


from tests.harness.gradio_process import GradioProcess  # noqa: E402 (after sys.path)


def _start_gradio() -> tuple[GradioProcess, str]:
    server = GradioProcess("tests.faults.gradio_fault_apps").wait_ready(90)
    return server, server.url


def run(quick: bool = False) -> dict[str, Any]:
    from tests.reliability.load import chat_load, gradio_load
    from tests.standins.inference_standin import InferenceStandIn

    shapes = [(50, 20)] if quick else [(50, 20), (200, 50)]
    jobs_list = [20] if quick else [20, 100]
    chat_rows, gradio_rows = [], []
    with InferenceStandIn() as standin:
        for streams, tokens in shapes:
            chat_rows.append(asyncio.run(chat_load(standin.url, streams, tokens)))
    proc, url = _start_gradio()
    try:
        for jobs in jobs_list:
            gradio_rows.append(asyncio.run(gradio_load(url + "/chat", jobs)))
    finally:
        proc.stop()
    lines = ["Concurrent streams on ONE client (shared connection pool / one Gradio session stream); every "
             "stream carries a unique marker, checked on every event. tracemalloc peak = Python allocations "
             "during the run; ru_maxrss = the whole benchmark process (incl. the stand-in server threads).", "",
             "| load | events | problems | time (s) | events/s | tracemalloc peak (MiB) | ru_maxrss (MiB) |",
             "|---|---|---|---|---|---|---|"]
    for row in chat_rows:
        lines.append(f"| {row['streams']} async chat streams x {row['tokens_per_stream']} tokens | {row['events']} | "
                     f"{len(row['problems'])} | {row['seconds']:.2f} | {row['events_per_s']:.0f} | "
                     f"{row['tracemalloc_peak_mib']:.1f} | {row['ru_maxrss_mib']:.0f} |")
    for row in gradio_rows:
        lines.append(f"| {row['jobs']} concurrent Gradio submits (streaming chat app) | {row['updates']} | "
                     f"{len(row['problems'])} | {row['seconds']:.2f} | {row['updates'] / row['seconds']:.0f} | "
                     f"{row['tracemalloc_peak_mib']:.1f} | {row['ru_maxrss_mib']:.0f} |")
    return {"title": "Concurrency load (reliability)", "markdown": "\n".join(lines),
            "data": {"chat": chat_rows, "gradio": gradio_rows}}


if __name__ == "__main__":
    result = run(quick="--quick" in sys.argv)
    print(result["markdown"])
