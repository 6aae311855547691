"""Raw transport overhead: lite_client's transports vs the bare stdlib, CPython and Pyodide/Node."""

from __future__ import annotations

import asyncio
import http.client
import statistics
import time
from typing import Any
from urllib.parse import urlsplit

from lite_client import Request
from lite_client.transports.asyncio_http import AsyncioTransport
from lite_client.transports.stdlib import StdlibTransport
from lite_client.transports.threaded import ThreadedAsyncTransport
from tests.harness.echo_server import EchoServer

BIG = 32 * 1024 * 1024


def _raw_requests(url: str, n: int) -> float:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port)
    start = time.perf_counter()
    for _ in range(n):
        conn.request("GET", "/json")
        conn.getresponse().read()
    elapsed = time.perf_counter() - start
    conn.close()
    return n / elapsed


def _raw_stream(url: str) -> float:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port)
    start = time.perf_counter()
    conn.request("GET", f"/big?size={BIG}")
    resp = conn.getresponse()
    while resp.read1(65536):
        pass
    elapsed = time.perf_counter() - start
    conn.close()
    return BIG / elapsed / 1e6


def _ours_requests(url: str, n: int) -> float:
    with StdlibTransport() as t:
        start = time.perf_counter()
        for _ in range(n):
            t.send(Request("GET", url + "/json")).read()
        return n / (time.perf_counter() - start)


def _ours_stream(url: str) -> float:
    with StdlibTransport() as t:
        start = time.perf_counter()
        for _ in t.send(Request("GET", f"{url}/big?size={BIG}", stream=True)).iter_bytes():
            pass
        return BIG / (time.perf_counter() - start) / 1e6


async def _ours_async(url: str, n: int, cls: type = AsyncioTransport) -> tuple[float, float]:
    t = cls()
    start = time.perf_counter()
    for _ in range(n):
        await (await t.send(Request("GET", url + "/json"))).aread()
    rps = n / (time.perf_counter() - start)
    start = time.perf_counter()
    async for _ in (await t.send(Request("GET", f"{url}/big?size={BIG}", stream=True))).aiter_bytes():
        pass
    mbs = BIG / (time.perf_counter() - start) / 1e6
    await t.aclose()
    return rps, mbs


PYODIDE_CODE = """
import time
from pyodide.http import pyfetch
from lite_client import Request
from lite_client.transports.fetch import FetchTransport
url, n, big = {url!r}, {n}, {big}
t = FetchTransport()
out = {{}}
start = time.perf_counter()
for _ in range(n):
    r = await pyfetch(url + "/json"); await r.bytes()
out["raw_rps"] = n / (time.perf_counter() - start)
start = time.perf_counter()
for _ in range(n):
    await (await t.send(Request("GET", url + "/json"))).aread()
out["ours_rps"] = n / (time.perf_counter() - start)
start = time.perf_counter()
r = await pyfetch(url + "/big?size=" + str(big))
reader = r.js_response.body.getReader()
while True:
    chunk = await reader.read()
    if chunk.done: break
    chunk.value.to_bytes()
out["raw_mbs"] = big / (time.perf_counter() - start) / 1e6
start = time.perf_counter()
async for _ in (await t.send(Request("GET", url + "/big?size=" + str(big), stream=True))).aiter_bytes():
    pass
out["ours_mbs"] = big / (time.perf_counter() - start) / 1e6
out
"""


def run(quick: bool = False) -> dict[str, Any]:
    n = 200 if quick else 1000
    reps = 1 if quick else 3
    data: dict[str, Any] = {}
    with EchoServer() as server:
        url = server.url
        _ours_requests(url, 50)
        data["cpython_raw_rps"] = statistics.median(_raw_requests(url, n) for _ in range(reps))
        data["cpython_ours_rps"] = statistics.median(_ours_requests(url, n) for _ in range(reps))
        data["cpython_raw_mbs"] = statistics.median(_raw_stream(url) for _ in range(reps))
        data["cpython_ours_mbs"] = statistics.median(_ours_stream(url) for _ in range(reps))
        asy = [asyncio.run(_ours_async(url, n)) for _ in range(reps)]
        data["cpython_async_rps"] = statistics.median(a[0] for a in asy)
        data["cpython_async_mbs"] = statistics.median(a[1] for a in asy)
        thr = [asyncio.run(_ours_async(url, n, ThreadedAsyncTransport)) for _ in range(reps)]
        data["cpython_threaded_rps"] = statistics.median(a[0] for a in thr)
        data["cpython_threaded_mbs"] = statistics.median(a[1] for a in thr)
        from tests.harness import PyodideNode

        node = PyodideNode()
        try:
            data["pyodide_boot"] = node.info["timings"]
            runs = [node.run(PYODIDE_CODE.format(url=url, n=n // 2, big=BIG), timeout=300) for _ in range(reps)]
        finally:
            node.close()
        for key in ("raw_rps", "ours_rps", "raw_mbs", "ours_mbs"):
            data[f"pyodide_{key}"] = statistics.median(r[key] for r in runs)
    d = data
    md = (
        "| runtime | client | requests/s (GET /json, keep-alive) | ratio to raw | MB/s streamed (32 MB body) | ratio to raw |\n"
        "|---|---|---|---|---|---|\n"
        f"| CPython | raw `http.client` (floor) | {d['cpython_raw_rps']:.0f} | 1.00 | {d['cpython_raw_mbs']:.0f} | 1.00 |\n"
        f"| CPython | lite_client `StdlibTransport` | {d['cpython_ours_rps']:.0f} | {d['cpython_ours_rps'] / d['cpython_raw_rps']:.2f} | {d['cpython_ours_mbs']:.0f} | {d['cpython_ours_mbs'] / d['cpython_raw_mbs']:.2f} |\n"
        f"| CPython | lite_client `AsyncioTransport` (default async) | {d['cpython_async_rps']:.0f} | {d['cpython_async_rps'] / d['cpython_raw_rps']:.2f} | {d['cpython_async_mbs']:.0f} | {d['cpython_async_mbs'] / d['cpython_raw_mbs']:.2f} |\n"
        f"| CPython | lite_client `ThreadedAsyncTransport` | {d['cpython_threaded_rps']:.0f} | {d['cpython_threaded_rps'] / d['cpython_raw_rps']:.2f} | {d['cpython_threaded_mbs']:.0f} | {d['cpython_threaded_mbs'] / d['cpython_raw_mbs']:.2f} |\n"
        f"| Pyodide/Node 26 | raw `pyfetch` + reader (floor) | {d['pyodide_raw_rps']:.0f} | 1.00 | {d['pyodide_raw_mbs']:.0f} | 1.00 |\n"
        f"| Pyodide/Node 26 | lite_client `FetchTransport` | {d['pyodide_ours_rps']:.0f} | {d['pyodide_ours_rps'] / d['pyodide_raw_rps']:.2f} | {d['pyodide_ours_mbs']:.0f} | {d['pyodide_ours_mbs'] / d['pyodide_raw_mbs']:.2f} |\n"
        f"\nPyodide cold start in Node 26 (ms): loadPyodide {d['pyodide_boot']['loadPyodide_ms']:.0f}, "
        f"loadPackage(lite-client + pydantic) {d['pyodide_boot']['loadPackage_ms']:.0f}, "
        f"import {d['pyodide_boot']['import_ms']:.0f}.\n"
    )
    return {"title": "Transport overhead", "markdown": md, "data": data}
