// Module worker: boots its own Pyodide and runs code sent by the page.
import { boot } from "./boot.mjs";

const booted = boot().then((b) => { postMessage({ ready: true, timings: b.timings }); return b; },
                           (err) => { postMessage({ ready: false, error: String(err) }); throw err; });
let chain = Promise.resolve();
addEventListener("message", (ev) => {
  const { id, code } = ev.data;
  chain = chain.then(async () => {
    const { run } = await booted;
    let text;
    try { text = await run(code); }
    catch (err) { text = JSON.stringify({ ok: false, error: "JavaScriptError", message: String(err), traceback: "" }); }
    postMessage({ id, text });
  });
});
