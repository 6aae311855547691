"""SSE decoder: WHATWG examples, line endings, chunk boundaries (property-based), limits."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lite_client import SSEDecoder, ServerSentEvent
from lite_client.errors import ProtocolError


def decode_whole(body: bytes) -> list[ServerSentEvent]:
    decoder = SSEDecoder()
    return decoder.feed(body) + decoder.flush()


def decode_chunks(chunks: list[bytes]) -> list[ServerSentEvent]:
    decoder = SSEDecoder()
    events: list[ServerSentEvent] = []
    for chunk in chunks:
        events.extend(decoder.feed(chunk))
    return events + decoder.flush()


def test_spec_examples() -> None:
    body = b"data: YHOO\ndata: +2\ndata: 10\n\n: comment\n\nevent: add\ndata: 73857293\nid: 7\n\n"
    events = decode_whole(body)
    assert [e.data for e in events] == ["YHOO\n+2\n10", "73857293"]
    assert events[1].event == "add" and events[1].id == "7"
    assert events[0].event == "message"


def test_space_after_colon_is_optional_and_only_one_is_stripped() -> None:
    events = decode_whole(b"data:{\"a\":1}\n\ndata:  two\n\ndata\n\n")
    assert [e.data for e in events] == ['{"a":1}', " two", ""]


@pytest.mark.parametrize("eol", [b"\n", b"\r\n", b"\r"])
def test_line_endings(eol: bytes) -> None:
    body = eol.join([b"event: x", b"data: a", b"data: b", b"", b"data: c", b"", b""])
    events = decode_whole(body)
    assert [(e.event, e.data) for e in events] == [("x", "a\nb"), ("message", "c")]


def test_crlf_split_across_chunks_is_one_line_ending() -> None:
    events = decode_chunks([b"data: a\r", b"\n\r", b"\ndata: b\r\n\r\n"])
    assert [e.data for e in events] == ["a", "b"]


def test_utf8_split_inside_character() -> None:
    body = "data: héllo 🚀 ☃\n\n".encode()
    cut = body.index("🚀".encode()) + 2
    assert decode_chunks([body[:cut], body[cut:]])[0].data == "héllo 🚀 ☃"


def test_id_and_retry_rules() -> None:
    decoder = SSEDecoder()
    events = decoder.feed(b"id: 1\nretry: 3000\ndata: a\n\nid: bad\0id\nretry: x\ndata: b\n\n")
    assert [(e.id, e.retry) for e in events] == [("1", 3000), ("1", 3000)]
    assert decoder.last_event_id == "1"


def test_bom_is_stripped_once() -> None:
    events = decode_chunks([b"\xef\xbb", b"\xbfdata: a\n\n"])
    assert events[0].data == "a"


def test_comments_are_counted_not_dispatched() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b":\n\n: keep-alive\n\n") == []
    assert decoder.comments == 2


def test_empty_data_buffer_does_not_dispatch() -> None:
    assert decode_whole(b"event: ping\n\n") == []


def test_trailing_event_without_blank_line_is_reported_not_dropped() -> None:
    events = decode_whole(b"data: one\n\ndata: two")
    assert [(e.data, e.terminated) for e in events] == [("one", True), ("two", False)]


def test_huge_line_is_parsed() -> None:
    payload = "x" * 3_000_000
    chunks = [b"data: "] + [payload[i:i + 65536].encode() for i in range(0, len(payload), 65536)] + [b"\n\n"]
    assert decode_chunks(chunks)[0].data == payload


def test_line_limit_raises() -> None:
    decoder = SSEDecoder(max_line_bytes=1000)
    with pytest.raises(ProtocolError):
        decoder.feed(b"data: " + b"x" * 2000)


def test_json_helper() -> None:
    assert decode_whole(b'data: {"a": [1]}\n\n')[0].json() == {"a": [1]}
    with pytest.raises(ProtocolError):
        decode_whole(b"data: {oops\n\n")[0].json()


# -- properties ---------------------------------------------------------------------------------------
_field_value = st.text(alphabet=st.characters(blacklist_characters="\r\n\0", blacklist_categories=("Cs",)), max_size=20)
_line = st.one_of(
    st.builds(lambda v: f"data:{v}", _field_value),
    st.builds(lambda v: f"data: {v}", _field_value),
    st.builds(lambda v: f"event: {v}", _field_value),
    st.builds(lambda v: f"id: {v}", _field_value),
    st.builds(lambda v: f"retry: {v}", st.from_regex(r"[0-9]{1,5}", fullmatch=True)),
    st.builds(lambda v: f":{v}", _field_value),
    st.just(""),
)
_eol = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def sse_bodies(draw: st.DrawFn) -> bytes:
    lines = draw(st.lists(_line, max_size=30))
    parts = [line + draw(_eol) for line in lines]
    body = "".join(parts).encode()
    if draw(st.booleans()):
        body = b"\xef\xbb\xbf" + body
    return body


@st.composite
def split(draw: st.DrawFn, body: bytes) -> list[bytes]:
    cuts = sorted(draw(st.lists(st.integers(0, len(body)), max_size=12)))
    chunks, start = [], 0
    for cut in cuts:
        chunks.append(body[start:cut])
        start = cut
    chunks.append(body[start:])
    return chunks


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_any_chunking_equals_whole_body(data: st.DataObject) -> None:
    body = data.draw(sse_bodies())
    chunks = data.draw(split(body))
    assert decode_chunks(chunks) == decode_whole(body)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_bytewise_feeding_equals_whole_body(data: st.DataObject) -> None:
    body = data.draw(sse_bodies())
    assert decode_chunks([body[i:i + 1] for i in range(len(body))]) == decode_whole(body)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300), st.data())
def test_arbitrary_bytes_never_crash(body: bytes, data: st.DataObject) -> None:
    chunks = data.draw(split(body))
    assert decode_chunks(chunks) == decode_whole(body)


# -- chunked transfer coding (used by the asyncio transport) -------------------------------------------
@settings(max_examples=300, deadline=None)
@given(st.lists(st.binary(min_size=1, max_size=50), max_size=10), st.data())
def test_chunked_decoder_any_split(payloads: list[bytes], data: st.DataObject) -> None:
    from lite_client._chunked import ChunkedDecoder

    wire = b"".join(f"{len(p):x};ext=1\r\n".encode() + p + b"\r\n" for p in payloads) + b"0\r\nX-Trailer: 1\r\n\r\n"
    decoder = ChunkedDecoder()
    out = b"".join(decoder.feed(chunk) for chunk in data.draw(split(wire)))
    assert out == b"".join(payloads) and decoder.done


def test_chunked_decoder_rejects_bad_framing() -> None:
    from lite_client._chunked import ChunkedDecoder

    with pytest.raises(ProtocolError):
        ChunkedDecoder().feed(b"zz\r\n")
    with pytest.raises(ProtocolError):
        ChunkedDecoder().feed(b"2\r\nabXX")
