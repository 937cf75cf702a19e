"""``corpus --minimize``: a small set of inputs covering every schema feature the full set
covers (greedy set cover: each step keeps the input adding most features, the shorter one on a
tie; within a factor ln(features) of the smallest such set). Then inputs whose every feature
another kept input also has go, the longest first: each kept input adds a feature."""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable

from ..schema.ir import Node
from .spec import Entry
from .stats import Feature, features


def feature_set(root: Node, entry: Entry) -> frozenset[Feature]:
    plain = entry.payload if entry.record.get("encoding") is None else None
    return frozenset(features(root, entry.kind, entry.record.get("label"), plain))


def minimize(root: Node, entries: Iterable[Entry]) -> list[Entry]:
    """The kept entries, in their original order."""
    candidates = [(entry, feature_set(root, entry)) for entry in entries]
    uncovered = set().union(*(found for _, found in candidates)) if candidates else set()
    heap = [(-len(found), len(entry.payload), i) for i, (entry, found) in enumerate(candidates)]
    heapq.heapify(heap)
    kept: list[int] = []
    while uncovered and heap:
        _, size, i = heapq.heappop(heap)
        gain = len(candidates[i][1] & uncovered)
        if gain == 0:
            continue
        if heap and (-gain, size) > heap[0][:2]:  # stale: another may add more now
            heapq.heappush(heap, (-gain, size, i))
            continue
        kept.append(i)
        uncovered -= candidates[i][1]
    return [candidates[i][0] for i in sorted(_without_redundant(candidates, kept))]


def _without_redundant(
    candidates: list[tuple[Entry, frozenset[Feature]]], kept: list[int]
) -> set[int]:
    # An early pick can be made redundant by later ones together.
    holders = Counter(feature for i in kept for feature in candidates[i][1])
    remaining = set(kept)
    for i in sorted(kept, key=lambda i: -len(candidates[i][0].payload)):
        if all(holders[feature] > 1 for feature in candidates[i][1]):
            remaining.discard(i)
            holders.subtract(candidates[i][1])
    return remaining
