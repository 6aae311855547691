"""Fault scenarios that run unchanged in CPython and in Pyodide (Node): each calls a client against a
misbehaving local server and reports what happened as plain JSON data::

    {"items": [...], "result": ..., "error": "TypeName" | None, "extra": {...}}

``items`` are the events delivered before the end (stream tokens, Gradio data updates), so the
test can check that nothing was lost or duplicated; ``error`` is the class name of the typed error
the call ended with. Only lite_client's typed errors are caught: anything else propagates and
fails the test. Tests send this file's source to Pyodide (tests/harness/scenarios.py); it imports
only lite_client and the standard library.
"""

import asyncio
import contextlib
import time
from urllib.parse import urlsplit

from lite_client import RetryPolicy, errors
from lite_client.gradio import AsyncClient, Client, handle_file
from lite_client.inference import AsyncInferenceClient, InferenceClient

MESSAGES = [{"role": "user", "content": "hi"}]


def _short(token):
    return token if len(token) <= 64 else f"<{len(token)} chars of {token[0]!r}>"


def _outcome(items, result=None, error=None, **extra):
    return {"items": items, "result": result, "error": type(error).__name__ if error is not None else None,
            "extra": extra}


def _describe(exc):
    """Attributes of a typed error worth checking (JSON-able)."""
    out = {"message": str(exc)}
    for name in ("status", "retry_after", "estimated_time", "server_message", "error_type"):
        value = getattr(exc, name, None)
        if value is not None:
            out[name] = value
    return out


# -- inference --------------------------------------------------------------------------------------
def _inference_setup(base, fault, options):
    url = f"{base}/{fault}/" + ("tgi" if options["target"].startswith("tgi") else "v1")
    kwargs = {"timeout": options.get("timeout", 10), "headers": {"x-fault-key": options.get("key", "")}}
    if options.get("retry"):
        kwargs["retry"] = RetryPolicy(max_retries=3, backoff=0.05, total_timeout=options.get("budget", 30))
    if options.get("wait"):
        kwargs["wait_for_model"] = True
    if options.get("times"):
        kwargs["headers"]["x-fault-times"] = str(options["times"])
    return url, kwargs


def _provider_setup(base, options):
    """A provider route through the inference stand-in (router + Hub) whose queued job never
    completes; the client's poll_timeout must end the wait."""
    headers = {"x-queue-stuck": "1", "x-replicate-poll": "1", "x-fault-key": options["key"]}
    return {"provider": options["provider"], "hub_url": base, "router_url": base, "token": "hf_matrixToken123",
            "timeout": 10, "poll_timeout": options["poll_timeout"], "headers": headers}


def _timed_outcome(items, started, options, result=None, error=None):
    elapsed = time.monotonic() - started
    extra = _describe(error) if error is not None else {}
    if "poll_timeout" in options:
        extra["bounded"] = options["poll_timeout"] <= elapsed < options["poll_timeout"] + 5
    return _outcome(items, result, error, **extra)


def inference_sync(base, fault, options):
    if options["target"] == "provider-video":
        started = time.monotonic()
        try:
            with InferenceClient(**_provider_setup(base, options)) as client:
                out = client.text_to_video("a cat", model="test/text-to-video")
        except errors.LiteClientError as exc:
            return _timed_outcome([], started, options, error=exc)
        return _timed_outcome([], started, options, result=out.mime_type)
    url, kwargs = _inference_setup(base, fault, options)
    target = options["target"]
    items, result = [], None
    try:
        with InferenceClient(url, **kwargs) as client:
            if target == "chat-stream":
                for chunk in client.chat_completion(MESSAGES, stream=True):
                    if chunk.choices:
                        items.append(_short(chunk.choices[0].delta.content or ""))
            elif target == "tgi-stream":
                for token in client.text_generation("hi", stream=True):
                    items.append(_short(token))
            elif target == "chat":
                result = client.chat_completion(MESSAGES).choices[0].message.content
            else:
                result = client.text_generation("hi")
    except errors.LiteClientError as exc:
        return _outcome(items, result, exc, **_describe(exc))
    return _outcome(items, result)


async def inference_async(base, fault, options):
    if options["target"] == "provider-video":
        started = time.monotonic()
        try:
            async with AsyncInferenceClient(**_provider_setup(base, options)) as client:
                out = await client.text_to_video("a cat", model="test/text-to-video")
        except errors.LiteClientError as exc:
            return _timed_outcome([], started, options, error=exc)
        return _timed_outcome([], started, options, result=out.mime_type)
    url, kwargs = _inference_setup(base, fault, options)
    target = options["target"]
    items, result = [], None
    try:
        async with AsyncInferenceClient(url, **kwargs) as client:
            if target == "chat-stream":
                async for chunk in await client.chat_completion(MESSAGES, stream=True):
                    if chunk.choices:
                        items.append(_short(chunk.choices[0].delta.content or ""))
            elif target == "tgi-stream":
                async for token in await client.text_generation("hi", stream=True):
                    items.append(_short(token))
            elif target == "chat":
                result = (await client.chat_completion(MESSAGES)).choices[0].message.content
            else:
                result = await client.text_generation("hi")
    except errors.LiteClientError as exc:
        return _outcome(items, result, exc, **_describe(exc))
    return _outcome(items, result)


# -- Gradio -----------------------------------------------------------------------------------------
def _lower_stream_timeout(options):
    """The queue stream's read timeout (45 s by default, above Gradio's 15 s heartbeat) made short
    for the heartbeat-loss case, so that the test does not wait 45 s. Returns the old value."""
    from lite_client.gradio import _context

    old = _context.MIN_STREAM_READ_TIMEOUT
    if options.get("stream_timeout"):
        _context.MIN_STREAM_READ_TIMEOUT = options["stream_timeout"]
    return old


