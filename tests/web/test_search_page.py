"""index.html: Gradio-Lite cannot boot here, the transformers.js fallback takes over quickly and
gives the same answers as a CPU reference; the PWA keeps working offline with the server gone."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from tests.web.conftest import DemoServer, GuardedContext, is_local, screenshot, wait_ready

pytestmark = pytest.mark.browser

SENTENCES = [
    "A man is playing a violin.",
    "The new movie is awesome.",
    "The new movie is so great.",
    "It is raining heavily in the city.",
    "Two dogs are running through a field.",
]


def page_corpus(page: Any) -> tuple[str, list[str]]:
    query = page.input_value("#query")
    sentences = [s.strip() for s in page.input_value("#corpus").splitlines() if s.strip()]
    return query, sentences


def run_query(page: Any) -> list[list[str]]:
    count = int(page.evaluate("() => Number(document.documentElement.dataset.queries || 0)"))
    page.click("#search")
    page.wait_for_selector(f'html[data-queries="{count + 1}"]', state="attached")
    return [[cell.inner_text() for cell in row.query_selector_all("td")] for row in page.query_selector_all("#results tbody tr")]


def test_fallback_takes_over_within_2s_and_matches_cpu_reference(guarded: GuardedContext, demo_server: DemoServer,
                                                                 cpu_reference: Any) -> None:
    page = guarded.new_page()
    page.goto(demo_server.url + "/index.html")
    wait_ready(page)
    timings = page.evaluate("() => window.liteDemoTimings")
    assert timings["liteOutcome"]["ok"] is False
    assert timings["liteOutcome"]["signal"] in {"worker", "window", "import", "initialization-error"}
    assert timings["fallbackActiveMs"] <= 2000, timings
    assert page.get_attribute("html", "data-engine") == "transformers.js"
    assert "Gradio-Lite could not boot" in page.text_content("#engine")

    query, sentences = page_corpus(page)
    rows = run_query(page)
    reference = cpu_reference.rank(query, sentences)
    assert rows[0][2] == reference[0][0]
    assert [r[2] for r in rows] == [s for s, _ in reference[: len(rows)]]
    for row, (_, score) in zip(rows, reference, strict=False):
        assert abs(float(row[1]) - score) < 0.02

    browser_vectors = np.array(page.evaluate("(t) => window.liteDemo.embed(t)", SENTENCES))
    cpu_vectors = cpu_reference.embed(SENTENCES)
    cosines = (browser_vectors * cpu_vectors).sum(axis=1) / (
        np.linalg.norm(browser_vectors, axis=1) * np.linalg.norm(cpu_vectors, axis=1))
    assert cosines.min() >= 0.99, cosines
    screenshot(page, "index-fallback", publish=True)


def test_cdn_mode_with_cdn_unreachable_falls_back(browser: Any, demo_server: DemoServer) -> None:
    """?cdn=1 lets Gradio-Lite try jsDelivr/PyPI; here they are unreachable (aborted)."""
    ctx = GuardedContext(browser)
    attempted: list[str] = []

    def abort_external(route: Any) -> None:
        if is_local(route.request.url):
            route.continue_()
        else:
            attempted.append(route.request.url)
            route.abort("internetdisconnected")

    ctx.context.route("**/*", abort_external)
    try:
        page = ctx.new_page()
        page.goto(demo_server.url + "/index.html?cdn=1")
        wait_ready(page)
        timings = page.evaluate("() => window.liteDemoTimings")
        assert timings["liteOutcome"]["ok"] is False
        assert timings["fallbackActiveMs"] <= 2000, timings
        assert any("cdn.jsdelivr.net" in url for url in attempted), attempted  # it really tried the CDN
        assert run_query(page)[0][2] == "A man is playing a violin."
        screenshot(page, "index-cdn-unreachable")
    finally:
        ctx.context.close()


def test_pwa_works_offline_with_server_stopped(browser: Any) -> None:
    """First load online, then offline with the server gone: the service worker serves everything."""
    from tests.web.conftest import require_vendor

    require_vendor()
    server = DemoServer()
    ctx = GuardedContext(browser)
    try:
        page = ctx.new_page()
        page.goto(server.url + "/index.html")
        wait_ready(page)
        online_rows = run_query(page)
        # The service worker has finished precaching once it is active and controls the page.
        page.evaluate("""async () => {
            const reg = await navigator.serviceWorker.ready;
            for (let i = 0; i < 600 && !navigator.serviceWorker.controller; i++) await new Promise(r => setTimeout(r, 50));
            return reg.active.state;
        }""")
        assert page.evaluate("() => !!navigator.serviceWorker.controller")
        cached = page.evaluate("""async () => {
            const keys = await caches.keys();
            const cache = await caches.open(keys.find(k => k.startsWith('lite-demos-')));
            return (await cache.keys()).map(r => new URL(r.url).pathname);
        }""")
        assert "/vendor/models/all-MiniLM-L6-v2/onnx/model_quantized.onnx" in cached
        assert "/vendor/ort/ort-wasm-simd-threaded.wasm" in cached

        server.stop()
        ctx.context.set_offline(True)
        page.reload()
        wait_ready(page)
        assert page.text_content("#network") == "offline"
        assert page.get_attribute("html", "data-engine") == "transformers.js"
        offline_rows = run_query(page)
        assert offline_rows == online_rows
        screenshot(page, "index-offline", publish=True)
    finally:
        ctx.context.close()
        server.stop()
    assert not ctx.external, ctx.external
