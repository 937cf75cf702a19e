"""Valid documents in which a path is present: drawn as any valid document, with the missing
steps of the path grafted in only where the draw left them out.

Forcing the path while drawing (``Plan.focus``) makes every item of an array on the path hold
it and lengthens the arrays by one: the documents an invalid one starts from grow by a quarter.
Drawing the document as usual and adding only what is missing (an item to an empty array, a
member to one object) keeps everything else as the valid generator makes it; most draws already
hold the path and cost a walk.
"""

from __future__ import annotations

from dataclasses import replace

from ..schema import pointer as jp
from ..schema.ir import JSON, ArrayNode, Node, ObjectNode
from .compiled import BulkOrReference, bulk_or_reference
from .source import Source
from .valid import Plan, canonical_json, key_generator

_NAME_TRIES = 100
"""Member names drawn for a new entry of a map before giving up on grafting (a map whose
names are nearly all taken)."""


def path_nodes(root: Node, path: str) -> list[Node] | None:
    """The nodes from ``root`` down to ``path`` (one more than the path has steps), or None
    where a step goes through a node that is neither an object nor an array (a union)."""
    nodes = [root]
    for token in jp.tokens(path):
        node = nodes[-1]
        if isinstance(node, ArrayNode) and token == jp.WILDCARD:
            nodes.append(node.items)
        elif isinstance(node, ObjectNode) and token in node.properties:
            nodes.append(node.properties[token])
        elif isinstance(node, ObjectNode) and token == jp.WILDCARD and node.additional is not None:
            nodes.append(node.additional)
        else:
            return None
    return nodes


class Grafted:
    """The generator of valid documents of ``plan`` (whose ``focus`` is set) in which the focus
    path is present: the plan's document drawn without the focus, then, if the path is not
    there, one place at each missing step (a random item of an array, a new item for an empty
    one, the member of an object, a new entry for a map without one) drawn as the valid
    generator draws that place, and last the plan's finishing pass. Where the path goes
    through a union, the plan's forced drawing (``Plan.focus``) instead."""

    def __init__(self, root: Node, plan: Plan) -> None:
        if plan.focus is None:
            raise ValueError("a grafted generator needs a plan with a focus")
        self._root = root
        self._plan = plan
        self._path = plan.focus
        self._tokens = jp.tokens(plan.focus)
        body = replace(plan, focus=None, finish=None)
        self._document = bulk_or_reference(root, body)
        nodes = path_nodes(root, plan.focus)
        self._nodes = nodes
        # Each place below the root drawn as the plan draws it, for the steps a document lacks.
        self._places: list[BulkOrReference] = (
            [] if nodes is None else [bulk_or_reference(node, body) for node in nodes[1:]]
        )
        # A missing array on the path is made with the one item the path needs, not drawn
        # whole (where the schema allows one item): what the path adds stays small.
        self._starts_empty = [
            _holds_one(node) and depth < len(self._tokens) for depth, node in enumerate(nodes or [])
        ][1:]
        self._key = key_generator(plan.limits)
        self._forced: BulkOrReference | None = None

    def __call__(self, src: Source) -> JSON:
        if self._nodes is None:
            return self._forced_generator()(src)
        document = self._document(src)
        if not jp.has_place(document, self._path):
            grafted = self._graft(src, document, 0)
            if grafted is None:
                return self._forced_generator()(src)
            document = grafted
        finish = self._plan.finish
        return document if finish is None else finish(src, document)

    def warm(self) -> None:
        """Compile every generator a draw may call now (see ``compiled.warm``)."""
        self._document.warm()
        for place in self._places:
            place.warm()

    def _forced_generator(self) -> BulkOrReference:
        if self._forced is None:
            self._forced = bulk_or_reference(self._root, self._plan)
        return self._forced

    def _graft(self, src: Source, value: JSON, depth: int) -> JSON | None:
        """``value`` (the place at ``depth`` of the path, lacking the rest of it) with the rest
        grafted in, copied along the way; None where it cannot be."""
        if depth == len(self._tokens) or jp.has_steps(value, self._tokens[depth:]):
            return value  # a place drawn new may hold the rest of the path already
        assert self._nodes is not None
        node, token = self._nodes[depth], self._tokens[depth]
        if isinstance(node, ArrayNode) and isinstance(value, list):
            if value:
                index = src.integer(0, len(value) - 1)
                item = self._graft(src, value[index], depth + 1)
                if item is None or (node.unique and _repeats(item, value, index)):
                    return None
                return [*value[:index], item, *value[index + 1 :]]
            if node.max_items == 0:
                return None
            item = self._graft(src, self._places[depth](src), depth + 1)
            return None if item is None else [item]
        if isinstance(node, ObjectNode) and isinstance(value, dict):
            name = token if token in node.properties else self._entry_name(src, node, value)
            if name is None:
                return None
            if name in value:
                member = value[name]
            elif self._starts_empty[depth]:
                member = []
            else:
                member = self._places[depth](src)
            grafted = self._graft(src, member, depth + 1)
            return None if grafted is None else {**value, name: grafted}
        return None

    def _entry_name(self, src: Source, node: ObjectNode, value: dict[str, JSON]) -> str | None:
        """An undeclared member of ``value`` (one at random), or a new name for one."""
        undeclared = [name for name in value if name not in node.properties]
        if undeclared:
            return src.choice(undeclared)
        for _ in range(_NAME_TRIES):
            name = self._key(src)
            if name not in node.properties:
                return name
        return None


def _repeats(item: JSON, items: list[JSON], index: int) -> bool:
    """Whether ``item``, put at ``index``, equals another of ``items`` (a unique array)."""
    key = canonical_json(item)
    return any(canonical_json(other) == key for i, other in enumerate(items) if i != index)


def _holds_one(node: Node) -> bool:
    return isinstance(node, ArrayNode) and node.min_items <= 1 and node.max_items != 0


def grafted(root: Node, plan: Plan) -> Grafted:
    """A generator of valid documents of ``plan`` in which its focus path is present."""
    return Grafted(root, plan)
