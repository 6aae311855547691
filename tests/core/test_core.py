"""Pure core: errors and redaction, status mapping, tokens, retry policy, flows with mock transports."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from lite_client import AsyncMockTransport, MockTransport, Request, Response, RetryPolicy, errors
from lite_client._auth import Secret, resolve_token, token_allowed_for
from lite_client._encoding import FilePart, encode_multipart
from lite_client._flow import Sleep, arun_flow, run_flow, send_checked
from lite_client._http import error_for_status, parse_retry_after


def test_redaction_of_registered_and_pattern_tokens() -> None:
    secret = Secret("my-very-secret-key-123")
    err = errors.LiteClientError(f"failed with my-very-secret-key-123 and hf_abcdefghijkl and Bearer xyz123456")
    text = str(err) + repr(err)
    assert "my-very-secret-key-123" not in text and "hf_abcdefghijkl" not in text and "xyz123456" not in text
    assert repr(secret) == "Secret('***')" and str(secret) == "Secret('***')"
    assert "__sign=***" in errors.redact("https://x.hf.space/queue/data?session_hash=1&__sign=eyJhbGciOi")


def test_token_resolution(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_TOKEN", "hf_fromenvironment")
    assert resolve_token(None).value == "hf_fromenvironment"  # type: ignore[union-attr]
    assert resolve_token("hf_argument").value == "hf_argument"  # type: ignore[union-attr]
    monkeypatch.delenv("HF_TOKEN")
    assert resolve_token(None) is None
    with pytest.raises(errors.InputError):
        resolve_token("bad\ntoken")


def test_token_destinations() -> None:
    assert token_allowed_for("https://router.huggingface.co/v1/chat/completions")
    assert token_allowed_for("https://someone-space.hf.space/config")
    assert not token_allowed_for("http://router.huggingface.co/v1")  # no token over plain http
    assert not token_allowed_for("https://evil.example/huggingface.co")
    assert not token_allowed_for("https://huggingface.co.evil.example/")
    assert token_allowed_for("http://127.0.0.1:8080/v1/x", ["http://127.0.0.1:8080/v1"])
    assert not token_allowed_for("http://127.0.0.1:9999/v1/x", ["http://127.0.0.1:8080/v1"])


@pytest.mark.parametrize(
    ("status", "body", "cls", "message"),
    [
        (400, b'{"error": "bad things"}', errors.BadRequestError, "bad things"),
        (401, b'{"error": {"message": "invalid token", "type": "auth"}}', errors.AuthenticationError, "invalid token"),
        (403, b"forbidden text", errors.PermissionDeniedError, "forbidden text"),
        (404, b'{"detail": "Not Found"}', errors.NotFoundError, "Not Found"),
        (422, b'{"detail": [{"msg": "Field required", "loc": ["body", "data"]}]}', errors.UnprocessableEntityError,
         "Field required (body.data)"),
        (429, b'{"message": "slow down"}', errors.RateLimitError, "slow down"),
        (500, b"<html><body>Internal</body></html>", errors.ServerError, None),
        (503, b'{"error": "Model x is currently loading", "estimated_time": 20.0}', errors.ModelLoadingError,
         "Model x is currently loading"),
        (503, b'{"detail": "Queue is full."}', errors.ServiceUnavailableError, "Queue is full."),
        (418, b"teapot", errors.HTTPStatusError, "teapot"),
    ],
)
def test_error_for_status(status: int, body: bytes, cls: type, message: str | None) -> None:
    headers = {"x-request-id": "rid-1", "content-type": "text/html" if body.startswith(b"<") else "application/json"}
    err = error_for_status(status, headers, body, "https://example.test/x")
    assert type(err) is cls and err.status == status and err.request_id == "rid-1"
    assert err.server_message == message
    assert "Request ID: rid-1" in str(err)
    if message is None:
        assert "<html>" not in str(err)


def test_model_loading_and_retry_after() -> None:
    err = error_for_status(503, {}, b'{"error": "loading", "estimated_time": 12}', "u")
    assert isinstance(err, errors.ModelLoadingError) and err.estimated_time == 12.0
    assert parse_retry_after({"retry-after": "3"}) == 3.0
    assert parse_retry_after({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}, now=1445412475.0) == 5.0
    assert parse_retry_after({"ratelimit": '"api";r=0;t=42'}) == 42.0


def test_retry_policy() -> None:
    policy = RetryPolicy(max_retries=3, total_timeout=10, backoff=0.5)
    rate = error_for_status(429, {"retry-after": "2"}, b"", "u")
    assert policy.delay(0, rate, 0) == 2.0
    assert policy.delay(3, rate, 0) is None
    assert policy.delay(0, rate, 9) is None  # would pass the total budget
    assert policy.delay(0, error_for_status(500, {}, b"", "u"), 0) is None
    assert RetryPolicy(retry_server_errors=True).delay(1, error_for_status(500, {}, b"", "u"), 0) == 1.0
    assert policy.delay(0, error_for_status(400, {}, b"", "u"), 0) is None


def _scripted(*responses: Response) -> tuple[MockTransport, list[Request]]:
    queue = list(responses)
    transport = MockTransport(lambda req: queue.pop(0))
    return transport, transport.requests


def test_send_checked_retries_only_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    slept: list[float] = []
    monkeypatch.setattr("time.sleep", slept.append)
    transport, sent = _scripted(Response(429, {"retry-after": "1"}, content=b"{}"), Response(200, content=b'{"ok":1}'))
    flow = send_checked(Request("GET", "https://h/x"), retry=RetryPolicy())
    assert run_flow(flow, transport).json() == {"ok": 1}
    assert slept == [1.0] and len(sent) == 2
    transport, sent = _scripted(Response(429, {"retry-after": "1"}, content=b"{}"))
    with pytest.raises(errors.RateLimitError):
        run_flow(send_checked(Request("GET", "https://h/x")), transport)


def test_async_driver_and_async_handler() -> None:
    async def handler(request: Request) -> Response:
        return Response(200, {"content-type": "application/json"}, content=json.dumps({"url": request.url}).encode())

    def flow():  # type: ignore[no-untyped-def]
        first = yield Request("GET", "https://h/1")
        yield Sleep(0)
        second = yield Request("GET", "https://h/2")
        return [first.json()["url"], second.json()["url"]]

    assert asyncio.run(arun_flow(flow(), AsyncMockTransport(handler))) == ["https://h/1", "https://h/2"]


def test_transport_errors_reach_the_flow() -> None:
    def boom(request: Request) -> Response:
        raise errors.ConnectError("refused")

    def flow():  # type: ignore[no-untyped-def]
        try:
            yield Request("GET", "https://h/1")
        except errors.ConnectError:
            return "handled"
        return "not reached"

    assert run_flow(flow(), MockTransport(boom)) == "handled"


def test_multipart_encoding() -> None:
    body, headers = encode_multipart([FilePart("files", 'a"b.txt', b"hello")], {"k": "v"}, boundary="BOUND")
    assert headers["content-type"] == "multipart/form-data; boundary=BOUND"
    assert body == (
        b'--BOUND\r\nContent-Disposition: form-data; name="k"\r\n\r\nv\r\n'
        b'--BOUND\r\nContent-Disposition: form-data; name="files"; filename="a%22b.txt"\r\n'
        b"Content-Type: text/plain\r\n\r\nhello\r\n--BOUND--\r\n"
    )


def test_response_body_rules() -> None:
    response = Response(200, [("Set-Cookie", "a=1"), ("Set-Cookie", "b=2"), ("X-A", "1"), ("x-a", "2")], stream=[b"ab", b"", b"c"])
    assert response.set_cookies == ["a=1", "b=2"] and response.headers["x-a"] == "1, 2"
    assert list(response.iter_bytes()) == [b"ab", b"c"]
    with pytest.raises(errors.ProtocolError):
        list(response.iter_bytes())
    with pytest.raises(errors.ProtocolError):
        Response(200, content=b"not json").json()


def test_redirects_keep_credentials_only_on_the_same_origin() -> None:
    from urllib.parse import quote

    from lite_client._redirects import redirect_request
    from lite_client.transports.stdlib import StdlibTransport
    from tests.harness.echo_server import EchoServer

    with EchoServer() as echo, StdlibTransport() as transport:
        port = echo.url.rsplit(":", 1)[1]
        headers = {"authorization": "Bearer hf_secretsecret", "x-hf-authorization": "Bearer hf_x", "x-other": "1"}
        same = run_flow(send_checked(Request("GET", f"{echo.url}/redirect?to={quote('/echo')}", headers)), transport)
        assert same.json()["headers"]["authorization"] == "Bearer hf_secretsecret"
        other = f"http://localhost:{port}/echo"  # same server, other host name: a different origin
        moved = run_flow(send_checked(Request("GET", f"{echo.url}/redirect?to={quote(other)}", headers)), transport)
        got = moved.json()["headers"]
        assert "authorization" not in got and "x-hf-authorization" not in got and got["x-other"] == "1"
        posted = run_flow(send_checked(Request("POST", f"{echo.url}/redirect?to={quote('/echo')}", {}, b"body")), transport)
        assert posted.json()["method"] == "POST"  # 307 keeps method and body
    upgraded = redirect_request(Request("GET", "http://a/x", headers), Response(301, {"location": "https://a/x"}))
    assert upgraded.headers["authorization"] == "Bearer hf_secretsecret"  # http -> https on the same host
    downgraded = redirect_request(Request("GET", "https://a/x", headers), Response(301, {"location": "http://a/x"}))
    assert "authorization" not in downgraded.headers
    other_port = redirect_request(Request("GET", "http://a/x", headers), Response(301, {"location": "https://a:8443/"}))
    assert "authorization" not in other_port.headers
    see_other = redirect_request(Request("POST", "https://a/x", {"content-type": "application/json"}, b"{}"),
                                 Response(303, {"location": "/y"}))
    assert (see_other.method, see_other.url, see_other.body) == ("GET", "https://a/y", None)
    with pytest.raises(errors.ProtocolError):
        redirect_request(Request("GET", "https://a/x"), Response(302, {"location": "file:///etc/passwd"}))


def test_streams_follow_redirects_and_drop_credentials_across_origins() -> None:
    """``open_stream`` / ``aopen_stream`` follow redirects with the same rules as flows."""
    from urllib.parse import quote

    from lite_client._flow import StreamCall, aopen_stream, open_stream
    from lite_client.transports.asyncio_http import AsyncioTransport
    from lite_client.transports.stdlib import StdlibTransport
    from tests.harness.echo_server import EchoServer

    class Raw:
        finished = False

        def feed(self, chunk: bytes) -> list[bytes]:
            return [chunk]

        def end(self) -> list[bytes]:
            return []

    def call(url: str) -> Any:
        request = Request("GET", url, {"authorization": "Bearer hf_streamsecret"}, timeout=10, stream=True)
        return StreamCall(request, Raw())
        yield  # pragma: no cover

    with EchoServer() as echo:
        port = echo.url.rsplit(":", 1)[1]
        for target, kept in (("/echo", True), (f"http://localhost:{port}/echo", False)):
            url = f"{echo.url}/redirect?to={quote(target)}"
            with open_stream(call(url), StdlibTransport()) as stream:
                sync_headers = json.loads(b"".join(stream))["headers"]

            async def go(url: str = url) -> Any:
                async with await aopen_stream(call(url), AsyncioTransport()) as astream:
                    return json.loads(b"".join([item async for item in astream]))["headers"]
            for headers in (sync_headers, asyncio.run(go())):
                assert ("authorization" in headers) is kept, (target, headers)
        hops = f"{echo.url}/redirect?to={quote('/redirect?to=' + quote('/echo'))}"
        moved = run_flow(send_checked(Request("GET", hops, {"authorization": "Bearer hf_streamsecret"})),
                         StdlibTransport())
        assert moved.json()["headers"]["authorization"] == "Bearer hf_streamsecret"  # same origin, 2 hops


class _Words:
    """Decoder: one item per ``word\\n``; a bare ``:`` line is a keep-alive."""

    finished = False

    def __init__(self) -> None:
        self.buffer = b""

    def feed(self, chunk: bytes) -> list[Any]:
        self.buffer += chunk
        *lines, self.buffer = self.buffer.split(b"\n")
        return [line.decode() for line in lines if line and line != b":"]

    def end(self) -> list[Any]:
        return [self.buffer.decode()] if self.buffer else []


def _body(pieces: list[tuple[float, bytes]]) -> Any:
    import time

    for delay, piece in pieces:
        time.sleep(delay)
        yield piece


def test_keepalive_clock_counts_waiting_not_the_consumer() -> None:
    """A consumer slower than the timeout gets every item (the clock runs while it waits only);
    keep-alives alone for longer than the timeout raise RequestTimeoutError after the items."""
    import time

    from lite_client._streaming import AsyncStream, Stream

    slow_consumer: list[str] = []
    for item in Stream(Response(200, stream=_body([(0, b"a\n"), (0, b":\n"), (0, b"b\n")])), _Words(), timeout=0.2):
        slow_consumer.append(item)
        time.sleep(0.3)
    assert slow_consumer == ["a", "b"]
    only_keepalives = Stream(Response(200, stream=_body([(0, b"a\n"), *[(0.1, b":\n")] * 5, (0, b"b\n")])),
                             _Words(), timeout=0.25)
    got: list[str] = []
    with pytest.raises(errors.RequestTimeoutError):
        got.extend(only_keepalives)
    assert got == ["a"]

    async def go() -> list[str]:
        out = []
        async for item in AsyncStream(Response(200, stream=_body([(0, b"a\n"), (0, b":\n"), (0, b"b\n")])),
                                      _Words(), timeout=0.2):
            out.append(item)
            await asyncio.sleep(0.3)
        return out
    assert asyncio.run(go()) == ["a", "b"]
