"""Base class of every inference output: a pydantic v2 model that also reads like a dict.

huggingface_hub's output types are dataclasses that are also ``dict`` subclasses, and user code
relies on both ``out.generated_text`` and ``out["generated_text"]``. :class:`OutputModel` gives
both on a pydantic model, and is lenient the same way:

* every field is optional: a key the server did not send is ``None``;
* unknown keys are kept (``model_extra``), readable as attributes and items;
* keys are normalised on input for task outputs (``content-type`` → ``content_type``).

Parse errors (a value of the wrong type) become :class:`~lite_client.errors.ProtocolError`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from ... import errors

__all__ = ["OutputModel", "normalize_keys", "parse_list", "parse_one"]

M = TypeVar("M", bound="OutputModel")


class OutputModel(BaseModel):
    """A lenient output model with dict-style read access (``out["key"]``, ``out.get``, ``in``)."""

    model_config = ConfigDict(extra="allow", protected_namespaces=(), populate_by_name=True)

    def __getitem__(self, key: str) -> Any:
        if key in type(self).model_fields:
            return getattr(self, key)
        extra = self.__pydantic_extra__ or {}
        if key in extra:
            return extra[key]
        raise KeyError(key)

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and (key in type(self).model_fields or key in (self.__pydantic_extra__ or {}))

    def keys(self) -> list[str]:
        return [*type(self).model_fields, *(self.__pydantic_extra__ or {})]

    def values(self) -> list[Any]:
        return [self[k] for k in self.keys()]

    def items(self) -> list[tuple[str, Any]]:
        return [(k, self[k]) for k in self.keys()]

    def to_dict(self) -> dict[str, Any]:
        """Plain nested dict/list data (like ``model_dump()``)."""
        return self.model_dump()

    def __iter__(self) -> Iterator[Any]:  # type: ignore[override]
        # pydantic iterates (name, value) pairs; keep that so ``dict(model)`` works.
        return super().__iter__()


def normalize_keys(data: Any) -> Any:
    """``content-type`` → ``content_type``, ``Label`` → ``label``, recursively in dicts and lists."""
    if isinstance(data, dict):
        return {str(k).replace("-", "_").replace(" ", "_").lower(): normalize_keys(v) for k, v in data.items()}
    if isinstance(data, list):
        return [normalize_keys(v) for v in data]
    return data


def _validate(model: type[M], data: Any, what: str) -> M:
    if not isinstance(data, dict):
        raise errors.ProtocolError(f"Expected a JSON object for {what}, got {type(data).__name__}: {str(data)[:200]}")
    try:
        return model.model_validate(normalize_keys(data))
    except ValidationError as exc:
        raise errors.ProtocolError(f"Unexpected {what} payload: {exc.errors()[0].get('msg')} "
                                   f"at {exc.errors()[0].get('loc')}") from exc


def parse_one(model: type[M], data: Any, *, what: str | None = None) -> M:
    """One object; a one-element list is accepted and unwrapped (servers do both)."""
    name = what or model.__name__
    if isinstance(data, list):
        if not data:
            raise errors.ProtocolError(f"Expected a {name}, got an empty list.")
        data = data[0]
    return _validate(model, data, name)


def parse_list(model: type[M], data: Any, *, what: str | None = None) -> list[M]:
    """A list of objects; a single object is wrapped into a one-element list."""
    name = what or model.__name__
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise errors.ProtocolError(f"Expected a list of {name}, got {type(data).__name__}: {str(data)[:200]}")
    return [_validate(model, item, name) for item in data]
