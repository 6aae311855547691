// Service worker: offline support for the demo pages.
// * install: precache the pages, the transformers.js runtime, the ORT wasm and the model
//   (list and version generated into vendor/sw-assets.js by scripts/vendor_web.py), with
//   cache:'reload' so a stale HTTP-cached copy is never stored;
// * activate: delete every older cache of ours (the cache name carries the version);
// * fetch: same-origin GETs are served cache-first; Pyodide files are cached on first use so the
//   chat and Space pages boot offline too; Gradio-Lite's dist stays network-only (it cannot run
//   offline, and failing fast is what triggers the fallback).
// Never cached: anything that is not a GET, requests with an Authorization / X-HF-Authorization header or explicit
// credentials (fetch(..., {credentials: "include"})), and every cross-origin request (Inference Providers, Gradio servers): network-only.
importScripts("./vendor/sw-assets.js");

const SW_REVISION = 1;
const PREFIX = "lite-demos-";
const CACHE = `${PREFIX}r${SW_REVISION}-${self.LITE_ASSETS.version}`;
const RUNTIME_CACHED = ["vendor/pyodide/"];
const NETWORK_ONLY = ["vendor/gradio-lite/"];
const SCOPE = new URL("./", self.location.href);

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(self.LITE_ASSETS.precache.map((url) => new Request(new URL(url, SCOPE), { cache: "reload" })));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

function networkOnly(request, url) {
  return request.method !== "GET"
    || url.origin !== self.location.origin
    || request.headers.has("Authorization")
    || request.headers.has("X-HF-Authorization") // the Gradio client's token header
    // Explicit credentialed fetches; navigations always say "include" and are our own static pages.
    || (request.credentials === "include" && request.mode !== "navigate")
    || NETWORK_ONLY.some((prefix) => url.href.startsWith(new URL(prefix, SCOPE).href));
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (networkOnly(request, url)) return; // the browser fetches it normally; nothing is stored
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    // Pages are looked up without their query (?cdn=1, ?lite=0 ...).
    const cached = await cache.match(request, { ignoreSearch: request.mode === "navigate" });
    if (cached) return cached;
    const response = await fetch(request);
    if (response.ok && response.type === "basic" && RUNTIME_CACHED.some((p) => url.href.startsWith(new URL(p, SCOPE).href))) {
      await cache.put(request, response.clone());
    }
    return response;
  })());
});
