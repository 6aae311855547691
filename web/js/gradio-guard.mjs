// Boot Gradio-Lite and detect, quickly, when it cannot start. Signals (any one fails the boot):
//  1. an `error` event on any Worker Gradio-Lite creates (window.Worker is wrapped BEFORE lite.js
//     loads); Chromium also re-raises it on window, caught here too;
//  2. the controller's initialization-error / init-file-run-error / init-code-run-error events;
//  3. the rejection of import(lite.js) (dist missing, offline and not cached);
//  4. an error box rendered inside <gradio-lite> (.error-name / .error-stack);
//  5. a watchdog for silent hangs (a slow or captive network: nothing errors).
// Success = the app's .gradio-container rendered with a form.
//
// strict (the default, no ?cdn=1): a second CSP without the CDNs is added to the document and the
// Gradio-Lite worker is wrapped in a blob worker, which inherits the document's policies, so
// neither the page nor the worker can request a third-party origin.

const STRICT_CSP = "script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; connect-src 'self'; font-src 'self' data:";
const CONTROLLER_ERRORS = ["initialization-error", "init-file-run-error", "init-code-run-error"];

function addStrictPolicy() {
  const meta = document.createElement("meta");
  meta.httpEquiv = "Content-Security-Policy";
  meta.content = STRICT_CSP;
  document.head.prepend(meta);
}

/** Wrap window.Worker so that every worker's errors reach `onError`; in strict mode use blob workers. */
function wrapWorker(strict, onError, workers) {
  const NativeWorker = window.Worker;
  class WatchedWorker extends NativeWorker {
    constructor(url, options) {
      let target = url;
      const absolute = new URL(String(url), location.href);
      if (strict && absolute.origin === location.origin && !(options && options.type === "module")) {
        // Same thing Gradio-Lite itself does for cross-origin workers; here it makes the worker
        // subject to the page's CSP (a blob worker inherits its creator's policy).
        const source = `importScripts(${JSON.stringify(absolute.href)});`;
        target = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
      }
      super(target, options);
      workers.push(this);
      this.addEventListener("error", (ev) => onError(`worker error: ${ev.message || "failed to load"}`));
      this.addEventListener("messageerror", () => onError("worker message error"));
    }
  }
  window.Worker = WatchedWorker;
  return () => { window.Worker = NativeWorker; };
}

/**
 * Try to boot the <gradio-lite> element in `host`. Resolves {ok: true, ms} when the app renders,
 * or {ok: false, reason, ms, signal} on the first failure signal. Never rejects.
 */
export function bootGradioLite({ host, liteUrl, strict, watchdogMs, onStage }) {
  const started = performance.now();
  const workers = [];
  let settle;
  const result = new Promise((resolve) => { settle = resolve; });
  let finished = false;
  const cleanups = [];
  const finish = (outcome) => {
    if (finished) return;
    finished = true;
    for (const cleanup of cleanups) cleanup();
    settle({ ...outcome, ms: performance.now() - started });
  };
  const fail = (signal, reason) => finish({ ok: false, signal, reason });

  if (strict) addStrictPolicy();
  cleanups.push(wrapWorker(strict, (reason) => fail("worker", reason), workers));

  const onWindowError = (ev) => {
    if (/importScripts|pyodide|gradio/i.test(String(ev.message))) {
      ev.preventDefault();
      fail("window", String(ev.message));
    }
  };
  addEventListener("error", onWindowError);
  cleanups.push(() => removeEventListener("error", onWindowError));

  const onViolation = (ev) => {
    if (!ev.blockedURI.startsWith(location.origin)) onStage?.(`CSP blocked ${ev.blockedURI}`);
  };
  document.addEventListener("securitypolicyviolation", onViolation);
  cleanups.push(() => document.removeEventListener("securitypolicyviolation", onViolation));

  const watchdog = setTimeout(() => fail("watchdog", `no app after ${(watchdogMs / 1000).toFixed(0)} s (silent hang)`), watchdogMs);
  cleanups.push(() => clearTimeout(watchdog));

  // Poll the element: controller events, the error box, the rendered app, the loading text.
  const element = host.querySelector("gradio-lite");
  let controllerHooked = false;
  const poll = setInterval(() => {
    const controller = element && element.controller;
    if (controller && !controllerHooked) {
      controllerHooked = true;
      for (const name of CONTROLLER_ERRORS) {
        controller.addEventListener(name, (ev) => fail(name, String(ev.detail?.message || ev.detail || name)));
      }
    }
    const errorBox = host.querySelector(".error-name, .error-stack");
    if (errorBox) fail("error-box", errorBox.textContent.trim().slice(0, 200));
    const loadText = host.querySelector(".load-text");
    if (loadText) onStage?.(loadText.textContent.trim());
    if (host.querySelector(".gradio-container form, .gradio-container .form")) finish({ ok: true });
  }, 50);
  cleanups.push(() => clearInterval(poll));

  import(liteUrl).then(
    () => onStage?.("Gradio-Lite loaded; waiting for its worker"),
    (err) => fail("import", `import of lite.js failed: ${err.message || err}`),
  );

  return result.then((outcome) => {
    if (!outcome.ok) {
      try { element?.controller?.unmount?.(); } catch { /* already broken */ }
      for (const worker of workers) worker.terminate();
      element?.remove();
    }
    return outcome;
  });
}
