"""Test harness: run Python inside Pyodide (Node 26, Chromium main thread, Web Worker).

See docs/ARCHITECTURE.md, "Test tiers". Fixtures are registered in tests/conftest.py.
"""

from .runtimes import ChromiumRuntime, PyodideError, PyodideNode, Runtime
from .static_server import StaticServer, free_port

__all__ = ["ChromiumRuntime", "PyodideError", "PyodideNode", "Runtime", "StaticServer", "free_port"]
