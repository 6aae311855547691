"""STAND-IN for the remote Hugging Face inference services — NOT a real service.

A local stdlib HTTP/1.1 server (127.0.0.1 only, keep-alive, chunked SSE, CORS + OPTIONS) that
speaks the wire format documented in /work/shared/reference/inference-protocol.md, so that tests
and benchmarks can run lite_client, huggingface_hub and openai against the same bytes offline.
It plays three roles on one port:

* the Hub API: ``GET /api/models/{id}`` (``expand=inferenceProviderMapping`` / ``inference``),
  ``GET /api/models?inference_provider=``, ``GET /api/tasks``;
* the router: ``/v1/chat/completions`` (auto), ``/{provider}/…`` provider routes (OpenAI chat and
  completions, images, embeddings, fal-ai sync + queue, replicate predictions) and hf-inference
  ``/hf-inference/models/{org}/{task}[/pipeline/{task}]`` — the *task* is the model id's last part;
* endpoints: ``/endpoint/{task}`` (a dedicated endpoint for ``task``), ``/tgi`` (TGI compat route),
  ``/generate``, ``/generate_stream``, ``/health``, ``/info``; result files under ``/files/``.

Request headers that steer it (error injection):
``x-sse-style: openai|tgi`` (``data: `` + ``data: [DONE]`` vs ``data:`` + ``data:[DONE]``),
``x-keepalive: 1`` (a ``:`` comment between events), ``x-fail: <status>`` (+ ``x-fail-times: n`` and
``x-fail-key: k`` to fail only the first n requests of key k; ``x-fail-shape: string|object|detail``),
``x-stream-error: <n>`` (an error event after n tokens; ``x-stream-error-shape:
tgi-generate|tgi-chat|openai``), ``x-drop-after: <n>`` (cut the connection after n tokens),
``x-token-delay-ms``, ``x-delay-ms`` (before answering), ``x-no-done: 1``, ``x-queue-stuck: 1``
(a fal-ai queued request / replicate prediction that never completes).
Every request is recorded in ``server.requests`` (method, path, headers, body).

Run standalone (benchmarks): ``python -m tests.standins.inference_standin --port 0`` prints the URL.
"""

from __future__ import annotations

import base64
import json
import struct
import threading
import time
import zlib
from collections import defaultdict
from http.server import ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from tests.harness.cors_server import CORSHandler

__all__ = ["PNG", "WAV", "InferenceStandIn", "chat_tokens"]


def _png(width: int = 2, height: int = 2) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


PNG = _png()
WAV = b"RIFF" + struct.pack("<I", 36) + b"WAVEfmt " + struct.pack("<IHHIIHH", 16, 1, 1, 8000, 8000, 1, 8) + b"data" + struct.pack("<I", 0)
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
FILES = {"image.png": (PNG, "image/png"), "audio.wav": (WAV, "audio/wav"), "video.mp4": (MP4, "video/mp4")}
B64_PNG = base64.b64encode(PNG).decode()


def chat_tokens(n: int) -> list[str]:
    """The deterministic completion: ``tok0``, `` tok1``, …"""
    return [f"tok{i}" if i == 0 else f" tok{i}" for i in range(n)]


