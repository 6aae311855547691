// space.html: connect to a Gradio app through lite_client (in the worker), generate a form from
// its API, submit with live queue/progress, render outputs (text, images via blob:, file links).
import { $, el, params, registerServiceWorker, seconds, setEngine, showOnlineState, startPyWorker, t0 } from "./loader.mjs";

showOnlineState();

const py = startPyWorker("space_app.py");
let app = null; // {app_id, base, endpoints}
const blobUrls = [];

setEngine("Python", "loading Pyodide and lite_client in a Web Worker");
py.ready.then((msg) => {
  setEngine("lite_client", `client ready in ${seconds(performance.now() - t0)} (Pyodide ${seconds(msg.timings.loadPyodide_ms)})`, "ready");
  $("#connect-button").disabled = false;
  if (params.get("src")) { $("#src").value = params.get("src"); connect(); }
}, (err) => setEngine("Python", `could not start: ${err.message}`, "error"))
  .finally(() => registerServiceWorker()); // after the boot, so precaching does not compete with it

function appStatus(text, state = "") {
  $("#app-status").textContent = text;
  $("#app-status").dataset.state = state;
}

function inputFor(param) {
  const id = `in-${param.name}`;
  const label = el("label", `${param.label} (${param.component})`);
  let input;
  switch (param.component) {
    case "Number":
    case "Slider":
      input = el("input", "", { type: "number", step: "any", id });
      if (param.default !== null && param.default !== undefined) input.value = String(param.default);
      break;
    case "Checkbox":
      input = el("input", "", { type: "checkbox", id });
      input.checked = Boolean(param.default);
      break;
    case "File":
      input = el("input", "", { type: "file", id });
      break;
    case "Image":
      input = el("input", "", { type: "file", accept: "image/*", id });
      break;
    default:
      input = el("textarea", "", { rows: "2", id });
      if (typeof param.default === "string") input.value = param.default;
      else if (param.default !== null && param.default !== undefined) input.value = JSON.stringify(param.default);
  }
  input.dataset.param = param.name;
  input.dataset.component = param.component;
  label.append(input);
  return label;
}

function showEndpoint() {
  const endpoint = app.endpoints.find((e) => e.api_name === $("#endpoint").value);
  $("#inputs").replaceChildren(...endpoint.parameters.map(inputFor));
}

async function connect() {
  const src = $("#src").value.trim();
  if (!src) { appStatus("Enter a Space id or a URL", "error"); return; }
  appStatus(`connecting to ${src}…`);
  const call = py.call("connect", { src, token: $("#token").value }, (event) => appStatus(event.text));
  try {
    app = await call.promise;
  } catch (err) {
    appStatus(`${err.type}: ${err.message}`, "error");
    return;
  }
  appStatus(`connected to ${app.base} (Gradio ${app.version || "?"}), ${app.endpoints.length} endpoint(s)`, "ready");
  $("#endpoint").replaceChildren(...app.endpoints.map((e) => el("option", e.api_name, { value: e.api_name })));
  $("#call").hidden = false;
  showEndpoint();
}

async function collectInputs() {
  const values = {};
  const files = {};
  for (const input of $("#inputs").querySelectorAll("[data-param]")) {
    const name = input.dataset.param;
    if (input.type === "file") {
      const file = input.files[0];
      if (file) files[name] = { filename: file.name, mime: file.type, data: new Uint8Array(await file.arrayBuffer()) };
      else values[name] = null;
    } else if (input.type === "checkbox") values[name] = input.checked;
    else if (input.type === "number") values[name] = input.value === "" ? null : Number(input.value);
    else values[name] = input.value;
  }
  return { values, files };
}

function showProgress(items) {
  const row = $("#job-progress");
  const item = items[items.length - 1];
  if (!item) return;
  const fraction = item.progress ?? (item.length ? item.index / item.length : 0);
  row.hidden = false;
  row.querySelector("progress").value = 100 * fraction;
  row.querySelector(".progress-detail").textContent = `${Math.round(100 * fraction)}%${item.desc ? " · " + item.desc : ""}`;
}

function isFile(value) { return value && typeof value === "object" && typeof value.url === "string"; }

async function renderOutput(value, spec) {
  const box = el("div", "", { class: "output", "data-component": spec.component || "" });
  box.append(el("h3", spec.label || spec.component || "output"));
  if (isFile(value) && /^https?:\/\//.test(value.url)) {
    const name = value.orig_name || value.path?.split("/").pop() || "file";
    if (spec.component === "Image") {
      const { base64, type } = await py.call("fetch_file", { app_id: app.app_id, url: value.url }).promise;
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const url = URL.createObjectURL(new Blob([bytes], { type: type || "image/png" }));
      blobUrls.push(url);
      box.append(el("img", "", { src: url, alt: name }));
    } else {
      box.append(el("a", name, { href: value.url, download: name, rel: "noopener noreferrer", target: "_blank" }));
    }
  } else if (typeof value === "string") {
    box.append(el("pre", value));
  } else {
    box.append(el("pre", JSON.stringify(value, null, 2)));
  }
  return box;
}

async function submit() {
  const endpoint = app.endpoints.find((e) => e.api_name === $("#endpoint").value);
  const { values, files } = await collectInputs();
  $("#submit").disabled = true;
  $("#outputs").replaceChildren();
  $("#job-progress").hidden = true;
  while (blobUrls.length) URL.revokeObjectURL(blobUrls.pop());
  const queue = $("#queue");
  queue.textContent = "submitting…";
  queue.dataset.state = "submitting";
  const started = performance.now();
  const call = py.call("submit", { app_id: app.app_id, api_name: endpoint.api_name, values, files }, (event) => {
    if (event.type === "queue") {
      queue.textContent = `in queue: position ${event.rank + 1} of ${event.queue_size}${event.eta ? `, about ${event.eta.toFixed(1)} s` : ""}`;
      queue.dataset.state = "queued";
      queue.dataset.rank = String(event.rank);
    } else if (event.type === "started") {
      queue.textContent = "running…";
      queue.dataset.state = "running";
    } else if (event.type === "progress") {
      showProgress(event.progress);
      queue.dataset.progressSeen = "true";
    } else if (event.type === "status") {
      queue.textContent = event.text;
    } else if (event.type === "log") {
      queue.textContent = `${event.level}: ${event.text}`;
    }
  });
  try {
    const result = await call.promise;
    const boxes = await Promise.all(result.data.map((value, i) => renderOutput(value, result.returns[i] || {})));
    $("#outputs").replaceChildren(...boxes);
    queue.textContent = `done in ${seconds(performance.now() - started)}`;
    queue.dataset.state = "done";
  } catch (err) {
    queue.textContent = `${err.type}: ${err.message}`;
    queue.dataset.state = "error";
  } finally {
    $("#submit").disabled = false;
  }
}

$("#connect").addEventListener("submit", (ev) => { ev.preventDefault(); connect(); });
$("#endpoint").addEventListener("change", showEndpoint);
$("#call").addEventListener("submit", (ev) => { ev.preventDefault(); submit(); });
