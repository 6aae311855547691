"""Browser settings for every Playwright test: the one place to change them.

Read by tests/conftest.py (pytest-playwright's ``browser_type_launch_args`` and
``browser_context_args`` fixtures) and by benchmarks. Environment overrides:
``LITE_CHROMIUM`` (executable), ``LITE_PW_TIMEOUT_MS``, ``LITE_ARTIFACTS``.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent

# Debian's Chromium (apt-get install chromium). `playwright install` cannot download here.
EXECUTABLE_PATH = os.environ.get("LITE_CHROMIUM", "/usr/bin/chromium")

# Without the background-networking flags Chromium keeps trying to reach Google's hosts.
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

HEADLESS = True

# Default timeout for Playwright actions and for harness calls into Pyodide, in milliseconds.
TIMEOUT_MS = int(os.environ.get("LITE_PW_TIMEOUT_MS", "60000"))

# Base URL of the page under test is chosen per test session (a free 127.0.0.1 port); pages
# must never leave 127.0.0.1 unless a test opts in.
ALLOWED_HOSTS = ("127.0.0.1", "localhost")

# Screenshots, traces and videos.
ARTIFACTS_DIR = Path(os.environ.get("LITE_ARTIFACTS", ROOT / "test-results"))
SCREENSHOT_DIR = ARTIFACTS_DIR / "screenshots"
TRACE_DIR = ARTIFACTS_DIR / "traces"


def launch_args() -> dict[str, object]:
    """Keyword arguments for ``playwright.chromium.launch``."""
    return {"executable_path": EXECUTABLE_PATH, "headless": HEADLESS, "args": list(LAUNCH_ARGS)}


def context_args() -> dict[str, object]:
    """Keyword arguments for ``browser.new_context``."""
    return {"viewport": {"width": 1280, "height": 900}, "service_workers": "allow"}
