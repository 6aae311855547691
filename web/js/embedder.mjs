// The transformers.js engine: all-MiniLM-L6-v2 (int8 ONNX) on the plain ONNX Runtime wasm build,
// every byte from our own origin (web/vendor/, assembled by scripts/vendor_web.py).

const VENDOR = new URL("../vendor/", import.meta.url);
export const MODEL_ID = "all-MiniLM-L6-v2";

/**
 * transformers.js 4.3.1 probes a local file's metadata with a full GET whose body it never reads,
 * then GETs the file again: the 23 MB model would be downloaded twice. Give every GET of a model
 * file a clone of one shared response instead. Returns a function that drops the shared responses.
 */
function shareModelFetches(env) {
  const nativeFetch = env.fetch;
  const shared = new Map();
  env.fetch = (input, init = {}) => {
    const url = input instanceof Request ? input.url : String(input);
    if ((init.method && init.method !== "GET") || !url.includes("/models/")) return nativeFetch(input, init);
    if (!shared.has(url)) shared.set(url, nativeFetch(input, init));
    return shared.get(url).then((response) => response.clone());
  };
  return () => { shared.clear(); env.fetch = nativeFetch; };
}

/**
 * Load the feature-extraction pipeline. `onProgress(loaded, total, stage)` gets byte counts summed
 * over the model files (totals from Content-Length or assets.json sizes).
 * Returns {embed(texts) -> Float32Array[], loadMs, marks: {importMs, downloadedMs, sessionMs}}.
 */
export async function loadEmbedder({ onProgress, sizes = {} }) {
  const started = performance.now();
  const { env, pipeline } = await import(new URL("transformers/transformers.js", VENDOR).href);
  const marks = { importMs: performance.now() - started, downloadedMs: 0 };
  onProgress?.(0, 0, "runtime loaded");
  env.allowRemoteModels = false; // never the Hub
  env.allowLocalModels = true; // false by default in browsers
  // Must be a path, not an absolute URL (transformers.js 4.3.1 skips its local probe for URLs).
  env.localModelPath = new URL("models/", VENDOR).pathname;
  env.useBrowserCache = false; // the service worker caches; avoid storing every byte twice
  env.useWasmCache = false;
  env.backends.onnx.wasm.wasmPaths = {
    mjs: new URL("ort/ort-wasm-simd-threaded.mjs", VENDOR).href,
    wasm: new URL("ort/ort-wasm-simd-threaded.wasm", VENDOR).href,
  };
  env.backends.onnx.wasm.numThreads = 1; // no speed-up on small machines; needs no COOP/COEP
  const releaseShared = shareModelFetches(env);

  const files = new Map();
  const report = () => {
    let loaded = 0;
    let total = 0;
    for (const f of files.values()) { loaded += f.loaded; total += f.total; }
    onProgress?.(loaded, total, "model");
  };
  const extractor = await pipeline("feature-extraction", MODEL_ID, {
    dtype: "q8",
    device: "wasm",
    // Graph optimisations cost ~0.8 s of session creation on a 2-core machine for this small int8
    // model and bought no measurable query speed (see docs/web.md): skip them.
    session_options: { graphOptimizationLevel: "disabled" },
    progress_callback: (info) => {
      if (!info.file) return;
      const sizeHint = sizes[`vendor/models/${MODEL_ID}/${info.file}`] || 0;
      const entry = files.get(info.file) || { loaded: 0, total: sizeHint };
      if (info.total) entry.total = info.total;
      if (info.loaded !== undefined) entry.loaded = info.loaded;
      if (info.status === "done") entry.loaded = entry.total;
      files.set(info.file, entry);
      if (info.file.endsWith(".onnx") && info.status === "done") marks.downloadedMs = performance.now() - started;
      report();
    },
  });
  releaseShared();
  const loadMs = performance.now() - started;
  marks.sessionMs = loadMs - marks.downloadedMs; // ONNX Runtime wasm compile + session creation

  async function embed(texts) {
    const output = await extractor(texts, { pooling: "mean", normalize: true });
    const [count, dim] = output.dims;
    const data = output.data;
    return Array.from({ length: count }, (_, i) => data.slice(i * dim, (i + 1) * dim));
  }
  return { embed, loadMs, marks };
}

/** Rank `sentences` by cosine similarity to `query` (embeddings are normalised). */
export async function search(embedder, query, sentences, topK) {
  const vectors = await embedder.embed([query, ...sentences]);
  const q = vectors[0];
  const scored = sentences.map((sentence, i) => {
    const v = vectors[i + 1];
    let dot = 0;
    for (let j = 0; j < q.length; j++) dot += q[j] * v[j];
    return { sentence, score: dot };
  });
  scored.sort((a, b) => b.score - a.score);
  return scored.slice(0, topK).map((row, i) => ({ rank: i + 1, ...row }));
}