def _restore_stream_timeout(old):
    from lite_client.gradio import _context

    _context.MIN_STREAM_READ_TIMEOUT = old


def _gradio_kwargs(options):
    kwargs = {"timeout": options.get("timeout", 30)}
    if options.get("hub"):
        kwargs.update(hub_endpoint=options["hub"], space_poll_interval=0.05, space_wait_timeout=10)
    return kwargs


def _file_bytes(options):
    return b"z" * options.get("upload_bytes", 16)


def gradio_sync(src, options):
    old = _lower_stream_timeout(options)
    kind = options["kind"]
    items, result, extra = [], None, {}
    seen = []
    try:
        with Client(src, status_callback=seen.append if options.get("hub") else None,
                    **_gradio_kwargs(options)) as client:
            try:
                if kind == "generator":
                    job = client.submit(4, api_name="/count")
                    for update in job:
                        if update.type == "data":
                            items.append(update.data)
                    result = job.result()
                elif kind == "predict":
                    result = client.predict("abc", api_name=options.get("api_name", "/upper"))
                elif kind == "upload":
                    result = client.predict(handle_file(_file_bytes(options), filename="f.bin"),
                                            api_name="/file_info")
                elif kind == "download":
                    data = client.predict(handle_file(b"abcdef", filename="x.bin"), api_name="/reverse_file")
                    result = data.read().decode()
                elif kind == "result-timeout":
                    job = client.submit(options["work"], api_name="/busy")
                    started = time.monotonic()
                    try:
                        job.result(timeout=options["wait"])
                    except errors.RequestTimeoutError as exc:
                        extra["first"] = type(exc).__name__
                        extra["bounded"] = time.monotonic() - started < options["wait"] + 2
                    result = job.result()
                elif kind == "moved":
                    result = client.predict("abc", api_name="/upper")
                    extra["host"] = urlsplit(client.base_url).hostname
                elif kind == "cancel-race":
                    job = client.submit("abc", api_name="/upper")
                    extra["cancel_returned"] = job.cancel()
                    result = _job_result_or_cancelled(job, lambda: job.result())
                    items = [o for o in job.outputs()]
                    extra["late_cancel"] = job.cancel()
            except errors.LiteClientError as exc:
                extra.update(_describe(exc))
                if options.get("then"):
                    extra["after"] = client.predict("again", api_name="/upper")
                return _outcome(items, result, exc, **extra, statuses=[s.status for s in seen])
    except errors.LiteClientError as exc:
        return _outcome(items, result, exc, **_describe(exc), statuses=[s.status for s in seen])
    finally:
        _restore_stream_timeout(old)
    return _outcome(items, result, **extra, statuses=[s.status for s in seen])


def _job_result_or_cancelled(job, get):
    from lite_client.gradio import errors as gerrors

    try:
        return get()
    except gerrors.JobCancelledError:
        return "<cancelled>"


async def gradio_async(src, options):
    old = _lower_stream_timeout(options)
    kind = options["kind"]
    items, result, extra = [], None, {}
    seen = []
    try:
        client = await AsyncClient.connect(src, status_callback=seen.append if options.get("hub") else None,
                                           **_gradio_kwargs(options))
    except errors.LiteClientError as exc:
        _restore_stream_timeout(old)
        return _outcome(items, result, exc, **_describe(exc), statuses=[s.status for s in seen])
    try:
        if kind == "generator":
            job = await client.submit(4, api_name="/count")
            async for update in job:
                if update.type == "data":
                    items.append(update.data)
            result = await job.result()
        elif kind == "predict":
            result = await client.predict("abc", api_name=options.get("api_name", "/upper"))
        elif kind == "upload":
            result = await client.predict(handle_file(_file_bytes(options), filename="f.bin"), api_name="/file_info")
        elif kind == "download":
            data = await client.predict(handle_file(b"abcdef", filename="x.bin"), api_name="/reverse_file")
            result = (await data.aread()).decode()
        elif kind == "result-timeout":
            job = await client.submit(options["work"], api_name="/busy")
            started = time.monotonic()
            with contextlib.suppress(TimeoutError):  # a waiter cancelled from outside must not lose the job
                await asyncio.wait_for(job.result(), options["wait"] / 2)
            try:
                await job.result(timeout=options["wait"] / 2)
            except errors.RequestTimeoutError as exc:
                extra["first"] = type(exc).__name__
                extra["bounded"] = time.monotonic() - started < options["wait"] + 2
            result = await job.result()
        elif kind == "moved":
            result = await client.predict("abc", api_name="/upper")
            extra["host"] = urlsplit(client.base_url).hostname
        elif kind == "cancel-race":
            job = await client.submit("abc", api_name="/upper")
            extra["cancel_returned"] = await job.cancel()
            try:
                result = await job.result()
            except errors.LiteClientError as exc:
                if type(exc).__name__ != "JobCancelledError":
                    raise
                result = "<cancelled>"
            items = list(job.outputs())
            extra["late_cancel"] = await job.cancel()
    except errors.LiteClientError as exc:
        extra.update(_describe(exc))
        if options.get("then"):
            extra["after"] = await client.predict("again", api_name="/upper")
        return _outcome(items, result, exc, **extra, statuses=[s.status for s in seen])
    finally:
        _restore_stream_timeout(old)
        await asyncio.wait_for(client.aclose(), 10)
    return _outcome(items, result, **extra, statuses=[s.status for s in seen])
