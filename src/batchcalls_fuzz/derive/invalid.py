"""Invalid documents: a valid document with exactly one mutation, and its label.

The mutation is applied after the valid document is drawn, so invalidity is built by
construction: when Hypothesis shrinks the document, the mutation is applied again to the
smaller one and the label stays true.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..schema import pointer as jp
from ..schema.ir import JSON, Node
from .mutations import ADD, REMOVE, Mutation, catalogue
from .profile import SCHEMA_PURE, Profile
from .source import Source
from .valid import Generator, Limits


@dataclass(frozen=True)
class Violation:
    """Which rule a document breaks, where, and which validators notice."""

    rule: str
    """Stable identifier: ``required``, ``type``, ``items.type``, ``null``, ``enum``,
    ``format.date-time``, ``additionalProperties``, ``minItems``, ``maxLength``..."""
    pointer: str
    """RFC 6901 pointer of the broken place (of the missing or extra member for ``required``
    and ``additionalProperties``)."""
    message: str
    variant: str
    """Which way the rule is broken: ``month-13``, ``other-case``, ``string``..."""
    rejected_by: frozenset[str]
    """The dialects whose validator rejects the document."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "pointer": self.pointer,
            "variant": self.variant,
            "rejected_by": sorted(self.rejected_by),
            "message": self.message,
        }


@dataclass(frozen=True)
class Invalid:
    """An invalid document, its label, and the valid document it was made from."""

    document: JSON
    violation: Violation
    original: JSON
    entry: str = ""
    """The catalogue entry it came from: ``/results/*/createdAt format.date-time month-13``
    (see ``Mutation.entry`` and ``catalogue_entries``)."""


def matching_pointers(document: JSON, pattern: str) -> list[str]:
    """The concrete pointers in ``document`` that the path pattern ``pattern`` matches."""
    return [pointer for pointer, _ in jp.places(document, pattern)]


def edited(document: JSON, tokens: Sequence[str], edit: Callable[[JSON], JSON]) -> JSON:
    """A copy of ``document`` with ``edit`` applied at ``tokens``, sharing untouched parts."""
    if not tokens:
        return edit(document)
    head, rest = tokens[0], tokens[1:]
    if isinstance(document, list):
        index = int(head)
        return [*document[:index], edited(document[index], rest, edit), *document[index + 1 :]]
    out = dict(document)
    out[head] = edited(document[head], rest, edit)
    return out


def json_copy(value: JSON) -> JSON:
    """A deep copy of a JSON value (dicts, lists and immutable scalars), several times
    faster than ``copy.deepcopy``, which anything else is left to."""
    if type(value) is dict:
        return {key: json_copy(item) for key, item in value.items()}
    if type(value) is list:
        return [json_copy(item) for item in value]
    if value is None or type(value) in _IMMUTABLE:
        return value
    return copy.deepcopy(value)


_IMMUTABLE = frozenset({str, int, float, bool})


def apply_mutation(mutation: Mutation, src: Source, document: JSON, pointer: str) -> Invalid:
    tokens = jp.tokens(pointer)
    if mutation.kind == REMOVE:
        member = tokens[-1]
        mutated = edited(
            document, tokens[:-1], lambda obj: {k: v for k, v in obj.items() if k != member}
        )
        where = pointer
    elif mutation.kind == ADD:
        name, value = mutation.make(src, jp.resolve(document, pointer))
        mutated = edited(document, tokens, lambda obj: {**obj, name: value})
        where = jp.join(pointer, name)
    else:
        # The new value is copied, not the old one: most replace a whole subtree (an array,
        # an object) by a scalar, and only the few that embed the old value copy it.
        new = json_copy(mutation.make(src, jp.resolve(document, pointer)))
        mutated = edited(document, tokens, lambda _: new)
        where = pointer
    place = where or "the document"
    violation = Violation(
        mutation.rule,
        where,
        f"{place} {mutation.description} ({mutation.rule}).",
        mutation.variant,
        mutation.rejected_by,
    )
    return Invalid(mutated, violation, document, mutation.entry)


def select(
    mutations: Iterable[Mutation],
    dialect: str | None = None,
    rules: Iterable[str] | None = None,
    pointers: Iterable[str] | None = None,
) -> list[Mutation]:
    """The mutations rejected by ``dialect``, of one of ``rules``, whose place matches one of
    ``pointers`` (patterns with ``*``, or concrete pointers whose indices stand for any)."""
    chosen = [m for m in mutations if dialect is None or dialect in m.rejected_by]
    if rules is not None:
        wanted = set(rules)
        chosen = [m for m in chosen if m.rule in wanted]
    if pointers is not None:
        patterns = [jp.pattern_of(p) for p in pointers]
        chosen = [
            m for m in chosen if any(jp.matches(jp.pattern_of(m.anchor), p) for p in patterns)
        ]
    return chosen


def catalogue_entries(root: Node, dialect: str | None = None) -> list[str]:
    """The names of the catalogue entries (place, rule, variant) that ``dialect`` rejects, as
    ``Invalid.entry`` gives them: what a run can hit, against which it counts what it hit."""
    return [mutation.entry for mutation in select(catalogue(root), dialect)]


class Mutator:
    """Draws invalid documents for one schema model."""

    def __init__(
        self,
        root: Node,
        limits: Limits | None = None,
        profile: Profile = SCHEMA_PURE,
        overrides: Mapping[str, Generator] | None = None,
    ) -> None:
        self.root = root
        self.limits = limits or Limits()
        self.profile = profile
        self.overrides = dict(overrides or {})
        self.mutations = catalogue(root)
        self._focused: dict[str, Generator] = {}

    def valid_with(self, path: str) -> Generator:
        """A generator of valid documents (of the profile) in which ``path`` is present."""
        generator = self._focused.get(path)
        if generator is None:
            generator = self.profile.compile(self.root, self.limits, path, self.overrides)
            self._focused[path] = generator
        return generator

    def draw(self, src: Source, mutations: Sequence[Mutation]) -> Invalid:
        """One catalogue entry (place, rule, variant), each as likely as any other, so that a
        rare variant at a deep place comes as often as a null at the root. Pass a tuple: the
        Hypothesis back end caches its choice among a tuple."""
        return self.apply(src, src.choice(mutations))

    def apply(self, src: Source, mutation: Mutation) -> Invalid:
        document = self.valid_with(mutation.must_exist)(src)
        pointers = matching_pointers(document, mutation.anchor)
        if mutation.must_exist != mutation.anchor:
            # The focus is below the anchor (an item of the array the mutation replaces): only
            # the places that hold it will do; the others (an empty array) may be there too.
            rest = mutation.must_exist[len(mutation.anchor) :]
            pointers = [p for p in pointers if jp.has_place(jp.resolve(document, p), rest)]
        if not pointers:
            raise AssertionError(f"focused generation did not produce {mutation.anchor}")
        return apply_mutation(mutation, src, document, src.choice(pointers))
