// Stream a chat completion with lite_client inside Pyodide, in Node (26+, or 20 for the async client).
//
//   node examples/pyodide_inference.mjs                 # starts the local stand-in and streams from it
//   node examples/pyodide_inference.mjs http://host/v1  # any OpenAI-compatible base URL (or the HF router)
//
// Pyodide and the lite_client wheel are loaded from web/vendor/pyodide (run scripts/setup.sh first).
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const indexDir = path.join(root, "web", "vendor", "pyodide");

let baseUrl = process.argv[2];
let standin;
if (!baseUrl) {
  standin = spawn(path.join(root, ".venv", "bin", "python"),
    ["-m", "tests.standins.inference_standin", "--port", "0", "--max-seconds", "120"], { cwd: root });
  const firstLine = await new Promise((resolve) => createInterface({ input: standin.stdout }).once("line", resolve));
  baseUrl = `${firstLine.trim()}/v1`;
}

const { loadPyodide } = await import(pathToFileURL(path.join(indexDir, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL: indexDir + path.sep });
await pyodide.loadPackage("micropip");
await pyodide.runPythonAsync("import micropip\nawait micropip.install('lite-client')");  // from the local lock

pyodide.globals.set("BASE_URL", baseUrl);
pyodide.globals.set("emit", (text) => process.stdout.write(text));
try {
  await pyodide.runPythonAsync(`
from lite_client.inference import AsyncInferenceClient

async with AsyncInferenceClient(base_url=BASE_URL, timeout=60) as client:
    stream = await client.chat.completions.create(
        model="test/chat", messages=[{"role": "user", "content": "Count to five."}], stream=True, max_tokens=8)
    async with stream:
        async for chunk in stream:
            if chunk.choices:
                emit(chunk.choices[0].delta.content or "")
emit("\\n")
`);
} finally {
  standin?.kill();
}
