"""``view_api()`` rendering (pure): a summary of the endpoints and ready-to-paste usage code."""

from __future__ import annotations

from typing import Any

from ._models import ApiInfo, EndpointInfo, ParameterInfo
from ._protocol import FILE_META

__all__ = ["render_api"]


def _type_name(item: Any) -> str:
    python_type = getattr(item, "python_type", None) or {}
    return str(python_type.get("type") or "Any")


def _example(param: ParameterInfo) -> str:
    value = param.parameter_default if param.parameter_has_default else param.example_input
    if isinstance(value, dict) and (value.get("meta") or {}).get("_type") == FILE_META:
        return f"handle_file({(value.get('url') or value.get('path'))!r})"
    return repr(value)


def _uses_files(endpoint: EndpointInfo) -> bool:
    return any(isinstance(p.example_input, dict) and (p.example_input.get("meta") or {}).get("_type") == FILE_META
               for p in endpoint.parameters)


def _snippet(src: str, name: str, endpoint: EndpointInfo, class_name: str) -> str:
    imports = f"{class_name}, handle_file" if _uses_files(endpoint) else class_name
    lines = [f"from lite_client.gradio import {imports}", "", f"client = {class_name}({src!r})"]
    call = "client.predict(" if class_name == "Client" else "await client.predict("
    lines[2] = lines[2] if class_name == "Client" else f"client = await {class_name}.connect({src!r})"
    lines.append(f"result = {call}")
    for param in endpoint.parameters:
        lines.append(f"    {param.name}={_example(param)},")
    lines.append(f"    api_name={name!r},")
    lines.append(")")
    lines.append("print(result)")
    return "\n".join(lines)


def _summary(name: str, endpoint: EndpointInfo) -> list[str]:
    params = ", ".join(p.name for p in endpoint.parameters)
    returns = ", ".join(r.label or "output" for r in endpoint.returns) or "None"
    lines = [f" - predict({params + ', ' if params else ''}api_name={name!r}) -> {returns}", "    Parameters:"]
    if not endpoint.parameters:
        lines.append("     - None")
    for p in endpoint.parameters:
        default = f"(not required, defaults to: {p.parameter_default!r})" if p.parameter_has_default else "(required)"
        lines.append(f"     - [{p.component}] {p.name}: {_type_name(p)} {default}")
    lines.append("    Returns:")
    if not endpoint.returns:
        lines.append("     - None")
    for r in endpoint.returns:
        lines.append(f"     - [{r.component}] {r.label or 'output'}: {_type_name(r)}")
    return lines


def render_api(api: ApiInfo, src: str, *, class_name: str = "Client") -> str:
    """Human summary of every named endpoint followed by a usage snippet for each."""
    named = api.named_endpoints
    out = [f"{class_name}.predict() Usage Info", "-" * 26, f"Named API endpoints: {len(named)}", ""]
    for name, endpoint in named.items():
        out.extend(_summary(name, endpoint))
        out.append("")
    for name, endpoint in named.items():
        out.append(f"# {name}")
        out.append(_snippet(src, name, endpoint, class_name))
        out.append("")
    return "\n".join(out)
