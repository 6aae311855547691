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
