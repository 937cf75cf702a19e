"""How evenly invalid documents cover the mutation catalogue: entry-uniform selection (what
``invalid_responses`` and ``fuzz_consumer`` use) against the rule-first selection it replaced,
measured in the same run on both back ends.

Run: python bench/entry_frequency.py [--draws-per-entry 3] [--examples 200]

Columns: entries hit at least once (of the catalogue), the count of the rarest and of the
commonest entry, and the share of draws at deep places (three or more tokens) against the
share of entries there.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Callable, Sequence

from hypothesis import HealthCheck, given, seed, settings

from batchcalls_fuzz.derive.invalid import Invalid, Mutator, select
from batchcalls_fuzz.derive.mutations import Mutation
from batchcalls_fuzz.derive.source import RandomSource, Source, as_strategy
from batchcalls_fuzz.derive.valid import Limits
from batchcalls_fuzz.schema import pointer as jp
from batchcalls_fuzz.strategies import bundled_schema

Select = Callable[[Mutator, Source, Sequence[Mutation]], Invalid]


def entry_uniform(mutator: Mutator, src: Source, mutations: Sequence[Mutation]) -> Invalid:
    return mutator.draw(src, mutations)


def rule_first(mutator: Mutator, src: Source, mutations: Sequence[Mutation]) -> Invalid:
    """The former selection: a rule uniformly, then one of its entries."""
    by_rule: dict[str, list[Mutation]] = {}
    for mutation in mutations:
        by_rule.setdefault(mutation.rule, []).append(mutation)
    groups = tuple(tuple(group) for group in by_rule.values())
    return mutator.apply(src, src.choice(src.choice(groups)))


def deep(entry: str) -> bool:
    place = entry.split(" ")[0]
    return place != "/" and len(jp.tokens(place)) >= 3


def bulk_counts(
    choose: Select, mutator: Mutator, mutations: tuple[Mutation, ...], draws: int
) -> Counter[str]:
    src = RandomSource("entry frequency")
    return Counter(choose(mutator, src, mutations).entry for _ in range(draws))


def hypothesis_counts(
    choose: Select, mutator: Mutator, mutations: tuple[Mutation, ...], examples: int
) -> Counter[str]:
    counts: Counter[str] = Counter()

    @seed(0)
    @settings(
        max_examples=examples,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(as_strategy(lambda src: choose(mutator, src, mutations)))
    def run(invalid: Invalid) -> None:
        counts[invalid.entry] += 1

    run()
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws-per-entry", type=int, default=3)
    parser.add_argument("--examples", type=int, default=200)
    args = parser.parse_args()
    root = bundled_schema().root
    mutator = Mutator(root, Limits(max_items=3))
    mutations = tuple(select(mutator.mutations, "jsonschema"))
    total = len(mutations)
    deep_entries = sum(deep(m.entry) for m in mutations) / total
    draws = args.draws_per_entry * total
    print(f"catalogue (jsonschema): {total} entries, {deep_entries:.0%} of them at deep places")
    print(
        f"{'back end':<22} {'selection':<14} {'draws':>6} {'hit':>9} "
        f"{'min':>4} {'max':>4} {'deep':>6}"
    )
    runs: list[tuple[str, Callable[[Select], Counter[str]]]] = [
        ("bulk", lambda choose: bulk_counts(choose, mutator, mutations, draws)),
        (
            "hypothesis (seed 0)",
            lambda choose: hypothesis_counts(choose, mutator, mutations, args.examples),
        ),
    ]
    for name, measure in runs:
        # Interleaved: the baseline and the new selection alternate on the same machine state.
        for label, choose in (("rule-first", rule_first), ("entry-uniform", entry_uniform)):
            counts = measure(choose)
            every = [counts.get(m.entry, 0) for m in mutations]
            drawn = sum(counts.values())
            deep_share = sum(c for e, c in counts.items() if deep(e)) / drawn
            print(
                f"{name:<22} {label:<14} {drawn:>6} {sum(1 for c in every if c):>4}/{total:<4}"
                f" {min(every):>4} {max(every):>4} {deep_share:>6.0%}"
            )


if __name__ == "__main__":
    main()
