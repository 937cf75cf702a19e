"""Choices per document on the test path: how many Hypothesis choices a valid_responses()
document takes (read from Hypothesis' observability output), by type, and how many draws our
Source makes for them (derandomized, so runs compare), per document and per KiB.

    python bench/choices.py [count]
"""

from __future__ import annotations

import collections
import json
import os
import statistics
import sys
from typing import Any

# Observability reports each test case's choices only when asked before Hypothesis loads.
os.environ["HYPOTHESIS_EXPERIMENTAL_OBSERVABILITY_CHOICES"] = "1"
os.environ["HYPOTHESIS_EXPERIMENTAL_OBSERVABILITY_NOCOVER"] = "1"

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.internal.observability import (
    add_observability_callback,
    remove_observability_callback,
)

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
    choices: collections.Counter[str] = collections.Counter()
    passed = 0

    def observe(observation: Any) -> None:
        nonlocal passed
        if observation.type != "test_case" or observation.status != "passed":
            return
        nodes = getattr(observation.metadata, "choice_nodes", None)
        if nodes is None:
            return
        passed += 1
        choices.update(node.type for node in nodes)

    documents: list[Any] = []

    @settings(
        max_examples=count,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(valid_responses())
    def collect(document: Any) -> None:
        documents.append(document)

    add_observability_callback(observe)
    try:
        collect()
    finally:
        remove_observability_callback(observe)
    size = statistics.mean(len(json.dumps(d)) for d in documents) / 1024
    total = sum(choices.values())
    if passed:
        per_type = ", ".join(f"{n / passed:.0f} {kind}" for kind, n in choices.most_common())
        print(
            f"{total / passed:.0f} Hypothesis choices per document ({per_type}), "
            f"{total / passed / size:.0f} per KiB"
        )
    else:
        print("Hypothesis choices: this Hypothesis does not report them")
    print(
        f"{draws / len(documents):.0f} Source draws per document, "
        f"{draws / len(documents) / size:.0f} per KiB "
        f"({len(documents)} documents, derandomized; mean size {size:.2f} KiB)"
    )


if __name__ == "__main__":
    main()
