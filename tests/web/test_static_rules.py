"""Tier a checks of the static pages, the demo server and the asset vendoring (no browser)."""

from __future__ import annotations

import html.parser
import json
import re
import urllib.request
from pathlib import Path

import pytest
import vendor_web

from tests.web.conftest import WEB, DemoServer

PAGES = sorted(WEB.glob("*.html"))
SCRIPTS = sorted((WEB / "js").glob("*.mjs"))


class PageScan(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.csp: str | None = None
        self.inline_scripts = 0
        self.handlers: list[str] = []
        self.javascript_urls: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp = values.get("content")
        if tag == "script":
            self._in_script = "src" not in values
        self.handlers += [f"{tag}.{name}" for name, _ in attrs if name.startswith("on")]
        self.javascript_urls += [v for _, v in attrs if v and v.strip().lower().startswith("javascript:")]

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline_scripts += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_page_has_csp_and_no_inline_code(page: Path) -> None:
    scan = PageScan()
    scan.feed(page.read_text())
    assert scan.csp, "every page declares a Content-Security-Policy"
    directives = {d.split()[0]: d.split()[1:] for d in scan.csp.split(";") if d.strip()}
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert "'wasm-unsafe-eval'" in directives["script-src"]
    assert directives["object-src"] == ["'none'"]
    assert scan.inline_scripts == 0
    assert scan.handlers == []
    assert scan.javascript_urls == []


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_scripts_never_write_html(script: Path) -> None:
    source = script.read_text()
    assert not re.search(r"\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write", source)


def test_server_headers_match_pages() -> None:
    server = DemoServer()
    try:
        for page in PAGES:
            with urllib.request.urlopen(f"{server.url}/{page.name}") as response:
                scan = PageScan()
                scan.feed(response.read().decode())
                assert " ".join((scan.csp or "").split()) == response.headers["Content-Security-Policy"]
        expected = {"/sw.js": "text/javascript", "/manifest.webmanifest": "application/manifest+json",
                    "/js/loader.mjs": "text/javascript", "/icons/icon-192.png": "image/png"}
        if (WEB / "vendor" / "ort").exists():
            expected["/vendor/ort/ort-wasm-simd-threaded.wasm"] = "application/wasm"
        for path, mime in expected.items():
            with urllib.request.urlopen(server.url + path) as response:
                assert response.headers["Content-Type"].split(";")[0] == mime, path
                assert response.headers["Cache-Control"] == "no-cache"
    finally:
        server.stop()


def test_manifest_is_installable() -> None:
    manifest = json.loads((WEB / "manifest.webmanifest").read_text())
    assert manifest["display"] == "standalone" and manifest["start_url"]
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        data = (WEB / icon["src"]).read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert f"{width}x{height}" == icon["sizes"]


def test_vendor_web_rejects_a_tampered_file(tmp_path: Path) -> None:
    lock = json.loads(vendor_web.LOCK.read_text())
    lock["model"]["files"] = {"config.json": {**lock["model"]["files"]["config.json"], "sha256": "0" * 64}}
    with pytest.raises(vendor_web.IntegrityError, match="sha256 mismatch"):
        vendor_web.vendor_model(lock, tmp_path, offline=True)
    assert not (tmp_path / lock["model"]["dest"] / "config.json").exists()


def test_precache_list_covers_pages_runtime_and_model() -> None:
    if not (WEB / "vendor" / "models").exists():
        pytest.skip("web/vendor is not assembled: run scripts/setup.sh")
    info = vendor_web.write_manifests(WEB / "vendor", WEB)
    text = (WEB / "vendor" / "sw-assets.js").read_text()
    listed = json.loads(text[text.index("{"): text.rindex("}") + 1])
    assert listed["version"] == info["version"]
    for url in ("./index.html", "./chat.html", "./space.html", "./js/loader.mjs", "./manifest.webmanifest",
                "./vendor/transformers/transformers.js", "./vendor/ort/ort-wasm-simd-threaded.wasm",
                "./vendor/models/all-MiniLM-L6-v2/onnx/model_quantized.onnx"):
        assert url in listed["precache"], url
