"""Print the size of the coverage set, the number of disputed cases, and the coverage set's
table of (pointer pattern, rule) pairs.

Run: python bench/coverage_table.py [jsonschema|structure]
"""

from __future__ import annotations

import sys
from collections import Counter

from batchcalls_fuzz.derive.disputed import disputed_cases, disputed_spots
from batchcalls_fuzz.derive.mutations import catalogue
from batchcalls_fuzz.strategies import bundled_schema, coverage_cases


def main(dialect: str = "jsonschema") -> None:
    cases = coverage_cases(dialect)
    invalid = [c for c in cases if c.violation is not None]
    print(
        f"coverage set ({dialect}): {len(cases)} cases, {len(invalid)} invalid, "
        f"{len(cases) - len(invalid)} boundary valid"
    )
    root = bundled_schema(dialect).root
    disputed = disputed_cases(root, dialect)
    print(
        f"disputed cases: {len(disputed)} ({len({d.case for d in disputed})} cases at "
        f"{len({spot.path for spot in disputed_spots(root)})} places of the model)"
    )
    pairs = Counter(
        (m.anchor or "/", m.rule)
        for m in catalogue(bundled_schema(dialect).root)
        if dialect in m.rejected_by
    )
    width = max(len(anchor) for anchor, _ in pairs)
    print(f"{'pointer pattern':<{width}}  {'rule':<22} variants")
    for (anchor, rule), variants in sorted(pairs.items()):
        print(f"{anchor:<{width}}  {rule:<22} {variants}")


if __name__ == "__main__":
    main(*sys.argv[1:])
