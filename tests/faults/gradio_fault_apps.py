"""The shared test apps (tests/apps/gradio_apps.py) plus ``/limited``, an app launched with
``max_file_size="1kb"``, in ONE real Gradio process bound to 127.0.0.1 (test only).

Run: ``python -m tests.faults.gradio_fault_apps PORT``.
"""

from __future__ import annotations

import sys

import gradio as gr
import uvicorn
from fastapi import FastAPI

from tests.apps.gradio_apps import build, file_info

MAX_FILE_SIZE = 1024


def build_with_limits() -> FastAPI:
    app = build()
    limited = gr.Interface(file_info, gr.File(type="filepath"), "text", api_name="file_info")
    return gr.mount_gradio_app(app, limited, "/limited", max_file_size=MAX_FILE_SIZE)


if __name__ == "__main__":
    uvicorn.run(build_with_limits(), host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
