"""space.html against a real local Gradio app (tests/web/gradio_app.py): generated form, live queue
position and progress, file and image upload, text/image/file outputs."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.harness import free_port
from tests.web.conftest import DemoServer, GuardedContext, screenshot, wait_ready

pytestmark = [pytest.mark.browser, pytest.mark.gradio]


@pytest.fixture(scope="module")
def gradio_app() -> Iterator[Any]:
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    from tests.web.gradio_app import GradioApp

    app = GradioApp(free_port())
    yield app
    app.close()


def busy_queue(url: str) -> threading.Thread:
    """Occupy the app's single worker for ~1.5 s with a job from the official Python client."""
    from gradio_client import Client

    def run() -> None:
        Client(url, verbose=False).predict("busy", 10, False, None, None, api_name="/describe")

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_generated_form_queue_progress_upload_and_outputs(guarded: GuardedContext, demo_server: DemoServer,
                                                          gradio_app: Any, tmp_path: Path) -> None:
    from PIL import Image

    text_file = tmp_path / "sample.txt"
    text_file.write_bytes(b"hello file\n")
    picture = tmp_path / "sample.png"
    Image.new("RGB", (20, 10), (0, 255, 0)).save(picture)

    page = guarded.new_page()
    page.goto(f"{demo_server.url}/space.html?src={gradio_app.url}")
    wait_ready(page)
    page.wait_for_selector("#call:not([hidden])")
    assert "Gradio 6" in page.text_content("#app-status")
    components = page.eval_on_selector_all("#inputs [data-param]", "els => els.map(e => [e.dataset.param, e.dataset.component, e.type])")
    assert components == [["text", "Textbox", "textarea"], ["count", "Number", "number"], ["shout", "Checkbox", "checkbox"],
                          ["upload", "File", "file"], ["picture", "Image", "file"]]

    page.fill("#in-text", "xy")
    page.check("#in-shout")
    page.set_input_files("#in-upload", str(text_file))
    page.set_input_files("#in-picture", str(picture))
    worker = busy_queue(gradio_app.url)
    page.wait_for_timeout(300)  # let the other job start first
    page.click("#submit")
    page.wait_for_selector("#queue[data-state=done], #queue[data-state=error]", timeout=60000)
    worker.join(timeout=30)
    assert page.get_attribute("#queue", "data-state") == "done", page.text_content("#queue")
    assert page.get_attribute("#queue", "data-rank") is not None  # a queue position was shown
    assert page.get_attribute("#queue", "data-progress-seen") == "true"
    assert page.text_content("#job-progress .progress-detail").startswith("100%")

    outputs = page.locator("#outputs .output")
    assert outputs.nth(0).locator("pre").text_content() == "XYXYXY | file bytes=11 | image=20x10"
    image = outputs.nth(1).locator("img")
    assert image.get_attribute("src").startswith("blob:")
    assert image.evaluate("img => img.complete && img.naturalWidth") == 48
    link = outputs.nth(2).locator("a")
    assert link.text_content() == "report.txt"
    assert link.get_attribute("href").startswith(gradio_app.url)
    screenshot(page, "space", publish=True)


def test_bad_source_is_reported_before_any_request(guarded: GuardedContext, demo_server: DemoServer) -> None:
    page = guarded.new_page()
    page.goto(f"{demo_server.url}/space.html")
    wait_ready(page)
    page.fill("#src", "ftp://example.com/app")
    page.click("#connect-button")
    page.wait_for_selector("#app-status[data-state=error]")
    assert "InputError" in page.text_content("#app-status")


@pytest.fixture(scope="module")
def shared_gradio_apps() -> Iterator[str]:
    """The Gradio engineer's test apps (tests/apps/gradio_apps.py), one server process."""
    import subprocess
    import sys
    import time
    import urllib.request

    root = Path(__file__).resolve().parents[2]
    if not (root / "tests" / "apps" / "gradio_apps.py").exists():
        pytest.skip("tests/apps/gradio_apps.py is not in this checkout")
    port = free_port()
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "PYTHONPATH": str(root)}
    proc = subprocess.Popen([sys.executable, "-m", "tests.apps.gradio_apps", str(port)], cwd=root, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(base + "/blocks/config", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("the shared Gradio test apps did not start") from None
                time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        proc.wait(10)


def test_image_endpoint_of_the_shared_blocks_app(guarded: GuardedContext, demo_server: DemoServer,
                                                  shared_gradio_apps: str, tmp_path: Path) -> None:
    from PIL import Image

    picture = tmp_path / "half.png"
    image = Image.new("RGB", (30, 10), (255, 0, 0))
    image.paste((0, 0, 255), (0, 0, 10, 10))  # blue on the left
    image.save(picture)
    page = guarded.new_page()
    page.goto(f"{demo_server.url}/space.html?src={shared_gradio_apps}/blocks/")
    wait_ready(page)
    page.wait_for_selector("#call:not([hidden])")
    page.select_option("#endpoint", "/flip")
    page.set_input_files("[data-param][data-component=Image]", str(picture))
    page.click("#submit")
    page.wait_for_selector("#queue[data-state=done], #queue[data-state=error]", timeout=60000)
    assert page.get_attribute("#queue", "data-state") == "done", page.text_content("#queue")
    img = page.locator("#outputs img")
    assert img.get_attribute("src").startswith("blob:")
    # Flipped left-right: the blue block is now on the right.
    right_pixel = img.evaluate("""img => { const c = document.createElement('canvas'); c.width = img.naturalWidth;
        c.height = img.naturalHeight; const g = c.getContext('2d'); g.drawImage(img, 0, 0);
        return Array.from(g.getImageData(img.naturalWidth - 2, 5, 1, 1).data.slice(0, 3)); }""")
    assert right_pixel[2] > 200 and right_pixel[0] < 60, right_pixel
    screenshot(page, "space-shared-blocks-flip")
