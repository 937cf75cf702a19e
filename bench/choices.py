"""Draws per document on the test path: how many Source draws (each one Hypothesis draw) a
valid_responses() document takes (derandomized, so runs compare), and per KiB.

    python bench/choices.py [count]
"""

from __future__ import annotations

import json
import statistics
import sys
from typing import Any

from hypothesis import given, settings

from batchcalls_fuzz.derive import hypothesis_source
from batchcalls_fuzz.strategies import valid_responses


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    draws = 0
    original = hypothesis_source.HypothesisSource.__init__

    def counting_init(self: hypothesis_source.HypothesisSource, draw: Any) -> None:
        def counted(strategy: Any) -> Any:
            nonlocal draws
            draws += 1
            return draw(strategy)

        original(self, counted)

    hypothesis_source.HypothesisSource.__init__ = counting_init  # type: ignore[method-assign]
    documents: list[Any] = []

    @settings(max_examples=count, derandomize=True, database=None, deadline=None)
    @given(valid_responses())
    def collect(document: Any) -> None:
        documents.append(document)

    collect()
    size = statistics.mean(len(json.dumps(d)) for d in documents)
    print(
        f"{draws / len(documents):.0f} Source draws per document, "
        f"{draws / len(documents) / (size / 1024):.0f} per KiB "
        f"({len(documents)} documents, derandomized; mean size {size / 1024:.2f} KiB)"
    )


if __name__ == "__main__":
    main()
