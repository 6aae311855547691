"""Token hygiene, through the public clients: where the token goes (HF hosts and URLs the user
gave only; never across a redirect to another host, in CPython and in Pyodide) and where it never
appears (repr, str(error), log records at DEBUG of every logger)."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from lite_client import errors
from lite_client._http import Request, Response
from lite_client.gradio import Client
from lite_client.inference import AsyncInferenceClient, InferenceClient
from lite_client.transports import MockTransport
from tests.faults.gradio_proxy import GradioProxy
from tests.faults.redirector import Redirector
from tests.harness.scenarios import scenario_code
from tests.inference import _aio as aio
from tests.reliability import token_scenarios as sc
from tests.standins.inference_standin import InferenceStandIn

TOKEN = "hf_hygieneToken0123456789abcdef"
SCENARIOS = Path(sc.__file__)
CREDENTIAL_HEADERS = ("authorization", "x-hf-authorization", "cookie")


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_ENDPOINT", "HF_INFERENCE_ROUTER_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def standin() -> Iterator[InferenceStandIn]:
    with InferenceStandIn() as server:
        yield server


def _leaked(headers: list[dict[str, str]]) -> list[str]:
    return [f"{k}: {v}" for h in headers for k, v in h.items() if k in CREDENTIAL_HEADERS or TOKEN in v]


# -- where the token goes --------------------------------------------------------------------------------
def test_token_goes_to_hf_hosts_and_user_urls_only() -> None:
    seen: list[Request] = []

    def handler(request: Request) -> Response:
        seen.append(request)
        if "/api/models/" in request.url:
            body = {"id": "org/text-to-image", "pipeline_tag": "text-to-image", "inferenceProviderMapping": {
                "fal-ai": {"providerId": "fal-ai/x", "status": "live", "task": "text-to-image"}}}
            return Response(200, {"content-type": "application/json"}, content=json.dumps(body).encode(), request=request)
        if "cdn.example.net" in request.url:
            return Response(200, {"content-type": "image/png"}, content=b"\x89PNG\r\n\x1a\n", request=request)
        body2 = {"images": [{"url": "https://cdn.example.net/result.png"}]}
        return Response(200, {"content-type": "application/json"}, content=json.dumps(body2).encode(), request=request)

    client = InferenceClient(provider="fal-ai", token=TOKEN, transport=MockTransport(handler))
    client.text_to_image("a cat", model="org/text-to-image")
    by_host = {r.host: r.headers.get("authorization") for r in seen}
    assert by_host["huggingface.co"] == f"Bearer {TOKEN}" and by_host["router.huggingface.co"] == f"Bearer {TOKEN}"
    assert by_host["cdn.example.net"] is None  # the provider's result file: no token
    seen.clear()
    InferenceClient("http://10.1.2.3:8080", token=TOKEN, transport=MockTransport(handler)).text_classification("x")
    assert seen[-1].headers["authorization"] == f"Bearer {TOKEN}"  # a URL the user gave explicitly


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_inference_token_never_follows_a_redirect_to_another_host(standin: InferenceStandIn, mode: str) -> None:
    target = standin.url.replace("127.0.0.1", "localhost")
    with Redirector(target) as redirector:
        before = len(standin.requests)
        call = sc.chat_sync(redirector.url, TOKEN) if mode == "sync" else aio.run(sc.chat_async(redirector.url, TOKEN))
    assert call == "tok0 tok1"  # the redirect was followed...
    assert redirector.requests[0]["headers"]["authorization"] == f"Bearer {TOKEN}"  # the user's URL got it
    assert _leaked([r["headers"] for r in standin.requests[before:]]) == []  # ...without the token


def _cpython_gradio(mode: str, call: str = "download") -> Callable[[str], Any]:
    """The Gradio token scenario ``call`` in CPython, ``mode`` sync or async: src -> outcome."""
    if mode == "sync":
        return lambda src: sc.gradio_sync(src, TOKEN, call)
    return lambda src: aio.run(sc.gradio_async(src, TOKEN, call))


def _pyodide_gradio(runtime: Any, call: str = "download") -> list[Callable[[str], Any]]:
    """The same scenario in Pyodide, sync (JSPI) and async: one runner each."""
    return [lambda src, prefix=prefix, fn=fn: runtime.run(
        scenario_code(SCENARIOS, f"{prefix}{fn}({src!r}, {TOKEN!r}, {call!r})"), timeout=60)
        for prefix, fn in (("", "gradio_sync"), ("await ", "gradio_async"))]


def _gradio_file_redirect(upstream: str, run: Callable[[str], Any]) -> None:
    """The app (a proxy on 127.0.0.1) redirects file downloads to another host (localhost)."""
    with GradioProxy(upstream) as other_host, GradioProxy(upstream) as app:
        app.file_redirect = other_host.url.replace("127.0.0.1", "localhost")
        out = run(app.url + "/blocks")
        assert out == "fedcba", out  # the redirect was followed and the file read
        assert any("/file=" in p for p in other_host.paths)
        assert any(h.get("x-hf-authorization") == f"Bearer {TOKEN}" for h in app.headers_seen)  # the app got it
        assert _leaked(other_host.headers_seen) == []  # the other host did not


@pytest.mark.gradio
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_gradio_token_never_follows_a_redirect_to_another_host(gradio_upstreams: tuple[str, str], mode: str) -> None:
    _gradio_file_redirect(gradio_upstreams[0], _cpython_gradio(mode))


def test_pyodide_inference_token_never_follows_a_redirect_to_another_host(pyodide_node: Any,
                                                                          standin: InferenceStandIn) -> None:
    target = standin.url.replace("127.0.0.1", "localhost")
    for prefix, fn in (("", "chat_sync"), ("await ", "chat_async")):
        with Redirector(target) as redirector:
            before = len(standin.requests)
            out = pyodide_node.run(scenario_code(SCENARIOS, f"{prefix}{fn}({redirector.url!r}, {TOKEN!r})"), timeout=60)
        assert out == "tok0 tok1", out
        assert _leaked([r["headers"] for r in standin.requests[before:]]) == [], fn


def test_pyodide_gradio_token_never_follows_a_redirect_to_another_host(pyodide_node: Any,
                                                                       gradio_upstreams: tuple[str, str]) -> None:
    for run in _pyodide_gradio(pyodide_node):
        _gradio_file_redirect(gradio_upstreams[0], run)


def _gradio_app_moved(upstream: str, run: Callable[[str], Any]) -> None:
    """The app's /config redirects to another origin (it moved): the client follows and talks to
    the new origin from then on, without the token the user meant for the old one."""
    with GradioProxy(upstream) as new_home, GradioProxy(upstream) as app:
        app.config_redirect = new_home.url.replace("127.0.0.1", "localhost")
        assert run(app.url + "/blocks") == "ABC"
        assert any("/queue/join" in p for p in new_home.paths)  # the calls went to the new origin
        assert any(h.get("x-hf-authorization") == f"Bearer {TOKEN}" or h.get("authorization") == f"Bearer {TOKEN}"
                   for h in app.headers_seen)  # the user's URL got the token
        assert _leaked(new_home.headers_seen) == []


@pytest.mark.gradio
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_gradio_token_stays_behind_when_the_app_moved(gradio_upstreams: tuple[str, str], mode: str) -> None:
    _gradio_app_moved(gradio_upstreams[0], _cpython_gradio(mode, "upper"))


def test_pyodide_gradio_token_stays_behind_when_the_app_moved(pyodide_node: Any,
                                                              gradio_upstreams: tuple[str, str]) -> None:
    for run in _pyodide_gradio(pyodide_node, "upper"):
        _gradio_app_moved(gradio_upstreams[0], run)


@pytest.mark.browser  # the runtime comes from getfixturevalue: mark it, so that it runs with the browser tier
@pytest.mark.parametrize("where", ["chromium_main", "chromium_worker"])
def test_chromium_gradio_token_never_follows_a_redirect_to_another_host(
        where: str, request: pytest.FixtureRequest, gradio_upstreams: tuple[str, str]) -> None:
    """Browsers follow redirects themselves and drop only ``Authorization`` across origins, so the
    fetch transport sends the Gradio token as ``Authorization`` there (as ``@gradio/client`` does)."""
    runtime = request.getfixturevalue(where)
    with GradioProxy(gradio_upstreams[0]) as other_host, GradioProxy(gradio_upstreams[0]) as app:
        app.file_redirect = other_host.url.replace("127.0.0.1", "localhost")
        out = runtime.run(scenario_code(SCENARIOS, f"await gradio_async({app.url + '/blocks'!r}, {TOKEN!r})"),
                          timeout=60)
        assert any(h.get("authorization") == f"Bearer {TOKEN}" for h in app.headers_seen)  # the app got it
        assert not any("x-hf-authorization" in h for h in app.headers_seen)
        assert any("/file=" in p for p in other_host.paths), out  # the redirect was followed...
        assert _leaked(other_host.headers_seen) == []  # ...without the token
    # The download itself may fail for CORS (a cross-origin redirect makes the Origin "null", which
    # Gradio on a local host refuses); what matters here is what the other host received.
    assert out in ("fedcba", "ConnectError"), out


# -- where the token never appears -------------------------------------------------------------------------
class EchoAuthServer:
    """A hostile server: 401 whose body and headers repeat the Authorization header it received."""

    def __init__(self) -> None:
        from http.server import ThreadingHTTPServer

        from tests.harness.cors_server import CORSHandler

        class Handler(CORSHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                auth = self.headers.get("Authorization", "")
                body = json.dumps({"error": f"bad credentials {auth}", "detail": auth}).encode()
                self.send_response(401)
                self.send_header("Content-Type", "application/json")
                self.send_header("x-echo", auth)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> EchoAuthServer:
        import threading

        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def test_token_never_in_repr_errors_or_logs(caplog: pytest.LogCaptureFixture, standin: InferenceStandIn,
                                            gradio_upstreams: tuple[str, str]) -> None:
    token = "hf_reprLogToken9876543210zyx"  # a fresh value, so nothing redacts it by accident of reuse
    caplog.set_level(logging.DEBUG)  # the root logger: every logger propagates here
    for name in list(logging.root.manager.loggerDict):
        logging.getLogger(name).setLevel(logging.DEBUG)
    texts: list[str] = []
    with EchoAuthServer() as echo:
        client = InferenceClient(base_url=echo.url + "/v1", token=token, timeout=10)
        texts += [repr(client), str(client), repr(client._ctx)]
        with pytest.raises(errors.AuthenticationError) as info:
            client.chat_completion([{"role": "user", "content": "hi"}])
        err = info.value
        texts += [str(err), repr(err), str(err.server_message), str(err.body), str(err.details), str(err.headers)]

        async def run_async() -> None:
            async with AsyncInferenceClient(base_url=echo.url + "/v1", token=token, timeout=10) as aclient:
                texts.append(repr(aclient))
                try:
                    await aclient.chat_completion([{"role": "user", "content": "hi"}], stream=True)
                except errors.LiteClientError as exc:
                    texts.extend([str(exc), repr(exc), str(getattr(exc, "body", ""))])
        aio.run(run_async())
    with Client(gradio_upstreams[0] + "/blocks", token=token, timeout=10) as gclient:
        texts += [repr(gclient), str(gclient), repr(gclient._ctx)]
        job = gclient.submit("x", api_name="/boom")
        texts.append(repr(job))
        with pytest.raises(errors.LiteClientError) as ginfo:
            job.result()
        texts += [str(ginfo.value), repr(ginfo.value)]
    texts += [record.getMessage() for record in caplog.records] + [caplog.text]
    leaks = [t for t in texts if token in t or token[3:] in t]
    assert leaks == []
    assert any("***" in t for t in (str(err), repr(err)))  # the echoed token was scrubbed, not absent
