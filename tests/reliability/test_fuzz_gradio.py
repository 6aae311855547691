"""Fuzzing the Gradio streaming pipeline: the diff applier against a simple reference with random
(also invalid) op sequences, and the queue message decoder + job state machine with random bytes
and random messages. Only lite_client's typed errors may come out; values already handed out are
never mutated; no update is delivered twice. ``heavy`` + ``fuzz`` variants run 10k+ examples.
"""

from __future__ import annotations

import contextlib
import copy
import itertools
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lite_client import errors
from lite_client.gradio._diff import apply_diff, apply_output_diffs
from lite_client.gradio._queue import DataUpdate, JobState, QueueMessageDecoder, SessionRouter

DEFAULT = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
HEAVY = settings(max_examples=10_000, deadline=None, suppress_health_check=list(HealthCheck))

scalars = st.none() | st.booleans() | st.integers(-3, 3) | st.text("ab", max_size=3) | st.floats(allow_nan=False)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text("abc", max_size=2), inner, max_size=3), max_leaves=10)
keys = st.integers(-2, 5) | st.text("abc", max_size=2) | st.sampled_from(["0", "1", None, 1.5])
ops = st.lists(st.tuples(st.sampled_from(["replace", "append", "add", "delete", "bogus"]),
                         st.lists(keys, max_size=3), values).map(list), max_size=5)


def reference(value: Any, op_list: list[list[Any]]) -> Any:
    """Deep copy, then apply each op literally (the protocol text, reference §6.4)."""
    value = copy.deepcopy(value)
    for action, path, item in op_list:
        item = copy.deepcopy(item)
        if not path:
            if action == "replace":
                value = item
            elif action == "append":
                value = item if value is None else value + item
            else:
                raise ValueError(action)
            continue
        target = value
        for key in path[:-1]:
            if not isinstance(target, list | dict) or (isinstance(target, list) and not isinstance(key, int)):
                raise TypeError(key)
            target = target[key]
        last = path[-1]
        if not isinstance(target, list | dict) or (isinstance(target, list) and not isinstance(last, int)):
            raise TypeError(last)
        if action == "replace":
            target[last] = item
        elif action == "append":
            target[last] = target[last] + item
        elif action == "add":
            if isinstance(target, list):
                target.insert(last, item)
            else:
                target[last] = item
        elif action == "delete":
            del target[last]
        else:
            raise ValueError(action)
    return value


def _diff_property(value: Any, op_list: list[list[Any]]) -> None:
    before = copy.deepcopy(value)
    try:
        expected: Any = reference(value, op_list)
    except Exception:
        expected = errors.ProtocolError
    try:
        got = apply_diff(value, op_list)
    except errors.ProtocolError:
        got = errors.ProtocolError
    # The reference is stricter about list keys ("1" for 1); where it fails, ours may succeed.
    if expected is not errors.ProtocolError:
        assert got == expected or (got != got and expected != expected)  # NaN-safe
    assert value == before or value != value  # the input (already handed out) is never mutated


@DEFAULT
@given(values, ops)
def test_diff_applier_matches_reference_or_fails_typed(value: Any, op_list: list[list[Any]]) -> None:
    _diff_property(value, op_list)


@DEFAULT
@given(st.none() | st.lists(values, max_size=3), st.lists(ops | values, max_size=3))
def test_output_diffs_only_typed_errors(previous: list[Any] | None, data: list[Any]) -> None:
    with contextlib.suppress(errors.ProtocolError):
        apply_output_diffs(previous, data)


# -- queue messages → job state --------------------------------------------------------------------
KINDS = ["estimation", "process_starts", "progress", "log", "process_generating", "process_streaming",
         "process_completed", "unexpected_error", "heartbeat", "close_stream", "other"]
message_values = st.fixed_dictionaries(
    {"msg": st.sampled_from(KINDS)},
    optional={"event_id": st.sampled_from(["e1", "e2", None]) | st.integers() | values,
              "output": st.none() | values | st.fixed_dictionaries({"data": st.lists(ops | values, max_size=2)}),
              "success": st.booleans() | st.none(), "rank": st.integers(-1, 3) | st.text(max_size=2),
              "progress_data": st.none() | st.lists(st.dictionaries(
                  st.sampled_from(["index", "length", "unit", "progress", "desc"]), scalars), max_size=2) | values,
              "log": scalars, "level": scalars, "message": scalars, "session_not_found": st.booleans(),
              "title": scalars, "eta": scalars})


def _queue_property(messages: list[dict[str, Any]], junk: bytes, cuts: list[int]) -> None:
    body = b"".join(b"data: " + json.dumps(m).encode() + b"\n\n" for m in messages) + junk
    decoder = QueueMessageDecoder()
    router = SessionRouter()
    jobs = [JobState(e, lambda raw: raw) for e in ("e1", "e2")]
    for job in jobs:
        router.register(job)
    positions = sorted({c % (len(body) + 1) for c in cuts} | {0, len(body)})
    decoded: list[Any] = []
    for start, end in itertools.pairwise(positions):
        decoded.extend(decoder.feed(body[start:end]))
    decoded.extend(decoder.end())
    for item in decoded:
        if isinstance(item, errors.LiteClientError):
            continue
        try:
            if router.route(item):
                break
        except errors.LiteClientError:
            pass
    for job in jobs:
        finals = [u for u in job.updates if isinstance(u, DataUpdate) and u.final]
        assert len(finals) <= 1  # a result is delivered at most once
        if job.error is not None:
            assert isinstance(job.error, errors.LiteClientError)


@DEFAULT
@given(st.lists(message_values, max_size=8), st.binary(max_size=40), st.lists(st.integers(0, 4000), max_size=6))
def test_queue_stream_only_typed_errors(messages: list[dict[str, Any]], junk: bytes, cuts: list[int]) -> None:
    _queue_property(messages, junk, cuts)


@pytest.mark.heavy
@pytest.mark.fuzz
@HEAVY
@given(values, ops)
def test_diff_applier_matches_reference_or_fails_typed_heavy(value: Any, op_list: list[list[Any]]) -> None:
    _diff_property(value, op_list)


@pytest.mark.heavy
@pytest.mark.fuzz
@HEAVY
@given(st.lists(message_values, max_size=8), st.binary(max_size=40), st.lists(st.integers(0, 4000), max_size=6))
def test_queue_stream_only_typed_errors_heavy(messages: list[dict[str, Any]], junk: bytes, cuts: list[int]) -> None:
    _queue_property(messages, junk, cuts)
