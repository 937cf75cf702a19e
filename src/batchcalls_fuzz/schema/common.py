"""What both front ends share: keyword checks, annotations, local references."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any, TypeVar

from ..arguments import is_count
from ..errors import SchemaError
from . import pointer as jp
from .refs import check_local

T = TypeVar("T")

ANNOTATIONS = frozenset(
    {
        "description",
        "title",
        "example",
        "examples",
        "$comment",
        "default",
        "deprecated",
        "readOnly",
        "writeOnly",
    }
)


def require_mapping(value: Any, where: str, what: str = "a schema") -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise SchemaError(f"{what} must be a JSON object, got {type(value).__name__}", where)
    return value


def check_keywords(
    schema: Mapping[str, Any], where: str, allowed: Collection[str], context: str
) -> None:
    """Refuse any keyword that is neither in ``allowed`` nor an annotation."""
    for keyword in schema:
        if keyword not in allowed and keyword not in ANNOTATIONS:
            raise SchemaError(
                f"unsupported keyword '{keyword}' in {context}", jp.join(where, keyword)
            )


def annotations_of(schema: Mapping[str, Any], extra: Collection[str] = ()) -> dict[str, Any]:
    return {k: v for k, v in schema.items() if k in ANNOTATIONS or k in extra}


def resolve_local_ref(document: Mapping[str, Any], ref: Any, where: str) -> tuple[Any, str]:
    """The schema that a local reference (``#/...``) names, and its pointer."""
    check_local(ref, where)
    target = ref[1:]
    try:
        return jp.resolve(document, target), target
    except (KeyError, IndexError, ValueError, TypeError):
        raise SchemaError(f"$ref '{ref}' names nothing in this document", where) from None


class RefFollower:
    """Follows local references, refusing a cycle (recursive schemas are not generated)."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.document = document
        self._resolving: list[str] = []

    def follow(self, ref: Any, where: str, build: Callable[[Any, str], T]) -> T:
        """``build(target, target_pointer)`` for the schema that ``ref`` (found at ``where``)
        names."""
        target, target_pointer = resolve_local_ref(self.document, ref, where)
        if target_pointer in self._resolving:
            raise SchemaError(f"recursive $ref '{ref}' is not supported", where)
        self._resolving.append(target_pointer)
        try:
            return build(target, target_pointer)
        finally:
            self._resolving.pop()


def non_negative_int(schema: Mapping[str, Any], keyword: str, where: str) -> int | None:
    value = schema.get(keyword)
    if value is None:
        return None
    if not is_count(value):
        raise SchemaError(f"'{keyword}' must be a non-negative integer", jp.join(where, keyword))
    return int(value)


def number_or_none(schema: Mapping[str, Any], keyword: str, where: str) -> float | None:
    value = schema.get(keyword)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise SchemaError(f"'{keyword}' must be a number", jp.join(where, keyword))
    return value


def required_names(
    schema: Mapping[str, Any], where: str, declared: Collection[str]
) -> frozenset[str]:
    required = schema.get("required", [])
    if not isinstance(required, list) or not all(isinstance(r, str) for r in required):
        raise SchemaError("'required' must be a list of member names", jp.join(where, "required"))
    for name in required:
        if name not in declared:
            raise SchemaError(
                f"required member '{name}' is not declared in 'properties'",
                jp.join(where, "required"),
            )
    return frozenset(required)


def enum_values(schema: Mapping[str, Any], where: str) -> tuple[Any, ...]:
    values = schema["enum"]
    if not isinstance(values, list) or not values:
        raise SchemaError("'enum' must be a non-empty list", jp.join(where, "enum"))
    return tuple(values)
