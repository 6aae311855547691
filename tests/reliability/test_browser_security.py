"""Browser security of the pages (Playwright, Debian Chromium): CSP present and effective on every
page, the XSS corpus inert where model or app output is shown (chat, Space), the token absent from
the chat page's DOM and console, and the service worker storing no authenticated response."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.reliability.test_token_hygiene import EchoAuthServer
from tests.web.chat_server import XSS_CORPUS, ChatServer
from tests.web.conftest import DemoServer, GuardedContext, wait_ready

pytestmark = pytest.mark.browser
PAGES = ["index.html", "chat.html", "space.html"]
TOKEN = "hf_browserSecret0123456789xyz"

WATCH = """() => { window.__violations = [];
  document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective)); }"""
INJECT = """() => {
  const s = document.createElement('script'); s.textContent = 'window.__inline_ran = 1;'; document.body.appendChild(s);
  const b = document.createElement('button'); b.setAttribute('onclick', 'window.__handler_ran = 1');
  document.body.appendChild(b); b.click();
  const a = document.createElement('a'); a.href = 'javascript:window.__js_url_ran = 1'; document.body.appendChild(a); a.click();
}"""
RAN = "() => [window.__inline_ran, window.__handler_ran, window.__js_url_ran, window.__xss].filter(x => x !== undefined)"


@pytest.mark.parametrize("name", PAGES)
def test_csp_is_sent_and_blocks_injected_inline_code(guarded: GuardedContext, demo_server: DemoServer, name: str) -> None:
    page = guarded.new_page()
    response = page.goto(f"{demo_server.url}/{name}?nosw")
    csp = response.headers.get("content-security-policy", "")
    assert "script-src" in csp and "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";")[0]
    assert page.locator("meta[http-equiv=Content-Security-Policy]").count() >= 1
    page.evaluate(WATCH)
    page.evaluate(INJECT)
    page.wait_for_timeout(300)
    assert page.evaluate(RAN) == []  # nothing injected ran...
    violations = page.evaluate("() => window.__violations")
    assert any(v.startswith("script-src") for v in violations), violations  # ...because CSP blocked it


@pytest.fixture(scope="module")
def xss_chat() -> Iterator[ChatServer]:
    with ChatServer(delay=0.0) as server:
        yield server


def test_chat_output_inert_and_token_never_in_dom_or_console(guarded: GuardedContext, demo_server: DemoServer,
                                                            xss_chat: ChatServer) -> None:
    page = guarded.new_page()
    page.goto(f"{demo_server.url}/chat.html?base_url={xss_chat.base_url}&model=m")
    wait_ready(page)
    page.evaluate(WATCH)
    page.fill("#token", TOKEN)
    page.fill("#prompt", "xss")
    page.click("#send")
    page.wait_for_selector(".message[data-role=assistant][data-done=true]", state="attached")
    reply = page.locator(".message[data-role=assistant]").last
    assert reply.text_content() == "".join(piece + "\n" for piece in XSS_CORPUS)
    assert reply.locator("img, script, a, svg, b, iframe").count() == 0
    page.wait_for_timeout(300)
    assert page.evaluate(RAN) == []
    assert xss_chat.log[-1]["headers"].get("authorization") == f"Bearer {TOKEN}"  # it was used...
    with EchoAuthServer() as echo:  # ...and a hostile server echoing it back gets it shown nowhere
        page.fill("#base-url", echo.url + "/v1")
        page.fill("#prompt", "hello")
        page.click("#send")
        notice = page.wait_for_selector(".message[data-role=notice]", state="attached")
        assert "401" in notice.text_content() or "auth" in notice.text_content().lower(), notice.text_content()
    html = page.content()
    assert TOKEN not in html and TOKEN not in page.evaluate("() => document.body.innerText")
    assert not [line for line in guarded.console if TOKEN in line]
    assert page.evaluate("() => sessionStorage.length + localStorage.length") == 0


def test_service_worker_stores_no_authenticated_response(guarded: GuardedContext, demo_server: DemoServer) -> None:
    page = guarded.new_page()
    page.goto(f"{demo_server.url}/chat.html")
    wait_ready(page)
    page.evaluate("""async () => { await navigator.serviceWorker.ready;
        for (let i = 0; i < 600 && !navigator.serviceWorker.controller; i++) await new Promise(r => setTimeout(r, 50)); }""")
    assert page.evaluate("() => !!navigator.serviceWorker.controller")
    cached = page.evaluate("""async () => {
        // vendor/pyodide/ is what the worker caches at run time (cache-first, on first use).
        const get = (q, init) => fetch('/vendor/pyodide/pyodide-lock.json?' + q, init).then(r => r.text());
        await get('plain');
        await get('authorization', {headers: {Authorization: 'Bearer hf_swTest000000'}});
        await get('x-hf-authorization', {headers: {'X-HF-Authorization': 'Bearer hf_swTest000000'}});
        await get('credentials', {credentials: 'include'});
        await new Promise(r => setTimeout(r, 300));
        const out = [];
        for (const key of await caches.keys()) {
            const cache = await caches.open(key);
            for (const req of await cache.keys()) out.push(new URL(req.url).search);
        }
        return out;
    }""")
    assert "?plain" in cached  # the worker does cache plain same-origin GETs (the check can fail)
    assert [q for q in cached if q in ("?authorization", "?x-hf-authorization", "?credentials")] == []


@pytest.mark.gradio
def test_space_output_is_inert(guarded: GuardedContext, demo_server: DemoServer, gradio_upstreams: tuple[str, str]) -> None:
    """The echo app returns the XSS corpus as its output; the Space page shows it as text only."""
    corpus = "\n".join(XSS_CORPUS)
    page = guarded.new_page()
    page.goto(f"{demo_server.url}/space.html?src={gradio_upstreams[0]}/echo/")
    wait_ready(page)
    page.wait_for_selector("#call:not([hidden])")
    page.evaluate(WATCH)
    page.fill("[data-param][data-component=Textbox]", corpus)
    page.click("#submit")
    page.wait_for_selector("#queue[data-state=done], #queue[data-state=error]", timeout=60000)
    assert page.get_attribute("#queue", "data-state") == "done", page.text_content("#queue")
    outputs = page.locator("#outputs")
    shown = outputs.evaluate("el => [...el.querySelectorAll('textarea, input')].map(e => e.value).join('') "
                             "+ el.textContent")
    assert corpus in shown
    assert outputs.locator("img, script, svg, iframe, a[href^=javascript]").count() == 0
    page.wait_for_timeout(300)
    assert page.evaluate(RAN) == []
