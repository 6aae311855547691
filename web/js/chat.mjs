// chat.html: the conversation UI. All Python (lite_client) runs in the worker; model output is
// rendered with textContent only.
import { $, el, params, registerServiceWorker, seconds, setEngine, showOnlineState, startPyWorker, t0 } from "./loader.mjs";

showOnlineState();

const TOKEN_KEY = "lite-chat-token";
const conversation = []; // {role, content, at}
let current = null; // {id, node} of the streaming reply
const timings = (window.chatTimings = {});

for (const [param, selector] of [["base_url", "#base-url"], ["model", "#model"]]) {
  if (params.get(param)) $(selector).value = params.get(param);
}
const saved = sessionStorage.getItem(TOKEN_KEY);
if (saved) { $("#token").value = saved; $("#remember").checked = true; }
$("#remember").addEventListener("change", persistToken);
$("#token").addEventListener("input", persistToken);
function persistToken() {
  if ($("#remember").checked && $("#token").value) sessionStorage.setItem(TOKEN_KEY, $("#token").value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

function status(text) { $("#status").textContent = text; }

function addMessage(role, content) {
  const node = el("div", content, { class: "message", "data-role": role });
  $("#messages").append(node);
  return node;
}

const py = startPyWorker("chat_app.py");
setEngine("Python", "loading Pyodide and lite_client in a Web Worker");
py.ready.then((msg) => {
  timings.readyMs = performance.now() - t0;
  timings.readySinceNavigationMs = performance.now(); // performance.now() counts from navigation start
  timings.worker = msg.timings;
  setEngine("lite_client", `client ready in ${seconds(timings.readyMs)} (Pyodide ${seconds(msg.timings.loadPyodide_ms)}, wheels ${seconds(msg.timings.packages_ms)})`, "ready");
  $("#send").disabled = false;
}, (err) => setEngine("Python", `could not start: ${err.message}`, "error"))
  // Precaching (for offline use) starts once the page is up, so it does not compete with the boot.
  .finally(() => registerServiceWorker());

function setBusy(busy) {
  $("#send").disabled = busy;
  $("#stop").disabled = !busy;
}

async function send() {
  const text = $("#prompt").value.trim();
  if (!text || current) return;
  if (!navigator.onLine && !/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test($("#base-url").value)) {
    addMessage("notice", "You are offline: chat needs a network connection to the model server.");
    return;
  }
  conversation.push({ role: "user", content: text, at: new Date().toISOString() });
  addMessage("user", text);
  $("#prompt").value = "";
  const node = addMessage("assistant", "");
  const args = {
    base_url: $("#base-url").value,
    model: $("#model").value,
    token: $("#token").value,
    max_tokens: Number($("#max-tokens").value) || 512,
    messages: conversation.map(({ role, content }) => ({ role, content })),
  };
  const started = performance.now();
  let tokens = 0;
  const call = py.call("chat", args, (event) => {
    if (event.type === "token") {
      tokens += 1;
      if (tokens === 1) timings.firstTokenMs = performance.now() - started;
      node.append(document.createTextNode(event.text)); // text only, never HTML
      node.dataset.tokens = String(tokens);
    }
  });
  current = { id: call.id, node };
  setBusy(true);
  status("streaming…");
  try {
    const result = await call.promise;
    conversation.push({ role: "assistant", content: result.content, at: new Date().toISOString(), finish_reason: result.finish_reason });
    status(`${tokens} chunks in ${seconds(performance.now() - started)} via ${result.engine}`);
    node.dataset.done = "true";
  } catch (err) {
    const partial = node.textContent;
    if (err.type === "Cancelled") {
      if (partial) conversation.push({ role: "assistant", content: partial, at: new Date().toISOString(), finish_reason: "stopped" });
      status(`stopped after ${tokens} chunks`);
      node.dataset.done = "stopped";
    } else {
      if (!partial) node.remove();
      addMessage("notice", `${err.type || "Error"}: ${err.message}`);
      status("failed");
    }
  } finally {
    current = null;
    setBusy(false);
  }
}

$("#composer").addEventListener("submit", (ev) => { ev.preventDefault(); send(); });
$("#settings").addEventListener("submit", (ev) => ev.preventDefault());
$("#stop").addEventListener("click", () => { if (current) py.cancel(current.id); });
$("#clear").addEventListener("click", () => {
  if (current) py.cancel(current.id);
  conversation.length = 0;
  $("#messages").replaceChildren();
  status("cleared");
});
$("#export").addEventListener("click", () => {
  const data = {
    format: "lite-client-chat/1",
    exported_at: new Date().toISOString(),
    base_url: $("#base-url").value,
    model: $("#model").value,
    messages: conversation,
  }; // the token is never exported
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
  const link = el("a", "", { href: url, download: `chat-${data.exported_at.replace(/[:.]/g, "-")}.json` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
});
