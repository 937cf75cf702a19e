"""Stratified selection: every catalogue entry (place, rule, variant) about as likely as any
other, deep places as likely as shallow ones, each draw naming the entry it came from."""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, given, seed, settings

from batchcalls_fuzz.derive.invalid import Invalid, Mutator, catalogue_entries, select
from batchcalls_fuzz.derive.source import RandomSource
from batchcalls_fuzz.derive.valid import Limits
from batchcalls_fuzz.schema import pointer as jp
from batchcalls_fuzz.strategies import bundled_schema, invalid_responses
from conftest import scaled


def place_of(entry: str) -> str:
    return entry.split(" ")[0]


def is_deep(entry: str) -> bool:
    place = place_of(entry)
    return place != "/" and len(jp.tokens(place)) >= 3


def test_every_entry_is_about_as_likely_as_any_other_at_a_fixed_seed() -> None:
    root = bundled_schema().root
    mutator = Mutator(root, Limits(max_items=2))
    mutations = tuple(select(mutator.mutations, "jsonschema"))
    per_entry = 16  # at 8, some entry is drawn at most once in about one seed in eight
    src = RandomSource("entry frequency")
    counts = Counter(mutator.draw(src, mutations).entry for _ in range(per_entry * len(mutations)))
    entries = catalogue_entries(root, "jsonschema")
    assert set(counts) == set(entries)  # every entry hit, nothing else
    assert max(counts.values()) <= 3 * per_entry
    # The rare and deep entries of the former rule-first selection now come as often as any.
    for entry in (
        "/errors/*/errors/*/message type boolean",
        "/results/*/createdAt format.date-time leading-space",
        "/results/*/createdAt format.date-time non-ascii-digits",
    ):
        assert counts[entry] >= 2, entry
    deep = [e for e in entries if is_deep(e)]
    shallow = [e for e in entries if not is_deep(e)]
    mean_deep = sum(counts[e] for e in deep) / len(deep)
    mean_shallow = sum(counts[e] for e in shallow) / len(shallow)
    assert 0.8 < mean_deep / mean_shallow < 1.25


def test_the_hypothesis_back_end_gives_deep_places_their_share() -> None:
    entries = catalogue_entries(bundled_schema().root, "jsonschema")
    deep_share = sum(map(is_deep, entries)) / len(entries)
    counts: Counter[str] = Counter()

    @seed(0)
    @settings(max_examples=200, database=None, suppress_health_check=list(HealthCheck))
    @given(invalid_responses(max_results=2))
    def draw(invalid: Invalid) -> None:
        counts[invalid.entry] += 1

    draw()
    drawn = sum(counts.values())
    # Hypothesis replays and mutates earlier examples, and what ran before in the same worker
    # changes which: the share of deep places is only near the catalogue's (0.31 to 0.6 seen
    # where the catalogue has 0.57), never near none (rule-first selection starved them).
    assert sum(c for e, c in counts.items() if is_deep(e)) / drawn > deep_share / 3
    assert max(counts.values()) <= drawn // 5  # no entry crowds out the rest
    assert len({e.split(" ")[1] for e in counts}) >= 4  # several rules, not one


ENTRIES = frozenset(catalogue_entries(bundled_schema().root, "jsonschema"))


@settings(max_examples=scaled(100))
@given(invalid_responses(max_results=2))
def test_each_draw_names_the_entry_its_label_comes_from(invalid: Invalid) -> None:
    anchor, rule, variant = invalid.entry.split(" ", 2)
    assert (rule, variant) == (invalid.violation.rule, invalid.violation.variant)
    pointer = invalid.violation.pointer
    if rule == "additionalProperties":
        pointer = jp.parent(pointer)
    assert jp.matches(pointer, "" if anchor == "/" else anchor), (invalid.entry, pointer)
    assert invalid.entry in ENTRIES
