"""The explicit phase: the schema's own ``example``/``examples``, completed into documents.

Every declared member is filled in, from the shallowest example that covers it, else drawn
(deterministically). The oracle judges the result: an example that makes the document invalid
(the bundled seed's ``errors`` example lacks the required ``message``) is taken out of the
valid document and becomes an invalid case of its own, labelled with what the validator says.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ..derive.invalid import Invalid, Violation, edited
from ..derive.profile import SCHEMA_PURE, Profile
from ..derive.source import RandomSource, Source
from ..derive.valid import Generator, Limits, compile_valid
from ..judge.oracle import Oracle
from ..schema import pointer as jp
from ..schema.ir import JSON, ArrayNode, Node, ObjectNode, Schema
from .cases import Case

EXAMPLE_VARIANT = "schema-example"


def example_of(node: Node) -> tuple[bool, JSON]:
    """(True, the node's first example) where the schema gives one, else (False, None)."""
    if "example" in node.meta:
        return True, copy.deepcopy(node.meta["example"])
    examples = node.meta.get("examples")
    if isinstance(examples, list) and examples:
        return True, copy.deepcopy(examples[0])
    return False, None


@dataclass
class Filler:
    """Builds a document of ``root`` top-down: every declared member (or only the required
    ones), arrays with one item (or their minimum), examples where wanted."""

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
        *,
        everything: bool,
        one_item: bool | None = None,
        examples: Callable[[str], bool] = lambda pointer: False,
        pointer: str = "",
        used: list[str] | None = None,
    ) -> JSON:
        """A value of ``node`` at ``pointer``: every declared member or only the required
        ones, arrays with at least one item (default: with ``everything``) or at their
        minimum; ``examples(pointer)`` says whether an example may stand there, and ``used``
        collects the pointers where one does."""
        if one_item is None:
            one_item = everything
        if examples(pointer):
            found, value = example_of(node)
            if found:
                if used is not None:
                    used.append(pointer)
                return value
        if isinstance(node, ObjectNode) and node.properties:
            return {
                name: self.fill(
                    child,
                    src,
                    everything=everything,
                    one_item=one_item,
                    examples=examples,
                    pointer=jp.join(pointer, name),
                    used=used,
                )
                for name, child in node.properties.items()
                if everything or name in node.required
            }
        if isinstance(node, ArrayNode):
            count = max(node.min_items, 1) if one_item else node.min_items
            if node.max_items is not None:
                count = min(count, node.max_items)
            return [
                self.fill(
                    node.items,
                    src,
                    everything=everything,
                    one_item=one_item,
                    examples=examples,
                    pointer=jp.join(pointer, str(index)),
                    used=used,
                )
                for index in range(count)
            ]
        return self.leaf(node)(src)


def _blamed(places: list[str], error_pointer: str) -> str | None:
    """The deepest place holding an example that the error lies in."""
    inside = [p for p in places if error_pointer == p or error_pointer.startswith(p + "/")]
    return max(inside, key=len) if inside else None


def explicit_cases(schema: Schema, oracle: Oracle, filler: Filler) -> list[Case]:
    """The valid document made of the schema's examples, then one invalid case per example
    that the validators reject."""
    root = schema.root
    used: list[str] = []
    full = filler.fill(
        root, RandomSource("explicit"), everything=True, examples=lambda p: True, used=used
    )
    errors = [e for v in oracle.check(full).values() for e in v.errors]
    if not used:
        return []
    blamed = {b for b in (_blamed(used, e.pointer) for e in errors) if b is not None}
    if errors and not blamed:
        return []  # the drawn parts are at fault, not an example: nothing explicit to offer
    valid = filler.fill(
        root,
        RandomSource("explicit"),
        everything=True,
        examples=lambda p: not any(p == b or p.startswith(b + "/") for b in blamed),
    )
    cases: list[Case] = []
    if oracle.is_valid(valid):
        cases.append(Case("valid", valid, "explicit:examples"))
    for place in sorted(blamed):
        _, example = example_of(_node_at(root, place))
        document = _replaced(valid, place, example)
        verdicts = oracle.check(document)
        rejecting = [v for v in verdicts.values() if not v.valid]
        if not rejecting:
            continue
        first = rejecting[0].errors[0]
        violation = Violation(
            first.keyword,
            first.pointer,
            f"the schema's example at {place or '/'}: {first.message} ({first.keyword}).",
            EXAMPLE_VARIANT,
            frozenset(v.dialect for v in rejecting),
        )
        cases.append(Case("invalid", Invalid(document, violation, valid), f"explicit:{place}"))
    return cases


def _node_at(root: Node, pointer: str) -> Node:
    node = root
    for token in jp.tokens(pointer):
        if isinstance(node, ObjectNode):
            node = node.properties.get(token, node.additional or node)
        elif isinstance(node, ArrayNode):
            node = node.items
    return node


def _replaced(document: JSON, pointer: str, value: JSON) -> JSON:
    """A copy of ``document`` with ``value`` at ``pointer``."""
    return edited(document, jp.tokens(pointer), lambda _: value)
