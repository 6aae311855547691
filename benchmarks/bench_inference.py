"""Inference client speed against the local stand-in: ours (sync, async) vs huggingface_hub, openai
and a raw ``http.client`` loop (the floor) in CPython; ours vs raw ``pyfetch`` in Pyodide/Node.

Measured, in one run, against one stand-in process (tests/standins/inference_standin.py):
non-stream chat latency, streaming throughput (tokens/s over 200-token completions) and time to
first token (TTFT). Usage: ``.venv/bin/python benchmarks/bench_inference.py [--quick]``.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MESSAGES = [{"role": "user", "content": "hi"}]
TOKENS = 200
CHAT_BODY = json.dumps({"model": "m", "messages": MESSAGES, "max_tokens": 5, "stream": False}).encode()
STREAM_BODY = json.dumps({"model": "m", "messages": MESSAGES, "max_tokens": TOKENS, "stream": True}).encode()


@contextmanager
def standin_process(max_seconds: float) -> Iterator[str]:
    """The stand-in in its own process (so it does not share the GIL with the clients measured)."""
    proc = subprocess.Popen([sys.executable, "-m", "tests.standins.inference_standin", "--port", "0",
                             "--max-seconds", str(max_seconds)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        yield proc.stdout.readline().strip()
    finally:
        proc.terminate()
        proc.wait(10)


# -- one streaming run = (total seconds, ttft seconds) for each client -----------------------------------
def raw_client(url: str) -> tuple[Callable[[], None], Callable[[], tuple[float, float]]]:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port)
    headers = {"content-type": "application/json"}

    def chat() -> None:
        conn.request("POST", "/v1/chat/completions", CHAT_BODY, headers)
        json.loads(conn.getresponse().read())

    def stream() -> tuple[float, float]:
        start = time.perf_counter()
        ttft = 0.0
        conn.request("POST", "/v1/chat/completions", STREAM_BODY, headers)
        resp = conn.getresponse()
        buf = b""
        n = 0
        done = False
        while not done:
            chunk = resp.read1(65536)
            if not chunk:
                break
            buf += chunk
            *events, buf = buf.split(b"\n\n")
            for event in events:
                data = event[5:].strip()
                if data == b"[DONE]":
                    done = True
                    break
                text = json.loads(data)["choices"][0]["delta"]["content"]
                if n == 0:
                    ttft = time.perf_counter() - start
                n += len(text) > 0
        resp.read()
        assert n == TOKENS, n
        return time.perf_counter() - start, ttft
    return chat, stream


def _timed_stream(open_stream: Callable[[], Iterable[Any]]) -> tuple[float, float]:
    """(total, time to first chunk) of one streamed completion from an OpenAI-shaped client."""
    start = time.perf_counter()
    ttft, n = 0.0, 0
    for chunk in open_stream():
        if n == 0:
            ttft = time.perf_counter() - start
        n += bool(chunk.choices[0].delta.content)
    assert n == TOKENS
    return time.perf_counter() - start, ttft


def ours_sync(url: str) -> tuple[Callable[[], None], Callable[[], tuple[float, float]]]:
    from lite_client.inference import InferenceClient

    client = InferenceClient(base_url=f"{url}/v1")

    def chat() -> None:
        client.chat_completion(MESSAGES, model="m", max_tokens=5)
    return chat, lambda: _timed_stream(lambda: client.chat_completion(MESSAGES, model="m", max_tokens=TOKENS,
                                                                      stream=True))


def hub_client(url: str) -> tuple[Callable[[], None], Callable[[], tuple[float, float]]]:
    from huggingface_hub import InferenceClient

    client = InferenceClient(base_url=f"{url}/v1")

    def chat() -> None:
        client.chat_completion(MESSAGES, model="m", max_tokens=5)
    return chat, lambda: _timed_stream(lambda: client.chat_completion(MESSAGES, model="m", max_tokens=TOKENS,
                                                                      stream=True))


def openai_client(url: str) -> tuple[Callable[[], None], Callable[[], tuple[float, float]]]:
    import openai

    client = openai.OpenAI(base_url=f"{url}/v1", api_key="sk-local", max_retries=0)

    def chat() -> None:
        client.chat.completions.create(model="m", messages=MESSAGES, max_tokens=5)  # type: ignore[arg-type]
    return chat, lambda: _timed_stream(lambda: client.chat.completions.create(  # type: ignore[call-overload]
        model="m", messages=MESSAGES, max_tokens=TOKENS, stream=True))


def ours_async(url: str) -> tuple[Callable[[], None], Callable[[], tuple[float, float]]]:
    """The async client driven by one persistent event loop, so it can be interleaved with the others."""
    from lite_client.inference import AsyncInferenceClient

    loop = asyncio.new_event_loop()
    client = loop.run_until_complete(_make_async(AsyncInferenceClient, url))

    async def achat() -> None:
        await client.chat_completion(MESSAGES, model="m", max_tokens=5)

    async def astream() -> tuple[float, float]:
        start = time.perf_counter()
        ttft, n = 0.0, 0
        async for chunk in await client.chat_completion(MESSAGES, model="m", max_tokens=TOKENS, stream=True):
            if n == 0:
                ttft = time.perf_counter() - start
            n += bool(chunk.choices[0].delta.content)
        assert n == TOKENS
        return time.perf_counter() - start, ttft
    return (lambda: loop.run_until_complete(achat())), (lambda: loop.run_until_complete(astream()))


async def _make_async(cls: Any, url: str) -> Any:
    return cls(base_url=f"{url}/v1")


CLIENTS: dict[str, Callable[[str], tuple[Callable[[], None], Callable[[], tuple[float, float]]]]] = {
    "raw http.client (floor)": raw_client,
    "lite_client InferenceClient": ours_sync,
    "lite_client AsyncInferenceClient": ours_async,
    "huggingface_hub InferenceClient": hub_client,
    "openai OpenAI": openai_client,
}


def measure_all(url: str, rounds: int, chats_per_round: int) -> dict[str, tuple[list[float], list[tuple[float, float]]]]:
    """Interleave the clients round by round, so background load on the machine hits them alike."""
    made = {name: make(url) for name, make in CLIENTS.items()}
    for chat, stream in made.values():  # warm-up: connections, imports, caches
        for _ in range(3):
            chat()
        stream()
    out: dict[str, tuple[list[float], list[tuple[float, float]]]] = {name: ([], []) for name in made}
    for _ in range(rounds):
        for name, (chat, stream) in made.items():
            for _ in range(chats_per_round):
                start = time.perf_counter()
                chat()
                out[name][0].append(time.perf_counter() - start)
            out[name][1].append(stream())
    return out


PYODIDE_CODE = """
import json, time
from pyodide.http import pyfetch
from lite_client.inference import AsyncInferenceClient
url, n_chat, n_stream, tokens = {url!r}, {n_chat}, {n_stream}, {tokens}
msgs = [{{"role": "user", "content": "hi"}}]
body = json.dumps({{"model": "m", "messages": msgs, "max_tokens": tokens, "stream": True}})
chat_body = json.dumps({{"model": "m", "messages": msgs, "max_tokens": 5, "stream": False}})
out = {{"raw_lat": [], "ours_lat": [], "raw": [], "ours": []}}

