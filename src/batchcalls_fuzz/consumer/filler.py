"""Whole documents of a chosen shape, built top-down: the substantive valid documents that open
the deterministic phases (every member, only the required ones, the smallest one) and the
completion of the schema's examples."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ..derive.profile import SCHEMA_PURE, Profile
from ..derive.source import Source
from ..derive.valid import Generator, Limits, compile_valid
from ..schema import pointer as jp
from ..schema.ir import JSON, AnyNode, ArrayNode, Node, ObjectNode

EDGE_ENTRIES: dict[str, JSON] = {"emptyArray": [], "emptyObject": {}, "emptyText": "", "null": None}
EXTRA_MEMBER = "unexpectedMember"
"""Name of the undeclared member put in open objects (suffixed where it is declared)."""


@dataclass(frozen=True)
class Shape:
    """Which members a filled document has."""

    optional: bool = True
    """Every declared member, or only the required ones."""
    containers: bool = False
    """With ``optional`` false: optional objects and arrays still present (their own optional
    members absent), so that nested required members show."""
    one_item: bool = True
    """Arrays with at least ``items`` items, or at their minimum."""
    items: int = 1
    mixed: bool = False
    """Of the items of an array, the last with its required members only (a shape that real
    payloads mix with full items)."""
    edge_entries: bool = False
    """Free-form maps hold, beside drawn entries, an entry of each edge value: an empty array,
    an empty object, an empty string, null."""
    extras: bool = False
    """An undeclared member in every object that allows one."""
    empty_maps: bool = False
    """Maps (objects without declared members) empty where the schema allows."""


def example_of(node: Node) -> tuple[bool, JSON]:
    """(True, the node's first example) where the schema gives one, else (False, None)."""
    if "example" in node.meta:
        return True, copy.deepcopy(node.meta["example"])
    examples = node.meta.get("examples")
    if isinstance(examples, list) and examples:
        return True, copy.deepcopy(examples[0])
    return False, None


def _is_container(node: Node) -> bool:
    return isinstance(node, ArrayNode) or (isinstance(node, ObjectNode) and bool(node.properties))


def _extra_name(node: ObjectNode) -> str:
    name = EXTRA_MEMBER
    while name in node.properties:
        name += "_"
    return name


@dataclass
class Filler:
    """Builds documents of ``profile`` (its generators at the leaves) in a given ``Shape``."""

    limits: Limits
    profile: Profile = SCHEMA_PURE
    _compiled: dict[int, Generator] = field(default_factory=dict)

    def leaf(self, node: Node) -> Generator:
        generate = self._compiled.get(id(node))
        if generate is None:
            plan = replace(self.profile.plan(self.limits), finish=None)
            generate = compile_valid(node, plan)
            self._compiled[id(node)] = generate
        return generate

    def fill(
        self,
        node: Node,
        src: Source,
        shape: Shape,
        examples: Callable[[str], bool] = lambda pointer: False,
        pointer: str = "",
        used: list[str] | None = None,
    ) -> JSON:
        """A value of ``node`` at ``pointer`` in ``shape``; ``examples(pointer)`` says whether
        an example may stand there, and ``used`` collects the pointers where one does."""
        if examples(pointer):
            found, value = example_of(node)
            if found:
                if used is not None:
                    used.append(pointer)
                return value

        def below(child: Node, token: str) -> JSON:
            return self.fill(child, src, shape, examples, jp.join(pointer, token), used)

        if isinstance(node, ObjectNode) and node.properties:
            value = {
                name: below(child, name)
                for name, child in node.properties.items()
                if shape.optional
                or name in node.required
                or (shape.containers and _is_container(child))
            }
            if shape.extras and node.additional is not None:
                name = _extra_name(node)
                value[name] = below(node.additional, name)
            return value
        if isinstance(node, ObjectNode) and shape.empty_maps:
            return {}
        if (
            isinstance(node, ObjectNode)
            and shape.edge_entries
            and isinstance(node.additional, AnyNode)
        ):
            drawn = self.leaf(node)(src)
            return {**EDGE_ENTRIES, **drawn} if isinstance(drawn, dict) else drawn
        if isinstance(node, ArrayNode):
            count = max(node.min_items, shape.items) if shape.one_item else node.min_items
            if node.max_items is not None:
                count = min(count, node.max_items)
            items = [below(node.items, str(index)) for index in range(count)]
            if shape.mixed and count >= 2:
                least = Shape(optional=False, one_item=False, empty_maps=True)
                items[-1] = self.fill(
                    node.items, src, least, examples, jp.join(pointer, str(count - 1)), used
                )
            return items
        return self.leaf(node)(src)
