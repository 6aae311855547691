// Runs Python code inside Pyodide under Node for the test harness (tier b).
// Usage: node node_runner.mjs <indexURL dir>
// Protocol: one JSON object per line on stdin {"id", "code"}; one JSON line per answer on stdout
// {"id", "ok", "value" | "error", "message", "traceback"}. The first line printed is
// {"ready": true, "timings": {...}} once lite_client is installed.
import { createInterface } from "node:readline";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import path from "node:path";

const indexDir = path.resolve(process.argv[2]);
const { loadPyodide } = await import(pathToFileURL(path.join(indexDir, "pyodide.mjs")).href);
const t0 = performance.now();
const pyodide = await loadPyodide({ indexURL: indexDir + path.sep, stdout: (s) => process.stderr.write(s + "\n"), stderr: (s) => process.stderr.write(s + "\n") });
const t1 = performance.now();
const problems = [];
await pyodide.loadPackage(["micropip"], { messageCallback: () => {}, errorCallback: (m) => problems.push(m) });
// micropip resolves lite-client and its dependencies from the local pyodide-lock.json: no network.
await pyodide.runPythonAsync("import micropip\nawait micropip.install('lite-client')");
const t2 = performance.now();
if (problems.length || !pyodide.loadedPackages["lite-client"]) {
  process.stdout.write(JSON.stringify({ ready: false, error: problems.join("\n") || "lite-client not loaded" }) + "\n");
  process.exit(2);
}
await pyodide.runPythonAsync(readFileSync(new URL("./page/harness_run.py", import.meta.url), "utf8"));
const t3 = performance.now();
const run = pyodide.globals.get("_harness_run");
const jspi = typeof WebAssembly.Suspending === "function";
process.stdout.write(JSON.stringify({ ready: true, node: process.version, jspi, timings: {
  loadPyodide_ms: t1 - t0, loadPackage_ms: t2 - t1, import_ms: t3 - t2 } }) + "\n");

let chain = Promise.resolve();
const rl = createInterface({ input: process.stdin });
rl.on("line", (line) => {
  if (!line.trim()) return;
  const { id, code } = JSON.parse(line);
  chain = chain.then(async () => {
    let out;
    try {
      const text = jspi && run.callPromising ? await run.callPromising(code) : await run(code);
      out = { id, ...JSON.parse(text) };
    } catch (err) {
      out = { id, ok: false, error: "JavaScriptError", message: String(err && err.stack || err), traceback: "" };
    }
    process.stdout.write(JSON.stringify(out) + "\n");
  });
});
rl.on("close", () => chain.then(() => process.exit(0)));
