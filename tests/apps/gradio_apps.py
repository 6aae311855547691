"""Real Gradio apps for the tests, all mounted in ONE FastAPI process (one server start).

Run: ``python -m tests.apps.gradio_apps PORT`` (binds 127.0.0.1). Paths:

* ``/iface``  gr.Interface ``greet``
* ``/blocks`` gr.Blocks: add, upper, counter (gr.State), count (generator), gen_json (dict
  diffs), slow (gr.Progress), logs (gr.Info/Warning), boom (gr.Error), crash (hidden error),
  file_info / reverse_file (file in/out), flip (image in/out), busy (concurrency_limit=1),
  hidden (undocumented), secret (private), check (validator → 422)
* ``/chat``   gr.ChatInterface (streaming)
* ``/login``  gr.Interface behind ``auth=("user", "pass")``
* ``/qfull``  queue(max_size=1) with a slow function
* ``/echo``   one-input echo (benchmarks)
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr
import uvicorn
from fastapi import FastAPI


def greet(name: str) -> str:
    return f"Hello {name}!"


def add(a: float, b: float = 2) -> float:
    return a + b


def upper(text: str) -> str:
    return text.upper()


def counter(text: str, history: list[str] | None) -> tuple[str, list[str]]:
    history = [*(history or []), text]
    return f"{text} #{len(history)}", history


def count(n: float):  # type: ignore[no-untyped-def]
    out = ""
    for i in range(int(n)):
        out += f"tok{i} "
        time.sleep(0.05)
        yield out


def count_slow(n: float):  # type: ignore[no-untyped-def]
    out = ""
    for i in range(int(n)):
        out += f"tok{i} "
        time.sleep(0.2)
        yield out


def gen_json(n: float):  # type: ignore[no-untyped-def]
    items: list[dict[str, int]] = []
    for i in range(int(n)):
        items.append({"i": i})
        yield {"items": list(items), "last": i}


def slow(steps: float, progress: gr.Progress = gr.Progress()) -> str:  # noqa: B008
    for _ in progress.tqdm(range(int(steps)), desc="Working"):
        time.sleep(0.15)
    return f"done {int(steps)}"


def logs(text: str) -> str:
    gr.Info(f"info: {text}")
    gr.Warning("careful")
    time.sleep(0.05)
    return text


def boom(text: str) -> str:
    raise gr.Error(f"Custom failure: {text}")


def crash(text: str) -> str:
    raise RuntimeError("internal secret detail")


def file_info(path: str) -> str:
    with open(path, "rb") as handle:
        data = handle.read()
    return f"{os.path.basename(path)}:{len(data)}"


def reverse_file(path: str) -> str:
    with open(path, "rb") as handle:
        data = handle.read()
    out = os.path.join(os.path.dirname(path), "reversed.bin")
    with open(out, "wb") as handle:
        handle.write(data[::-1])
    return out


def flip(image):  # type: ignore[no-untyped-def]
    return image.transpose(0)  # PIL: FLIP_LEFT_RIGHT


def busy(seconds: float) -> str:
    time.sleep(seconds)
    return f"slept {seconds}"


def check(x: str, n: float) -> list[object]:
    return [gr.validate(len(x) > 0, "x must not be empty"), gr.validate(n < 10, "n must be < 10")]


def validated(x: str, n: float) -> str:
    return x * int(n)


def blocks_app() -> gr.Blocks:
    with gr.Blocks() as demo:
        t1, t2 = gr.Textbox(label="text"), gr.Textbox(label="result")
        n1, n2, n3 = gr.Number(label="a"), gr.Number(label="b", value=2), gr.Number(label="n3")
        state = gr.State([])
        js = gr.JSON()
        f_in, f_out = gr.File(label="file", type="filepath"), gr.File(label="out")
        img_in, img_out = gr.Image(type="pil"), gr.Image(type="pil")
        btn = gr.Button()
        btn.click(add, [n1, n2], n3, api_name="add")
        btn.click(upper, t1, t2, api_name="upper")
        btn.click(counter, [t1, state], [t2, state], api_name="counter")
        btn.click(count, n1, t2, api_name="count")
        btn.click(count_slow, n1, t2, api_name="count_slow")
        btn.click(gen_json, n1, js, api_name="gen_json")
        btn.click(slow, n1, t2, api_name="slow")
        btn.click(logs, t1, t2, api_name="logs")
        btn.click(boom, t1, t2, api_name="boom")
        btn.click(crash, t1, t2, api_name="crash")
        btn.click(file_info, f_in, t2, api_name="file_info")
        btn.click(reverse_file, f_in, f_out, api_name="reverse_file")
        btn.click(flip, img_in, img_out, api_name="flip")
        btn.click(busy, n1, t2, api_name="busy", concurrency_limit=1)
        btn.click(upper, t1, t2, api_name="hidden", api_visibility="undocumented")
        btn.click(upper, t1, t2, api_name="secret", api_visibility="private")
        btn.click(validated, [t1, n1], t2, api_name="validated", validator=check)
    return demo


def chat_app() -> gr.ChatInterface:
    def respond(message: str, history: list[dict[str, str]]):  # type: ignore[no-untyped-def]
        text = ""
        for word in f"You said: {message}".split():
            text += word + " "
            time.sleep(0.02)
            yield text.strip()
    return gr.ChatInterface(respond)


def qfull_app() -> gr.Blocks:
    with gr.Blocks() as demo:
        n, out = gr.Number(), gr.Textbox()
        gr.Button().click(busy, n, out, api_name="busy")
    demo.queue(max_size=1, default_concurrency_limit=1)
    return demo


def build() -> FastAPI:
    app = FastAPI()
    app = gr.mount_gradio_app(app, gr.Interface(greet, "text", "text"), "/iface", show_error=False)
    app = gr.mount_gradio_app(app, blocks_app(), "/blocks", show_error=False)
    app = gr.mount_gradio_app(app, chat_app(), "/chat")
    app = gr.mount_gradio_app(app, gr.Interface(greet, "text", "text"), "/login", auth=("user", "pass"))
    app = gr.mount_gradio_app(app, qfull_app(), "/qfull")
    app = gr.mount_gradio_app(app, gr.Interface(lambda x: x, "text", "text", api_name="echo"), "/echo")
    return app


if __name__ == "__main__":
    uvicorn.run(build(), host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
