"""A real Gradio server in its own process on 127.0.0.1, for tests and benchmarks.

``GradioProcess(module)`` starts ``python -m <module> PORT`` (an app module of tests/apps or
tests/faults) on a free port; ``wait_ready()`` polls ``{url}{probe}`` until it answers 200.
Start several first and wait for each afterwards: they boot in parallel.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from .static_server import free_port

__all__ = ["GradioProcess"]

ROOT = Path(__file__).resolve().parents[2]


class GradioProcess:
    def __init__(self, module: str = "tests.apps.gradio_apps", *, probe: str = "/echo/config",
                 python: str = sys.executable) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._probe = probe
        env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen([python, "-m", module, str(self.port)], cwd=ROOT, env=env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def wait_ready(self, timeout: float = 120) -> GradioProcess:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the Gradio server exited with {self.proc.returncode}")
            try:
                with urllib.request.urlopen(self.url + self._probe, timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"the Gradio server did not answer {self.url + self._probe} within {timeout} s")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)

    def __enter__(self) -> GradioProcess:
        return self.wait_ready()

    def __exit__(self, *exc: object) -> None:
        self.stop()
