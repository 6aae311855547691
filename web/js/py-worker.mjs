// Module Web Worker: boots Pyodide from our origin (vendor/pyodide/), installs lite_client from the
// local lock, loads one Python app module (web/py/<name>.py) and serves calls from the page.
//
// Messages in:  {type:"boot", module: url} · {type:"call", id, method, args} · {type:"cancel", id}
// Messages out: {type:"progress", stage, loaded, total | fraction, text, done}
//               {type:"ready", timings} · {type:"boot-error", error}
//               {type:"event", id, event} · {type:"result", id, value} · {type:"error", id, error}
// Calls run as asyncio tasks inside Pyodide; "cancel" cancels the task (the stream is closed and
// the fetch aborted by lite_client's transport).

const INDEX_URL = new URL("../vendor/pyodide/", import.meta.url).href;
const progress = (stage, extra) => postMessage({ type: "progress", stage, ...extra });

/** Count response bytes per stage while Pyodide fetches its files (for percentage progress). */
function meterFetches(sizes) {
  const nativeFetch = self.fetch.bind(self);
  const stages = {
    "Pyodide runtime": { loaded: 0, total: 0, match: (u) => /pyodide\.asm\.wasm|python_stdlib\.zip|pyodide-lock\.json/.test(u) },
    "Python wheels": { loaded: 0, total: 0, match: (u) => u.endsWith(".whl") },
  };
  for (const [path, size] of Object.entries(sizes)) {
    for (const stage of Object.values(stages)) if (path.startsWith("vendor/pyodide/") && stage.match(path)) stage.total += size;
  }
  self.fetch = async (input, init) => {
    const response = await nativeFetch(input, init);
    const url = input instanceof Request ? input.url : String(input);
    const entry = Object.entries(stages).find(([, s]) => s.match(url));
    if (!entry || !response.body) return response;
    const [name, stage] = entry;
    const counter = new TransformStream({
      transform(chunk, controller) {
        stage.loaded += chunk.byteLength;
        progress(name, { loaded: stage.loaded, total: Math.max(stage.total, stage.loaded) });
        controller.enqueue(chunk);
      },
    });
    return new Response(response.body.pipeThrough(counter), { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  return () => { self.fetch = nativeFetch; };
}

async function fetchText(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

let app = null;

async function boot(moduleUrl) {
  const t0 = performance.now();
  let sizes = {};
  try { sizes = (await (await fetch(new URL("../vendor/assets.json", import.meta.url))).json()).sizes || {}; } catch { /* sizes are optional */ }
  const restoreFetch = meterFetches(sizes);
  progress("Pyodide runtime", { fraction: 0, text: "starting" });
  const { loadPyodide } = await import(INDEX_URL + "pyodide.mjs");
  const pyodide = await loadPyodide({ indexURL: INDEX_URL });
  const t1 = performance.now();
  progress("Pyodide runtime", { done: true, text: `ready in ${((t1 - t0) / 1000).toFixed(2)} s` });
  const problems = [];
  await pyodide.loadPackage(["lite-client"], { messageCallback: () => {}, errorCallback: (m) => problems.push(m) });
  if (problems.length || !pyodide.loadedPackages["lite-client"]) throw new Error("could not install lite_client: " + problems.join("; "));
  const t2 = performance.now();
  progress("Python wheels", { done: true, text: `lite_client + pydantic in ${((t2 - t1) / 1000).toFixed(2)} s` });
  restoreFetch();
  const name = new URL(moduleUrl).pathname.split("/").pop().replace(/\.py$/, "");
  pyodide.FS.mkdirTree("/home/pyodide/webapp");
  pyodide.FS.writeFile("/home/pyodide/webapp/rpc.py", await fetchText(new URL("rpc.py", moduleUrl)));
  pyodide.FS.writeFile(`/home/pyodide/webapp/${name}.py`, await fetchText(moduleUrl));
  pyodide.runPython("import sys\nsys.path.insert(0, '/home/pyodide/webapp')");
  const rpc = pyodide.pyimport("rpc");
  rpc.register(pyodide.pyimport(name));
  const t3 = performance.now();
  app = { pyodide, rpc };
  postMessage({ type: "ready", timings: { loadPyodide_ms: t1 - t0, packages_ms: t2 - t1, app_ms: t3 - t2, total_ms: t3 - t0 } });
}

addEventListener("message", async (ev) => {
  const msg = ev.data;
  if (msg.type === "boot") {
    try { await boot(msg.module); }
    catch (err) { postMessage({ type: "boot-error", error: String(err && err.message || err) }); }
    return;
  }
  if (!app) { postMessage({ type: "error", id: msg.id, error: { type: "NotReady", message: "Python is still loading" } }); return; }
  if (msg.type === "cancel") { app.rpc.cancel(msg.id); return; }
  if (msg.type === "call") {
    const emit = (eventJson) => postMessage({ type: "event", id: msg.id, event: JSON.parse(eventJson) });
    const outcome = JSON.parse(await app.rpc.call(msg.id, msg.method, JSON.stringify(msg.args ?? {}), emit, msg.args?.files ?? null));
    if (outcome.ok) postMessage({ type: "result", id: msg.id, value: outcome.value });
    else postMessage({ type: "error", id: msg.id, error: outcome.error });
  }
});
