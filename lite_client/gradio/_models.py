"""Pydantic models of what a Gradio app sends: config, /info, job statuses, Space status.

Models are lenient (``extra="allow"``): servers add fields between versions (see the protocol
reference §3 and §13). Only the fields a client acts on are declared.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

__all__ = [
    "ApiInfo",
    "ComponentConfig",
    "DependencyConfig",
    "EndpointInfo",
    "GradioConfig",
    "LogMessage",
    "ParameterInfo",
    "ProgressUnit",
    "ReturnInfo",
    "SpaceStatus",
    "Status",
    "StatusUpdate",
]


def _text(value: Any) -> Any:
    """Labels may be i18n objects (``{"key": "chat_interface.…", …}``): keep a readable string."""
    if isinstance(value, dict):
        return str(value.get("key") or value.get("value") or "")
    return value


Label = Annotated[str | None, BeforeValidator(_text)]


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class ComponentConfig(_Lenient):
    id: int
    type: str = ""
    props: dict[str, Any] = Field(default_factory=dict)
    skip_api: bool = False
    api_info: Any = None

    @property
    def is_state(self) -> bool:
        return self.type == "state"


class DependencyConfig(_Lenient):
    """One event listener (``config.dependencies[i]``). ``id`` is the ``fn_index`` to send."""

    id: int | None = None
    inputs: list[int] = Field(default_factory=list)
    outputs: list[int] = Field(default_factory=list)
    api_name: str | bool | None = None
    api_visibility: str | None = None  # 6.x: public | undocumented | private
    show_api: bool | None = None  # 5.x: False = undocumented
    backend_fn: bool = True
    queue: bool | None = True
    types: dict[str, Any] = Field(default_factory=dict)
    connection: str | None = None

    @property
    def is_generator(self) -> bool:
        return bool(self.types.get("generator"))

    @property
    def visibility(self) -> Literal["public", "undocumented", "private"]:
        """6.x ``api_visibility``; on 5.x derived from ``api_name: false`` / ``show_api: false``."""
        if self.api_visibility in ("public", "undocumented", "private"):
            return self.api_visibility  # type: ignore[return-value]
        if self.api_name is False:
            return "private"
        if self.show_api is False:
            return "undocumented"
        return "public"


class GradioConfig(_Lenient):
    """``GET /config``. ``api_prefix`` is ``""`` on 4.x (routes at the root)."""

    version: str | None = None
    api_prefix: str = ""
    protocol: str = "sse_v3"
    root: str | None = None
    connect_heartbeat: bool = False
    max_file_size: int | None = None
    space_id: str | None = None
    show_error: bool = False
    enable_queue: bool = True
    components: list[ComponentConfig] = Field(default_factory=list)
    dependencies: list[DependencyConfig] = Field(default_factory=list)


class ParameterInfo(_Lenient):
    label: Label = None
    parameter_name: str | None = None
    parameter_has_default: bool = False
    parameter_default: Any = None
    type: Any = None
    python_type: dict[str, Any] = Field(default_factory=dict)
    component: str | None = None
    example_input: Any = None

    @property
    def name(self) -> str:
        return self.parameter_name or self.label or "input"


class ReturnInfo(_Lenient):
    label: Label = None
    type: Any = None
    python_type: dict[str, Any] = Field(default_factory=dict)
    component: str | None = None


class EndpointInfo(_Lenient):
    """One endpoint of ``/info`` (``api_name`` includes the leading slash)."""

    api_name: str | None = None
    fn_index: int | None = None
    parameters: list[ParameterInfo] = Field(default_factory=list)
    returns: list[ReturnInfo] = Field(default_factory=list)
    api_visibility: str | None = None
    description: str | None = None
    oauth_token: str | None = None


class ApiInfo(_Lenient):
    """``view_api()``: the app's endpoints, keyed by ``api_name`` (``"/greet"``) or fn_index."""

    named_endpoints: dict[str, EndpointInfo] = Field(default_factory=dict)
    unnamed_endpoints: dict[str, EndpointInfo] = Field(default_factory=dict)


class Status(StrEnum):
    """Job status codes (same names as ``gradio_client.utils.Status``)."""

    STARTING = "STARTING"
    JOINING_QUEUE = "JOINING_QUEUE"
    QUEUE_FULL = "QUEUE_FULL"
    IN_QUEUE = "IN_QUEUE"
    SENDING_DATA = "SENDING_DATA"
    PROCESSING = "PROCESSING"
    ITERATING = "ITERATING"
    PROGRESS = "PROGRESS"
    FINISHED = "FINISHED"
    CANCELLED = "CANCELLED"
    LOG = "LOG"


class ProgressUnit(_Lenient):
    index: int | None = None
    length: int | None = None
    unit: str | None = None
    progress: float | None = None
    desc: str | None = None


class LogMessage(_Lenient):
    """``gr.Info`` / ``gr.Warning`` / ``gr.Success`` (level ``info``/``warning``/``success``)."""

    log: str = ""
    level: str = "info"
    title: str | None = None
    duration: float | None = None
    visible: bool | None = None


class StatusUpdate(_Lenient):
    """The latest status of a job: queue ``rank`` (0 = next), ``queue_size``, ``eta`` (seconds),
    ``progress_data`` (``gr.Progress``), ``log`` (the last log message), ``success`` once done."""

    type: Literal["status"] = "status"
    code: Status
    rank: int | None = None
    queue_size: int | None = None
    eta: float | None = None
    success: bool | None = None
    time: float | None = None  # time.time() when received
    progress_data: list[ProgressUnit] | None = None
    log: LogMessage | None = None


class SpaceStatus(_Lenient):
    """What ``status_callback`` receives while a Space is resolved (as in ``@gradio/client``).

    ``status``: ``sleeping`` / ``building`` / ``starting`` / ``running`` / ``paused`` /
    ``space_error`` / ``error``; ``load_status``: ``pending`` / ``complete`` / ``error``;
    ``stage``: the Hub's raw runtime stage.
    """

    status: str
    load_status: str
    message: str = ""
    detail: str | None = None
    stage: str | None = None
    space_id: str | None = None
