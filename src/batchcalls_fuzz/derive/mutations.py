"""The mutation catalogue: every way to break one rule of a schema, derived from its model.

Nothing here names a member of any particular schema: a change to the schema changes the
catalogue by itself. Each ``Mutation`` applies at the places matching ``anchor`` (an instance
path pattern of the model) and says which validators notice it (``rejected_by``).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..schema.ir import (
    JSON,
    JSON_TYPES,
    AnyNode,
    ArrayNode,
    BooleanNode,
    EnumNode,
    Node,
    NumberNode,
    ObjectNode,
    StringNode,
    UnionNode,
    walk,
)
from .datetimes import BOTH, JSONSCHEMA_ONLY
from .formats import FORMAT_DEFECTS, defect_value
from .source import Source
from .vocabulary import STRESS_KEYS

Make = Callable[[Source, JSON], JSON]
"""Given the valid value at the place, the value that breaks the rule."""

REPLACE, REMOVE, ADD = "replace", "remove", "add"

# Structure types whose SDK check is isinstance(value, int) or (int, float), which booleans pass.
_SDK_BOOLEAN_AS_NUMBER = frozenset(
    {"int8", "uint8", "int16", "uint16", "int32", "uint32", "integer", "float", "double"}
)
_HOMOGLYPHS = str.maketrans("AEOPCaeopcKHMTXxy", "АЕОРСаеорсКНМТХху")


@dataclass(frozen=True)
class Mutation:
    anchor: str
    """Instance path pattern of the node it applies to (``/results/*/createdAt``)."""
    rule: str
    variant: str
    rejected_by: frozenset[str]
    description: str
    """What is wrong, as a sentence after the place: 'is missing', 'has month 13'..."""
    kind: str
    """REPLACE the value, REMOVE the member, or ADD a member to the object at the place."""
    make: Make
    focus: str | None = None
    """A path that the valid document must hold before the mutation (default: ``anchor``)."""

    @property
    def must_exist(self) -> str:
        return self.anchor if self.focus is None else self.focus

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.anchor, self.rule, self.variant)

    @property
    def entry(self) -> str:
        """The entry's name: place, rule and variant (``/results/*/archived type string``)."""
        return f"{self.anchor or '/'} {self.rule} {self.variant}"


def catalogue(root: Node) -> list[Mutation]:
    """Every mutation the model admits, in a stable order."""
    mutations: list[Mutation] = []
    enums = [n for n in walk(root) if isinstance(n, EnumNode)]
    examples = _string_examples(root)
    _collect(root, False, mutations, enums, examples)
    return mutations


def _collect(
    node: Node, in_array: bool, out: list[Mutation], enums: list[EnumNode], examples: list[str]
) -> None:
    out.extend(_type_mutations(node, in_array))
    if isinstance(node, ObjectNode):
        out.extend(_object_mutations(node))
        for child in node.properties.values():
            _collect(child, False, out, enums, examples)
        if node.additional is not None:
            _collect(node.additional, False, out, enums, examples)
    elif isinstance(node, ArrayNode):
        out.extend(_array_mutations(node))
        _collect(node.items, True, out, enums, examples)
    elif isinstance(node, EnumNode):
        out.extend(_enum_mutations(node, enums, examples))
    elif isinstance(node, StringNode):
        out.extend(_string_mutations(node))
    elif isinstance(node, NumberNode):
        out.extend(_number_mutations(node))
    elif isinstance(node, UnionNode):
        pass  # its options share its place; the union as a whole gets the type mutations


def _type_mutations(node: Node, in_array: bool) -> list[Mutation]:
    if isinstance(node, AnyNode):
        return []
    accepted = node.json_types()
    prefix = "items." if in_array else ""
    found: list[Mutation] = []
    for kind in JSON_TYPES:
        if kind in accepted or (kind == "integer" and "number" in accepted):
            continue
        if kind == "null":
            found.append(_replace(node, f"{prefix}null", "null", BOTH, "is null", _null))
            continue
        rejected_by = BOTH
        if kind == "boolean" and node.meta.get("structure_type") in _SDK_BOOLEAN_AS_NUMBER:
            rejected_by = JSONSCHEMA_ONLY
        found.append(
            _replace(
                node, f"{prefix}type", kind, rejected_by, f"is of type {kind}", _VALUES_OF[kind]
            )
        )
    # Near misses first: an ordered run through the catalogue meets them before the rest.
    return _coercion_mutations(node, f"{prefix}type") + found


def _coercion_mutations(node: Node, rule: str) -> list[Mutation]:
    """Near misses of the type that lax parsers coerce (pydantic's lax mode, SDKs reading
    strings): the value a careless producer writes for the right one."""
    accepted = node.json_types()
    found: list[Mutation] = []

    def near(variant: str, description: str, make: Make, focus: str | None = None) -> None:
        found.append(Mutation(node.path, rule, variant, BOTH, description, REPLACE, make, focus))

    if isinstance(node, BooleanNode):
        near("boolean-as-string", "is a boolean written as a string", _pick(["true", "false"]))
        near("boolean-as-word", "is a boolean written as a word", _pick(_BOOLEAN_WORDS))
        near("boolean-as-0-or-1", "is a boolean written as 0 or 1", _pick([0, 1]))
    elif isinstance(node, NumberNode):
        near("numeric-string", "is a number written as a string", _numeric_string)
    elif isinstance(node, StringNode) and node.format == "date-time":
        near("epoch-number", "is a date-time written as a Unix time number", _pick(_EPOCHS))
    elif isinstance(node, StringNode) and node.format is None and "number" not in accepted:
        near("unquoted-number", "is numeric text written as a number", _unquoted)
    elif isinstance(node, ArrayNode) and "array" not in node.items.json_types():
        near(
            "single-value",
            "is a single item where an array belongs",
            lambda src, old: old[0],
            focus=node.items.path,
        )
    elif isinstance(node, ObjectNode) and "string" not in accepted:
        near("serialised-object", "is an object serialised into a string", _serialised)
    return found


_BOOLEAN_WORDS = ["True", "FALSE", "1", "0", "yes", "no", "on", "off", "t", "y"]
"""Words lax parsers read as booleans (pydantic's lax mode takes most of them)."""
_EPOCHS = [1705314600000, 1705314600, 1705314600.5, 0]


def _numeric_string(src: Source, old: JSON) -> JSON:
    return src.choice((json.dumps(old), "42", "1e3", " 7", "-0"))


def _unquoted(src: Source, old: JSON) -> JSON:
    if isinstance(old, str) and old.isascii() and old.isdigit() and len(old) < 19:
        return int(old)
    return src.choice((512, 0, 18446744073709551616, 3.5))


def _serialised(src: Source, old: JSON) -> JSON:
    return json.dumps(old, separators=(",", ":"))


def _null(src: Source, old: JSON) -> JSON:
    return None


def _a_string(src: Source, old: JSON) -> JSON:
    return src.choice(("", "0", "false", "null", "[]", "{}", "COMPLETE", str(old)[:20]))


_VALUES_OF: dict[str, Make] = {
    "boolean": lambda src, old: src.boolean(),
    "integer": lambda src, old: src.choice((0, 1, -1, 1705314600000, 2**63)),
    "number": lambda src, old: src.choice((0.5, -1.5, 1e300, 3.14)),
    "string": _a_string,
    "array": lambda src, old: src.choice(([], [old], [None])),
    "object": lambda src, old: src.choice(({}, {"value": old})),
}


def _replace(
    node: Node, rule: str, variant: str, rejected_by: frozenset[str], description: str, make: Make
) -> Mutation:
    return Mutation(node.path, rule, variant, rejected_by, description, REPLACE, make)


def _object_mutations(node: ObjectNode) -> list[Mutation]:
    found = [
        Mutation(child.path, "required", "removed", BOTH, "is missing", REMOVE, _null)
        for name, child in node.properties.items()
        if name in node.required
    ]
    if node.additional is None:
        declared = frozenset(node.properties)

        def extra_member(src: Source, old: JSON) -> JSON:
            names = [k for k in STRESS_KEYS if k not in declared]
            name = src.choice([*names, "extra"])
            return (name, src.choice((None, "x", 0, True)))

        found.append(
            Mutation(
                node.path,
                "additionalProperties",
                "extra-member",
                BOTH,
                "is a member the closed object does not declare",
                ADD,
                extra_member,
            )
        )
    return found


def _array_mutations(node: ArrayNode) -> list[Mutation]:
    found: list[Mutation] = []
    if node.min_items >= 1:
        low = node.min_items
        found.append(
            _replace(
                node,
                "minItems",
                "one-short",
                BOTH,
                f"has {low - 1} items, fewer than {low}",
                lambda src, old: list(old)[: low - 1],
            )
        )
    if node.max_items is not None:
        high = node.max_items

        def one_long(src: Source, old: JSON) -> JSON:
            items = list(old) if old else []
            filler = items[-1] if items else None
            return items + [filler] * (high + 1 - len(items))

        # Repeating an item keeps the items valid; the new length is the only thing wrong.
        found.append(
            _replace(
                node,
                "maxItems",
                "one-long",
                BOTH,
                f"has {high + 1} items, more than {high}",
                one_long,
            )
        )
    if node.unique:
        found.append(
            Mutation(
                node.path,
                "uniqueItems",
                "duplicate",
                BOTH,
                "holds the same item twice",
                REPLACE,
                lambda src, old: [*old, old[0]],
                focus=node.items.path,
            )
        )
    return found


def _string_examples(root: Node) -> list[str]:
    found: list[str] = []
    for node in walk(root):
        for key in ("example", "examples"):
            value = node.meta.get(key)
            values = value if isinstance(value, list) else [value]
            found.extend(v for v in values if isinstance(v, str))
    return sorted(set(found))


def _enum_mutations(node: EnumNode, enums: list[EnumNode], examples: list[str]) -> list[Mutation]:
    allowed = set(v for v in node.values if isinstance(v, str))
    strings = sorted(allowed)
    if not strings:
        return []
    others = sorted({v for e in enums if e is not node for v in e.values if isinstance(v, str)})
    candidates: dict[str, list[str]] = {
        "other-case": [v.lower() if v != v.lower() else v.upper() for v in strings],
        "surrounding-space": [f" {v}" for v in strings] + [f"{v} " for v in strings],
        "empty": [""],
        "prefix": [v[:-1] for v in strings],
        "homoglyph": [v.translate(_HOMOGLYPHS) for v in strings],
        "another-enum": others,
        "example-value": examples,
    }
    rule = "const" if node.is_const else "enum"
    found: list[Mutation] = []
    for variant, values in candidates.items():
        usable = sorted({v for v in values if v not in allowed})
        if not usable:
            continue
        found.append(
            _replace(
                node,
                rule,
                variant,
                BOTH,
                f"is a near miss of the {rule} ({variant})",
                _pick(usable),
            )
        )
    return found


def _pick(values: Sequence[JSON]) -> Make:
    return lambda src, old: src.choice(values)


def _string_mutations(node: StringNode) -> list[Mutation]:
    found: list[Mutation] = []
    if node.format is not None:
        for defect in FORMAT_DEFECTS[node.format]:
            found.append(
                _replace(
                    node,
                    f"format.{node.format}",
                    defect.variant,
                    defect.rejected_by,
                    defect.description,
                    _defect_maker(defect),
                )
            )
        return found
    if node.min_length >= 1:
        low = node.min_length
        found.append(
            _replace(
                node,
                "minLength",
                "one-short",
                BOTH,
                f"is {low - 1} characters long",
                lambda src, old: "x" * (low - 1),
            )
        )
    if node.max_length is not None:
        high = node.max_length
        found.append(
            _replace(
                node,
                "maxLength",
                "one-long",
                BOTH,
                f"is {high + 1} characters long",
                lambda src, old: "x" * (high + 1),
            )
        )
    if node.pattern is not None:
        miss = _non_matching(node)
        if miss is not None:
            found.append(
                _replace(
                    node,
                    "pattern",
                    "no-match",
                    BOTH,
                    "does not match the pattern",
                    lambda src, old: miss,
                )
            )
    return found


def _defect_maker(defect: object) -> Make:
    return lambda src, old: defect_value(defect, src)  # type: ignore[arg-type]


def _non_matching(node: StringNode) -> str | None:
    assert node.pattern is not None
    pattern = re.compile(node.pattern)
    high = node.max_length if node.max_length is not None else 10**6
    for candidate in (
        "",
        "~",
        " ",
        "\u0000",
        "0",
        "a",
        "Z" * node.min_length,
        "~" * node.min_length,
    ):
        if node.min_length <= len(candidate) <= high and not pattern.search(candidate):
            return candidate
    return None


def _number_mutations(node: NumberNode) -> list[Mutation]:
    found: list[Mutation] = []

    def below(bound: float) -> float:
        return bound - 1 if node.integer else math.nextafter(bound, -math.inf)

    def above(bound: float) -> float:
        return bound + 1 if node.integer else math.nextafter(bound, math.inf)

    bounds = (
        ("minimum", node.minimum, below, "is below the minimum"),
        ("maximum", node.maximum, above, "is above the maximum"),
        ("exclusiveMinimum", node.exclusive_minimum, lambda b: b, "equals the exclusive minimum"),
        ("exclusiveMaximum", node.exclusive_maximum, lambda b: b, "equals the exclusive maximum"),
    )
    for rule, bound, step, description in bounds:
        if bound is None:
            continue
        value = step(bound)
        if node.integer:
            if not float(value).is_integer():
                continue
            value = int(value)
        found.append(_replace(node, rule, "one-past", BOTH, description, _constant(value)))
    return found


def _constant(value: JSON) -> Make:
    return lambda src, old: value
