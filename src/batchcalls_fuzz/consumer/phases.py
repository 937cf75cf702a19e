"""The deterministic phases, as plain lists of cases: ``explicit`` (the schema's examples) and
``coverage`` (every catalogue entry, every malformed defect, every boundary valid document,
size-stress documents), ordered so that a bug shows within the first few calls.

The order: substantive valid documents first (every member, only the required ones written
with every non-ASCII character escaped, the smallest document: most bugs on valid input show on
one of them) and one holding every disputed value at once; then one stream per rule of the
catalogue (``required`` first; an array item is one more place of its rule), one of malformed
defects (the first round where a lax decoder's reading stays valid) and one of valid documents
with one disputed value or one boundary each, taken round-robin so that every kind of input
comes early; within a rule, places alternate between shallow and deep and each place starts at
another variant. Size-stress documents come last: they are the slowest calls.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from itertools import zip_longest
from typing import TypeVar

from ..derive.coverage import CoverageCase, coverage_cases
from ..derive.disputed import Disputed, disputed_cases
from ..derive.invalid import Invalid, edited
from ..derive.malformed import DEFECTS, keeps_valid, malformed_generator
from ..derive.source import RandomSource, Source
from ..derive.valid import Limits, Plan, compile_valid
from ..judge.oracle import Oracle
from ..schema import pointer as jp
from ..schema.ir import JSON, AnyNode, ArrayNode, Node, ObjectNode, Schema, StringNode, walk
from ..serialize import to_json
from .cases import Case
from .explicit import explicit_cases
from .filler import Filler, Shape

PHASES = ("explicit", "coverage", "generate")
DETERMINISTIC = ("explicit", "coverage")
MALFORMED_ROUNDS = 3
STRESS_ITEMS = 1_000
STRESS_TEXT = 100_000
STRESS_STRINGS = {
    "one letter": "x" * STRESS_TEXT,
    # Where a pattern like \s+$ backtracks quadratically (a common ReDoS class).
    "spaces, then a letter": " " * (STRESS_TEXT - 1) + "x",
}

T = TypeVar("T")

SUBSTANTIVE = (
    (
        "every member",
        Shape(optional=True, extras=True, items=2, mixed=True, edge_entries=True),
        False,
    ),
    ("required members only", Shape(optional=False, containers=True, empty_maps=True), True),
    ("smallest document", Shape(optional=False, one_item=False, empty_maps=True), False),
)
"""The valid documents that open the coverage phase: most bugs on valid input show on one.
One is written as a serialiser that escapes every non-ASCII character would write it (the
same document, another JSON text a consumer must read as well), with text to escape where
the root allows an undeclared member."""
RULE_PRIORITY = ("required", "enum", "format", "type", "null")
"""Rules whose streams lead each round: first the checks a consumer must write by hand and
most often forgets (a member's presence, a closed set of values, a string's syntax), then those
a typed read of the value tends to catch anyway."""
SEVERAL = "several-at-once"
STRESS = "coverage:stress"
"""How the names of the size-stress cases start."""
ESCAPED_TEXT = "caf\u00e9 \u4e2d \U0001f600 \u2028"
"""Text for an undeclared member of the escaped document (where the root allows one): a
character of each UTF-8 length, one outside the BMP (a surrogate pair once escaped)."""


def round_robin(streams: Iterable[Sequence[T]]) -> list[T]:
    """The first of each stream, then the second of each, and so on."""
    sentinel = object()
    return [
        item  # type: ignore[misc]
        for row in zip_longest(*streams, fillvalue=sentinel)
        for item in row
        if item is not sentinel
    ]


def _staggered(groups: Iterable[list[T]]) -> list[T]:
    """The groups round-robin, the k-th group starting at its k-th item: each group's first
    turn comes at another of its places."""
    rotated = [items[k % len(items) :] + items[: k % len(items)] for k, items in enumerate(groups)]
    return round_robin(rotated)


def _shallow_and_deep(places: list[str]) -> list[str]:
    """Places ordered shallowest, deepest, next shallowest, next deepest..."""
    ordered = sorted(places, key=lambda p: (len(jp.tokens(p)), p))
    mixed: list[str] = []
    while ordered:
        mixed.append(ordered.pop(0))
        if ordered:
            mixed.append(ordered.pop())
    return mixed


def _priority(case: CoverageCase) -> int:
    rule = case.violation.rule if case.violation is not None else ""
    for rank, first in enumerate(RULE_PRIORITY):
        if rule == first or rule.startswith(first + "."):
            return rank
    return len(RULE_PRIORITY)


def _rule_streams(invalid: list[CoverageCase]) -> list[list[Case]]:
    """One stream per rule, in RULE_PRIORITY order, then the others in catalogue order."""
    by_rule: dict[str, dict[str, list[CoverageCase]]] = {}
    for case in sorted(invalid, key=_priority):
        assert case.violation is not None
        place = jp.pattern_of(case.violation.pointer)
        # An array item is one more place of a rule: ``items.type`` streams with ``type``.
        rule = case.violation.rule.removeprefix("items.")
        by_rule.setdefault(rule, {}).setdefault(place, []).append(case)
    streams: list[list[Case]] = []
    for places in by_rule.values():
        # A consumer that is lax about one variant (a date-time without seconds, "true" for
        # a boolean) is lax at every place: each variant once, at its own place, before any
        # variant twice.
        by_variant: dict[str, list[CoverageCase]] = {}
        for place in _shallow_and_deep(list(places)):
            for case in places[place]:
                assert case.violation is not None
                by_variant.setdefault(case.violation.variant, []).append(case)
        streams.append([_invalid_case(c) for c in _staggered(by_variant.values())])
    return streams


def _invalid_case(case: CoverageCase) -> Case:
    assert case.violation is not None
    item = Invalid(case.document, case.violation, case.document)
    return Case("invalid", item, f"coverage:{case.name}")


def all_at_once(disputed: list[Disputed], base: JSON, strings: StringPlaces) -> Case | None:
    """One valid document holding a value of every disputed case at once, each at a free
    place of ``base`` like its own (same pattern), and the size-stress strings (``base`` is
    the size-stress document where the schema has one), so that one call tells whether the
    consumer mishandles any; the single cases follow to tell which. None when fewer than two
    disputed values fit."""
    document, taken, reasons = copy.deepcopy(base), set(), {}
    for item in disputed:
        if item.case in reasons or not _serialises_alike(item):
            continue
        value = jp.resolve(item.document, item.pointer)
        token = jp.tokens(item.pointer)[-1]
        pattern = jp.pattern_of(item.pointer)
        free = [p for p, _ in jp.places(document, pattern) if p not in taken]
        if not free:  # a member to add: a free object like the one that holds it
            parents = [p for p, v in jp.places(document, jp.parent(pattern)) if isinstance(v, dict)]
            free = [jp.join(p, token) for p in parents if jp.join(p, token) not in taken]
            free = [p for p in free if token not in jp.resolve(document, jp.parent(p))]
        if not free:
            continue
        place = free[0]
        document = edited(document, jp.tokens(jp.parent(place)), _put(jp.tokens(place)[-1], value))
        taken.add(place)
        reasons[item.case] = f"{item.case} at {place}"
    if len(reasons) < 2:
        return None
    document, written = _with_strings(document, strings)
    text = "every disputed case at once: " + ", ".join(reasons.values())
    if written:
        text += f"; and {STRESS_TEXT}-character strings at " + ", ".join(written)
    together = Disputed(document, SEVERAL, "", text, ())
    return Case("disputed", together, f"coverage:disputed:{SEVERAL}")


def _serialises_alike(item: Disputed) -> bool:
    """Whether the document alone gives the case's JSON text (a payload of its own may write
    a value another way than the serialiser would)."""
    return item.payload is None or to_json(item.document).encode("utf-8") == item.payload


def _constant(value: JSON) -> Callable[[Source], JSON]:
    return lambda src: value


def _put(token: str, value: JSON) -> Callable[[JSON], JSON]:
    """An edit of an object or array that sets its member or item ``token`` to ``value``."""

    def put(holder: JSON) -> JSON:
        if isinstance(holder, list):
            return [value if i == int(token) else item for i, item in enumerate(holder)]
        return {**holder, token: value}

    return put


def _disputed_stream(disputed: list[Disputed]) -> list[Case]:
    """Every disputed case once (each at another kind of place), then the other places."""
    by_case: dict[str, list[Disputed]] = {}
    for item in disputed:
        by_case.setdefault(item.case, []).append(item)
    return [
        Case("disputed", item, f"coverage:{item.name} at {item.pointer or '/'}")
        for item in _staggered(by_case.values())
    ]


def _malformed(schema: Schema, limits: Limits, mode: str) -> list[Case]:
    """Each defect at MALFORMED_ROUNDS places: a defect's place matters to a parser (a text
    cut inside a string or right before a value). The first round writes each defect where a
    lax decoder's reading stays valid, so that only a decoder's laxness can let it through."""
    valid = compile_valid(schema.root, Plan(replace(limits, max_items=3)))
    cases = []
    for round in range(MALFORMED_ROUNDS):
        keep = keeps_valid(schema.root) if round == 0 else None
        for defect in DEFECTS:
            name = f"coverage:malformed {defect[0]} #{round + 1}"
            generate = malformed_generator(valid, (defect,), keep)
            case = Case("malformed", generate(RandomSource(name)), name)
            if case.fits(mode):
                cases.append(case)
    return cases


StringPlaces = list[tuple[str, str, dict[str, Callable[[str], JSON]]]]
"""(where, a path that must be present, what to write at which path patterns) for a string."""


def _string_places(schema: Schema) -> StringPlaces:
    """Where size-stress strings go: the shallowest plain string place, and every free-form
    map at once (a consumer may scan the values of one map only)."""
    nodes = walk(schema.root)
    plain = [
        n
        for n in nodes
        if isinstance(n, StringNode)
        and n.format is None
        and n.pattern is None
        and (n.max_length is None or n.max_length >= STRESS_TEXT)
        and n.min_length <= STRESS_TEXT
    ]
    free = [
        n
        for n in nodes
        if isinstance(n, ObjectNode) and n.is_map and isinstance(n.additional, AnyNode)
    ]
    places: StringPlaces = []
    if plain:
        shallowest = min(plain, key=_depth).path
        places.append((shallowest, shallowest, {shallowest: lambda text: text}))
    if free:
        maps = {n.path: lambda text: {"stressText": text} for n in free}
        places.append(("every free-form map", max(free, key=_depth).path, maps))
    return places


def _stress(schema: Schema, limits: Limits) -> list[Case]:
    """A document whose top-level arrays hold STRESS_ITEMS items (within the schema's bounds),
    and each of STRESS_STRINGS at each of ``_string_places``."""
    arrays = [n for n in walk(schema.root) if isinstance(n, ArrayNode) and "*" not in n.path]
    cases: list[Case] = []
    if arrays:
        counts = {}
        for array in arrays:
            high = STRESS_ITEMS if array.max_items is None else min(STRESS_ITEMS, array.max_items)
            counts[array.path] = (max(high, array.min_items), max(high, array.min_items))
        many = compile_valid(schema.root, Plan(limits, counts=counts, extra_members=False))
        name = f"{STRESS} {STRESS_ITEMS} items"
        cases.append(Case("valid", many(RandomSource(name)), name))
    for where, focus, values in _string_places(schema):
        for what, text in STRESS_STRINGS.items():
            overrides = {path: _constant(value(text)) for path, value in values.items()}
            big = compile_valid(schema.root, Plan(limits, focus=focus, overrides=overrides))
            name = f"{STRESS} {STRESS_TEXT}-character string ({what}) at {where}"
            cases.append(Case("valid", big(RandomSource(name)), name))
    return cases


def _with_strings(document: JSON, places: StringPlaces) -> tuple[JSON, list[str]]:
    """``document`` with the stress strings at the first instance of each string place (the
    last of STRESS_STRINGS in maps, the first elsewhere), and where they went."""
    written = []
    texts = list(STRESS_STRINGS.values())
    for index, (_, _, values) in enumerate(places):
        text = texts[min(index, len(texts) - 1)]
        for path, value in values.items():
            found = jp.places(document, path)
            if found:
                place = found[0][0]
                tokens = jp.tokens(place)
                document = edited(document, tokens[:-1], _put(tokens[-1], value(text)))
                written.append(place)
    return document, written


def _depth(node: Node) -> int:
    return len(jp.tokens(node.path))


def deterministic_cases(
    schema: Schema, phases: Sequence[str], mode: str, filler: Filler
) -> list[Case]:
    """The cases of the explicit and coverage phases among ``phases``, in running order,
    fit for ``mode``."""
    cases: list[Case] = []
    if "explicit" in phases:
        cases += explicit_cases(schema, Oracle({schema.dialect: schema.document}), filler)
    if "coverage" in phases:
        root = schema.root
        for name, shape, escaped in SUBSTANTIVE:
            document = filler.fill(root, RandomSource(f"coverage:{name}"), shape)
            extensible = isinstance(root, ObjectNode) and root.additional is not None
            if escaped and extensible and isinstance(document, dict):
                document = {**document, "unexpectedText": ESCAPED_TEXT}
            escaped_name = ", non-ASCII escaped" if escaped else ""
            cases.append(Case("valid", document, f"coverage:{name}{escaped_name}", escaped))
        roomy = filler.fill(root, RandomSource("coverage:disputed"), Shape(items=4))
        disputed = disputed_cases(root, schema.dialect, filler.profile)
        stress = _stress(schema, filler.limits)
        many = [c.document for c in stress if (c.name or "").endswith(" items")]
        base = many[0] if many else roomy
        together = all_at_once(disputed, base, _string_places(schema))
        if together is not None:
            cases.append(together)
        covered = coverage_cases(root, schema.dialect)
        boundary = [
            Case("valid", c.document, f"coverage:{c.name}") for c in covered if c.violation is None
        ]
        streams = _rule_streams([c for c in covered if c.violation is not None])
        if mode != "dict":
            streams.insert(1, _malformed(schema, filler.limits, mode))
        # Valid documents one disputed value or one boundary at a time share a turn: the
        # documents above have met most bugs on valid input already; these tell which value.
        streams.append(round_robin([_disputed_stream(disputed), boundary]))
        cases += round_robin(streams)
        cases += stress
    return [case for case in cases if case.fits(mode)]
