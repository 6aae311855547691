"""Cold start of lite_client in Pyodide: loadPyodide, micropip install (offline lock), import."""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Any

from tests.harness import PyodideNode, StaticServer
from tests.harness.playwright_config import playwright_config

ROOT = Path(__file__).resolve().parent.parent




def _chromium(runs: int) -> tuple[list[dict[str, float]], list[dict[str, float]]]:
    from playwright.sync_api import sync_playwright

    pw_config = playwright_config()
    mains, workers = [], []
    mounts = {"/vendor/": ROOT / "web" / "vendor", "/": ROOT / "tests" / "harness" / "page"}
    with StaticServer(mounts) as server, sync_playwright() as p:
        for _ in range(runs):
            browser = p.chromium.launch(**pw_config.launch_args())  # fresh profile each time
            page = browser.new_page()
            start = time.perf_counter()
            page.goto(server.url + "/index.html")
            timings = page.evaluate("() => window.lcReady")
            timings["wall_ms"] = (time.perf_counter() - start) * 1000
            mains.append(timings)
            start = time.perf_counter()
            wtimings = page.evaluate("() => window.lcStartWorker()")
            wtimings["wall_ms"] = (time.perf_counter() - start) * 1000
            workers.append(wtimings)
            browser.close()
    return mains, workers


def _node(runs: int) -> list[dict[str, float]]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        node = PyodideNode()
        wall = (time.perf_counter() - start) * 1000
        out.append({**node.info["timings"], "wall_ms": wall})
        node.close()
    return out


def _row(name: str, samples: list[dict[str, float]]) -> str:
    med = {k: statistics.median(s[k] for s in samples) for k in samples[0]}
    return (f"| {name} | {med['loadPyodide_ms']:.0f} | {med['loadPackage_ms']:.0f} | {med['import_ms']:.0f} | "
            f"{med['wall_ms']:.0f} |")


def run(quick: bool = False) -> dict[str, Any]:
    runs = 1 if quick else 3
    node = _node(runs)
    mains, workers = _chromium(runs)
    md = "\n".join([
        f"Median of {runs} fresh starts each (new process / new browser profile).\n",
        "| runtime | loadPyodide ms | micropip.install(lite-client) ms (offline lock: lite_client, pydantic, pydantic-core wasm, …) | import ms | wall ms (to ready) |",
        "|---|---|---|---|---|",
        _row("Node 26 (process start included in wall)", node),
        _row("Chromium main thread (page load included in wall)", mains),
        _row("Chromium Web Worker (after the main thread booted)", workers),
    ])
    return {"title": "Pyodide cold start", "markdown": md, "data": {"node": node, "chromium_main": mains,
                                                                       "chromium_worker": workers}}
