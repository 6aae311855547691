"""Fuzzing the pure core: only lite_client's typed errors may come out, whatever the bytes.

The default run uses a few hundred examples per property; `pytest -m heavy` runs the 10k+
variants (see RELIABILITY.md).
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lite_client import Response, SSEDecoder, errors
from lite_client._h1 import BodyFramer, parse_head, split_head
from lite_client._http import error_for_status, parse_retry_after

DEFAULT = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HEAVY = settings(max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
_bodies = st.one_of(st.binary(max_size=400), _json.map(lambda v: json.dumps(v).encode()))
_headers = st.dictionaries(
    st.sampled_from(["retry-after", "ratelimit", "x-request-id", "content-type", "x-error-message"]),
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=30), max_size=4,
)


def _sse_anything(chunks: list[bytes]) -> None:
    decoder = SSEDecoder(max_line_bytes=256)
    try:
        for chunk in chunks:
            for event in decoder.feed(chunk):
                try:
                    event.json()
                except errors.ProtocolError:
                    pass
        decoder.flush()
    except errors.ProtocolError:
        pass


def _status_anything(status: int, headers: dict[str, str], body: bytes) -> None:
    err = error_for_status(status, headers, body, "https://example.test/x")
    assert isinstance(err, errors.HTTPStatusError) and err.status == status
    str(err), repr(err)
    parse_retry_after(headers)
    try:
        Response(status, headers, content=body).json()
    except errors.ProtocolError:
        pass


def _split(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts})
    return [data[a:b] for a, b in zip([0, *points], [*points, len(data)], strict=True)]


def _h1_anything(data: bytes, cuts: list[int], method: str) -> None:
    """Any bytes as a response (head, then body): only ProtocolError, framing never loops."""
    buffer = bytearray()
    framer = None
    try:
        for piece in _split(data, cuts):
            if framer is None:
                buffer += piece
                raw = split_head(buffer, "http://x/")
                if raw is not None:
                    framer = BodyFramer(parse_head(raw, "http://x/"), method)
                    framer.feed(bytes(buffer))
            else:
                framer.feed(piece)
        if framer is not None:
            framer.end_of_input()
    except errors.ProtocolError:
        pass


_header_lines = st.lists(st.one_of(
    st.tuples(st.sampled_from(["Content-Length", "content-length", "Transfer-Encoding", "Connection", "X-A"]),
              st.one_of(st.integers(-5, 10**20).map(str), st.sampled_from(["chunked", "gzip, chunked", "close",
                                                                           "keep-alive", "", "1, 2", "0x10"]))
              ).map(lambda kv: f"{kv[0]}: {kv[1]}"),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=255), max_size=20),
), max_size=5)
_chunky = st.lists(st.one_of(st.binary(max_size=20), st.sampled_from(
    [b"0\r\n\r\n", b"5\r\nhello\r\n", b"zz\r\n", b"ffffffffffffffffffff\r\n", b"\r\n", b"3;x=y\r\n"])), max_size=8)
_responses = st.one_of(
    st.binary(max_size=400),
    st.tuples(st.sampled_from(["HTTP/1.1", "HTTP/1.0", "HTTP/2", "XYZ"]), st.integers(0, 1000), _header_lines,
              _chunky).map(lambda r: f"{r[0]} {r[1]} R\r\n".encode() + "".join(f"{h}\r\n" for h in r[2])
                           .encode("latin-1") + b"\r\n" + b"".join(r[3])),
)

_framing = st.one_of(st.just("length"), st.just("close"),
                     st.lists(st.integers(1, 40), min_size=1, max_size=6).map(lambda sizes: ("chunked", sizes)))


def _h1_roundtrip(payload: bytes, framing: object, cuts: list[int]) -> None:
    """A valid response, cut anywhere: the framer gives back exactly the payload, once."""
    if framing == "length":
        wire = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(payload) + payload
    elif framing == "close":
        wire = b"HTTP/1.0 200 OK\r\n\r\n" + payload
    else:
        sizes = list(framing[1])  # type: ignore[index]
        body, rest = b"", payload
        while rest:
            size = sizes[len(body) % len(sizes)]
            body += b"%x;ext=1\r\n%s\r\n" % (len(rest[:size]), rest[:size])
            rest = rest[size:]
        wire = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + body + b"0\r\nX-Trailer: t\r\n\r\n"
    buffer, framer, got = bytearray(), None, b""
    for piece in _split(wire, cuts):
        if framer is None:
            buffer += piece
            raw = split_head(buffer, "http://x/")
            if raw is not None:
                framer = BodyFramer(parse_head(raw, "http://x/"), "GET")
                got += framer.feed(bytes(buffer))
        else:
            got += framer.feed(piece)
    assert framer is not None
    assert framer.end_of_input() and framer.done
    assert got == payload
    assert framer.reusable is (framing != "close")


@DEFAULT
@given(_responses, st.lists(st.integers(0, 400), max_size=6), st.sampled_from(["GET", "HEAD"]))
def test_http_framing_only_typed_errors(data: bytes, cuts: list[int], method: str) -> None:
    _h1_anything(data, cuts, method)


@DEFAULT
@given(st.binary(max_size=300), _framing, st.lists(st.integers(0, 600), max_size=8))
def test_http_framing_roundtrip(payload: bytes, framing: object, cuts: list[int]) -> None:
    _h1_roundtrip(payload, framing, cuts)


@DEFAULT
@given(st.lists(st.binary(max_size=300), max_size=8))
def test_sse_decoder_only_typed_errors(chunks: list[bytes]) -> None:
    _sse_anything(chunks)


@DEFAULT
@given(st.integers(400, 599), _headers, _bodies)
def test_error_mapping_never_crashes(status: int, headers: dict[str, str], body: bytes) -> None:
    _status_anything(status, headers, body)


@pytest.mark.heavy
@pytest.mark.fuzz
@HEAVY
@given(st.lists(st.binary(max_size=300), max_size=8))
def test_sse_decoder_only_typed_errors_heavy(chunks: list[bytes]) -> None:
    _sse_anything(chunks)


@pytest.mark.heavy
@pytest.mark.fuzz
@HEAVY
@given(st.integers(400, 599), _headers, _bodies)
def test_error_mapping_never_crashes_heavy(status: int, headers: dict[str, str], body: bytes) -> None:
    _status_anything(status, headers, body)


@pytest.mark.heavy
@pytest.mark.fuzz
@HEAVY
@given(_responses, st.lists(st.integers(0, 400), max_size=6), st.sampled_from(["GET", "HEAD"]))
def test_http_framing_only_typed_errors_heavy(data: bytes, cuts: list[int], method: str) -> None:
    _h1_anything(data, cuts, method)


@pytest.mark.heavy
@pytest.mark.fuzz
@HEAVY
@given(st.binary(max_size=300), _framing, st.lists(st.integers(0, 600), max_size=8))
def test_http_framing_roundtrip_heavy(payload: bytes, framing: object, cuts: list[int]) -> None:
    _h1_roundtrip(payload, framing, cuts)
