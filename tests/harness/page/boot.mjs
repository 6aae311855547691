// Shared by the main-thread runner and the worker: boot Pyodide from /vendor/pyodide/ and
// install lite_client from the local lock. Returns run(code) -> JSON text.
export async function boot() {
  const indexURL = new URL("/vendor/pyodide/", location.href).href;
  const { loadPyodide } = await import(indexURL + "pyodide.mjs");
  const t0 = performance.now();
  const pyodide = await loadPyodide({ indexURL });
  const t1 = performance.now();
  const problems = [];
  await pyodide.loadPackage(["micropip"], { messageCallback: () => {}, errorCallback: (m) => problems.push(m) });
  // micropip resolves lite-client and its dependencies from the local pyodide-lock.json: no network.
  await pyodide.runPythonAsync("import micropip\nawait micropip.install('lite-client')");
  const t2 = performance.now();
  if (problems.length || !pyodide.loadedPackages["lite-client"]) throw new Error("loadPackage failed: " + problems.join("; "));
  await pyodide.runPythonAsync(await (await fetch(new URL("./harness_run.py", import.meta.url))).text());
  const t3 = performance.now();
  const fn = pyodide.globals.get("_harness_run");
  const timings = { loadPyodide_ms: t1 - t0, loadPackage_ms: t2 - t1, import_ms: t3 - t2 };
  const jspi = typeof WebAssembly.Suspending === "function";
  const run = async (code) => (jspi && fn.callPromising ? fn.callPromising(code) : fn(code));
  return { run, timings, pyodide };
}
