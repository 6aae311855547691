"""Gradio client: call any Gradio app or Hugging Face Space, from CPython and from Pyodide.

::

    from lite_client.gradio import Client, handle_file

    client = Client("abidlabs/whisper")             # or a URL
    print(client.predict(handle_file("a.wav"), api_name="/predict"))

    job = client.submit("hello", api_name="/stream")
    for update in job:                               # StatusUpdate / DataUpdate
        print(update)

    client = await AsyncClient.connect("http://127.0.0.1:7860")
    result = await client.predict("x", api_name="/echo")

See docs/gradio.md.
"""

from __future__ import annotations

from . import errors
from ._files import FileData, FileInput, handle_file
from ._job import AsyncJob, Job
from ._models import (
    ApiInfo,
    EndpointInfo,
    LogMessage,
    ProgressUnit,
    SpaceStatus,
    Status,
    StatusUpdate,
)
from ._queue import DataUpdate
from .async_client import AsyncClient
from .client import Client

__all__ = [
    "ApiInfo",
    "AsyncClient",
    "AsyncJob",
    "Client",
    "DataUpdate",
    "EndpointInfo",
    "FileData",
    "FileInput",
    "Job",
    "LogMessage",
    "ProgressUnit",
    "SpaceStatus",
    "Status",
    "StatusUpdate",
    "errors",
    "handle_file",
]
