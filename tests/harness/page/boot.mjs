// Shared by the main-thread runner and the worker: boot Pyodide from /vendor/pyodide/ and
// install lite_client from the local lock. Returns run(code) -> JSON text.
export async function boot() {
  const indexURL = new URL("/vendor/pyodide/", location.href).href;
  const { loadPyodide } = await import(indexURL + "pyodide.mjs");
  const t0 = performance.now();
  const pyodide = await loadPyodide({ indexURL });
  const t1 = performance.now();
  const problems = [];
  await pyodide.loadPackage(["lite-client"], { messageCallback: () => {}, errorCallback: (m) => problems.push(m) });
  const t2 = performance.now();
  if (problems.length || !pyodide.loadedPackages["lite-client"]) throw new Error("loadPackage failed: " + problems.join("; "));
  await pyodide.runPythonAsync(`
import json, traceback
from pyodide.code import eval_code_async
import lite_client, pydantic

async def _harness_run(code):
    ns = {"__name__": "__harness__"}
    try:
        value = await eval_code_async(code, ns)
        return json.dumps({"ok": True, "value": value}, default=repr)
    except BaseException as exc:
        return json.dumps({"ok": False, "error": type(exc).__name__, "message": str(exc),
                           "traceback": traceback.format_exc()})
`);
  const t3 = performance.now();
  const fn = pyodide.globals.get("_harness_run");
  const timings = { loadPyodide_ms: t1 - t0, loadPackage_ms: t2 - t1, import_ms: t3 - t2 };
  const jspi = typeof WebAssembly.Suspending === "function";
  const run = async (code) => (jspi && fn.callPromising ? fn.callPromising(code) : fn(code));
  return { run, timings, pyodide };
}