async def raw_chat():
    s = time.perf_counter()
    r = await pyfetch(url + "/v1/chat/completions", method="POST", body=chat_body, headers={{"content-type": "application/json"}})
    json.loads(await r.bytes())
    out["raw_lat"].append(time.perf_counter() - s)

async def raw_stream():
    s = time.perf_counter(); ttft = 0.0; n = 0; buf = b""; done = False
    r = await pyfetch(url + "/v1/chat/completions", method="POST", body=body, headers={{"content-type": "application/json"}})
    reader = r.js_response.body.getReader()
    while not done:
        c = await reader.read()
        if c.done: break
        buf += c.value.to_bytes()
        *events, buf = buf.split(b"\\n\\n")
        for e in events:
            d = e[5:].strip()
            if d == b"[DONE]":
                done = True; break
            t = json.loads(d)["choices"][0]["delta"]["content"]
            if n == 0: ttft = time.perf_counter() - s
            n += len(t) > 0
    out["raw"].append((time.perf_counter() - s, ttft))

async def ours_chat(client):
    s = time.perf_counter()
    await client.chat_completion(msgs, model="m", max_tokens=5)
    out["ours_lat"].append(time.perf_counter() - s)

async def ours_stream(client):
    s = time.perf_counter(); ttft = 0.0; n = 0
    async for ch in await client.chat_completion(msgs, model="m", max_tokens=tokens, stream=True):
        if n == 0: ttft = time.perf_counter() - s
        n += bool(ch.choices[0].delta.content)
    assert n == tokens
    out["ours"].append((time.perf_counter() - s, ttft))

# Interleaved, round by round (as the CPython clients are), so that machine noise hits both alike.
async with AsyncInferenceClient(base_url=url + "/v1") as client:
    for i in range(max(n_chat, n_stream)):
        if i < n_chat:
            await raw_chat(); await ours_chat(client)
        if i < n_stream:
            await raw_stream(); await ours_stream(client)
