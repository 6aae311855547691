"""Config and /info parsing against real captures from Gradio 5.50 and 6.31 (../shared/reference).

The live tests use Gradio 6.31; these pin the 5.x differences (api_name false = private,
show_api false = undocumented) and the 6.x api_visibility field without a 5.x server.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lite_client.gradio._protocol import parse_app
from lite_client.gradio.errors import EndpointNotFoundError

# shared/ sits beside the repository, on developer machines and in CI.
TRACES = Path(__file__).resolve().parents[3] / "shared" / "reference" / "gradio-traces"

pytestmark = pytest.mark.skipif(not TRACES.exists(), reason="reference captures not present")


def _app(version: str):  # type: ignore[no-untyped-def]
    config = json.loads((TRACES / f"{version}_blocks_config.json").read_text())
    info = json.loads((TRACES / f"{version}_blocks_info.json").read_text())
    return parse_app("http://127.0.0.1:7860/", config, info)


@pytest.mark.parametrize("version", ["g5", "g6"])
def test_endpoints_visibility_and_state(version: str) -> None:
    app = _app(version)
    assert app.api_url == "http://127.0.0.1:7860/gradio_api"
    names = {e.api_name for e in app.endpoints()}
    assert {"/add", "/count", "/counter", "/upper_1"} <= names
    assert "/undoc_fn" not in names and "/undoc_fn" in {e.api_name for e in app.endpoints(include_undocumented=True)}
    counter = app.resolve("/counter")
    assert counter.state_inputs.count(True) == 1  # gr.State input: not in /info, filled with null
    assert app.resolve("add").fn_index == app.resolve(fn_index=app.resolve("/add").fn_index).fn_index
    with pytest.raises(EndpointNotFoundError):
        app.resolve("/nope")
    with pytest.raises(EndpointNotFoundError):
        app.resolve()  # several endpoints: the caller must choose


def test_private_function_is_not_resolvable_by_name_on_5x() -> None:
    app = _app("g5")
    private = [d for d in app.config.dependencies if d.api_name is False]
    assert private and all(d.visibility == "private" for d in private)
    assert all(e.api_name for e in app.endpoints(include_undocumented=True))
