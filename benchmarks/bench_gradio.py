"""Gradio client benchmark: 200 sequential predicts on a local echo app (Gradio 6).

Compares lite_client.gradio (sync and async) with the official gradio_client and with a raw
``http.client`` queue/join + queue/data flow (the protocol's floor), then 50 concurrent submits
through the async client. Run: ``.venv/bin/python -c "import benchmarks.bench_gradio as b; print(b.run()['markdown'])"``.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


from tests.harness.gradio_process import GradioProcess  # noqa: E402 (after sys.path)


def _start_server() -> tuple[GradioProcess, str]:
    server = GradioProcess("tests.apps.gradio_apps").wait_ready()
    return server, server.url + "/echo"


_RAW_SESSION = uuid.uuid4().hex


def _raw_predict(conn: http.client.HTTPConnection, path: str, fn_index: int, text: str) -> Any:
    """The floor: one keep-alive connection, join then read the SSE stream to its end."""
    session = _RAW_SESSION
    body = json.dumps({"data": [text], "fn_index": fn_index, "session_hash": session}).encode()
    conn.request("POST", f"{path}/gradio_api/queue/join", body, {"content-type": "application/json"})
    conn.getresponse().read()
    conn.request("GET", f"{path}/gradio_api/queue/data?session_hash={session}")
    response = conn.getresponse()
    result = None
    buffer = b""
    while True:
        chunk = response.read1(65536)
        if not chunk:
            break
        buffer += chunk
        while b"\n\n" in buffer:
            frame, buffer = buffer.split(b"\n\n", 1)
            message = json.loads(frame[len(b"data: "):])
            if message.get("msg") == "process_completed":
                result = message["output"]["data"][0]
    return result


def _timed(fn: Any, n: int, warmup: int = 10) -> list[float]:
    for i in range(warmup):
        fn(i)
    times = []
    for i in range(n):
        started = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - started) * 1000)
    return times


async def _atimed(fn: Any, n: int, warmup: int = 10) -> list[float]:
    for i in range(warmup):
        await fn(i)
    times = []
    for i in range(n):
        started = time.perf_counter()
        await fn(i)
        times.append((time.perf_counter() - started) * 1000)
    return times


def _stats(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {"median_ms": statistics.median(ordered), "p10_ms": ordered[len(ordered) // 10],
            "p90_ms": ordered[(len(ordered) * 9) // 10], "n": len(ordered)}


def run(quick: bool = False) -> dict[str, Any]:
    from urllib.parse import urlsplit

    from lite_client.gradio import AsyncClient, Client

    n = 50 if quick else 200
    concurrent = 20 if quick else 50
    proc, base = _start_server()
    try:
        parts = urlsplit(base)
        data: dict[str, Any] = {}
        with Client(base) as client:
            fn_index = client.app.resolve("/echo").fn_index
            data["lite_client sync"] = _stats(_timed(lambda i: client.predict(f"x{i}", api_name="/echo"), n))

        async def async_part() -> tuple[list[float], float, bool]:
            aclient = await AsyncClient.connect(base)
            try:
                times = await _atimed(lambda i: aclient.predict(f"x{i}", api_name="/echo"), n)
                started = time.perf_counter()
                jobs = [await aclient.submit(f"c{i}", api_name="/echo") for i in range(concurrent)]
                results = await asyncio.gather(*(job.result() for job in jobs))
                elapsed = time.perf_counter() - started
                return times, elapsed, results == [f"c{i}" for i in range(concurrent)]
            finally:
                await aclient.aclose()

        async_times, concurrent_s, concurrent_ok = asyncio.run(async_part())
        data["lite_client async"] = _stats(async_times)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        data["raw http.client (floor)"] = _stats(_timed(lambda i: _raw_predict(conn, parts.path, fn_index, f"x{i}"), n))
        conn.close()
        try:
            os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
            import gradio_client

            official = gradio_client.Client(base, verbose=False)
            data["gradio_client 2.x"] = _stats(_timed(lambda i: official.predict(f"x{i}", api_name="/echo"),
                                                      max(20, n // 4), warmup=3))
            official.close()
        except ImportError:
            pass
        data["concurrent"] = {"jobs": concurrent, "seconds": concurrent_s, "all_correct": concurrent_ok,
                              "jobs_per_s": concurrent / concurrent_s}
    finally:
        proc.stop()
    floor = data["raw http.client (floor)"]["median_ms"]
    rows = ["| client | median ms | p10 | p90 | n | vs raw floor |", "|---|---|---|---|---|---|"]
    for name, stats in data.items():
        if name == "concurrent":
            continue
        rows.append(f"| {name} | {stats['median_ms']:.2f} | {stats['p10_ms']:.2f} | {stats['p90_ms']:.2f} | "
                    f"{stats['n']} | {stats['median_ms'] / floor:.2f}x |")
    ours = data["lite_client sync"]["median_ms"]
    lines = [f"Local Gradio 6 echo app, sequential `predict()` calls (CPython {sys.version.split()[0]}).", "",
             *rows, ""]
    if "gradio_client 2.x" in data:
        lines.append(f"lite_client (sync) is **{data['gradio_client 2.x']['median_ms'] / ours:.1f}x faster** than "
                     f"gradio_client; **{ours / floor:.2f}x** the raw protocol floor (target <= 1.2x, >= 7x).")
    c = data["concurrent"]
    lines += ["", f"{c['jobs']} concurrent submits through one AsyncClient (one shared session stream): "
              f"{c['seconds']:.2f} s ({c['jobs_per_s']:.0f} jobs/s), all results correct: {c['all_correct']}."]
    return {"title": "Gradio client", "markdown": "\n".join(lines), "data": data}


if __name__ == "__main__":
    print(run(quick="--quick" in sys.argv)["markdown"])
