"""STAND-IN for the Hugging Face Hub API routes the Gradio client uses for Spaces (test only).

Follows the protocol reference §12 (gradio-protocol.md): ``GET /api/spaces/{id}``,
``/api/spaces/{id}/host``, ``/api/spaces/{id}/runtime``, ``/api/spaces/{id}/jwt``,
``GET /api/whoami-v2``, ``POST /api/spaces/{id}/duplicate`` (``{"repository", "visibility"}``;
409 when the target exists), ``POST /api/spaces/{id}/secrets`` (``{"key","value"}``),
``/hardware`` (``{"flavor"}``), ``/sleeptime`` (``{"seconds"}``). It is *not* huggingface.co:
Spaces are registered by the test with a host (a real local Gradio app) and a sequence of runtime
stages that advances by one at each ``/runtime`` poll. Binds 127.0.0.1 only.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TOKEN = "hf_standin_token_123456"
USER = "tester"


@dataclass
class StandinSpace:
    host: str
    stages: list[str] = field(default_factory=lambda: ["RUNNING"])
    private: bool = False
    hardware: str = "cpu-basic"
    secrets: dict[str, str] = field(default_factory=dict)
    sleep_seconds: int | None = None
    polls: int = 0

    @property
    def stage(self) -> str:
        return self.stages[min(self.polls, len(self.stages) - 1)]


class HubStandin:
    """``with HubStandin() as hub: hub.add_space("owner/name", host=...); hub.url``."""

    def __init__(self) -> None:
        self.spaces: dict[str, StandinSpace] = {}
        self.log: list[dict[str, Any]] = []
        self.duplicate_host: str | None = None
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _send(self, status: int, body: Any) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _handle(self, method: str) -> None:
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length) if length else b""
                body = json.loads(raw) if raw else None
                auth = self.headers.get("authorization") or ""
                authed = auth == f"Bearer {TOKEN}"
                outer.log.append({"method": method, "path": self.path, "body": body, "authed": authed,
                                  "x_hf": self.headers.get("x-hf-authorization")})
                status, out = outer.route(method, self.path.split("?")[0], body, authed)
                self._send(status, out)

            def do_GET(self) -> None:
                self._handle("GET")

            def do_POST(self) -> None:
                self._handle("POST")

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def add_space(self, space_id: str, **kwargs: Any) -> StandinSpace:
        self.spaces[space_id] = StandinSpace(**kwargs)
        return self.spaces[space_id]

    def route(self, method: str, path: str, body: Any, authed: bool) -> tuple[int, Any]:
        if path == "/api/whoami-v2":
            return (200, {"name": USER, "type": "user"}) if authed else (401, {"error": "Invalid credentials"})
        if not path.startswith("/api/spaces/"):
            return 404, {"error": "not found"}
        parts = path[len("/api/spaces/"):].split("/")
        space_id, rest = "/".join(parts[:2]), "/".join(parts[2:])
        space = self.spaces.get(space_id)
        if method == "POST" and rest == "duplicate":
            if space is None:
                return 404, {"error": "Repository not found"}
            if not authed:
                return 401, {"error": "Invalid credentials"}
            target = body["repository"]
            if target in self.spaces:
                return 409, {"error": "You already created this space repo"}
            self.spaces[target] = StandinSpace(host=self.duplicate_host or space.host,
                                               private=body.get("visibility") == "private",
                                               hardware="cpu-basic")
            return 200, {"url": f"https://huggingface.co/spaces/{target}"}
        if space is None or (space.private and not authed):
            return (404, {"error": "Repository not found"}) if space is None else (401, {"error": "Unauthorized"})
        subdomain = space_id.lower().replace("/", "-").replace("_", "-").replace(".", "-")
        runtime = {"stage": space.stage, "hardware": {"current": space.hardware, "requested": space.hardware},
                   "gcTimeout": space.sleep_seconds}
        if method == "GET" and rest == "":
            return 200, {"id": space_id, "host": space.host, "subdomain": subdomain, "private": space.private,
                         "runtime": runtime}
        if method == "GET" and rest == "host":
            return 200, {"subdomain": subdomain, "host": space.host}
        if method == "GET" and rest == "runtime":
            space.polls += 1
            runtime["stage"] = space.stage
            return 200, runtime
        if method == "GET" and rest == "jwt":
            return (200, {"token": "standin.jwt.value"}) if authed else (401, {"error": "Unauthorized"})
        if method == "POST" and rest in ("secrets", "hardware", "sleeptime"):
            if not authed:
                return 401, {"error": "Unauthorized"}
            if rest == "secrets":
                space.secrets[body["key"]] = body["value"]
            elif rest == "hardware":
                space.hardware = body["flavor"]
            else:
                space.sleep_seconds = int(body["seconds"])
            return 200, {}
        return 404, {"error": "not found"}

    def __enter__(self) -> HubStandin:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
