"""``batchcalls-fuzz diff``: documents on which the two dialects' validators disagree.

Each candidate is a small valid document with one value replaced: date-time edge cases at a
date-time member, or a hostile member name. A deterministic catalogue of probes is tried
first, then a Hypothesis search mutates valid date-times character by character; for each kind
of disagreement the shortest example is kept. The RFC 3339 column is this package's own strict
reading of the grammar, for reference.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from ..derive.disputed import DATE_TIME_DISPUTES, MEMBER_DISPUTES
from ..derive.invalid import edited
from ..derive.source import RandomSource
from ..derive.valid import Limits, Plan, compile_valid
from ..schema import pointer as jp
from ..schema.ir import JSON, Node, StringNode, walk
from .oracle import Oracle

_RFC3339 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))",
    re.ASCII,
)


def rfc3339_date_time(text: str) -> bool:
    """RFC 3339 section 5.6 ``date-time``, with leap seconds (``:60``) allowed."""
    found = _RFC3339.fullmatch(text)
    if not found:
        return False
    year, month, day, hour, minute, second = (int(found.group(i)) for i in range(1, 7))
    if not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(max(year, 1), month)[1]):
        return False
    if hour > 23 or minute > 59 or second > 60:
        return False
    return found.group(9) is None or (int(found.group(9)) <= 23 and int(found.group(10)) <= 59)


DATE_TIME_PROBES = (
    *(dispute.text for dispute in DATE_TIME_DISPUTES),
    "2024-01-15t10:30:00z",
    "0000-01-01T00:00:00Z",
    "2024-01-15T10:30:00Z\n",
    "2024-13-45T99:99:99Z",
    "2024-02-30T10:30:00Z",
    "2023-02-29T10:30:00Z",
    "2024-01-15T24:00:00Z",
    "2024-01-15T10:30:00+24:00",
    "2024-01-15T10:30:00+05:60",
    "٢٠٢٤-01-15T10:30:00Z",
    "２０２４-01-15T10:30:00Z",
    "2024-01-15T10:30:00.Z",
    "2024-01-15T10:30:00",
)
"""The disputed date-times (valid by RFC 3339, see ``derive/disputed.py``), both letters
lowercase, year 0000, then defects."""
KEY_PROBES: tuple[tuple[str, JSON], ...] = (
    *((dispute.key, dispute.value) for dispute in MEMBER_DISPUTES),
    ("$uses", []),
    ("$uses", ["x"]),
    ("$uses", None),
    ("$uses", {}),
    ("$schema", "x"),
)


@dataclass(frozen=True)
class Disagreement:
    where: str
    value: str
    verdicts: dict[str, bool]
    """Per validator: does it accept the document?"""
    rfc3339: bool | None
    document: JSON

    @property
    def kind(self) -> tuple[Any, ...]:
        return (self.where, tuple(sorted(self.verdicts.items())), self.rfc3339)


def _verdicts(oracle: Oracle, document: JSON) -> dict[str, bool]:
    return {dialect: verdict.valid for dialect, verdict in oracle.check(document).items()}


@dataclass(frozen=True)
class ProbeBase:
    """Where probes go: a small valid document and the pointer of a date-time in it (or
    None where the schema has none at a fixed place)."""

    document: JSON
    date_time: str | None


def probe_base(root: Node) -> ProbeBase:
    """A small valid document of the model ``root`` (no undeclared members, no optional
    array items) and its first date-time at a fixed place."""
    plan = Plan(Limits(max_items=0, max_members=0, max_text=8, max_depth=0), extra_members=False)
    document = compile_valid(root, plan)(RandomSource("probe base"))
    for node in walk(root):
        if isinstance(node, StringNode) and node.format == "date-time" and "*" not in node.path:
            try:
                jp.resolve(document, node.path)
            except (KeyError, IndexError, TypeError):
                continue
            return ProbeBase(document, node.path)
    return ProbeBase(document, None)


def _date_time_case(oracle: Oracle, base: ProbeBase, text: str) -> Disagreement:
    assert base.date_time is not None
    document = edited(base.document, jp.tokens(base.date_time), lambda _: text)
    return Disagreement(
        base.date_time, repr(text), _verdicts(oracle, document), rfc3339_date_time(text), document
    )


def _key_case(oracle: Oracle, base: ProbeBase, key: str, value: JSON) -> Disagreement:
    document = {**base.document, key: value} if isinstance(base.document, dict) else base.document
    return Disagreement(f"member {key!r}", repr(value), _verdicts(oracle, document), None, document)


def _disputed(case: Disagreement) -> bool:
    accepted = set(case.verdicts.values())
    return len(accepted) > 1 or (case.rfc3339 is not None and case.rfc3339 not in accepted)


def search(oracle: Oracle, base: ProbeBase, examples: int = 2000) -> list[Disagreement]:
    """Every disputed probe, then the shortest example of each kind of disagreement that the
    search finds beyond them. Date-times are probed at ``base.date_time``, members at the top
    of ``base.document``."""
    probes = []
    if base.date_time is not None:
        probes += [_date_time_case(oracle, base, text) for text in DATE_TIME_PROBES]
    probes += [_key_case(oracle, base, key, value) for key, value in KEY_PROBES]
    disputed = [case for case in probes if _disputed(case)]
    known = {case.kind for case in disputed}
    found: dict[tuple[Any, ...], Disagreement] = {}

    def keep(cases: Iterable[Disagreement]) -> None:
        for case in cases:
            if _disputed(case) and case.kind not in known:
                best = found.get(case.kind)
                if best is None or len(case.value) < len(best.value):
                    found[case.kind] = case

    start = "2024-01-15T10:30:00.5+01:00"
    alphabet = st.sampled_from("0123456789TZtz:+-. ,\n٢６")

    @settings(
        max_examples=examples,
        database=None,
        derandomize=True,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        deadline=None,
    )
    @given(st.lists(st.tuples(st.integers(0, len(start) - 1), alphabet), min_size=1, max_size=3))
    def explore(edits: list[tuple[int, str]]) -> None:
        text = list(start)
        for position, char in edits:
            text[position] = char
        keep([_date_time_case(oracle, base, "".join(text))])

    if base.date_time is not None:
        explore()
    discovered = [replace(case, where=f"{case.where} (search)") for case in found.values()]
    return disputed + sorted(discovered, key=lambda c: c.value)
