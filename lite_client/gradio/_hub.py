"""Hugging Face Hub flows for Spaces (reference §12): resolve a Space id, wait for its runtime,
duplicate it. Pure flows: they yield requests and sleeps, the drivers do the I/O.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable, Generator
from typing import Any
from urllib.parse import quote

from .. import errors
from .._flow import Flow, Sleep, send_checked
from .._http import Response, error_for_status
from ._context import GradioContext
from ._models import SpaceStatus
from .errors import SpaceError

__all__ = ["SPACE_ID", "duplicate_flow", "resolve_src_flow", "space_status_for_stage"]

SPACE_ID = re.compile(r"^[a-zA-Z0-9_\-.]+/[a-zA-Z0-9_\-.]+$")
RUNNING = {"RUNNING", "RUNNING_BUILDING", "RUNNING_APP_STARTING"}
WAITING = {"SLEEPING": "sleeping", "STOPPED": "sleeping", "BUILDING": "building", "APP_STARTING": "starting"}
MESSAGES = {
    "sleeping": "Space is asleep. Waking it up...",
    "building": "Space is building...",
    "starting": "Space is starting...",
    "running": "Space is running.",
    "paused": "This Space has been paused by its owner.",
}
StatusCallback = Callable[[SpaceStatus], Any]


def space_status_for_stage(stage: str | None, space_id: str | None) -> SpaceStatus:
    """The ``status_callback`` object for a Hub runtime stage (as ``@gradio/client`` maps it)."""
    stage = (stage or "").upper()
    if stage in RUNNING:
        status, load = "running", "complete"
    elif stage in WAITING:
        status, load = WAITING[stage], "pending"
    elif stage == "PAUSED":
        status, load = "paused", "error"
    else:
        status, load = "space_error", "error"
    message = MESSAGES.get(status, f"This Space has an error (stage {stage or 'unknown'}).")
    return SpaceStatus(status=status, load_status=load, message=message, stage=stage or None,
                       space_id=space_id, detail=stage or None)


def _space_path(space_id: str) -> str:
    return "/api/spaces/" + "/".join(quote(part, safe="") for part in space_id.split("/"))


def _not_accessible(space_id: str) -> Callable[[Response], Exception | None]:
    def on_error(response: Response) -> Exception | None:
        if response.status in (401, 403, 404):
            hint = " (private Space: pass token=…)" if response.status in (401, 403) else ""
            return SpaceError(f"Space {space_id!r} could not be accessed: HTTP {response.status}{hint}.",
                              stage=None)
        return None
    return on_error


def _notify(callback: StatusCallback | None, status: SpaceStatus) -> None:
    if callback is not None:
        callback(status)


def _wait_for_space(ctx: GradioContext, space_id: str, stage: str | None, callback: StatusCallback | None,
                    wait_timeout: float, poll_interval: float) -> Generator[Any, Any, None]:
    started = time.monotonic()
    woken = False
    while True:
        status = space_status_for_stage(stage, space_id)
        _notify(callback, status)
        if status.status == "running":
            return
        if status.load_status == "error":
            raise SpaceError(f"Space {space_id!r} cannot serve requests: {status.message}", stage=status.stage)
        if status.status == "sleeping" and not woken and ctx.base_url:
            woken = True  # the first request to the Space's host is what wakes it up
            with contextlib.suppress(errors.TransportError):
                yield ctx.app_request("GET", ctx.base_url + "/config", timeout=min(ctx.timeout or 10.0, 10.0))
        if time.monotonic() - started + poll_interval > wait_timeout:
            raise SpaceError(f"Space {space_id!r} was still {status.status} after {wait_timeout:g} s.",
                             stage=status.stage)
        yield Sleep(poll_interval)
        response = yield from send_checked(ctx.hub_request("GET", _space_path(space_id) + "/runtime"),
                                           context="Space runtime", on_error=_not_accessible(space_id))
        stage = (response.json() or {}).get("stage")


def resolve_src_flow(ctx: GradioContext, callback: StatusCallback | None = None, *,
                     wait_timeout: float = 300.0, poll_interval: float = 2.0) -> Flow[str]:
    """Set ``ctx.base_url`` (and ``ctx.space_id``) from ``ctx.src``; wait for a Space to run."""
    src = ctx.src.strip()
    if src.startswith(("http://", "https://")):
        ctx.base_url = src.rstrip("/")
        ctx.trusted_urls = (*ctx.trusted_urls, ctx.base_url)  # the user named it
        return ctx.base_url
    if SPACE_ID.match(src):
        space_id = src
        response = yield from send_checked(ctx.hub_request("GET", _space_path(space_id)), context="Space info",
                                           on_error=_not_accessible(space_id))
        info = response.json() or {}
        host = info.get("host")
        if not host:
            subdomain = info.get("subdomain")
            if subdomain:
                host = f"https://{subdomain}.hf.space"
            else:
                hosted = yield from send_checked(ctx.hub_request("GET", _space_path(space_id) + "/host"),
                                                 context="Space host", on_error=_not_accessible(space_id))
                host = (hosted.json() or {}).get("host")
        if not host:
            raise SpaceError(f"The Hub did not give a host for Space {space_id!r}.")
        ctx.space_id = space_id
        ctx.base_url = str(host).rstrip("/")
        ctx.trusted_urls = (*ctx.trusted_urls, ctx.base_url)
        stage = (info.get("runtime") or {}).get("stage")
        yield from _wait_for_space(ctx, space_id, stage, callback, wait_timeout, poll_interval)
        return ctx.base_url
    if re.match(r"^[A-Za-z0-9.-]+(:\d+)?(/.*)?$", src) and "." in src.split("/")[0]:
        ctx.base_url = "https://" + src.rstrip("/")
        ctx.trusted_urls = (*ctx.trusted_urls, ctx.base_url)
        return ctx.base_url
    raise errors.InputError(f"src must be a URL (http:// or https://) or a Space id 'owner/name', not {src!r}.")


def duplicate_flow(ctx: GradioContext, from_id: str, to_id: str | None, *, private: bool,
                   hardware: str | None, secrets: dict[str, str] | None,
                   sleep_timeout_minutes: float) -> Flow[str]:
    """Duplicate Space ``from_id`` (reference §12.3, as ``gradio_client``); return the new id.

    An existing target is reused (its secrets are left alone). Secrets are set one by one; the
    hardware is requested when it differs from the source's, and a sleep time is set for any
    paid hardware.
    """
    if ctx.token is None:
        raise errors.InputError("duplicate() needs a Hugging Face token (token=… or HF_TOKEN).")
    if not SPACE_ID.match(from_id):
        raise errors.InputError(f"from_id must be a Space id 'owner/name', not {from_id!r}.")
    source = yield from send_checked(ctx.hub_request("GET", _space_path(from_id) + "/runtime"),
                                     context="Space runtime", on_error=_not_accessible(from_id))
    source_hardware = ((source.json() or {}).get("hardware") or {}).get("current") or "cpu-basic"
    whoami = yield from send_checked(ctx.hub_request("GET", "/api/whoami-v2"), context="whoami")
    user = (whoami.json() or {}).get("name")
    if not user:
        raise errors.AuthenticationError("The Hub did not say who owns this token.", status=401)
    name = to_id or from_id.split("/")[1]
    target = name if "/" in name else f"{user}/{name}"
    if not SPACE_ID.match(target):
        raise errors.InputError(f"to_id must be a Space name or 'owner/name', not {to_id!r}.")
    existing = yield ctx.hub_request("GET", _space_path(target) + "/runtime")
    if existing.status == 200:
        return target
    body = {"repository": target, "visibility": "private" if private else "public"}
    created = yield ctx.hub_request("POST", _space_path(from_id) + "/duplicate", json=body)
    if created.status >= 400 and created.status != 409:
        raise error_for_status(created.status, created.headers, created.content, created.url,
                               context="duplicate Space")
    for key, value in (secrets or {}).items():
        yield from send_checked(ctx.hub_request("POST", _space_path(target) + "/secrets",
                                                json={"key": key, "value": value}), context="Space secret")
    wanted = hardware or source_hardware
    if wanted != source_hardware or (hardware and hardware != "cpu-basic"):
        yield from send_checked(ctx.hub_request("POST", _space_path(target) + "/hardware",
                                                json={"flavor": wanted}), context="Space hardware")
    if wanted != "cpu-basic":
        yield from send_checked(ctx.hub_request("POST", _space_path(target) + "/sleeptime",
                                                json={"seconds": int(sleep_timeout_minutes * 60)}),
                                context="Space sleep time")
    return target

