# Loaded by the Node runner and by the Chromium page/worker after lite_client is installed.
# _harness_run(code) runs `code` (top-level await allowed) and returns the last expression's
# value as JSON text, or the exception with its traceback.
import json
import traceback

import lite_client  # noqa: F401 - fail early if the wheel did not install
import pydantic  # noqa: F401
from pyodide.code import eval_code_async


async def _harness_run(code):
    ns = {"__name__": "__harness__"}
    try:
        value = await eval_code_async(code, ns)
        return json.dumps({"ok": True, "value": value}, default=repr)
    except BaseException as exc:
        return json.dumps({"ok": False, "error": type(exc).__name__, "message": str(exc),
                           "traceback": traceback.format_exc()})
