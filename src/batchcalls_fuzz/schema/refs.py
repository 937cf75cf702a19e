"""The one place where a schema's references are resolved: local (``#...``) only.

Every API that takes a schema (``load_schema``, the ``Oracle``, the strategies) goes through
here, so a schema never causes network or file access: a ``$ref`` (or ``$dynamicRef``,
``$import``, ...) that names anything outside the document is a SchemaError, and the jsonschema
validator gets a registry whose retrieval refuses.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..errors import SchemaError
from . import pointer as jp

if TYPE_CHECKING:
    from referencing import Registry, Resource

REFERENCE_KEYWORDS = ("$ref", "$dynamicRef", "$recursiveRef", "$import", "$importdefs")
"""Keywords whose value names another schema (JSON Schema; JSON Structure's imports)."""


def check_local(ref: Any, where: str) -> str:
    """``ref`` itself where it is a local reference; a SchemaError otherwise."""
    if not isinstance(ref, str):
        raise SchemaError("$ref must be a string", where)
    if not ref.startswith("#"):
        raise SchemaError(
            f"remote $ref '{ref}' is refused: only local references (#/...) are resolved, "
            "a schema never causes network or file access",
            where,
        )
    return ref


def refuse_nonlocal(document: Mapping[str, Any]) -> None:
    """Refuse a document holding any reference that is not local (walks without recursion)."""
    stack: list[tuple[Any, str]] = [(document, "")]
    while stack:
        value, where = stack.pop()
        if isinstance(value, Mapping):
            for key, child in value.items():
                place = jp.join(where, key)
                if key in REFERENCE_KEYWORDS and isinstance(child, str):
                    check_local(child, place)
                else:
                    stack.append((child, place))
        elif isinstance(value, list):
            stack.extend((child, jp.join(where, i)) for i, child in enumerate(value))


def _refuse(uri: str) -> Resource[Any]:
    raise SchemaError(f"'{uri}' is not retrieved: a schema never causes network or file access")


def refusing_registry() -> Registry[Any]:
    """A ``referencing`` registry for jsonschema validators: nothing is ever retrieved."""
    from referencing import Registry  # loaded with the validators, not with the bulk path

    return Registry(retrieve=_refuse)  # type: ignore[call-arg]