def task_output(task: str, body: Any) -> Any:
    """Canned hf-inference JSON output for ``task`` (shapes from the reference §4)."""
    params = body.get("parameters") or {} if isinstance(body, dict) else {}
    inputs = body.get("inputs") if isinstance(body, dict) else None
    label_scores = [{"label": "cat", "score": 0.9}, {"label": "dog", "score": 0.1}]
    if task == "feature-extraction":
        vec = [0.1, 0.2, 0.3]
        return [vec for _ in inputs] if isinstance(inputs, list) else vec
    if task == "sentence-similarity":
        return [round(0.9 - 0.1 * i, 2) for i, _ in enumerate((inputs or {}).get("sentences", []))]
    if task == "zero-shot-classification" or task == "zero-shot-image-classification":
        labels = params.get("candidate_labels") or ["a", "b"]
        return [{"label": lab, "score": round(1.0 / (i + 1.5), 3)} for i, lab in enumerate(labels)]
    if task in ("tabular-classification", "tabular-regression"):
        table = body.get("table") or {}
        rows = len(next(iter(table.values()), []))
        return [f"class_{i}" for i in range(rows)] if task == "tabular-classification" else [1.5 + i for i in range(rows)]
    return {
        "fill-mask": [{"score": 0.9, "token": 3000, "token_str": "Paris", "sequence": "The capital is Paris."},
                      {"score": 0.05, "token": 3001, "token_str": "Lyon", "sequence": "The capital is Lyon."}],
        "text-classification": [[{"label": "POSITIVE", "score": 0.99}, {"label": "NEGATIVE", "score": 0.01}]],
        "token-classification": [{"entity_group": "LOC", "score": 0.99, "word": "Paris", "start": 0, "end": 5}],
        "question-answering": {"answer": "Paris", "score": 0.9, "start": 0, "end": 5},
        "table-question-answering": {"answer": "AVERAGE > 36", "coordinates": [[0, 1]], "cells": ["36"],
                                     "aggregator": "AVERAGE"},
        "summarization": [{"summary_text": "A short summary."}],
        "translation": [{"translation_text": "Bonjour le monde"}],
        "image-classification": label_scores,
        "audio-classification": label_scores,
        "image-segmentation": [{"label": "cat", "score": 0.9, "mask": B64_PNG}],
        "object-detection": [{"score": 0.9, "label": "cat", "box": {"xmin": 1, "ymin": 2, "xmax": 3, "ymax": 4}}],
        "image-to-text": [{"generated_text": "a red square"}],
        "audio-to-audio": [{"label": "speech", "content-type": "audio/wav", "blob": base64.b64encode(WAV).decode()}],
        "automatic-speech-recognition": {"text": "hello world",
                                         "chunks": [{"text": "hello", "timestamp": [0.0, 0.5]}]},
        "visual-question-answering": [{"answer": "red", "score": 0.9}],
        "document-question-answering": [{"answer": "42", "score": 0.9, "start": 1, "end": 2}],
    }.get(task, {"error": f"stand-in: unknown task {task!r}"})


BINARY_TASKS = {"text-to-image": FILES["image.png"], "image-to-image": FILES["image.png"],
                "text-to-speech": FILES["audio.wav"]}
VIDEO_TASKS = ("text-to-video", "image-to-video")


def default_mapping(model: str) -> dict[str, Any]:
    """Provider mapping for a stand-in model id: hf-inference for ``org/<task>``; chat ids get
    together + hf-inference; image/video ids get fal-ai + replicate (+ together for images)."""
    task = model.rsplit("/", 1)[-1]
    if task in ("chat", "conversational") or task.startswith("chat"):
        return {"together": {"providerId": f"{model}-together", "status": "live", "task": "conversational"},
                "hf-inference": {"providerId": model, "status": "live", "task": "conversational"}}
    if task in VIDEO_TASKS:
        return {"fal-ai": {"providerId": "fal-ai/video-model", "status": "live", "task": task},
                "replicate": {"providerId": "org/video-model", "status": "live", "task": task}}
    if task == "text-to-image":
        return {"fal-ai": {"providerId": "fal-ai/image-model", "status": "live", "task": task},
                "hf-inference": {"providerId": model, "status": "live", "task": task},
                "together": {"providerId": "together/image-model", "status": "live", "task": task},
                "replicate": {"providerId": "org/image-model:v1", "status": "live", "task": task}}
    if task == "text-generation":
        return {"hf-inference": {"providerId": model, "status": "live", "task": task},
                "together": {"providerId": f"{model}-together", "status": "live", "task": task}}
    return {"hf-inference": {"providerId": model, "status": "live", "task": task}}


