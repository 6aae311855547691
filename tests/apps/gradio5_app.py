"""A Gradio 5.x app for the compatibility tests (run with .venv-g5/bin/python, gradio 5.50.0).

Usage: python tests/apps/gradio5_app.py PORT
"""

from __future__ import annotations

import sys
import time

import gradio as gr


def greet(name: str) -> str:
    return f"Hello {name}!"


def count(n: float):  # type: ignore[no-untyped-def]
    text = ""
    for i in range(int(n)):
        text += f"tok{i} "
        time.sleep(0.05)
        yield text


def boom(x: str) -> str:
    raise gr.Error("Custom failure: " + x)


def counter(x: str, state: int | None) -> tuple[str, int]:
    state = (state or 0) + 1
    return f"{x} #{state}", state


with gr.Blocks() as demo:
    name, out = gr.Textbox(), gr.Textbox()
    gr.Button("greet").click(greet, name, out, api_name="greet")
    n, streamed = gr.Number(), gr.Textbox()
    gr.Button("count").click(count, n, streamed, api_name="count")
    gr.Button("boom").click(boom, name, out, api_name="boom")
    state = gr.State()
    gr.Button("counter").click(counter, [name, state], [out, state], api_name="counter")

if __name__ == "__main__":
    demo.queue().launch(server_name="127.0.0.1", server_port=int(sys.argv[1]), prevent_thread_lock=False)
