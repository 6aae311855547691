// Shared boot logic for every page: progress bars with percentages, the engine status line,
// service-worker registration, asset sizes, and the Pyodide worker client.
// Untrusted text is only ever inserted with textContent (see el()).

export const params = new URLSearchParams(location.search);
export const t0 = performance.now();

/** Create an element; `text` goes through textContent, never innerHTML. */
export function el(tag, text = "", attrs = {}) {
  const node = document.createElement(tag);
  if (text) node.textContent = String(text);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  return node;
}

export function $(selector) {
  const node = document.querySelector(selector);
  if (!node) throw new Error(`missing element ${selector}`);
  return node;
}

export function formatBytes(n) {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${Math.round(n / 1e3)} kB`;
}

/**
 * A labelled <progress> inside #progress. set(loaded, total) shows a percentage and byte counts;
 * step(fraction, text) shows a percentage for non-byte stages; done()/fail() close it.
 */
export function progressBar(label) {
  const box = document.getElementById("progress") || document.body;
  const row = el("div", "", { class: "progress-row", "data-label": label });
  const name = el("span", label, { class: "progress-label" });
  const bar = el("progress", "", { max: "100", value: "0" });
  const detail = el("span", "0%", { class: "progress-detail" });
  row.append(name, bar, detail);
  box.append(row);
  const show = (pct, text) => {
    const clamped = Math.max(0, Math.min(100, pct));
    bar.value = clamped;
    detail.textContent = `${clamped.toFixed(0)}%${text ? " · " + text : ""}`;
  };
  return {
    set(loaded, total) {
      show(total ? (100 * loaded) / total : 0, total ? `${formatBytes(loaded)} / ${formatBytes(total)}` : formatBytes(loaded));
    },
    step(fraction, text) { show(100 * fraction, text); },
    done(text = "ready") { show(100, text); row.classList.add("done"); },
    fail(text) { detail.textContent = `failed · ${text}`; row.classList.add("failed"); },
  };
}

/** Show which engine runs and why; also mirrored on <html data-engine> for tests and CSS. */
export function setEngine(engine, reason, state = "loading") {
  const node = document.getElementById("engine");
  if (node) {
    node.replaceChildren(el("strong", engine), document.createTextNode(" — " + reason));
    node.dataset.state = state;
  }
  document.documentElement.dataset.engine = engine;
  document.documentElement.dataset.engineState = state;
  document.documentElement.dataset.engineReason = reason;
}

export function seconds(ms) { return `${(ms / 1000).toFixed(2)} s`; }

/** File sizes written by scripts/vendor_web.py (used as totals when Content-Length is absent). */
export async function assetSizes() {
  try {
    const response = await fetch(new URL("../vendor/assets.json", import.meta.url));
    return (await response.json()).sizes || {};
  } catch { return {}; }
}

/** Register the service worker (offline support). Never fatal: the pages work without it. */
export async function registerServiceWorker() {
  if (!("serviceWorker" in navigator) || params.has("nosw")) return null;
  try {
    return await navigator.serviceWorker.register(new URL("../sw.js", import.meta.url), { scope: new URL("../", import.meta.url).pathname });
  } catch (err) {
    console.warn("service worker not registered:", err);
    return null;
  }
}

export function showOnlineState() {
  const node = document.getElementById("network");
  if (!node) return;
  const update = () => { node.textContent = navigator.onLine ? "online" : "offline"; node.dataset.online = String(navigator.onLine); };
  addEventListener("online", update);
  addEventListener("offline", update);
  update();
}

/**
 * Start web/js/py-worker.mjs (Pyodide + lite_client in a Web Worker) running `module`
 * (a Python file under web/py/). Returns {ready, call(method, args, onEvent), cancel(id), worker}.
 * Boot progress (Pyodide bytes, wheels) is reported into progress bars.
 */
export function startPyWorker(module) {
  const worker = new Worker(new URL("./py-worker.mjs", import.meta.url), { type: "module" });
  const bars = {};
  const pending = new Map();
  let nextId = 1;
  let resolveReady, rejectReady;
  const ready = new Promise((resolve, reject) => { resolveReady = resolve; rejectReady = reject; });
  worker.addEventListener("message", (ev) => {
    const msg = ev.data;
    if (msg.type === "progress") {
      const bar = (bars[msg.stage] ||= progressBar(msg.stage));
      if (msg.done) bar.done(msg.text);
      else if (msg.total) bar.set(msg.loaded, msg.total);
      else bar.step(msg.fraction || 0, msg.text);
    } else if (msg.type === "ready") {
      resolveReady(msg);
    } else if (msg.type === "boot-error") {
      rejectReady(new Error(msg.error));
    } else if (msg.id && pending.has(msg.id)) {
      const call = pending.get(msg.id);
      if (msg.type === "event") call.onEvent?.(msg.event);
      else {
        pending.delete(msg.id);
        if (msg.type === "result") call.resolve(msg.value);
        else call.reject(Object.assign(new Error(msg.error?.message || "error"), msg.error || {}));
      }
    }
  });
  worker.addEventListener("error", (ev) => rejectReady(new Error(ev.message || "worker failed to start")));
  worker.postMessage({ type: "boot", module: new URL(`../py/${module}`, import.meta.url).href });
  return {
    worker,
    ready,
    call(method, args = {}, onEvent = null) {
      const id = nextId++;
      const promise = new Promise((resolve, reject) => pending.set(id, { resolve, reject, onEvent }));
      worker.postMessage({ type: "call", id, method, args });
      return { id, promise };
    },
    cancel(id) { worker.postMessage({ type: "cancel", id }); },
  };
}
