"""Gradio client scenarios that run unchanged in CPython and in Pyodide (Node, Chromium).

Plain module: imports only lite_client and the stdlib. Every function takes the test server's
base URL and returns JSON-able values; tests compare them with expectations and with gradio_client.
"""

import asyncio
import hashlib
import struct
import zlib

from lite_client.gradio import AsyncClient, handle_file
from lite_client.gradio import errors as gerrors


def tiny_png(width=3, height=2):
    """A small RGB PNG made with the stdlib (no pillow on the client side)."""
    rows = b""
    for y in range(height):
        rows += b"\x00" + b"".join(bytes([(x * 80) % 256, (y * 120) % 256, 200]) for x in range(width))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


async def basics(base):
    iface = await AsyncClient.connect(base + "/iface")
    blocks = await AsyncClient.connect(base + "/blocks")
    try:
        return {
            "greet": await iface.predict("World"),
            "greet_kw": await iface.predict(name="Ada", api_name="/greet"),
            "add": await blocks.predict(3, 4, api_name="/add"),
            "add_default": await blocks.predict(a=1, api_name="/add"),
            "upper": await blocks.predict("abc", api_name="/upper"),
            "hidden": await blocks.predict("undoc", api_name="/hidden"),
            "state": [await blocks.predict("a", api_name="/counter"), await blocks.predict("b", api_name="/counter")],
            "json": await blocks.predict(3, api_name="/gen_json"),
            "public": sorted(blocks.view_api().named_endpoints),
            "all": sorted(blocks.view_api(all_endpoints=True).named_endpoints),
        }
    finally:
        await iface.aclose()
        await blocks.aclose()


async def streaming(base):
    client = await AsyncClient.connect(base + "/blocks")
    try:
        job = await client.submit(4, api_name="/count")
        data, codes = [], []
        async for update in job:
            if update.type == "data":
                data.append([update.data, update.final])
            else:
                codes.append(update.code.value)
        return {"data": data, "codes": codes, "result": await job.result(), "outputs": job.outputs()}
    finally:
        await client.aclose()


async def progress_and_logs(base):
    client = await AsyncClient.connect(base + "/blocks")
    try:
        job = await client.submit(3, api_name="/slow")
        progress = []
        async for update in job:
            if update.type == "status" and update.progress_data:
                unit = update.progress_data[0]
                progress.append([unit.index, unit.length, unit.desc])
        job = await client.submit("x", api_name="/logs")
        logs = [[u.log.level, u.log.log] async for u in job if u.type == "status" and u.log]
        return {"progress": progress, "slow": await client.predict(2, api_name="/slow"), "logs": logs}
    finally:
        await client.aclose()


async def failures(base):
    client = await AsyncClient.connect(base + "/blocks")
    out = {}
    try:
        for name in ("/boom", "/crash"):
            try:
                await client.predict("bad input", api_name=name)
            except gerrors.AppError as exc:
                out[name] = [type(exc).__name__, exc.message, exc.title]
        try:
            await client.predict("", 20, api_name="/validated")
        except gerrors.GradioValidationError as exc:
            out["validated"] = [exc.status, exc.failures]
        try:
            await client.predict(1, api_name="/secret")
        except gerrors.EndpointNotFoundError as exc:
            out["secret"] = type(exc).__name__
        try:
            await client.predict(api_name="/upper")
        except gerrors.GradioError:
            pass
        except ValueError as exc:
            out["missing_arg"] = type(exc).__name__
        out["ok_after"] = await client.predict("ab", 2, api_name="/validated")
    finally:
        await client.aclose()
    qfull = await AsyncClient.connect(base + "/qfull")
    try:
        jobs, errors_seen = [], []
        for _ in range(4):
            try:
                jobs.append(await qfull.submit(0.5, api_name="/busy"))
            except gerrors.QueueFullError as exc:
                errors_seen.append(exc.status)
        out["queue_full"] = errors_seen[:1]
        out["queued_results"] = [await job.result() for job in jobs]
    finally:
        await qfull.aclose()
    return out


async def files(base):
    client = await AsyncClient.connect(base + "/blocks")
    try:
        info = await client.predict(handle_file(b"hello world", filename="hello.txt"), api_name="/file_info")
        reversed_file = await client.predict(handle_file(b"abcdef", filename="x.bin"), api_name="/reverse_file")
        content = await reversed_file.aread()
        image = await client.predict(handle_file(tiny_png(), filename="tiny.png"), api_name="/flip")
        image_bytes = await image.aread()
        return {"info": info, "reversed": content.decode(), "reversed_name": reversed_file.orig_name,
                "url_ok": reversed_file.url.startswith(base), "image_sha": hashlib.sha256(image_bytes).hexdigest(),
                "image_magic": image_bytes[:4].hex(), "image_len": len(image_bytes)}
    finally:
        await client.aclose()


async def chat(base):
    client = await AsyncClient.connect(base + "/chat")
    try:
        name = next(iter(client.view_api().named_endpoints))
        job = await client.submit("hi there", api_name=name)
        steps = [u.data async for u in job if u.type == "data"]
        return {"api_name": name, "result": await job.result(), "steps": len(steps)}
    finally:
        await client.aclose()


async def queue_ranks(base):
    client = await AsyncClient.connect(base + "/blocks")
    try:
        jobs = [await client.submit(0.4, api_name="/busy") for _ in range(3)]

        async def ranks(job):
            return [[u.rank, u.queue_size] async for u in job if u.type == "status" and u.code.value == "IN_QUEUE"]
        seen = await asyncio.gather(*(ranks(job) for job in jobs))
        return {"ranks": seen, "results": [await job.result() for job in jobs]}
    finally:
        await client.aclose()


async def cancel_generator(base):
    client = await AsyncClient.connect(base + "/blocks")
    try:
        job = await client.submit(30, api_name="/count_slow")
        steps = 0
        async for update in job:
            if update.type == "data":
                steps += 1
                if steps == 2:
                    cancelled = await job.cancel()
        try:
            await job.result()
            outcome = "finished"
        except gerrors.JobCancelledError:
            outcome = "cancelled"
        after = await client.predict("still works", api_name="/upper")
        return {"cancel_sent": cancelled, "outcome": outcome, "steps": steps, "status": job.status().code.value,
                "after": after}
    finally:
        await client.aclose()


async def login(base):
    out = {}
    for auth in (None, ("user", "wrong")):
        try:
            await AsyncClient.connect(base + "/login", auth=auth)
        except gerrors.AuthenticationError as exc:
            out[str(auth)] = [type(exc).__name__, exc.status]
    client = await AsyncClient.connect(base + "/login", auth=("user", "pass"))
    try:
        out["result"] = await client.predict("Bob")
    finally:
        await client.aclose()
    return out
