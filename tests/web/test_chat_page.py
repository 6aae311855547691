"""chat.html: lite_client in Pyodide in a Web Worker streams from an OpenAI-compatible server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.web.chat_server import XSS_CORPUS, ChatServer
from tests.web.conftest import DemoServer, GuardedContext, screenshot, wait_ready

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chat_server() -> Iterator[ChatServer]:
    with ChatServer(delay=0.03) as server:
        yield server


@pytest.fixture
def chat_page(guarded: GuardedContext, demo_server: DemoServer, chat_server: ChatServer) -> Any:
    page = guarded.new_page()
    page.goto(f"{demo_server.url}/chat.html?base_url={chat_server.base_url}&model=local-model")
    wait_ready(page)
    return page


def send(page: Any, text: str) -> None:
    page.fill("#prompt", text)
    page.click("#send")


def test_tokens_stream_in_order_and_export_is_valid_json(chat_page: Any, chat_server: ChatServer) -> None:
    page = chat_page
    send(page, "count")
    reply = page.locator(".message[data-role=assistant]").last
    # Observed mid-stream: some tokens shown, the reply not finished yet.
    page.wait_for_selector(".message[data-role=assistant][data-tokens]", state="attached")
    partial = reply.text_content()
    page.wait_for_selector(".message[data-role=assistant][data-done=true]", state="attached")
    final = reply.text_content()
    assert final == "".join(f"{i} " for i in range(1, 21))
    assert final.startswith(partial)
    assert chat_server.log[-1]["body"]["stream"] is True
    assert "authorization" not in chat_server.log[-1]["headers"]  # no token entered: none sent

    with page.expect_download() as download_info:
        page.click("#export")
    exported = json.loads(download_info.value.path().read_text())
    assert exported["model"] == "local-model"
    assert [m["role"] for m in exported["messages"]] == ["user", "assistant"]
    assert exported["messages"][1]["content"] == final
    assert "token" not in json.dumps(exported).lower().replace("max_tokens", "")
    screenshot(page, "chat", publish=True)


def test_stop_cancels_the_stream(chat_page: Any, chat_server: ChatServer) -> None:
    page = chat_page
    send(page, "slow")
    page.wait_for_selector(".message[data-role=assistant][data-tokens]", state="attached")
    page.click("#stop")
    page.wait_for_selector(".message[data-role=assistant][data-done=stopped]", state="attached")
    shown = page.locator(".message[data-role=assistant]").last.text_content()
    assert 0 < len(shown.split()) < 399
    assert "stopped" in page.text_content("#status")
    assert not page.is_disabled("#send") and page.is_disabled("#stop")
    # The fetch was aborted: the server sees its connection closed long before the 399th chunk.
    for _ in range(100):
        if any(entry.get("aborted") for entry in chat_server.log):
            break
        page.wait_for_timeout(50)
    assert any(entry.get("aborted") for entry in chat_server.log)
    # The tab keeps working after a stop.
    send(page, "count")
    page.wait_for_selector(".message[data-role=assistant][data-done=true]", state="attached")


def test_model_output_is_inert_text(chat_page: Any) -> None:
    page = chat_page
    send(page, "xss")
    page.wait_for_selector(".message[data-role=assistant][data-done=true]", state="attached")
    reply = page.locator(".message[data-role=assistant]").last
    assert reply.text_content() == "".join(piece + "\n" for piece in XSS_CORPUS)
    assert reply.locator("img, script, a, svg, b").count() == 0
    page.wait_for_timeout(300)  # give any injected handler a chance to run (it must not)
    assert page.evaluate("() => window.__xss === undefined")
    screenshot(page, "chat-xss")


def test_without_token_the_router_is_refused_before_any_request(guarded: GuardedContext, demo_server: DemoServer) -> None:
    page = guarded.new_page()
    page.goto(f"{demo_server.url}/chat.html")  # default base URL: Inference Providers, no token
    wait_ready(page)
    send(page, "hello")
    notice = page.wait_for_selector(".message[data-role=notice]")
    assert "need a Hugging Face token" in notice.text_content()
    # guarded asserts at teardown that nothing left 127.0.0.1


def test_streams_from_the_inference_standin_with_async_inference_client(guarded: GuardedContext,
                                                                         demo_server: DemoServer) -> None:
    """The Inference Providers path (OpenAI-style router route) against the STAND-IN, with a token."""
    from tests.standins.inference_standin import InferenceStandIn, chat_tokens

    with InferenceStandIn() as standin:
        page = guarded.new_page()
        page.goto(f"{demo_server.url}/chat.html?base_url={standin.url}/v1&model=meta-llama/Llama-3.1-8B-Instruct")
        wait_ready(page)
        page.fill("#token", "hf_pagetest_0123456789")
        page.fill("#max-tokens", "12")
        send(page, "hi")
        page.wait_for_selector(".message[data-role=assistant][data-done=true]", state="attached")
        assert page.locator(".message[data-role=assistant]").last.text_content() == "".join(chat_tokens(12))
        assert "AsyncInferenceClient" in page.text_content("#status")
        request = standin.last("POST")
        assert request["path"].endswith("/v1/chat/completions")
        assert request["headers"].get("authorization") == "Bearer hf_pagetest_0123456789"
        # Not ticked: the token is in memory only.
        assert page.evaluate("() => sessionStorage.length") == 0
        page.check("#remember")
        assert page.evaluate("() => sessionStorage.getItem('lite-chat-token')") == "hf_pagetest_0123456789"
        page.reload()
        wait_ready(page)
        assert page.input_value("#token") == "hf_pagetest_0123456789"
        page.uncheck("#remember")
        assert page.evaluate("() => sessionStorage.length") == 0


def test_offline_says_so_clearly(guarded: GuardedContext, demo_server: DemoServer) -> None:
    page = guarded.new_page()
    page.goto(f"{demo_server.url}/chat.html?base_url=https://router.huggingface.co/v1")
    wait_ready(page)
    guarded.context.set_offline(True)
    page.fill("#token", "hf_offline_test_000")
    send(page, "hello")
    notice = page.wait_for_selector(".message[data-role=notice]")
    assert "offline" in notice.text_content()
    assert page.text_content("#network") == "offline"
    guarded.context.set_offline(False)