class _Handler(CORSHandler):
    server: _Server

    # -- low-level writers ------------------------------------------------------------------------------
    def _send(self, status: int, body: bytes, ctype: str = "application/json",
              extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("x-request-id", f"standin-{self.server.counter}")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, data: Any, status: int = 200, extra: dict[str, str] | None = None) -> None:
        self._send(status, json.dumps(data).encode(), extra=extra)

    def _start_sse(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("x-request-id", f"standin-{self.server.counter}")
        self.end_headers()

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def _event(self, payload: Any) -> None:
        if not hasattr(self, "_sep"):  # read the style headers once per request, not per event
            self._sep = b"data:" if self.headers.get("x-sse-style") == "tgi" else b"data: "
            self._keepalive = bool(self.headers.get("x-keepalive"))
        data = payload if isinstance(payload, bytes) else json.dumps(payload, separators=(",", ":")).encode()
        if self._keepalive:
            self._chunk(b":\n\n")
        self._chunk(self._sep + data + b"\n\n")

    def _end_sse(self, done: bool) -> None:
        if done and not self.headers.get("x-no-done"):
            self._event(b"[DONE]")
        self._chunk(b"")

    # -- dispatch ---------------------------------------------------------------------------------------
    def _record(self, body: bytes) -> None:
        with self.server.lock:
            self.server.counter += 1
            self.server.requests.append({"method": self.command, "path": self.path, "body": body,
                                         "headers": {k.lower(): v for k, v in self.headers.items()}})
            del self.server.requests[:-500]

    def _injected_failure(self) -> bool:
        status = self.headers.get("x-fail")
        if not status:
            return False
        times, key = self.headers.get("x-fail-times"), self.headers.get("x-fail-key", "")
        if times is not None:
            with self.server.lock:
                self.server.fail_counts[key] += 1
                if self.server.fail_counts[key] > int(times):
                    return False
        code = int(status)
        shape = self.headers.get("x-fail-shape", "string")
        message = f"stand-in failure {code}"
        body: Any = {"error": message}
        if shape == "object":
            body = {"error": {"message": message, "type": "invalid_request_error", "code": code}}
        elif shape == "detail":
            body = {"detail": message}
        extra: dict[str, str] = {}
        if code == 503:
            body = {"error": "Model test/model is currently loading", "estimated_time": 0.01}
        if code == 429:
            extra["Retry-After"] = "0"
        self._json(body, code, extra)
        return True

    def _body(self) -> tuple[bytes, Any]:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._record(raw)
        try:
            return raw, json.loads(raw) if raw and raw[:1] in b"{[" else None
        except ValueError:
            return raw, None

    def do_GET(self) -> None:
        self._record(b"")
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        path = unquote(url.path)
        if self._injected_failure():
            return
        if path.startswith("/files/"):
            content, ctype = FILES.get(path[7:], (b"", "application/octet-stream"))
            self._send(200 if content else 404, content, ctype)
        elif path.endswith("/health"):
            self._send(200, b"")
        elif path.endswith("/info"):
            self._json({"model_id": "stand-in/tgi", "model_dtype": "float16", "max_input_tokens": 4096,
                        "version": "3.3.6-standin"})
        elif path == "/v1/models":
            self._json({"object": "list", "data": [{"id": "test/chat", "object": "model"}]})
        elif path == "/api/tasks":
            self._json({t: {"widgetModels": [f"test/{t}"]} for t in
                        ("fill-mask", "text-classification", "text-generation", "summarization")})
        elif path == "/api/models":
            provider = query.get("inference_provider", ["hf-inference"])[0]
            self._json([{"id": f"test/{t}", "pipeline_tag": t} for t in ("fill-mask", "summarization")]
                       if provider == "hf-inference" else [])
        elif path.startswith("/api/models/"):
            model = path[len("/api/models/"):]
            tag = model.rsplit("/", 1)[-1]
            tag = "text-generation" if tag.startswith("chat") else tag
            tags = [tag, "sentence-similarity"] if tag == "feature-extraction" else [tag]
            info: dict[str, Any] = {"_id": "standin", "id": model, "pipeline_tag": tag, "tags": tags}
            expand = query.get("expand", []) + query.get("expand[]", [])
            if "inferenceProviderMapping" in expand:
                info["inferenceProviderMapping"] = self.server.mappings.get(model) or default_mapping(model)
            if "inference" in expand and not model.endswith("cold"):
                info["inference"] = "warm"
            self._json(info)
        elif "/requests/" in path:  # fal-ai queue status and result
            rid = path.split("/requests/", 1)[1].split("/")[0]
            if path.endswith("/status"):
                with self.server.lock:
                    self.server.polls[rid] += 1
                    done = self.server.polls[rid] >= 2 and not self.headers.get("x-queue-stuck")
                self._json({"status": "COMPLETED" if done else "IN_PROGRESS"})
            else:
                base = f"http://127.0.0.1:{self.server.server_address[1]}"
                self._json({"video": {"url": f"{base}/files/video.mp4"}, "images": [{"url": f"{base}/files/image.png"}]})
        elif path.startswith("/replicate/v1/predictions/"):
            base = f"http://127.0.0.1:{self.server.server_address[1]}"
            if self.headers.get("x-queue-stuck"):
                self._json({"status": "processing", "output": None, "urls": {"get": f"{base}{path}"}})
            else:
                self._json({"status": "succeeded", "output": [f"{base}/files/video.mp4"]})
        else:
            self._json({"error": f"stand-in: no route GET {path}"}, 404)

    def do_POST(self) -> None:
        raw, body = self._body()
        delay = self.headers.get("x-delay-ms")
        if delay:
            time.sleep(int(delay) / 1000)
        if self._injected_failure():
            return
        path = unquote(urlsplit(self.path).path)
        query = urlsplit(self.path).query
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        if path.endswith("/chat/completions"):
            self._chat(body or {})
        elif path.endswith("/completions"):
            self._completions(body or {})
        elif path.endswith("/generate_stream"):
            self._tgi(body or {}, stream=True, as_list=False)
        elif path.endswith("/generate"):
            self._tgi(body or {}, stream=False, as_list=False)
        elif path.endswith("/images/generations"):
            self._json({"data": [{"b64_json": B64_PNG}]})
        elif path.endswith("/embeddings"):
            inputs = (body or {}).get("input")
            n = len(inputs) if isinstance(inputs, list) else 1
            self._json({"data": [{"embedding": [0.1, 0.2, 0.3], "index": i} for i in range(n)]})
        elif path.startswith("/fal-ai/"):
            if "_subdomain=queue" in query:
                rid = f"r{self.server.counter}"
                self._json({"request_id": rid, "status": "IN_QUEUE",
                            "response_url": f"https://queue.fal.run{path[len('/fal-ai'):]}/requests/{rid}"})
            elif (body or {}).get("audio_url"):
                self._json({"text": "hello from fal"})
            elif "text" in (body or {}):
                self._json({"audio": {"url": f"{base}/files/audio.wav"}})
            else:
                self._json({"images": [{"url": f"{base}/files/image.png"}]})
        elif path.startswith("/replicate/"):
            if self.headers.get("x-replicate-poll"):
                self._json({"status": "starting", "output": None, "urls": {"get": f"{base}/replicate/v1/predictions/p1"}})
            else:
                self._json({"status": "succeeded", "output": f"{base}/files/image.png"})
        elif path in ("/tgi", "/", "/endpoint/text-generation") or path.endswith("/text-generation"):
            self._tgi(body or {}, stream=bool((body or {}).get("stream")), as_list=True)
        else:
            task = path.split("/pipeline/", 1)[1] if "/pipeline/" in path else path.rstrip("/").rsplit("/", 1)[-1]
            self._task(task, body if body is not None else raw)

    # -- tasks ------------------------------------------------------------------------------------------
    def _task(self, task: str, body: Any) -> None:
        if task in BINARY_TASKS:
            content, ctype = BINARY_TASKS[task]
            self._send(200, content, ctype)
            return
        out = task_output(task, body if isinstance(body, dict) else {})
        self._json(out, 404 if isinstance(out, dict) and "error" in out else 200,
                   {"x-received-bytes": str(len(body)) if isinstance(body, bytes) else "json"})

    def _stream_tokens(self, tokens: list[str], make: Any, error_shape_default: str) -> bool:
        """Send one event per token; handle delay/error/drop injection. False if the stream was cut."""
        delay = int(self.headers.get("x-token-delay-ms") or 0) / 1000
        err_at = self.headers.get("x-stream-error")
        drop_at = self.headers.get("x-drop-after")
        for i, tok in enumerate(tokens):
            if err_at is not None and i == int(err_at):
                shape = self.headers.get("x-stream-error-shape", error_shape_default)
                self._event({
                    "tgi-generate": {"error": "Request failed during generation: stand-in", "error_type": "generation"},
                    "tgi-chat": {"error": {"message": "Input validation error: stand-in", "http_status_code": 422}},
                    "openai": {"error": {"message": "stand-in provider error", "type": "server_error", "code": 500}},
                }[shape])
                self._chunk(b"")
                return False
            if drop_at is not None and i == int(drop_at):
                self.close_connection = True
                self.wfile.flush()
                self.connection.shutdown(2)
                return False
            self._event(make(i, tok, i == len(tokens) - 1))
            if delay:
                time.sleep(delay)
        return True

    def _chat(self, body: dict[str, Any]) -> None:
        n = int(body.get("max_tokens") or 5)
        tokens = chat_tokens(n)
        model = body.get("model") or "dummy"
        created = 1795392277
        tools = body.get("tools") if body.get("tool_choice") != "none" else None
        tool_call = {"id": "call_0", "type": "function", "function": {
            "name": (tools[0].get("function") or {}).get("name") if tools else None, "arguments": '{"city":"Paris"}'}}
        usage = {"prompt_tokens": len(body.get("messages") or []), "completion_tokens": n, "total_tokens": n + len(body.get("messages") or [])}

        def logprobs(toks: list[str]) -> Any:
            if not body.get("logprobs"):
                return None
            k = int(body.get("top_logprobs") or 0)
            return {"content": [{"token": t, "logprob": -0.5, "top_logprobs": [
                {"token": t, "logprob": -0.5}, {"token": "x", "logprob": -2.0}][:k]} for t in toks]}
        finish = "tool_calls" if tools else ("length" if body.get("max_tokens") else "stop")
        if not body.get("stream"):
            message: dict[str, Any] = {"role": "assistant", "content": None if tools else "".join(tokens),
                                       "reasoning": None, "tool_calls": [tool_call] if tools else None}
            self._json({"object": "chat.completion", "id": "chatcmpl-standin", "created": created, "model": model,
                        "system_fingerprint": "3.3.6-native", "choices": [{"index": 0, "message": message,
                        "logprobs": logprobs(tokens), "finish_reason": finish}], "usage": usage})
            return
        self._start_sse()

        # Fast path (benchmarks): the same JSON as the dict below, built from a template.
        head = (f'{{"object":"chat.completion.chunk","id":"chatcmpl-standin","created":{created},'
                f'"model":{json.dumps(model)},"system_fingerprint":"3.3.6-native","choices":[{{"index":0,'
                '"delta":{"role":"assistant","content":')
        plain = not tools and not body.get("logprobs")

        def make(i: int, tok: str, last: bool) -> Any:
            if plain:
                finish_json = json.dumps(finish) if last else "null"
                return (f'{head}{json.dumps(tok)}}},"logprobs":null,"finish_reason":{finish_json}}}],'
                        '"usage":null}').encode()
            delta: dict[str, Any] = {"role": "assistant", "content": tok}
            if tools:
                args = tool_call["function"]["arguments"]  # type: ignore[index]
                piece = args[i * len(args) // n:(i + 1) * len(args) // n]
                call: dict[str, Any] = {"index": 0, "function": {"arguments": piece}}
                if i == 0:
                    call.update(id="call_0", type="function")
                    call["function"]["name"] = tool_call["function"]["name"]  # type: ignore[index]
                delta = {"role": "assistant", "content": None, "tool_calls": [call]}
            return {"object": "chat.completion.chunk", "id": "chatcmpl-standin", "created": created, "model": model,
                    "system_fingerprint": "3.3.6-native", "choices": [{"index": 0, "delta": delta,
                    "logprobs": logprobs([tok]), "finish_reason": finish if last else None}], "usage": None}
        if not self._stream_tokens(tokens, make, "openai"):
            return
        if (body.get("stream_options") or {}).get("include_usage"):
            self._event({"object": "chat.completion.chunk", "id": "chatcmpl-standin", "created": created,
                         "model": model, "system_fingerprint": "3.3.6-native", "choices": [], "usage": usage})
        self._end_sse(done=True)

    def _completions(self, body: dict[str, Any]) -> None:
        n = int(body.get("max_tokens") or 5)
        tokens = chat_tokens(n)
        head = {"id": "cmpl-standin", "object": "text_completion", "created": 1795392277, "model": body.get("model")}
        usage = {"prompt_tokens": 1, "completion_tokens": n, "total_tokens": n + 1}
        if not body.get("stream"):
            self._json({**head, "choices": [{"index": 0, "text": "".join(tokens), "logprobs": None,
                                             "finish_reason": "length"}], "usage": usage})
            return
        self._start_sse()
        if self._stream_tokens(tokens, lambda i, tok, last: {**head, "choices": [{"index": 0, "text": tok,
                               "logprobs": None, "finish_reason": "length" if last else None}],
                               "usage": usage if last else None}, "openai"):
            self._end_sse(done=True)

    def _tgi(self, body: dict[str, Any], *, stream: bool, as_list: bool) -> None:
        params = body.get("parameters") or {}
        n = int(params.get("max_new_tokens") or 5)
        tokens = chat_tokens(n)
        text = "".join(tokens)
        details = {"finish_reason": "length", "generated_tokens": n, "seed": params.get("seed"), "prefill": [],
                   "tokens": [{"id": 1000 + i, "text": t, "logprob": -0.5, "special": False}
                              for i, t in enumerate(tokens)], "top_tokens": None, "best_of_sequences": None}
        if not stream:
            out: dict[str, Any] = {"generated_text": text}
            if params.get("details"):
                out["details"] = details
            self._json([out] if as_list else out)
            return
        self._start_sse()

        def make(i: int, tok: str, last: bool) -> Any:
            return {"index": i + 1, "token": {"id": 1000 + i, "text": tok, "logprob": -0.5, "special": False},
                    "generated_text": text if last else None,
                    "details": {"finish_reason": "length", "generated_tokens": n, "seed": params.get("seed"),
                                "input_length": 1} if last else None}
        if self._stream_tokens(tokens, make, "tgi-generate"):
            self._end_sse(done=False)  # TGI's generate stream has no [DONE]: the body just ends


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # A listen backlog like real servers' (uvicorn: 2048), not socketserver's 5: the load tests open
    # 200 connections at once, and a connection the kernel dropped from a full queue only ends in
    # the client's header timeout.
    request_queue_size = 1024
    lock: threading.Lock
    counter: int
    requests: list[dict[str, Any]]
    mappings: dict[str, dict[str, Any]]
    fail_counts: defaultdict[str, int]
    polls: defaultdict[str, int]

    def handle_error(self, request: Any, client_address: Any) -> None:
        import sys

        if isinstance(sys.exc_info()[1], BrokenPipeError | ConnectionResetError):
            return  # the client went away (timeout tests, dropped streams)
        super().handle_error(request, client_address)


class InferenceStandIn:
    """Run the stand-in in a background thread: ``with InferenceStandIn() as s: s.url``."""

    def __init__(self, port: int = 0) -> None:
        self.httpd = _Server(("127.0.0.1", port), _Handler)
        self.httpd.lock = threading.Lock()
        self.httpd.counter = 0
        self.httpd.requests = []
        self.httpd.mappings = {}
        self.httpd.fail_counts = defaultdict(int)
        self.httpd.polls = defaultdict(int)
        self.port = int(self.httpd.server_address[1])
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def requests(self) -> list[dict[str, Any]]:
        return self.httpd.requests

    @property
    def mappings(self) -> dict[str, dict[str, Any]]:
        return self.httpd.mappings

    def last(self, method: str = "POST") -> dict[str, Any]:
        return next(r for r in reversed(self.requests) if r["method"] == method)

    def start(self) -> InferenceStandIn:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> InferenceStandIn:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description="Inference stand-in server (127.0.0.1 only).")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--max-seconds", type=float, default=600.0)
    args = parser.parse_args()
    server = InferenceStandIn(args.port).start()
    print(server.url, flush=True)
    try:
        time.sleep(args.max_seconds)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
