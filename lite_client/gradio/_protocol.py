"""The pure protocol core: app description, endpoint resolution, arguments, outputs (no I/O).

:class:`AppInfo` is built once per connection from ``/config`` and ``/info``. It resolves an
``api_name`` / ``fn_index`` into an :class:`Endpoint` (reference §5), which knows how to lay out the
``data`` list of a call (keyword arguments by ``parameter_name``, defaults from ``/info``, ``None``
at ``gr.State`` positions) and how to shape ``output.data`` for the user (skipped outputs dropped,
a single output returned bare, several as a tuple, file dicts turned into objects).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .. import errors
from ._models import ApiInfo, DependencyConfig, EndpointInfo, GradioConfig, ParameterInfo
from .errors import EndpointNotFoundError, GradioError

__all__ = ["AppInfo", "Endpoint", "is_file_dict", "map_files"]

DIFF_PROTOCOLS = frozenset({"sse_v2", "sse_v2.1", "sse_v3"})
QUEUE_PROTOCOLS = frozenset({"sse_v1", "sse_v2", "sse_v2.1", "sse_v3"})
FILE_META = "gradio.FileData"


def is_file_dict(value: Any, protocol: str = "sse_v3") -> bool:
    """Is ``value`` a FileData dict? With ``sse_v2.1`` only dicts carrying the FileData ``meta``
    count; with other protocols any dict with a string ``path`` does (reference §9.1)."""
    if not isinstance(value, dict) or not isinstance(value.get("path"), str):
        return False
    if protocol == "sse_v2.1":
        meta = value.get("meta")
        return isinstance(meta, dict) and meta.get("_type") == FILE_META
    return True


def map_files(value: Any, is_file: Callable[[Any], bool], convert: Callable[[Any], Any]) -> Any:
    """Copy of ``value`` where every node for which ``is_file`` holds is replaced by ``convert``."""
    if is_file(value):
        return convert(value)
    if isinstance(value, list):
        return [map_files(v, is_file, convert) for v in value]
    if isinstance(value, tuple):
        return tuple(map_files(v, is_file, convert) for v in value)
    if isinstance(value, dict):
        return {k: map_files(v, is_file, convert) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class Endpoint:
    """One callable dependency of the app, with what is needed to call it and read its outputs."""

    fn_index: int
    api_name: str | None  # with the leading slash, or None
    dependency: DependencyConfig
    info: EndpointInfo | None
    state_inputs: tuple[bool, ...]
    skipped_outputs: tuple[bool, ...]
    protocol: str = "sse_v3"

    @property
    def parameters(self) -> list[ParameterInfo]:
        return self.info.parameters if self.info else []

    @property
    def is_generator(self) -> bool:
        return self.dependency.is_generator

    @property
    def applies_diffs(self) -> bool:
        return self.protocol in DIFF_PROTOCOLS and self.dependency.connection != "stream"

    @property
    def wants_oauth_token(self) -> bool:
        return bool(self.info and self.info.oauth_token)

    def build_data(self, args: Sequence[Any], kwargs: Mapping[str, Any]) -> list[Any]:
        """The ``data`` list for this call; raises :class:`InputError` on bad arguments."""
        name = self.api_name or f"fn_index={self.fn_index}"
        params = self.parameters
        visible_inputs = sum(1 for s in self.state_inputs if not s)
        if self.info is None:
            if kwargs:
                raise _input_error(
                    f"Keyword arguments need the endpoint's parameter names, which /info does not "
                    f"give for {name}; pass the values positionally.")
            values = list(args)
        else:
            if len(args) > len(params):
                raise _input_error(f"{name} takes {len(params)} argument(s) but {len(args)} were given.")
            values = list(args)
            by_name = {p.name: i for i, p in enumerate(params)}
            for key in kwargs:
                if key not in by_name:
                    known = ", ".join(by_name) or "none"
                    raise _input_error(f"{name} has no parameter {key!r} (parameters: {known}).")
                if by_name[key] < len(args):
                    raise _input_error(f"{name} got parameter {key!r} both positionally and by keyword.")
            for index in range(len(args), len(params)):
                param = params[index]
                if param.name in kwargs:
                    values.append(kwargs[param.name])
                elif param.parameter_has_default:
                    values.append(param.parameter_default)
                else:
                    raise _input_error(f"{name} is missing the required argument {param.name!r}.")
            if len(values) < visible_inputs and not params:
                values.extend([None] * (visible_inputs - len(values)))
        data: list[Any] = []
        source = iter(values)
        for is_state in self.state_inputs:
            data.append(None if is_state else next(source, None))
        data.extend(source)  # extra trailing values (the server tolerates them)
        return data

    def shape_outputs(self, data: Sequence[Any], convert_file: Callable[[Any], Any] | None = None) -> Any:
        """Outputs as the user sees them: files converted, skipped outputs dropped, one output bare."""
        if convert_file is not None:
            protocol = self.protocol
            data = [map_files(v, lambda x: is_file_dict(x, protocol), convert_file) for v in data]
        skipped = self.skipped_outputs
        kept = [v for i, v in enumerate(data) if not (i < len(skipped) and skipped[i])]
        effective = sum(1 for s in skipped if not s)
        if effective == 1:
            return kept[0] if kept else None
        return tuple(kept)


def _input_error(message: str) -> errors.InputError:
    return errors.InputError(message)


@dataclass
class AppInfo:
    """A connected app: its config, its API description and where its routes are."""

    base_url: str  # the app root, no trailing slash
    config: GradioConfig
    raw_config: dict[str, Any]
    api: ApiInfo
    raw_info: dict[str, Any] = field(default_factory=dict)

    @property
    def api_url(self) -> str:
        prefix = (self.config.api_prefix or "").rstrip("/")
        if prefix and not prefix.startswith("/"):
            prefix = "/" + prefix
        return self.base_url + prefix

    @property
    def protocol(self) -> str:
        return self.config.protocol

    def _component_types(self) -> dict[int, tuple[str, bool]]:
        return {c.id: (c.type, c.skip_api or c.type == "state") for c in self.config.components}

    def _info_for(self, dep: DependencyConfig, fn_index: int) -> EndpointInfo | None:
        if isinstance(dep.api_name, str) and dep.api_name:
            found = self.api.named_endpoints.get("/" + dep.api_name)
            if found is not None:
                return found
        return self.api.unnamed_endpoints.get(str(fn_index))

    def endpoint_for(self, dep: DependencyConfig, index: int) -> Endpoint:
        fn_index = dep.id if dep.id is not None else index
        components = self._component_types()
        state = tuple(components.get(c, ("", False))[0] == "state" for c in dep.inputs)
        skipped = tuple(components.get(c, ("", False))[1] for c in dep.outputs)
        api_name = "/" + dep.api_name if isinstance(dep.api_name, str) and dep.api_name else None
        return Endpoint(fn_index=fn_index, api_name=api_name, dependency=dep, info=self._info_for(dep, fn_index),
                        state_inputs=state, skipped_outputs=skipped, protocol=self.protocol)

    def endpoints(self, *, include_undocumented: bool = False) -> list[Endpoint]:
        """Named, backend endpoints the user may call (private ones never)."""
        out = []
        for index, dep in enumerate(self.config.dependencies):
            visibility = dep.visibility
            if visibility == "private" or not isinstance(dep.api_name, str) or not dep.api_name:
                continue
            if visibility == "undocumented" and not include_undocumented:
                continue
            if not dep.backend_fn:
                continue
            out.append(self.endpoint_for(dep, index))
        return out

    def resolve(self, api_name: str | None = None, fn_index: int | None = None) -> Endpoint:
        """The endpoint for ``api_name`` (``"/greet"`` or ``"greet"``) or ``fn_index``."""
        deps = self.config.dependencies
        if api_name is not None:
            if not isinstance(api_name, str) or not api_name.strip("/"):
                raise EndpointNotFoundError(f"api_name must be a non-empty string like '/predict', not {api_name!r}.")
            wanted = api_name.lstrip("/")
            for index, dep in enumerate(deps):
                if dep.api_name == wanted and dep.visibility != "private":
                    return self.endpoint_for(dep, index)
            names = ", ".join(e.api_name or "" for e in self.endpoints()) or "none"
            raise EndpointNotFoundError(f"Cannot find an endpoint named {'/' + wanted!r} (available: {names}).")
        if fn_index is not None:
            for index, dep in enumerate(deps):
                if (dep.id if dep.id is not None else index) == fn_index:
                    return self.endpoint_for(dep, index)
            raise EndpointNotFoundError(f"There is no function with fn_index={fn_index}.")
        public = [e for e in self.endpoints()]
        if len(public) == 1:
            return public[0]
        raise EndpointNotFoundError(
            f"This app has {len(public)} endpoints; choose one with api_name= "
            f"({', '.join(e.api_name or '' for e in public)}).")


def parse_app(base_url: str, raw_config: dict[str, Any], raw_info: dict[str, Any] | None) -> AppInfo:
    """Build an :class:`AppInfo` from the JSON of ``/config`` and ``/info`` (pure)."""
    try:
        config = GradioConfig.model_validate(raw_config)
        api = ApiInfo.model_validate(raw_info or {})
    except ValueError as exc:
        raise GradioError(f"This does not look like a Gradio app config ({base_url}): {exc}") from exc
    for name, info in api.named_endpoints.items():
        info.api_name = name
    for key, info in api.unnamed_endpoints.items():
        if key.isdigit():
            info.fn_index = int(key)
    if config.protocol not in QUEUE_PROTOCOLS and config.protocol not in ("sse", "ws"):
        config.protocol = "sse_v3"
    return AppInfo(base_url=base_url.rstrip("/"), config=config, raw_config=raw_config, api=api,
                   raw_info=raw_info or {})
