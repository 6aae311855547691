// index.html: semantic search. Gradio-Lite first; on any failure signal, the same demo on transformers.js.
import { $, assetSizes, el, params, progressBar, registerServiceWorker, seconds, setEngine, showOnlineState, t0 } from "./loader.mjs";
import { bootGradioLite } from "./gradio-guard.mjs";
import { loadEmbedder, search } from "./embedder.mjs";

const timings = (window.liteDemoTimings = {});
const useCdn = params.get("cdn") === "1";
const tryLite = params.get("lite") !== "0";
const watchdogMs = Number(params.get("watchdog")) || 20000;

showOnlineState();

// The fallback's runtime and model start loading at once, in parallel with the Gradio-Lite
// attempt, so that switching costs little. Progress in bytes.
const modelBar = progressBar("model (all-MiniLM-L6-v2 int8)");
const embedderPromise = assetSizes().then((sizes) =>
  loadEmbedder({ sizes, onProgress: (loaded, total) => (total ? modelBar.set(loaded, total) : modelBar.step(0, "loading runtime")) }));
embedderPromise.then((e) => { modelBar.done(`ready in ${seconds(e.loadMs)}`); }, (err) => modelBar.fail(String(err.message || err)));

async function chooseEngine() {
  if (!tryLite) return { ok: false, signal: "disabled", reason: "Gradio-Lite skipped (?lite=0)", ms: 0 };
  const css = el("link", "", { rel: "stylesheet", href: new URL("../vendor/gradio-lite/lite.css", import.meta.url).href });
  document.head.append(css);
  setEngine("Gradio-Lite", useCdn ? "booting (CDNs allowed by ?cdn=1)" : "booting from our origin only (CDNs blocked; add ?cdn=1 to allow them)");
  const outcome = await bootGradioLite({
    host: $("#gradio-host"),
    liteUrl: new URL("../vendor/gradio-lite/lite.js", import.meta.url).href,
    strict: !useCdn,
    watchdogMs,
    onStage: (text) => setEngine("Gradio-Lite", text),
  });
  if (!outcome.ok) css.remove();
  return outcome;
}

function renderResults(rows) {
  const body = $("#results tbody");
  body.replaceChildren(...rows.map((row) => {
    const tr = el("tr");
    tr.append(el("td", row.rank), el("td", row.score.toFixed(4)), el("td", row.sentence));
    return tr;
  }));
}

async function runFallback(outcome) {
  const why = outcome.signal === "disabled"
    ? outcome.reason
    : `Gradio-Lite could not boot (${outcome.signal} after ${seconds(outcome.ms)}: ${outcome.reason})`;
  timings.fallbackActiveMs = performance.now() - t0;
  timings.fallbackActiveSinceNavigationMs = performance.now();
  setEngine("transformers.js", `${why}; loading the same demo on transformers.js`, "loading");
  $("#fallback").hidden = false;
  const embedder = await embedderPromise;
  timings.fallbackReadyMs = performance.now() - t0;
  timings.fallbackReadySinceNavigationMs = performance.now();
  timings.embedderMarks = embedder.marks;
  setEngine("transformers.js", `${why}. Fallback ready in ${seconds(timings.fallbackReadyMs)} (model load ${seconds(embedder.loadMs)})`, "ready");
  const form = $("#fallback");
  const button = $("#search");
  button.disabled = false;
  const runQuery = async () => {
    const sentences = $("#corpus").value.split("\n").map((s) => s.trim()).filter(Boolean);
    const topK = Math.max(1, Math.min(20, Number($("#topk").value) || 3));
    const started = performance.now();
    const rows = await search(embedder, $("#query").value, sentences, topK);
    renderResults(rows);
    const ms = performance.now() - started;
    $("#timing").textContent = `${sentences.length + 1} sentences embedded in ${ms.toFixed(0)} ms`;
    document.documentElement.dataset.queries = String(Number(document.documentElement.dataset.queries || 0) + 1);
    return rows;
  };
  form.addEventListener("submit", (ev) => { ev.preventDefault(); runQuery(); });
  // Read-only hooks for tests and benchmarks.
  window.liteDemo = { embed: (texts) => embedder.embed(texts).then((v) => v.map((a) => Array.from(a))), runQuery, search: (q, s, k) => search(embedder, q, s, k) };
}

const outcome = await chooseEngine();
timings.liteOutcome = outcome;
if (outcome.ok) {
  setEngine("Gradio-Lite", `running (booted in ${seconds(outcome.ms)})`, "ready");
} else {
  await runFallback(outcome);
}
// Precaching (pages, runtime, model) starts once the demo is ready, so it does not compete with it.
registerServiceWorker();
