"""Tier a: the client against real Gradio 6 apps (one server process, see conftest.py)."""

from __future__ import annotations

from typing import Any

import pytest

from lite_client.gradio import Client, handle_file
from lite_client.gradio import errors as gerrors

from . import scenarios

pytestmark = pytest.mark.gradio


async def test_basics(gradio_server: str) -> None:
    out = await scenarios.basics(gradio_server)
    assert out["greet"] == "Hello World!"
    assert out["greet_kw"] == "Hello Ada!"
    assert out["add"] == 7 and out["add_default"] == 3
    assert out["upper"] == "ABC" and out["hidden"] == "UNDOC"
    assert out["state"] == ["a #1", "b #2"]
    assert out["json"] == {"items": [{"i": 0}, {"i": 1}, {"i": 2}], "last": 2}
    assert "/hidden" not in out["public"] and "/hidden" in out["all"]
    assert "/secret" not in out["all"]


async def test_streaming(gradio_server: str) -> None:
    out = await scenarios.streaming(gradio_server)
    steps = ["tok0 ", "tok0 tok1 ", "tok0 tok1 tok2 ", "tok0 tok1 tok2 tok3 "]
    assert out["data"] == [[s, False] for s in steps] + [[steps[-1], True]]
    assert out["result"] == steps[-1]
    assert out["outputs"] == [*steps, steps[-1]]
    assert out["codes"][0] == "IN_QUEUE" and "PROCESSING" in out["codes"] and out["codes"][-1] == "FINISHED"


async def test_progress_and_logs(gradio_server: str) -> None:
    out = await scenarios.progress_and_logs(gradio_server)
    assert out["progress"], "no gr.Progress update arrived"
    assert all(p[1] == 3 and p[2] == "Working" for p in out["progress"])
    assert out["slow"] == "done 2"
    assert out["logs"] == [["info", "info: x"], ["warning", "careful"]]


async def test_failures(gradio_server: str) -> None:
    out = await scenarios.failures(gradio_server)
    assert out["/boom"] == ["AppError", "Custom failure: bad input", "Error"]
    assert out["/crash"][0] == "HiddenAppError" and "show_error" in out["/crash"][1]
    assert out["validated"][0] == 422
    assert {f["parameter_name"] for f in out["validated"][1]} == {"x", "n"}
    assert out["secret"] == "EndpointNotFoundError"
    assert out["missing_arg"] == "InputError"
    assert out["ok_after"] == "abab"
    assert out["queue_full"] == [503]
    assert all(r == "slept 0.5" for r in out["queued_results"])


async def test_files(gradio_server: str) -> None:
    out = await scenarios.files(gradio_server)
    assert out["info"] == "hello.txt:11"
    assert out["reversed"] == "fedcba" and out["reversed_name"] == "reversed.bin" and out["url_ok"]
    assert out["image_len"] > 20


async def test_chat(gradio_server: str) -> None:
    out = await scenarios.chat(gradio_server)
    assert out["result"] == "You said: hi there"
    assert out["steps"] >= 3


async def test_queue_ranks(gradio_server: str) -> None:
    out = await scenarios.queue_ranks(gradio_server)
    assert out["results"] == ["slept 0.4"] * 3
    # concurrency_limit=1: the third job must have waited behind the second one.
    assert any(rank >= 1 for rank, _ in out["ranks"][2]), out["ranks"]
    assert all(ranks for ranks in out["ranks"]), out["ranks"]


async def test_cancel_generator(gradio_server: str) -> None:
    out = await scenarios.cancel_generator(gradio_server)
    assert out["cancel_sent"] is True and out["outcome"] == "cancelled" and out["status"] == "CANCELLED"
    assert out["steps"] < 30 and out["after"] == "STILL WORKS"


async def test_login(gradio_server: str) -> None:
    out = await scenarios.login(gradio_server)
    assert out["None"] == ["AuthenticationError", 401]
    assert out["('user', 'wrong')"][0] == "AuthenticationError"
    assert out["result"] == "Hello Bob!"


# -- the sync client ------------------------------------------------------------------------------
def test_sync_client_end_to_end(gradio_server: str) -> None:
    with Client(gradio_server + "/blocks") as client:
        assert client.predict(3, api_name="/add") == 5
        job = client.submit(3, api_name="/count")
        data = [u.data for u in job if u.type == "data"]
        assert data == ["tok0 ", "tok0 tok1 ", "tok0 tok1 tok2 ", "tok0 tok1 tok2 "]
        jobs = [client.submit(x, api_name="/upper") for x in "abc"]  # share one stream
        assert [j.result() for j in reversed(jobs)] == ["C", "B", "A"]
        with pytest.raises(gerrors.AppError, match="Custom failure: x"):
            client.predict("x", api_name="/boom")
        out = client.predict(handle_file(b"xyz", filename="f.bin"), api_name="/reverse_file")
        assert out.read() == b"zyx"
        assert client.config["version"].startswith("6.")
        assert "client.predict(" in client.usage()


