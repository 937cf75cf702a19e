"""The bulk path as an API: valid, invalid or malformed payloads for a seed, without Hypothesis.

Item ``i`` depends only on (seed, i), so any slice can be reproduced on its own.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import BatchCallsFuzzError
from ..schema.ir import Node
from ..serialize import to_json
from . import bulk
from .compiled import bulk_source, warm
from .invalid import Invalid, Mutator, select
from .malformed import Malformed, malformed_generator
from .profile import SCHEMA_PURE, Profile
from .source import Source
from .valid import Limits

KINDS = ("valid", "invalid", "malformed")


@dataclass(frozen=True)
class Bulk:
    """A generator of one kind of item, and how to compile in advance every generator it
    draws from (before forking workers, so that they share the compiled code)."""

    make: Callable[[Source], Any]
    warm: Callable[[], None]


def bulk_generator(
    kind: str,
    root: Node,
    dialect: str = "jsonschema",
    profile: Profile = SCHEMA_PURE,
    rules: Sequence[str] | None = None,
    pointers: Sequence[str] | None = None,
    limits: Limits | None = None,
) -> Bulk:
    """``generator``'s item generator with its warm-up."""
    if kind not in KINDS:
        raise BatchCallsFuzzError(f"unknown kind {kind!r}; choose one of {', '.join(KINDS)}")
    if kind != "invalid" and (rules or pointers):
        raise BatchCallsFuzzError("rules and pointers go with the invalid kind")
    bounds = limits or Limits()
    if kind != "invalid":
        valid = profile.compile(root, bounds)
        make = valid if kind == "valid" else malformed_generator(valid)
        return Bulk(make, lambda: warm(valid))
    mutator = Mutator(root, bounds, profile)
    mutations = tuple(select(mutator.mutations, dialect, rules or None, pointers or None))
    if not mutations and not (rules or pointers):
        raise BatchCallsFuzzError(
            f"the {dialect} schema rejects no document: there is no invalid one to make"
        )
    if not mutations:
        raise BatchCallsFuzzError(
            f"no mutation of the {dialect} schema matches rule={list(rules or [])} "
            f"pointer={list(pointers or [])}"
        )

    def warm_every_focus() -> None:
        for mutation in mutations:
            warm(mutator.valid_with(mutation.must_exist))

    return Bulk(lambda src: mutator.draw(src, mutations), warm_every_focus)


def generator(
    kind: str,
    root: Node,
    dialect: str = "jsonschema",
    profile: Profile = SCHEMA_PURE,
    rules: Sequence[str] | None = None,
    pointers: Sequence[str] | None = None,
    limits: Limits | None = None,
) -> Callable[[Source], Any]:
    """The generator of one kind of item for the schema model ``root``: a document, an
    ``Invalid`` (rejected by the validator of ``dialect``) or a ``Malformed``."""
    return bulk_generator(kind, root, dialect, profile, rules, pointers, limits).make


def draw(
    kind: str,
    seed: int,
    count: int,
    root: Node,
    *,
    start: int = 0,
    dialect: str = "jsonschema",
    profile: Profile = SCHEMA_PURE,
    rules: Sequence[str] | None = None,
    pointers: Sequence[str] | None = None,
) -> Iterator[Any]:
    """Items ``start`` to ``start + count - 1`` for ``seed``."""
    if count < 0:
        raise BatchCallsFuzzError(f"count must be >= 0, got {count}")
    make = generator(kind, root, dialect, profile, rules, pointers)
    return bulk.draw_many(make, seed, count, start)


def lines(
    kind: str,
    seed: int,
    count: int,
    root: Node,
    *,
    start: int = 0,
    dialect: str = "jsonschema",
    profile: Profile = SCHEMA_PURE,
    rules: Sequence[str] | None = None,
    pointers: Sequence[str] | None = None,
    labels: bool = False,
    pretty: bool = False,
    jobs: int = 1,
) -> Iterator[bytes]:
    """The output of ``sample``: items ``start`` to ``start + count - 1`` as lines (see
    ``line``), each ending in a newline, in order; the same bytes for any ``jobs``."""
    if count < 0:
        raise BatchCallsFuzzError(f"count must be >= 0, got {count}")
    made = bulk_generator(kind, root, dialect, profile, rules, pointers)
    make = made.make

    def render(index: int) -> bytes:
        item = bulk.draw_at(make, seed, index)
        return line(item, labels=labels, pretty=pretty) + b"\n"

    if jobs == 1:
        # The process pool's modules cost more to import than one document takes to write.
        return map(render, range(start, start + count))
    from . import parallel

    return parallel.rendered(render, start, count, jobs, prepare=made.warm)


def source(root: Node, profile: Profile = SCHEMA_PURE) -> str:
    """The Python source of the compiled generator of valid documents that every kind of the
    bulk path starts from."""
    return bulk_source(root, profile.plan(Limits()))


def payload(item: Any) -> bytes:
    """The bytes a consumer would receive for an item of any kind."""
    if isinstance(item, Malformed):
        return item.payload
    document = item.document if isinstance(item, Invalid) else item
    return to_json(document).encode("utf-8", "surrogatepass")


def label(item: Any) -> dict[str, Any] | None:
    if isinstance(item, Invalid):
        return item.violation.to_dict()
    if isinstance(item, Malformed):
        return item.to_dict()
    return None


def line(item: Any, *, labels: bool = False, pretty: bool = False) -> bytes:
    """One output line of ``sample``: the payload, or with ``labels`` a JSON record."""
    if not labels and not pretty:
        return payload(item)
    if isinstance(item, Malformed):
        record: Any = {**item.to_dict(), "payload_base64": base64.b64encode(item.payload).decode()}
    elif isinstance(item, Invalid):
        record = {"label": item.violation.to_dict(), "document": item.document}
        if not labels:
            record = item.document
    else:
        record = item
    return to_json(record, pretty=pretty).encode("utf-8", "surrogatepass")
