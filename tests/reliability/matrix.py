"""The fault matrix as data: one :class:`Case` per injected fault, the expected outcome, and the
one-line behaviour that RELIABILITY.md shows. tests/reliability/test_fault_matrix.py runs every
case in CPython (sync + async) and in Pyodide under Node (sync via JSPI + async), and checks that
RELIABILITY.md's table is the one :func:`markdown_table` generates from this list::

    .venv/bin/python -m tests.reliability.matrix      # print the table

Servers: ``fault`` = tests/faults/fault_server.py (inference wire format), ``proxy`` =
tests/faults/gradio_proxy.py in front of a real Gradio 6 app, ``hub`` = the Hub stand-in
(tests/standins/hub_standin.py) pointing at the real app, ``standin`` = the inference stand-in
(router + Hub, tests/standins/inference_standin.py), ``none`` = a closed port.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["CASES", "Case", "markdown_table"]

TOKENS = ["tok0", " tok1", " tok2", " tok3", " tok4"]
TEXT = "".join(TOKENS)
COUNT_STEPS = ["tok0 ", "tok0 tok1 ", "tok0 tok1 tok2 ", "tok0 tok1 tok2 tok3 "]
ANY = object()  # "any value" marker for expect_result


@dataclass(frozen=True)
class Case:
    id: str
    fault: str  # what goes wrong (RELIABILITY.md)
    server: str  # fault | proxy | hub | standin | none
    options: dict[str, Any]  # scenario options (tests/reliability/fault_scenarios.py)
    expect_error: str | None  # class name of the typed error, None for a complete result
    behaviour: str  # what the client does (RELIABILITY.md)
    expect_items: tuple[Any, ...] | None = None  # events delivered before the end, exactly
    expect_result: Any = None  # the result (ANY: not checked; a tuple: one of these)
    expect_extra: dict[str, Any] = field(default_factory=dict)
    attempts: int | None = None  # requests the server must have seen for this call
    setup: dict[str, Any] = field(default_factory=dict)  # proxy attributes / hub stages


def _chat(**options: Any) -> dict[str, Any]:
    return {"target": "chat", **options}


CASES: list[Case] = [
    Case("connection-refused", "connection refused (closed port)", "none", _chat(),
         "ConnectError", "`ConnectError` at once, nothing sent", attempts=0),
    Case("drop-before-headers", "connection closed after the request, before any header", "fault",
         _chat(fault="drop-before-headers"), "ConnectError",
         "`ConnectError` (no response); POST not re-sent", attempts=1),
    Case("drop-mid-stream-chat", "chat SSE cut mid-event after 3 tokens", "fault",
         {"target": "chat-stream", "fault": "drop-mid-stream"}, "StreamInterruptedError",
         "3 tokens delivered once, then `StreamInterruptedError`", expect_items=tuple(TOKENS[:3])),
    Case("drop-mid-stream-tgi", "text-generation SSE cut mid-event after 3 tokens", "fault",
         {"target": "tgi-stream", "fault": "drop-mid-stream"}, "StreamInterruptedError",
         "3 tokens delivered once, then `StreamInterruptedError`", expect_items=tuple(TOKENS[:3])),
    Case("truncated-json", "200 with a JSON body cut short (complete HTTP framing)", "fault",
         _chat(fault="truncated-json"), "ProtocolError", "`ProtocolError` quoting the start of the body"),
    Case("utf8-split", "every multi-byte UTF-8 character split across chunks", "fault",
         {"target": "chat-stream", "fault": "utf8-split"}, None, "complete, exact text",
         expect_items=("h\u00e9", "llo \u20ac", " \U0001f600", " \u65e5\u672c", "!")),
    Case("utf8-invalid", "invalid UTF-8 bytes inside an SSE event", "fault",
         {"target": "chat-stream", "fault": "utf8-invalid"}, None,
         "complete; invalid bytes become U+FFFD (SSE spec)",
         expect_items=("a\ufffd\ufffdb", *TOKENS[1:])),
    Case("huge-line", "one 3 MiB SSE line (sent in 64 KiB chunks)", "fault",
         {"target": "chat-stream", "fault": "huge-line"}, None, "complete, the 3 MiB token intact",
         expect_items=("<3145728 chars of 'x'>", *TOKENS[1:])),
    Case("keepalive-silence", "one token, then only `:` keep-alive comments", "fault",
         {"target": "chat-stream", "fault": "keepalive-silence", "timeout": 0.5}, "RequestTimeoutError",
         "1 token, then `RequestTimeoutError` after `timeout` without an event", expect_items=("tok0",)),
    Case("slow-headers", "no response headers within the timeout", "fault",
         _chat(fault="slow-headers", timeout=0.5), "RequestTimeoutError", "`RequestTimeoutError` (also `TimeoutError`)"),
    Case("stalled-body", "headers, 13 body bytes, then nothing", "fault",
         _chat(fault="stalled-body", timeout=0.5), "RequestTimeoutError", "`RequestTimeoutError`"),
    Case("429-retry", "429 with `Retry-After: 1`, then 200", "fault",
         _chat(fault="rate-limited", retry=True), None,
         "with `retry=RetryPolicy()`: waits >= 1 s, retries once, complete result",
         expect_result=TEXT, attempts=2),
    Case("429-no-retry", "429 with `Retry-After: 1`", "fault", _chat(fault="rate-limited"), "RateLimitError",
         "`RateLimitError` with `retry_after == 1.0`, no retry", expect_extra={"retry_after": 1.0, "status": 429},
         attempts=1),
    Case("503-loading-wait", "503 model loading (`estimated_time: 0.2`) twice, then 200", "fault",
         _chat(fault="model-loading", wait=True, times=2), None,
         "with `wait_for_model=True`: waits, complete result", expect_result=TEXT, attempts=3),
    Case("503-loading-bounded", "503 model loading for ever", "fault",
         _chat(fault="model-loading", wait=True, times=10_000, timeout=1), "ModelLoadingError",
         "with `wait_for_model=True, timeout=1`: gives up within the budget, `ModelLoadingError`",
         expect_extra={"estimated_time": 0.2, "status": 503}),
    Case("503-loading-no-wait", "503 model loading, no opt-in", "fault", _chat(fault="model-loading"),
         "ModelLoadingError", "`ModelLoadingError` at once (nothing retried without opt-in)", attempts=1),
    Case("html-500", "500 with an HTML error page (with a `<script>`)", "fault", _chat(fault="html-500"),
         "ServerError", "`ServerError`; the HTML is kept out of the message", expect_extra={"status": 500}),
    Case("gradio-drop-mid-stream", "queue/data cut after 2 generator updates", "proxy",
         {"kind": "generator", "then": True}, "StreamInterruptedError",
         "2 updates delivered once, then `StreamInterruptedError`; the client keeps working",
         expect_items=tuple(COUNT_STEPS[:2]), expect_extra={"after": "AGAIN"},
         setup={"stream_fault": ("cut", 2)}),
    Case("gradio-queue-full", "queue/join answers 503 `Queue is full`", "proxy", {"kind": "predict"},
         "QueueFullError", "`QueueFullError` (a `ServiceUnavailableError`)",
         setup={"join_reply": (503, b'{"detail":"Queue is full. Max size is 1 and size is 1."}')}),
    Case("gradio-session-not-found", "`unexpected_error` + `session_not_found` after 1 update", "proxy",
         {"kind": "generator", "then": True}, "SessionNotFoundError",
         "1 update, then `SessionNotFoundError`; the client keeps working",
         expect_items=tuple(COUNT_STEPS[:1]), expect_extra={"after": "AGAIN"},
         setup={"stream_fault": ("inject", 1, {"msg": "unexpected_error", "message": "Session not found.",
                                               "session_not_found": True, "success": False})}),
    Case("gradio-unexpected-error", "`unexpected_error` (server stopped) after 1 update", "proxy",
         {"kind": "generator"}, "ServerStoppedError", "1 update, then `ServerStoppedError`",
         expect_items=tuple(COUNT_STEPS[:1]),
         setup={"stream_fault": ("inject", 1, {"msg": "unexpected_error",
                                               "message": "Server stopped unexpectedly.", "success": False})}),
    Case("gradio-heartbeat-silence", "queue/data goes silent (no messages, no heartbeats) after 2 updates",
         "proxy", {"kind": "generator", "stream_timeout": 1, "timeout": 1}, "RequestTimeoutError",
         "2 updates, then `RequestTimeoutError` after the stream read timeout (45 s by default; 1 s here)",
         expect_items=tuple(COUNT_STEPS[:2]), setup={"stream_fault": ("silence", 2)}),
    Case("gradio-heartbeat-dropped", "the /heartbeat connection is refused/closed", "proxy", {"kind": "generator"},
         None, "the job completes; every update exactly once", expect_items=(*COUNT_STEPS, COUNT_STEPS[-1]),
         expect_result=COUNT_STEPS[-1], setup={"heartbeat": "drop"}),
    Case("gradio-server-restart", "upstream replaced by a fresh Gradio process mid-job", "proxy",
         {"kind": "generator", "then": True}, "StreamInterruptedError",
         "2 updates, then `StreamInterruptedError`; next call served by the new process",
         expect_items=tuple(COUNT_STEPS[:2]), expect_extra={"after": "AGAIN"},
         setup={"stream_fault": ("restart", 2)}),
    Case("gradio-result-timeout", "`job.result(timeout=1)` while the app works 3 s in silence (no message due)",
         "proxy", {"kind": "result-timeout", "work": 3, "wait": 1}, None,
         "`RequestTimeoutError` after 1 s, not after the 45 s stream timeout; the job goes on and the next "
         "`result()` returns it (async: also after `asyncio.wait_for` cancelled a wait)",
         expect_result="slept 3", expect_extra={"first": "RequestTimeoutError", "bounded": True}),
    Case("gradio-config-moved", "`/config` answers 307 to another origin (the app moved)", "proxy",
         {"kind": "moved"}, None, "redirect followed; the client talks to the new origin from then on (the token "
         "and cookies stay with the old one); complete result",
         expect_result="ABC", expect_extra={"host": "localhost"}, setup={"config_redirect": "other-host"}),
    Case("gradio-cancel-race", "cancel sent right after submit of an instant job", "proxy", {"kind": "cancel-race"},
         None, "either the result or cancelled, consistently; a late cancel returns False",
         expect_result=("ABC", "<cancelled>"), expect_extra={"late_cancel": False}),
    Case("gradio-file-404", "the output file URL answers 404", "proxy", {"kind": "download"}, "NotFoundError",
         "`NotFoundError` from `FileData.read()`", expect_extra={"status": 404}, setup={"file_status": 404}),
    Case("gradio-upload-too-large", "upload above the app's `max_file_size` (1 KiB, announced in its config)",
         "proxy", {"kind": "upload", "upload_bytes": 4096, "app": "/limited"}, "InputError",
         "`InputError` before any upload request", setup={"config_patch": {}}),
    Case("gradio-upload-413", "upload above `max_file_size`, the config hiding the limit", "proxy",
         {"kind": "upload", "upload_bytes": 4096, "app": "/limited"}, "PayloadTooLargeError",
         "the server's 413 as `PayloadTooLargeError` with Gradio's message", expect_extra={"status": 413},
         setup={"config_patch": {"max_file_size": None}}),
    Case("fal-queue-stuck", "a fal-ai queued video request that never completes (router stand-in)", "standin",
         {"target": "provider-video", "provider": "fal-ai", "poll_timeout": 1}, "RequestTimeoutError",
         "with `poll_timeout=1`: polls every 0.5 s, then `RequestTimeoutError` naming the last status",
         expect_extra={"bounded": True}),
    Case("replicate-stuck", "a replicate prediction that never completes (router stand-in)", "standin",
         {"target": "provider-video", "provider": "replicate", "poll_timeout": 1}, "RequestTimeoutError",
         "with `poll_timeout=1`: polls `urls.get` every 1 s, then `RequestTimeoutError`",
         expect_extra={"bounded": True}),
    Case("space-building", "Space BUILDING, BUILDING, then RUNNING (Hub stand-in)", "hub",
         {"kind": "predict", "api_name": "/greet"}, None,
         "waits, reports each stage once per poll, then the result",
         expect_result="Hello abc!", expect_extra={"statuses": ["building", "building", "running"]},
         setup={"stages": ["BUILDING", "BUILDING", "RUNNING"]}),
]

RUNTIMES = ("CPython sync", "CPython async", "Pyodide/Node sync (JSPI)", "Pyodide/Node async")


def markdown_table() -> str:
    """The matrix as the Markdown table RELIABILITY.md carries (one row per case)."""
    head = "| # | fault | injected by | expected behaviour | " + " | ".join(RUNTIMES) + " |"
    rule = "|---|---|---|---|" + "---|" * len(RUNTIMES)
    servers = {"fault": "fault server", "proxy": "proxy → Gradio 6", "hub": "Hub stand-in → Gradio 6",
               "none": "closed port", "standin": "router + Hub stand-in"}
    rows = [f"| {i} | {c.fault} | {servers[c.server]} | {c.behaviour} | " + " | ".join("✓" for _ in RUNTIMES) + " |"
            for i, c in enumerate(CASES, 1)]
    return "\n".join([head, rule, *rows])


if __name__ == "__main__":
    print(markdown_table())
