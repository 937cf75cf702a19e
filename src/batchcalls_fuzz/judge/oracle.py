"""The validators that decide what is valid: jsonschema and the JSON Structure SDK.

``Oracle(schemas).check(document)`` runs every dialect it has a schema for and returns one
``Verdict`` per dialect, each error located by an RFC 6901 pointer into the document.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from json_structure import InstanceValidator
from jsonschema import Draft202012Validator, FormatChecker

from ..schema import pointer as jp
from ..schema.ir import JSON
from ..schema.refs import refuse_nonlocal, refusing_registry


@dataclass(frozen=True)
class OracleError:
    dialect: str
    pointer: str
    """Where the validator says the error is (the object, for a missing or extra member)."""
    keyword: str
    """What it checked: ``required``, ``type``, ``enum``, ``format``, ..."""
    message: str


@dataclass(frozen=True)
class Verdict:
    dialect: str
    errors: tuple[OracleError, ...]

    @property
    def valid(self) -> bool:
        return not self.errors


class Oracle:
    """Validates documents against the same schema written in one or both dialects.

    ``schemas`` maps a dialect (``"jsonschema"``, ``"structure"``) to its schema document. A
    reference that is not local is a SchemaError here: the oracle never fetches anything.
    """

    def __init__(self, schemas: Mapping[str, Mapping[str, Any]]) -> None:
        unknown = set(schemas) - {"jsonschema", "structure"}
        if unknown:
            raise ValueError(f"unknown dialect(s): {', '.join(sorted(unknown))}")
        for schema in schemas.values():
            refuse_nonlocal(schema)
        self.schemas = dict(schemas)

    @property
    def dialects(self) -> tuple[str, ...]:
        return tuple(self.schemas)

    @cached_property
    def _jsonschema(self) -> Draft202012Validator:
        schema = self.schemas["jsonschema"]
        Draft202012Validator.check_schema(schema)
        return Draft202012Validator(
            schema, format_checker=FormatChecker(), registry=refusing_registry()
        )

    @cached_property
    def _structure(self) -> Any:
        # extended=True turns on the validation keywords (minLength, maximum, ...).
        # allow_import=False and no import_map: the SDK resolves local references only.
        return InstanceValidator(
            copy.deepcopy(dict(self.schemas["structure"])), allow_import=False, extended=True
        )

    def check(self, document: JSON, dialects: Iterable[str] | None = None) -> dict[str, Verdict]:
        """One verdict per dialect (every dialect the oracle has, unless ``dialects`` is given)."""
        chosen = tuple(dialects) if dialects is not None else self.dialects
        verdicts: dict[str, Verdict] = {}
        for dialect in chosen:
            if dialect not in self.schemas:
                raise ValueError(f"the oracle has no {dialect} schema")
            errors = (
                self._check_jsonschema(document)
                if dialect == "jsonschema"
                else self._check_structure(document)
            )
            verdicts[dialect] = Verdict(dialect, tuple(errors))
        return verdicts

    def is_valid(self, document: JSON, dialects: Iterable[str] | None = None) -> bool:
        return all(v.valid for v in self.check(document, dialects).values())

    def _check_jsonschema(self, document: JSON) -> list[OracleError]:
        return [
            OracleError(
                "jsonschema",
                jp.from_tokens(error.absolute_path),
                str(error.validator),
                error.message,
            )
            for error in self._jsonschema.iter_errors(document)
        ]

    def _check_structure(self, document: JSON) -> list[OracleError]:
        # The SDK pops "$uses" out of the instance it checks: give it a copy.
        try:
            messages = self._structure.validate(copy.deepcopy(document))
        except Exception as error:  # the SDK crashes on some documents ({"$uses": null})
            return [OracleError("structure", "", "crash", f"validator crashed: {error!r}")]
        return [
            OracleError("structure", structure_pointer(m, document), structure_keyword(m), m)
            for m in messages
        ]


def structure_pointer(message: str, document: JSON) -> str:
    """The RFC 6901 pointer that an SDK message names (``#/results[0]/id`` -> ``/results/0/id``).

    The SDK writes paths unescaped (``#/a b/c[0]``), so the path is read against the document
    itself: the deepest place whose path is followed by the end of the message, a space, a comma
    or a colon. A message without a path points at the root.
    """
    start = message.find(" at #")
    if start < 0:
        return ""
    text = message[start + 5 :]
    best, longest = "", -1
    for pointer, consumed in _prefixes(text, document, "", 0):
        rest = text[consumed:]
        if (rest == "" or rest[0] in " ,:") and consumed > longest:
            best, longest = pointer, consumed
    return best


def _prefixes(text: str, value: JSON, pointer: str, at: int) -> list[tuple[str, int]]:
    found = [(pointer, at)]
    if isinstance(value, list):
        index = re.match(r"\[(\d+)\]", text[at:])
        if index and int(index.group(1)) < len(value):
            i = int(index.group(1))
            found += _prefixes(text, value[i], jp.join(pointer, i), at + index.end())
    elif isinstance(value, dict) and text.startswith("/", at):
        for key, child in value.items():
            if text.startswith(key, at + 1):
                found += _prefixes(text, child, jp.join(pointer, key), at + 1 + len(key))
    return found


_KEYWORDS = (
    ("Missing required property", "required"),
    ("Additional property", "additionalProperties"),
    ("not in enum", "enum"),
    ("does not equal const", "const"),
    ("Expected datetime", "format"),
    ("Expected date ", "format"),
    ("uuid format", "format"),
    ("uri format", "format"),
    ("int64 format", "format"),
    ("decimal format", "format"),
    ("out of range", "range"),
    ("Expected ", "type"),
)


def structure_keyword(message: str) -> str:
    for fragment, keyword in _KEYWORDS:
        if fragment in message:
            return keyword
    return "other"
