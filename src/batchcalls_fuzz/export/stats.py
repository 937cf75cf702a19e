"""``batchcalls-fuzz stats``: what a corpus covers, read from its manifests and files."""

from __future__ import annotations

import json
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..schema.ir import EnumNode, Node, ObjectNode, walk
from ..schema.pointer import pattern_of, values_at


@dataclass
class CorpusStats:
    kinds: Counter[str] = field(default_factory=Counter)
    rules: Counter[tuple[str, str]] = field(default_factory=Counter)
    defects: Counter[str] = field(default_factory=Counter)
    enum_values: Counter[tuple[str, str]] = field(default_factory=Counter)
    optional: Counter[tuple[str, bool]] = field(default_factory=Counter)
    sizes: dict[str, list[int]] = field(default_factory=dict)


def collect(folder: Path, root: Node) -> CorpusStats:
    stats = CorpusStats()
    enums = [n for n in walk(root) if isinstance(n, EnumNode)]
    objects = [n for n in walk(root) if isinstance(n, ObjectNode) and n.properties]
    for manifest in sorted(folder.glob("*manifest*.jsonl")):
        for line in manifest.read_text("utf-8").splitlines():
            record = json.loads(line)
            kind, label = record["kind"], record.get("label") or {}
            stats.kinds[kind] += 1
            path = folder / record["file"]
            payload = path.read_bytes() if path.exists() else b""
            stats.sizes.setdefault(kind, []).append(len(payload))
            if kind == "invalid":
                stats.rules[(label["rule"], pattern_of(label["pointer"]))] += 1
            elif kind == "malformed":
                stats.defects[f"{label['defect']} ({label['kind']})"] += 1
            elif kind == "valid" and record.get("encoding") is None:
                document = json.loads(payload)
                for enum in enums:
                    for value in values_at(document, enum.path):
                        stats.enum_values[(enum.path, json.dumps(value))] += 1
                for holder in objects:
                    for obj in values_at(document, holder.path):
                        if isinstance(obj, dict):
                            for member in holder.properties:
                                if member not in holder.required:
                                    place = f"{holder.path}/{member}"
                                    stats.optional[(place, member in obj)] += 1
    return stats


def size_summary(sizes: list[int]) -> str:
    if not sizes:
        return "-"
    ordered = sorted(sizes)
    p90 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
    return (
        f"min {ordered[0]}  median {int(statistics.median(ordered))}  p90 {p90}  max {ordered[-1]}"
    )
