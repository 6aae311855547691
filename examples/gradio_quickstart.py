"""Call a Gradio app or Space with lite_client.gradio (sync and async).

    python examples/gradio_quickstart.py http://127.0.0.1:7860 /predict "hello"
"""

from __future__ import annotations

import asyncio
import sys

from lite_client.gradio import AsyncClient, Client


def sync_demo(src: str, api_name: str, text: str) -> None:
    with Client(src) as client:
        client.view_api(print_info=True)
        job = client.submit(text, api_name=api_name)
        for update in job:  # StatusUpdate (queue rank, progress, logs) and DataUpdate (outputs)
            print(update.type, getattr(update, "code", ""), getattr(update, "data", ""))
        print("result:", job.result())


async def async_demo(src: str, api_name: str, text: str) -> None:
    client = await AsyncClient.connect(src)
    try:
        jobs = [await client.submit(f"{text} {i}", api_name=api_name) for i in range(3)]
        print(await asyncio.gather(*(job.result() for job in jobs)))
    finally:
        await client.aclose()


if __name__ == "__main__":
    src, api, value = (sys.argv[1:4] + ["http://127.0.0.1:7860", "/predict", "hello"][len(sys.argv) - 1:])[:3]
    sync_demo(src, api, value)
    asyncio.run(async_demo(src, api, value))
