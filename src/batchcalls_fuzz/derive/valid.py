"""Schema model -> generators of valid documents, written once against ``Source``."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from ..arguments import check_counts
from ..schema import pointer as jp
from ..schema.ir import (
    JSON,
    AnyNode,
    ArrayNode,
    BooleanNode,
    EnumNode,
    Node,
    NullNode,
    NumberNode,
    ObjectNode,
    StringNode,
    UnionNode,
)
from .formats import FORMAT_GENERATORS
from .regex import regex_generator
from .source import Source
from .vocabulary import EDGE_FLOATS, EDGE_INTEGERS, RESERVED_KEYS, STRESS_KEYS, STRESS_STRINGS

Generator = Callable[[Source], JSON]
T = TypeVar("T")

SAFE_INTEGER = 2**53


@dataclass(frozen=True)
class Limits:
    """Size limits for what the schema leaves unbounded."""

    max_items: int = 8
    """Items of an array without ``maxItems`` (beyond ``minItems``)."""
    max_members: int = 4
    """Undeclared members of an open object, entries of a map."""
    max_text: int = 24
    """Characters of a string without ``maxLength``."""
    max_depth: int = 3
    """Nesting of free-form values."""

    def __post_init__(self) -> None:
        check_counts(self, ("max_items", "max_members", "max_text", "max_depth"), "")


Finisher = Callable[[Source, JSON], JSON]
"""A last pass over a whole generated document (a profile's cross-member invariants)."""


@dataclass(frozen=True)
class Plan:
    """How to compile: limits, a path that must be present, generators that replace the
    schema's own at given path patterns, whether objects with declared members get undeclared
    ones too, and a finishing pass over the whole document."""

    limits: Limits = field(default_factory=Limits)
    focus: str | None = None
    overrides: Mapping[str, Generator] = field(default_factory=dict)
    extra_members: bool = True
    finish: Finisher | None = None
    counts: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    """Item counts of arrays, entry counts of maps, by path pattern (within the schema's own
    bounds)."""

    def on_focus(self, path: str) -> bool:
        return self.focus is not None and (self.focus == path or self.focus.startswith(path + "/"))


def compile_valid(node: Node, plan: Plan | None = None) -> Generator:
    """A generator of values that ``node`` accepts."""
    plan = plan or Plan()
    generate = _Compiler(plan).compile(node)
    finish = plan.finish
    if finish is None:
        return generate
    return lambda src: finish(src, generate(src))


def first_of_pair(pair: tuple[str, JSON]) -> Hashable:
    return pair[0]


def canonical_json(value: JSON) -> Hashable:
    return json.dumps(value, sort_keys=True)


class _Compiler:
    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.limits = plan.limits

    def compile(self, node: Node) -> Generator:
        override = self.plan.overrides.get(node.path)
        if override is not None:
            return override
        if isinstance(node, ObjectNode):
            return self._object(node)
        if isinstance(node, ArrayNode):
            return self._array(node)
        if isinstance(node, StringNode):
            return self._string(node)
        if isinstance(node, NumberNode):
            return number_generator(node)
        if isinstance(node, EnumNode):
            values = node.values
            return lambda src: _copy(src.choice(values))
        if isinstance(node, UnionNode):
            options = [self.compile(o) for o in node.options]
            return lambda src: src.choice(options)(src)
        if isinstance(node, BooleanNode):
            return lambda src: src.boolean()
        if isinstance(node, NullNode):
            return lambda src: None
        if isinstance(node, AnyNode):
            return free_form_generator(self.limits)
        raise TypeError(f"no generator for {type(node).__name__}")

    def _object(self, node: ObjectNode) -> Generator:
        members: list[tuple[str, Generator, int]] = []
        optional = 0
        for name, child in node.properties.items():
            if name in node.required or self.plan.on_focus(child.path):
                members.append((name, self.compile(child), 0))
            else:
                members.append((name, self.compile(child), 1 << optional))
                optional += 1
        declared = frozenset(node.properties)
        additional = undeclared_members(node, self.plan)
        extra = None if additional is None else self.compile(additional)
        min_members, max_members = undeclared_count(node, self.plan)
        key = key_generator(self.limits)

        @jointly
        def entry(src: Source) -> tuple[str, JSON]:
            assert extra is not None
            return key(src), extra(src)

        def generate(src: Source) -> JSON:
            out: dict[str, JSON] = {}
            # Which optional members are present: one choice (a bit each), not one per member.
            present = src.flags(optional) if optional else 0
            for name, make, bit in members:
                if not bit or present & bit:
                    out[name] = make(src)
            if extra is not None:
                for name, value in src.many(
                    entry, min_members, max_members, unique_by=first_of_pair
                ):
                    if name not in declared:
                        out[name] = value
            return out

        return generate

    def _array(self, node: ArrayNode) -> Generator:
        items = self.compile(node.items)
        low, high = item_count(node, self.plan)
        unique = canonical_json if node.unique else None
        return lambda src: src.many(items, low, high, unique_by=unique)

    def _string(self, node: StringNode) -> Generator:
        if node.format is not None:
            return jointly(FORMAT_GENERATORS[node.format])
        if node.pattern is not None:
            where = jp.join(node.schema_pointer, "pattern")
            return jointly(regex_generator(node.pattern, node.min_length, node.max_length, where))
        low, high = text_length(node, self.limits)

        def generate(src: Source) -> str:
            if src.integer(0, 4) == 4:
                special = src.choice(STRESS_STRINGS)
                if low <= len(special) <= high:
                    return special
            return src.text(low, high)

        return jointly(generate)


def jointly(generate: Callable[[Source], T]) -> Callable[[Source], T]:
    """``generate`` with its small choices drawn together (see ``Source.joint``)."""
    return lambda src: src.joint(generate)


def undeclared_members(node: ObjectNode, plan: Plan) -> Node | None:
    """The node of an object's undeclared members, or None where the plan gives it none."""
    closed = node.additional is None or (node.properties and not plan.extra_members)
    return None if closed else node.additional


def undeclared_count(node: ObjectNode, plan: Plan) -> tuple[int, int]:
    """Bounds of the number of undeclared members drawn (duplicates of a name collapse)."""
    low, high = plan.counts.get(node.path, (0, plan.limits.max_members))
    if node.additional is not None and plan.on_focus(node.additional.path):
        low = max(low, 1)
    return low, max(low, high)


def item_count(node: ArrayNode, plan: Plan) -> tuple[int, int]:
    low = node.min_items
    high = low + plan.limits.max_items
    if node.path in plan.counts:
        wanted_low, wanted_high = plan.counts[node.path]
        low, high = max(low, wanted_low), max(low, wanted_high)
    if plan.on_focus(node.items.path):
        low = max(low, 1)
    if node.max_items is not None:
        high = min(high, node.max_items)
    return low, max(low, high)


def text_length(node: StringNode, limits: Limits) -> tuple[int, int]:
    low = node.min_length
    return low, node.max_length if node.max_length is not None else low + limits.max_text


def integer_bounds(node: NumberNode) -> tuple[int, int]:
    low = -SAFE_INTEGER if node.minimum is None else math.ceil(node.minimum)
    high = SAFE_INTEGER if node.maximum is None else math.floor(node.maximum)
    if node.exclusive_minimum is not None:
        low = max(low, math.floor(node.exclusive_minimum) + 1)
    if node.exclusive_maximum is not None:
        high = min(high, math.ceil(node.exclusive_maximum) - 1)
    if low > high:
        raise ValueError(f"no integer satisfies the bounds at {node.schema_pointer!r}")
    return low, high


def real_bounds(node: NumberNode) -> tuple[float | None, float | None]:
    lo = node.minimum
    hi = node.maximum
    if node.exclusive_minimum is not None:
        lo = math.nextafter(node.exclusive_minimum, math.inf)
    if node.exclusive_maximum is not None:
        hi = math.nextafter(node.exclusive_maximum, -math.inf)
    return lo, hi


def _copy(value: JSON) -> JSON:
    return json.loads(json.dumps(value)) if isinstance(value, (list, dict)) else value


def number_generator(node: NumberNode) -> Generator:
    if node.integer:
        low, high = integer_bounds(node)
        return lambda src: src.integer(low, high)
    lo, hi = real_bounds(node)
    return lambda src: src.real(lo, hi)


def key_generator(limits: Limits) -> Callable[[Source], str]:
    max_text = min(limits.max_text, 16)

    def key(src: Source) -> str:
        if src.integer(0, 2) == 2:
            return src.choice(STRESS_KEYS)
        name = src.text(0, max_text)
        return name + "_" if name in RESERVED_KEYS else name

    return jointly(key)


def free_form_generator(limits: Limits) -> Generator:
    """Any JSON value, nested at most ``limits.max_depth`` deep."""
    key = key_generator(limits)
    generators: list[Generator] = []

    def scalar(src: Source) -> JSON:
        kind = src.integer(0, 4)
        if kind == 0:
            return None
        if kind == 1:
            return src.boolean()
        if kind == 2:
            return src.choice(EDGE_INTEGERS) if src.boolean() else src.integer(-1000, 1000)
        if kind == 3:
            return src.choice(EDGE_FLOATS) if src.boolean() else src.real(-1e6, 1e6)
        if src.integer(0, 3) == 3:
            return src.choice(STRESS_STRINGS)
        return src.text(0, limits.max_text)

    def at_depth(depth: int) -> Generator:
        if depth <= 0:
            return jointly(scalar)
        inner = generators[depth - 1]

        @jointly
        def entry(src: Source) -> tuple[str, JSON]:
            return key(src), inner(src)

        def value(src: Source) -> JSON:
            kind = src.integer(0, 6)
            if kind == 5:
                return src.many(inner, 0, limits.max_members)
            if kind == 6:
                return dict(src.many(entry, 0, limits.max_members, unique_by=first_of_pair))
            return scalar(src)

        return jointly(value)

    for depth in range(limits.max_depth + 1):
        generators.append(at_depth(depth))
    return generators[limits.max_depth]
