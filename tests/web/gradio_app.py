"""A real local Gradio app for the Space page tests: text, number, checkbox, file and image inputs,
gr.Progress updates, a queue with concurrency 1 (so a second job waits), and text, image and file
outputs. Run: python -m tests.web.gradio_app --port 7860
"""

from __future__ import annotations

import argparse
import threading
import time
from pathlib import Path
from typing import Any

import gradio as gr
import numpy as np


def describe(text: str, count: float, shout: bool, upload: Any, picture: Any,
             progress: gr.Progress = gr.Progress()) -> tuple[str, Any, str]:  # noqa: B008 - Gradio injects it
    steps = max(1, min(int(count or 1), 10))
    for i in range(steps):
        progress((i + 1) / steps, desc=f"step {i + 1}/{steps}")
        time.sleep(0.15)
    message = (text * steps).upper() if shout else text * steps
    upload_path = upload if isinstance(upload, str) else getattr(upload, "name", None)
    size = Path(upload_path).stat().st_size if upload_path else 0
    summary = f"{message} | file bytes={size}"
    if picture is not None:
        summary += f" | image={picture.shape[1]}x{picture.shape[0]}"
    image = np.zeros((32, 48, 3), dtype=np.uint8)
    image[:, :, 0] = 200
    out_file = Path(upload_path).parent / "report.txt" if upload_path else None
    if out_file is None:
        import tempfile

        out_file = Path(tempfile.mkdtemp()) / "report.txt"
    out_file.write_text(summary)
    return summary, image, str(out_file)


def build() -> gr.Blocks:
    with gr.Blocks(title="lite-client Space page test app") as demo:
        with gr.Row():
            text = gr.Textbox(label="text", value="ab")
            count = gr.Number(label="count", value=3)
            shout = gr.Checkbox(label="shout", value=False)
        upload = gr.File(label="upload", type="filepath")
        picture = gr.Image(label="picture", type="numpy")
        out_text = gr.Textbox(label="summary")
        out_image = gr.Image(label="swatch")
        out_file = gr.File(label="report")
        gr.Button("Run").click(describe, [text, count, shout, upload, picture], [out_text, out_image, out_file],
                               api_name="describe", concurrency_limit=1)
    return demo  # type: ignore[no-any-return]


class GradioApp:
    """Launch the app on 127.0.0.1:``port`` in this process (non-blocking); ``url`` ends with '/'."""

    def __init__(self, port: int = 0) -> None:
        self.demo = build()
        self.demo.queue(default_concurrency_limit=1)
        _, self.url, _ = self.demo.launch(server_name="127.0.0.1", server_port=port or None, prevent_thread_lock=True,
                                          quiet=True, show_error=True)

    def close(self) -> None:
        self.demo.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=7860)
    args = parser.parse_args()
    app = GradioApp(args.port)
    print(f"Gradio test app on {app.url}")
    threading.Event().wait()


if __name__ == "__main__":
    main()