def test_sync_cancel_and_state(gradio_server: str) -> None:
    with Client(gradio_server + "/blocks") as client:
        job = client.submit(30, api_name="/count_slow")
        for update in job:
            if update.type == "data":
                assert job.cancel() is True
        with pytest.raises(gerrors.JobCancelledError):
            job.result()
        assert client.predict("a", api_name="/counter") == "a #1"
        client.reset_session()
        assert client.predict("b", api_name="/counter") == "b #1"


def test_call_route(gradio_server: str) -> None:
    with Client(gradio_server + "/blocks", route="call") as client:
        assert client.predict(1, 2, api_name="/add") == 3
        job = client.submit(3, api_name="/count")
        assert [u.data for u in job if u.type == "data"][-1] == "tok0 tok1 tok2 "
        with pytest.raises(gerrors.AppError, match="Custom failure"):
            client.predict("y", api_name="/boom")


def test_bad_input_raises_before_any_request(gradio_server: str) -> None:
    with Client(gradio_server + "/blocks") as client:
        with pytest.raises(gerrors.EndpointNotFoundError):
            client.predict(1, api_name="/nope")
        with pytest.raises(ValueError, match="no parameter"):
            client.predict(a=1, zzz=2, api_name="/add")
        with pytest.raises(ValueError):
            client.predict(1, api_name="/add", fn_index=0)
    with pytest.raises(ValueError):
        Client("not a url or space")
    with pytest.raises(ValueError):
        handle_file("/no/such/file.txt")


def _gc_client(url: str) -> Any:
    gradio_client = pytest.importorskip("gradio_client")
    return gradio_client.Client(url, verbose=False)


@pytest.mark.parametrize(("app", "args", "kwargs"), [
    ("/iface", ("World",), {}),
    ("/blocks", (3, 4), {"api_name": "/add"}),
    ("/blocks", (), {"a": 1, "api_name": "/add"}),
    ("/blocks", ("abc",), {"api_name": "/upper"}),
    ("/blocks", (4,), {"api_name": "/count"}),
    ("/blocks", (3,), {"api_name": "/gen_json"}),
    ("/blocks", (2,), {"api_name": "/slow"}),
    ("/blocks", ("x",), {"api_name": "/logs"}),
    ("/blocks", ("s",), {"api_name": "/counter"}),
    ("/chat", ("hello",), {"api_name": "/respond"}),
])
def test_differential_outputs(gradio_server: str, app: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    ours = Client(gradio_server + app)
    theirs = _gc_client(gradio_server + app)
    try:
        assert ours.predict(*args, **kwargs) == theirs.predict(*args, **kwargs)
    finally:
        ours.close()
        theirs.close()


def test_differential_errors_and_files(gradio_server: str, tmp_path: Any) -> None:
    gradio_client = pytest.importorskip("gradio_client")
    ours, theirs = Client(gradio_server + "/blocks"), _gc_client(gradio_server + "/blocks")
    try:
        for name in ("/boom", "/crash"):
            with pytest.raises(gradio_client.exceptions.AppError) as official:
                theirs.predict("e", api_name=name)
            with pytest.raises(gerrors.AppError) as mine:
                ours.predict("e", api_name=name)
            if name == "/boom":
                assert mine.value.message == str(official.value)
        path = tmp_path / "in.bin"
        path.write_bytes(b"0123456789")
        official_out = theirs.predict(gradio_client.handle_file(str(path)), api_name="/reverse_file")
        mine_out = ours.predict(handle_file(str(path)), api_name="/reverse_file")
        with open(official_out, "rb") as handle:
            assert mine_out.read() == handle.read() == b"9876543210"
        png = tmp_path / "tiny.png"
        png.write_bytes(scenarios.tiny_png())
        official_img = theirs.predict(gradio_client.handle_file(str(png)), api_name="/flip")
        mine_img = ours.predict(handle_file(str(png)), api_name="/flip")
        with open(official_img, "rb") as handle:
            assert mine_img.read() == handle.read()
        assert ours.predict(handle_file(str(path)), api_name="/file_info") == theirs.predict(
            gradio_client.handle_file(str(path)), api_name="/file_info")
    finally:
        ours.close()
        theirs.close()


def test_differential_login(gradio_server: str) -> None:
    gradio_client = pytest.importorskip("gradio_client")
    theirs = gradio_client.Client(gradio_server + "/login", auth=("user", "pass"), verbose=False)
    with Client(gradio_server + "/login", auth=("user", "pass")) as ours:
        assert ours.predict("Z") == theirs.predict("Z") == "Hello Z!"
    theirs.close()
