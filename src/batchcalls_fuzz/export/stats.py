"""``batchcalls-fuzz stats``: what a corpus covers, read from its manifests and files; the
same schema features decide what ``corpus --minimize`` keeps."""

from __future__ import annotations

import json
import statistics
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..schema.ir import EnumNode, Node, ObjectNode, walk
from ..schema.pointer import pattern_of, values_at
from .layout import CorpusError, listed_path
from .manifest import manifests, records

Feature = tuple[str, ...]


@dataclass
class CorpusStats:
    kinds: Counter[str] = field(default_factory=Counter)
    rules: Counter[tuple[str, str]] = field(default_factory=Counter)
    defects: Counter[str] = field(default_factory=Counter)
    enum_values: Counter[tuple[str, str]] = field(default_factory=Counter)
    optional: Counter[tuple[str, bool]] = field(default_factory=Counter)
    sizes: dict[str, list[int]] = field(default_factory=dict)


def features(
    root: Node, kind: str, label: dict[str, Any] | None, payload: bytes | None
) -> Iterator[Feature]:
    """The schema features an input covers: (rule, place, variant) of an invalid one, the
    defect of a malformed one, enum values and optional members (present or absent) of a valid
    one (``payload`` None: an encoding whose document is not read)."""
    label = label or {}
    yield ("kind", kind)
    if kind == "invalid":
        yield ("rule", str(label.get("rule")), pattern_of(str(label.get("pointer", ""))),
               str(label.get("variant")))  # fmt: skip
    elif kind == "malformed":
        yield ("defect", f"{label.get('defect')} ({label.get('kind')})")
    elif kind == "valid" and payload is not None:
        document = json.loads(payload)
        for enum in (n for n in walk(root) if isinstance(n, EnumNode)):
            for value in values_at(document, enum.path):
                yield ("enum", enum.path, json.dumps(value))
        for holder in (n for n in walk(root) if isinstance(n, ObjectNode) and n.properties):
            for obj in values_at(document, holder.path):
                if isinstance(obj, dict):
                    for member in holder.properties:
                        if member not in holder.required:
                            yield ("optional", f"{holder.path}/{member}", str(member in obj))


def collect(folder: Path, root: Node) -> CorpusStats:
    stats = CorpusStats()
    for manifest in manifests(folder):
        for where, record in records(manifest):
            kind, label = record["kind"], record.get("label") or {}
            path = listed_path(folder, record["file"], where)
            try:
                payload = path.read_bytes()
            except OSError:
                raise CorpusError(f"{where}: {record['file']} is listed but missing") from None
            stats.kinds[kind] += 1
            stats.sizes.setdefault(kind, []).append(len(payload))
            plain = payload if record.get("encoding") is None else None
            try:
                found = list(features(root, kind, label, plain))
            except ValueError:
                raise CorpusError(
                    f"{where}: {record['file']} is labelled {kind} but is not JSON"
                ) from None
            for feature in found:
                if feature[0] == "rule":
                    stats.rules[(feature[1], feature[2])] += 1
                elif feature[0] == "defect":
                    stats.defects[feature[1]] += 1
                elif feature[0] == "enum":
                    stats.enum_values[(feature[1], feature[2])] += 1
                elif feature[0] == "optional":
                    stats.optional[(feature[1], feature[2] == "True")] += 1
    return stats


def size_summary(sizes: list[int]) -> str:
    if not sizes:
        return "-"
    ordered = sorted(sizes)
    p90 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
    return (
        f"min {ordered[0]}  median {int(statistics.median(ordered))}  p90 {p90}  max {ordered[-1]}"
    )
