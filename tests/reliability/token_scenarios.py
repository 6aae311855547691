"""Token scenarios run unchanged in CPython and in Pyodide (Node): a client with a token calls a
user-given URL that redirects to another host. They return what happened (JSON); the test looks
at what each server received. Imports only lite_client and the standard library."""

from lite_client import errors
from lite_client.gradio import AsyncClient, Client, handle_file
from lite_client.inference import AsyncInferenceClient, InferenceClient

MESSAGES = [{"role": "user", "content": "hi"}]


def chat_sync(base, token):
    try:
        with InferenceClient(base_url=base + "/v1", token=token, timeout=10) as client:
            return client.chat_completion(MESSAGES, model="m", max_tokens=2).choices[0].message.content
    except errors.LiteClientError as exc:
        return type(exc).__name__


async def chat_async(base, token):
    try:
        async with AsyncInferenceClient(base_url=base + "/v1", token=token, timeout=10) as client:
            out = await client.chat_completion(MESSAGES, model="m", max_tokens=2)
            return out.choices[0].message.content
    except errors.LiteClientError as exc:
        return type(exc).__name__


def gradio_sync(src, token, call="download"):
    """``download``: upload, get a file back, download it (the app may redirect downloads to
    another host); ``upper``: one predict."""
    try:
        with Client(src, token=token, timeout=10) as client:
            if call == "upper":
                return client.predict("abc", api_name="/upper")
            data = client.predict(handle_file(b"abcdef", filename="x.bin"), api_name="/reverse_file")
            return data.read().decode()
    except errors.LiteClientError as exc:
        return type(exc).__name__


async def gradio_async(src, token, call="download"):
    try:
        client = await AsyncClient.connect(src, token=token, timeout=10)
        try:
            if call == "upper":
                return await client.predict("abc", api_name="/upper")
            data = await client.predict(handle_file(b"abcdef", filename="x.bin"), api_name="/reverse_file")
            return (await data.aread()).decode()
        finally:
            await client.aclose()
    except errors.LiteClientError as exc:
        return type(exc).__name__
