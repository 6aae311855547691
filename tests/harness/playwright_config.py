"""The top-level playwright.config.py (the one place for browser settings), loaded as a module
by the test fixtures and the benchmarks."""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path
from types import ModuleType

__all__ = ["playwright_config"]

ROOT = Path(__file__).resolve().parents[2]


@cache
def playwright_config() -> ModuleType:
    spec = importlib.util.spec_from_file_location("playwright_config", ROOT / "playwright.config.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