out
"""


def summarize(lat: list[float], runs: list[tuple[float, float]]) -> dict[str, float]:
    total = statistics.median(r[0] for r in runs)
    return {"latency_ms": statistics.median(lat) * 1000, "stream_total_ms": total * 1000,
            "ttft_ms": statistics.median(r[1] for r in runs) * 1000, "tokens_per_s": TOKENS / total}


def run(quick: bool = False) -> dict[str, Any]:
    rounds, chats = (12, 5) if quick else (50, 4)
    n_chat, n_stream = rounds * chats, rounds
    data: dict[str, Any] = {"tokens_per_completion": TOKENS, "n_chat": n_chat, "n_stream": n_stream}
    with standin_process(900) as url:
        for name, (lat, runs) in measure_all(url, rounds, chats).items():
            data[name] = summarize(lat, runs)
        try:
            from tests.harness import PyodideNode

            node = PyodideNode()
            try:
                node.run(PYODIDE_CODE.format(url=url, n_chat=3, n_stream=1, tokens=TOKENS), timeout=120)
                out = node.run(PYODIDE_CODE.format(url=url, n_chat=n_chat // 2, n_stream=max(5, n_stream // 3),
                                                   tokens=TOKENS), timeout=300)
            finally:
                node.close()
            data["Pyodide/Node raw pyfetch (floor)"] = summarize(out["raw_lat"], [tuple(r) for r in out["raw"]])
            data["Pyodide/Node lite_client AsyncInferenceClient"] = summarize(out["ours_lat"], [tuple(r) for r in out["ours"]])
        except Exception as exc:  # the Pyodide harness is optional here; say why it is missing
            data["pyodide_error"] = f"{type(exc).__name__}: {exc}"[:300]
    return {"title": "Inference client: chat latency, streaming throughput, TTFT", "markdown": markdown(data),
            "data": data}


def markdown(d: dict[str, Any]) -> str:
    raw, hub = d["raw http.client (floor)"], d["huggingface_hub InferenceClient"]
    rows = ["| runtime | client | non-stream latency (ms, median) | stream total (ms) | TTFT (ms) | tokens/s "
            "| × huggingface_hub tokens/s | × floor tokens/s | latency ÷ huggingface_hub |",
            "|---|---|---|---|---|---|---|---|---|"]
    for name in ("raw http.client (floor)", "lite_client InferenceClient", "lite_client AsyncInferenceClient",
                 "huggingface_hub InferenceClient", "openai OpenAI"):
        r = d[name]
        rows.append(f"| CPython | {name} | {r['latency_ms']:.2f} | {r['stream_total_ms']:.1f} | {r['ttft_ms']:.2f} "
                    f"| {r['tokens_per_s']:,.0f} | {r['tokens_per_s'] / hub['tokens_per_s']:.2f} "
                    f"| {r['tokens_per_s'] / raw['tokens_per_s']:.2f} | {r['latency_ms'] / hub['latency_ms']:.2f} |")
    pfloor = d.get("Pyodide/Node raw pyfetch (floor)")
    for name in ("Pyodide/Node raw pyfetch (floor)", "Pyodide/Node lite_client AsyncInferenceClient"):
        if name in d and pfloor:
            r = d[name]
            rows.append(f"| Pyodide/Node 26 | {name.split(' ', 1)[1]} | {r['latency_ms']:.2f} | {r['stream_total_ms']:.1f} "
                        f"| {r['ttft_ms']:.2f} | {r['tokens_per_s']:,.0f} | — | {r['tokens_per_s'] / pfloor['tokens_per_s']:.2f} "
                        f"| — |")
    note = (f"\n{d['n_chat']} sequential non-stream chat completions (5 tokens) and {d['n_stream']} streamed "
            f"completions of {d['tokens_per_completion']} tokens per client (clients interleaved round by round), "
            "against the stand-in in its own process on 127.0.0.1 (keep-alive). \"× floor\" compares with the raw `http.client` loop (CPython) or "
            "raw `pyfetch` + stream reader (Pyodide). Targets: CPython streaming ≥ 5× huggingface_hub and ≥ 0.75× "
            "floor; non-stream latency ≤ huggingface_hub; Pyodide ≥ 0.75× raw pyfetch.\n")
    if "pyodide_error" in d:
        note += f"\nPyodide numbers missing: {d['pyodide_error']}\n"
    return "\n".join(rows) + "\n" + note


if __name__ == "__main__":
    result = run(quick="--quick" in sys.argv)
    print(result["markdown"])
