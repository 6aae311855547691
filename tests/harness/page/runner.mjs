// Main-thread runner: window.lcRun(code) and window.lcWorkerRun(code) return JSON text.
import { boot } from "./boot.mjs";

const status = document.getElementById("status");
let worker = null;
let nextId = 0;
const pending = new Map();

function startWorker() {
  worker = new Worker(new URL("./worker.mjs", import.meta.url), { type: "module" });
  worker.addEventListener("message", (ev) => {
    const { id, text, ready, timings, error } = ev.data;
    if (ready !== undefined) {
      const p = pending.get("ready");
      pending.delete("ready");
      if (p) (ready ? p.resolve(timings) : p.reject(new Error(error)));
      return;
    }
    const p = pending.get(id);
    pending.delete(id);
    if (p) p.resolve(text);
  });
  return new Promise((resolve, reject) => pending.set("ready", { resolve, reject }));
}

window.lcWorkerReady = null;
window.lcStartWorker = () => (window.lcWorkerReady ??= startWorker());
window.lcWorkerRun = (code) => new Promise((resolve) => {
  const id = nextId++;
  pending.set(id, { resolve });
  worker.postMessage({ id, code });
});

window.lcReady = boot().then(({ run, timings }) => {
  window.lcRun = run;
  status.textContent = "ready";
  return timings;
}, (err) => { status.textContent = "failed: " + err; throw err; });
