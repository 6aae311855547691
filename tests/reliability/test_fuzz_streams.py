"""Fuzzing the chat / TGI / completions stream decoders (lite_client.inference.streaming).

1. Whatever the bytes (noise, mutated real events, junk fields, invalid UTF-8), only typed errors
   come out of ``feed`` / ``end``.
2. Differential: a valid stream cut at random places (inside CRLF pairs and UTF-8 characters
   included), with random keep-alives and framings, decodes to exactly what a reference reading
   (the core SSE decoder on the whole body, then ``json.loads``) gives — same tokens, in order,
   each once, and the decoders' fast path agrees with the general path.
``heavy`` + ``fuzz`` variants run 10k+ examples.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lite_client import errors
from lite_client._sse import SSEDecoder
from lite_client.inference.streaming import (
    ChatStreamDecoder,
    CompletionsStreamDecoder,
    TGIStreamDecoder,
)

DEFAULT = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
HEAVY = settings(max_examples=10_000, deadline=None, suppress_health_check=list(HealthCheck))

DECODERS = {"chat": ChatStreamDecoder, "tgi": lambda: TGIStreamDecoder(False),
            "tgi-details": lambda: TGIStreamDecoder(True), "completions": lambda: CompletionsStreamDecoder(False),
            "completions-details": lambda: CompletionsStreamDecoder(True)}


def chat_chunk(text: str, last: bool) -> dict[str, Any]:
    return {"object": "chat.completion.chunk", "id": "x", "created": 1, "model": "m",
            "choices": [{"index": 0, "delta": {"role": "assistant", "content": text},
                         "finish_reason": "stop" if last else None}]}


def tgi_event(i: int, text: str, last: bool) -> dict[str, Any]:
    return {"index": i, "token": {"id": i, "text": text, "logprob": -0.1, "special": False},
            "generated_text": "done" if last else None,
            "details": {"finish_reason": "length", "generated_tokens": i + 1} if last else None}


scalars = st.none() | st.booleans() | st.integers(-3, 3) | st.floats() | st.text(max_size=6)
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.sampled_from(["choices", "delta", "content", "token", "text",
                                                              "error", "finish_reason", "details", "index",
                                                              "generated_text", "usage", "special", "message"])
                                             | st.text(max_size=4), inner, max_size=4), max_leaves=12)
lines = st.one_of(
    json_values.map(lambda v: b"data: " + json.dumps(v).encode()),
    st.sampled_from([b"data: [DONE]", b"data:[DONE]", b":", b": keep-alive", b"event: error", b"id: 1", b"retry: x",
                     b"data: {", b"data: \xff\xfe", b"\xef\xbb\xbf", b"data", b""]),
    st.binary(max_size=30),
)
separators = st.sampled_from([b"\n", b"\r\n", b"\r", b"\n\n", b"\r\n\r\n"])


def _feed_all(decoder: Any, body: bytes, cuts: list[int]) -> list[Any]:
    points = sorted({c % (len(body) + 1) for c in cuts} | {0, len(body)})
    out: list[Any] = []
    for start, end in itertools.pairwise(points):
        out.extend(decoder.feed(body[start:end]))
        if decoder.finished:
            return out
    out.extend(decoder.end())
    return out


def _robust(kind: str, parts: list[tuple[bytes, bytes]], cuts: list[int]) -> None:
    body = b"".join(line + sep for line, sep in parts)
    for item in _feed_all(DECODERS[kind](), body, cuts):
        if isinstance(item, Exception):
            assert isinstance(item, errors.LiteClientError), repr(item)


@DEFAULT
@given(st.sampled_from(sorted(DECODERS)), st.lists(st.tuples(lines, separators), max_size=10),
       st.lists(st.integers(0, 2000), max_size=8))
def test_stream_decoders_only_typed_errors(kind: str, parts: list[tuple[bytes, bytes]], cuts: list[int]) -> None:
    _robust(kind, parts, cuts)


def _body(kind: str, tokens: list[str], crlf: bool, space: bool, keepalive: bool) -> bytes:
    nl = b"\r\n" if crlf else b"\n"
    prefix = b"data: " if space else b"data:"
    out = b""
    for i, tok in enumerate(tokens):
        last = i == len(tokens) - 1
        payload = chat_chunk(tok, last) if kind == "chat" else tgi_event(i, tok, last)
        if keepalive:
            out += b":" + nl + nl
        out += prefix + json.dumps(payload, ensure_ascii=bool(i % 2)).encode() + nl + nl
    if kind == "chat":
        out += prefix + b"[DONE]" + nl + nl
    return out


def _reference(kind: str, body: bytes) -> list[str]:
    sse = SSEDecoder()
    events = sse.feed(body) + sse.flush()
    out = []
    for event in events:
        if not event.data or event.data == "[DONE]":
            continue
        data = json.loads(event.data)
        out.append(data["choices"][0]["delta"]["content"] if kind == "chat" else data["token"]["text"])
    return out


def _differential(kind: str, tokens: list[str], cuts: list[int], crlf: bool, space: bool, keepalive: bool) -> None:
    body = _body(kind, tokens, crlf, space, keepalive)
    items = _feed_all(DECODERS[kind](), body, cuts)
    got = [i.choices[0].delta.content if kind == "chat" else i for i in items]
    assert got == _reference(kind, body) == tokens


token_text = st.text(st.characters(blacklist_categories=["Cs"]), max_size=6)


@DEFAULT
@given(st.sampled_from(["chat", "tgi"]), st.lists(token_text, min_size=1, max_size=6),
       st.lists(st.integers(0, 3000), max_size=10), st.booleans(), st.booleans(), st.booleans())
def test_stream_decoders_match_reference_whatever_the_chunking(kind: str, tokens: list[str], cuts: list[int],
                                                               crlf: bool, space: bool, keepalive: bool) -> None:
    _differential(kind, tokens, cuts, crlf, space, keepalive)


@pytest.mark.heavy
@pytest.mark.fuzz
@HEAVY
@given(st.sampled_from(sorted(DECODERS)), st.lists(st.tuples(lines, separators), max_size=10),
       st.lists(st.integers(0, 2000), max_size=8))
def test_stream_decoders_only_typed_errors_heavy(kind: str, parts: list[tuple[bytes, bytes]], cuts: list[int]) -> None:
    _robust(kind, parts, cuts)


@pytest.mark.heavy
@pytest.mark.fuzz
@HEAVY
@given(st.sampled_from(["chat", "tgi"]), st.lists(token_text, min_size=1, max_size=6),
       st.lists(st.integers(0, 3000), max_size=10), st.booleans(), st.booleans(), st.booleans())
def test_stream_decoders_match_reference_whatever_the_chunking_heavy(kind: str, tokens: list[str], cuts: list[int],
                                                                     crlf: bool, space: bool, keepalive: bool) -> None:
    _differential(kind, tokens, cuts, crlf, space, keepalive)
