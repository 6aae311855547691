"""Pure tests of the chat / TGI / completions stream decoders (no server)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lite_client import errors
from lite_client.inference.outputs import ChatCompletionStreamOutput, TextGenerationStreamOutput
from lite_client.inference.streaming import (
    ChatStreamDecoder,
    CompletionsStreamDecoder,
    TGIStreamDecoder,
)


def chunk(text: str, finish: str | None = None) -> dict[str, Any]:
    return {"object": "chat.completion.chunk", "id": "x", "created": 1, "model": "m", "system_fingerprint": "s",
            "choices": [{"index": 0, "delta": {"role": "assistant", "content": text}, "logprobs": None,
                         "finish_reason": finish}], "usage": None}


def sse(payloads: list[Any], *, space: bool = True, done: bool = True, crlf: bool = False,
        keepalive: bool = False) -> bytes:
    sep = "data: " if space else "data:"
    nl = "\r\n" if crlf else "\n"
    out = ""
    for p in payloads:
        if keepalive:
            out += ":" + nl + nl
        out += sep + (p if isinstance(p, str) else json.dumps(p)) + nl + nl
    if done:
        out += sep + "[DONE]" + nl + nl
    return out.encode()


def drain(decoder: Any, data: bytes, step: int | None = None) -> list[Any]:
    items: list[Any] = []
    pieces = [data] if step is None else [data[i:i + step] for i in range(0, len(data), step)]
    for piece in pieces:
        items.extend(decoder.feed(piece))
        if decoder.finished:
            return items
    items.extend(decoder.end())
    return items


def texts(items: list[Any]) -> list[Any]:
    return [i.choices[0].delta.content if isinstance(i, ChatCompletionStreamOutput) else type(i).__name__
            for i in items]


@pytest.mark.parametrize("space", [True, False])
@pytest.mark.parametrize("crlf", [True, False])
@pytest.mark.parametrize("keepalive", [True, False])
def test_chat_both_framings_done_and_keepalive(space: bool, crlf: bool, keepalive: bool) -> None:
    data = sse([chunk("a"), chunk("b", "stop")], space=space, crlf=crlf, keepalive=keepalive)
    decoder = ChatStreamDecoder()
    assert texts(drain(decoder, data)) == ["a", "b"]
    assert decoder.feed(b"data: " + json.dumps(chunk("late")).encode() + b"\n\n") == []  # after [DONE]
    assert decoder.end() == []


@settings(max_examples=150, deadline=None)
@given(tokens=st.lists(st.text(max_size=5), min_size=1, max_size=6), cuts=st.lists(st.integers(1, 400), max_size=8),
       space=st.booleans(), crlf=st.booleans(), keepalive=st.booleans())
def test_chat_any_chunking(tokens: list[str], cuts: list[int], space: bool, crlf: bool, keepalive: bool) -> None:
    """Fast paths and the general SSE parser agree, however the bytes are cut."""
    data = sse([chunk(t) for t in tokens[:-1]] + [chunk(tokens[-1], "stop")], space=space, crlf=crlf,
               keepalive=keepalive)
    pieces, last = [], 0
    for cut in sorted(set(cuts)):
        pieces.append(data[last:cut])
        last = cut
    pieces.append(data[last:])
    decoder = ChatStreamDecoder()
    items = [item for piece in pieces if piece for item in decoder.feed(piece)] + decoder.end()
    assert texts(items) == tokens


def test_chat_bytes_after_done_are_ignored() -> None:
    data = sse([chunk("a", "stop")]) + b"data: {not json\n\n"
    assert texts(drain(ChatStreamDecoder(), data)) == ["a"]


@pytest.mark.parametrize("error", [
    {"error": "Request failed during generation: boom", "error_type": "generation"},
    {"error": {"message": "Input validation error: boom", "http_status_code": 422}},
    {"error": {"message": "provider boom", "type": "server_error", "code": 500}},
])
def test_error_event_after_tokens(error: dict[str, Any]) -> None:
    items = drain(ChatStreamDecoder(), sse([chunk("a"), chunk("b"), error, chunk("never")]))
    assert texts(items[:2]) == ["a", "b"]
    assert isinstance(items[2], errors.StreamError) and len(items) == 3
    assert "boom" in items[2].message
    if "http_status_code" in str(error):
        assert items[2].status == 422
    if "error_type" in error:
        assert items[2].error_type == "generation"


def test_sse_error_event_type() -> None:
    data = b"data: " + json.dumps(chunk("a")).encode() + b"\n\nevent: error\ndata: overloaded\n\n"
    items = drain(ChatStreamDecoder(), data)
    assert texts(items) == ["a", "StreamError"]


def test_chat_cut_without_done_or_finish_is_interrupted() -> None:
    items = drain(ChatStreamDecoder(), sse([chunk("a"), chunk("b")], done=False))
    assert texts(items) == ["a", "b", "StreamInterruptedError"]


def test_chat_end_after_finish_without_done_is_accepted() -> None:
    assert texts(drain(ChatStreamDecoder(), sse([chunk("a", "stop")], done=False))) == ["a"]


def test_chat_malformed_json_is_protocol_error() -> None:
    items = drain(ChatStreamDecoder(), sse([chunk("a"), "{oops"]))
    assert texts(items) == ["a", "ProtocolError"]


def tgi_event(i: int, last: bool) -> dict[str, Any]:
    return {"index": i, "token": {"id": i, "text": f"t{i}", "logprob": -0.5, "special": False},
            "generated_text": "all" if last else None,
            "details": {"finish_reason": "length", "generated_tokens": 2, "seed": None, "input_length": 1} if last else None}


@pytest.mark.parametrize("space", [True, False])
@pytest.mark.parametrize("done", [True, False])
def test_tgi_stream_ends_by_body_or_done(space: bool, done: bool) -> None:
    data = sse([tgi_event(1, False), tgi_event(2, True)], space=space, done=done)
    assert drain(TGIStreamDecoder(False), data) == ["t1", "t2"]
    items = drain(TGIStreamDecoder(True), data)
    assert all(isinstance(i, TextGenerationStreamOutput) for i in items)
    assert items[-1].details.finish_reason == "length" and items[-1].generated_text == "all"


def test_tgi_cut_before_final_event_is_interrupted() -> None:
    items = drain(TGIStreamDecoder(False), sse([tgi_event(1, False)], done=False))
    assert items[0] == "t1" and isinstance(items[1], errors.StreamInterruptedError)


def test_tgi_special_tokens_skipped_in_text_mode() -> None:
    special = {**tgi_event(2, True), "token": {"id": 2, "text": "</s>", "logprob": 0, "special": True}}
    assert drain(TGIStreamDecoder(False), sse([tgi_event(1, False), special], done=False)) == ["t1"]


def test_tgi_generation_error() -> None:
    items = drain(TGIStreamDecoder(False), sse([tgi_event(1, False), {"error": "oom", "error_type": "overloaded"}]))
    assert items[0] == "t1" and isinstance(items[1], errors.StreamError) and items[1].error_type == "overloaded"


def test_completions_stream() -> None:
    def c(text: str, finish: str | None) -> dict[str, Any]:
        return {"choices": [{"index": 0, "text": text, "finish_reason": finish}],
                "usage": {"prompt_tokens": 1, "completion_tokens": 2} if finish else None}
    data = sse([c("a", None), c("b", "length")])
    assert drain(CompletionsStreamDecoder(False), data) == ["a", "b"]
    items = drain(CompletionsStreamDecoder(True), data)
    assert items[-1].generated_text == "ab" and items[-1].details.finish_reason == "length"
    assert [i.token.text for i in items] == ["a", "b"]
    cut = drain(CompletionsStreamDecoder(False), sse([c("a", None)], done=False))
    assert isinstance(cut[-1], errors.StreamInterruptedError)


def test_fast_path_then_general_parser_gives_the_same_items() -> None:
    one, two, three = (sse([chunk(t)], done=False) for t in ("a", "b", "c"))
    chunks = [one, b":keep-alive\n\n" + two[:7], two[7:] + three, b"data: [DONE]\n\n"]
    decoder = ChatStreamDecoder()
    items = [item for piece in chunks for item in decoder.feed(piece)] + decoder.end()
    assert texts(items) == ["a", "b", "c"]
    crlf = ChatStreamDecoder()
    items = crlf.feed(one) + crlf.feed(sse([chunk("b", "stop")], crlf=True)) + crlf.end()
    assert texts(items) == ["a", "b"]
