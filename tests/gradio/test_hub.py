"""Space resolution, runtime status and duplicate against the Hub STAND-IN (tests/standins)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from lite_client.gradio import AsyncClient, Client, SpaceStatus
from lite_client.gradio import errors as gerrors
from tests.standins.hub_standin import TOKEN, HubStandin

pytestmark = pytest.mark.gradio


@pytest.fixture
def hub() -> Iterator[HubStandin]:
    with HubStandin() as standin:
        yield standin


def test_space_id_resolves_to_its_host(hub: HubStandin, gradio_server: str) -> None:
    hub.add_space("someone/greeter", host=gradio_server + "/iface")
    seen: list[SpaceStatus] = []
    with Client("someone/greeter", hub_endpoint=hub.url, status_callback=seen.append) as client:
        assert client.predict("Hub") == "Hello Hub!"
        assert client.space_id == "someone/greeter"
    assert [s.status for s in seen] == ["running"]


def test_sleeping_space_is_woken_and_waited_for(hub: HubStandin, gradio_server: str) -> None:
    hub.add_space("someone/sleepy", host=gradio_server + "/iface", stages=["SLEEPING", "BUILDING", "RUNNING"])
    seen: list[SpaceStatus] = []
    with Client("someone/sleepy", hub_endpoint=hub.url, status_callback=seen.append,
                space_poll_interval=0.05) as client:
        assert client.predict("x") == "Hello x!"
    assert [s.status for s in seen] == ["sleeping", "building", "running"]
    assert seen[0].load_status == "pending" and seen[-1].load_status == "complete"


def test_paused_or_broken_space_is_a_typed_error(hub: HubStandin, gradio_server: str) -> None:
    hub.add_space("someone/paused", host=gradio_server, stages=["PAUSED"])
    hub.add_space("someone/broken", host=gradio_server, stages=["BUILDING", "BUILD_ERROR"])
    seen: list[SpaceStatus] = []
    with pytest.raises(gerrors.SpaceError) as paused:
        Client("someone/paused", hub_endpoint=hub.url, status_callback=seen.append)
    assert paused.value.stage == "PAUSED" and seen[-1].status == "paused"
    with pytest.raises(gerrors.SpaceError) as broken:
        Client("someone/broken", hub_endpoint=hub.url, space_poll_interval=0.05)
    assert broken.value.stage == "BUILD_ERROR"
    with pytest.raises(gerrors.SpaceError, match="could not be accessed"):
        Client("someone/missing", hub_endpoint=hub.url)


def test_waiting_is_bounded(hub: HubStandin, gradio_server: str) -> None:
    hub.add_space("someone/forever", host=gradio_server, stages=["BUILDING"])
    with pytest.raises(gerrors.SpaceError, match="still building"):
        Client("someone/forever", hub_endpoint=hub.url, space_poll_interval=0.05, space_wait_timeout=0.3)


def test_private_space_needs_the_token(hub: HubStandin, gradio_server: str) -> None:
    hub.add_space("someone/private", host=gradio_server + "/iface", private=True)
    with pytest.raises(gerrors.SpaceError, match="token"):
        Client("someone/private", hub_endpoint=hub.url, token=None)
    with Client("someone/private", hub_endpoint=hub.url, token=TOKEN) as client:
        assert client.predict("p") == "Hello p!"
    hub_calls = [e for e in hub.log if e["path"].startswith("/api/spaces/someone/private")]
    assert hub_calls[-1]["authed"]


def test_duplicate(hub: HubStandin, gradio_server: str) -> None:
    hub.add_space("someone/original", host=gradio_server + "/iface", hardware="cpu-basic")
    client = Client.duplicate("someone/original", token=TOKEN, hub_endpoint=hub.url, hardware="t4-small",
                              secrets={"API_KEY": "v1"}, sleep_timeout=10)
    try:
        assert client.space_id == "tester/original"
        assert client.predict("dup") == "Hello dup!"
    finally:
        client.close()
    copy = hub.spaces["tester/original"]
    assert copy.private and copy.secrets == {"API_KEY": "v1"} and copy.hardware == "t4-small"
    assert copy.sleep_seconds == 600
    duplicate_calls = [e for e in hub.log if e["path"].endswith("/duplicate")]
    assert duplicate_calls[0]["body"] == {"repository": "tester/original", "visibility": "private"}
    # A second duplicate reuses the existing copy (no new POST /duplicate).
    Client.duplicate("someone/original", token=TOKEN, hub_endpoint=hub.url).close()
    assert len([e for e in hub.log if e["path"].endswith("/duplicate")]) == 1


def test_duplicate_needs_a_token_before_any_request(hub: HubStandin, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HF_TOKEN", raising=False)
    monkeypatch.delenv("HUGGING_FACE_HUB_TOKEN", raising=False)
    with pytest.raises(ValueError, match="token"):
        Client.duplicate("someone/original", hub_endpoint=hub.url)
    assert hub.log == []


async def test_async_space_and_token_not_leaked(hub: HubStandin, gradio_server: str) -> None:
    hub.add_space("someone/greeter", host=gradio_server + "/iface")
    client = await AsyncClient.connect("someone/greeter", hub_endpoint=hub.url, token=TOKEN)
    try:
        assert await client.predict("a") == "Hello a!"
        assert TOKEN not in repr(client) and TOKEN not in repr(client._ctx)
    finally:
        await client.aclose()
