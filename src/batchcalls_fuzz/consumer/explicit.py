"""The explicit phase: the schema's own ``example``/``examples``, completed into documents.

Every declared member is filled in, from the shallowest example that covers it, else drawn
(deterministically). The oracle judges the result: an example that makes the document invalid
(the bundled seed's ``errors`` example lacks the required ``message``) is taken out of the
valid document and becomes an invalid case of its own, labelled with what the validator says.
"""

from __future__ import annotations

from ..derive.invalid import Invalid, Violation, edited
from ..derive.source import RandomSource
from ..judge.oracle import Oracle
from ..schema import pointer as jp
from ..schema.ir import JSON, Schema, node_at
from .cases import Case
from .filler import Filler, Shape, example_of

EXAMPLE_VARIANT = "schema-example"


def _blamed(places: list[str], error_pointer: str) -> str | None:
    """The deepest place holding an example that the error lies in."""
    inside = [p for p in places if error_pointer == p or error_pointer.startswith(p + "/")]
    return max(inside, key=len) if inside else None


def explicit_cases(schema: Schema, oracle: Oracle, filler: Filler) -> list[Case]:
    """The valid document made of the schema's examples, then one invalid case per example
    that the validators reject."""
    root = schema.root
    used: list[str] = []
    full = filler.fill(root, RandomSource("explicit"), Shape(), lambda p: True, used=used)
    errors = [e for v in oracle.check(full).values() for e in v.errors]
    if not used:
        return []
    blamed = {b for b in (_blamed(used, e.pointer) for e in errors) if b is not None}
    if errors and not blamed:
        return []  # the drawn parts are at fault, not an example: nothing explicit to offer
    valid = filler.fill(
        root,
        RandomSource("explicit"),
        Shape(),
        lambda p: not any(p == b or p.startswith(b + "/") for b in blamed),
    )
    cases: list[Case] = []
    if oracle.is_valid(valid):
        cases.append(Case("valid", valid, "explicit:examples"))
    for place in sorted(blamed):
        node = node_at(root, jp.tokens(place))
        if node is None:
            continue
        _, example = example_of(node)
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


def _replaced(document: JSON, pointer: str, value: JSON) -> JSON:
    """A copy of ``document`` with ``value`` at ``pointer``."""
    return edited(document, jp.tokens(pointer), lambda _: value)
