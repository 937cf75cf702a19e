"""``batchcalls-fuzz stats``: what a corpus covers, read from its manifests and files; the
same schema features decide what ``corpus --minimize`` keeps."""

from __future__ import annotations

import codecs
import json
import re
import statistics
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..schema.ir import AnyNode, EnumNode, Node, ObjectNode, StringNode, json_type_of, node_at, walk
from ..schema.pointer import matches, pattern_of, resolve, tokens, values_at
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
    """The schema features an input covers: the (rule, place, variant) of an invalid one (array
    indices and map keys generalised to ``*``) and the shape of the value that breaks it; the
    defect of a malformed one, the kind of value it sits in and how its bytes begin; enum
    values, optional members (present or absent) and the shapes of formatted strings of a
    valid one (``payload`` None: an encoding whose document is not read)."""
    label = label or {}
    yield ("kind", kind)
    if kind == "invalid":
        rule, pointer = str(label.get("rule")), str(label.get("pointer", ""))
        yield ("rule", rule, place_of(root, pointer), str(label.get("variant")))
        if payload is not None:
            yield ("shape", rule, place_of(root, pointer), shape_at(json.loads(payload), pointer))
    elif kind == "malformed":
        defect = f"{label.get('defect')} ({label.get('kind')})"
        yield ("defect", defect)
        if "pointer" in label:
            pointer = str(label["pointer"])
            yield ("defect in", defect, value_kind(root, pointer))
            if payload is not None and label.get("kind") == "json-edge":
                yield ("defect shape", defect, shape_at(_lenient_json(payload), pointer))
        if payload is not None:
            yield ("opening", label_of_opening(payload))
    elif kind == "valid" and payload is not None:
        document = json.loads(payload)
        nodes = walk(root)
        for enum in (n for n in nodes if isinstance(n, EnumNode)):
            for value in values_at(document, enum.path):
                yield ("enum", enum.path, json.dumps(value))
        for holder in (n for n in nodes if isinstance(n, ObjectNode) and n.properties):
            for obj in values_at(document, holder.path):
                if isinstance(obj, dict):
                    for member in holder.properties:
                        if member not in holder.required:
                            yield ("optional", f"{holder.path}/{member}", str(member in obj))
        for text in (n for n in nodes if isinstance(n, StringNode) and n.format):
            for value in values_at(document, text.path):
                if isinstance(value, str):
                    yield ("format", str(text.format), skeleton(value))
        for free in (n for n in nodes if _is_free_form(n)):
            for value in values_at(document, free.path):
                for signature in type_signatures(value):
                    yield ("free-form", free.path, signature)


def _is_free_form(node: Node) -> bool:
    return isinstance(node, AnyNode) or (
        isinstance(node, ObjectNode) and not node.properties and node.additional is not None
    )


def type_signatures(value: Any) -> Iterator[str]:
    """The JSON types a free-form value holds one level down: ``{}`` for an empty object,
    ``{array}`` where a member is an array, ``[string]`` where an item is a string, a scalar's
    type: what a consumer that types a free-form value tells apart."""
    if isinstance(value, (dict, list)):
        members = value.values() if isinstance(value, dict) else value
        opening, closing = ("{", "}") if isinstance(value, dict) else ("[", "]")
        types = {json_type_of(member) for member in members} or {""}
        for name in types:
            yield opening + name + closing
    else:
        yield json_type_of(value)


def _lenient_json(payload: bytes) -> Any:
    """The document a lenient reader takes from the payload, or None where there is none."""
    try:
        return json.loads(payload)
    except (ValueError, RecursionError):
        return None


def place_of(root: Node, pointer: str) -> str:
    """The schema place of a concrete pointer: the path pattern of the node there (array
    indices and map keys as ``*``); past the schema's nodes, indices as ``*``."""
    for pattern in _node_paths(root):
        if matches(pointer, pattern):
            return pattern
    return pattern_of(pointer)


_PATHS: dict[int, tuple[Node, tuple[str, ...]]] = {}


def _node_paths(root: Node) -> tuple[str, ...]:
    # Deepest first, literal tokens before ``*`` at equal depth: a declared member wins over
    # the map or array place that would also match it. Cached by identity (nodes holding
    # dicts are not hashable); the root is kept so that its id is not reused.
    cached = _PATHS.get(id(root))
    if cached is None or cached[0] is not root:
        paths = {node.path for node in walk(root)}
        ordered = tuple(sorted(paths, key=lambda p: (-p.count("/"), p.count("*"), p)))
        if len(_PATHS) > 8:
            _PATHS.clear()
        cached = _PATHS[id(root)] = (root, ordered)
    return cached[1]


_TOKENS = re.compile(r"([0-9]+)|([a-z]+)|([A-Z]+)|([^\x00-\x7f]+)")
_LONGEST_DIGITS = 16


def _token(match: re.Match[str]) -> str:
    digits, lower, upper, _ = match.groups()
    if digits is not None:
        longer = "+" if len(digits) > _LONGEST_DIGITS else ""
        return "9" * min(len(digits), _LONGEST_DIGITS) + longer
    return "a" if lower else "A" if upper else "u"


def skeleton(text: str) -> str:
    """A string's lexical shape as a parser of dates or numbers tells it apart: each ASCII
    digit as 9 (the length of a run of digits picks a parser's branch), a run of lowercase or
    of uppercase ASCII letters as a or A, a run of other characters as u, punctuation kept:
    ``9999-99-99A99:99:99.999A``; at most 48 characters."""
    return _TOKENS.sub(_token, text)[:48]


def shape_at(document: Any, pointer: str) -> str:
    """The shape of the value at ``pointer``: ``string`` and its skeleton, else its JSON type;
    ``absent`` where there is none."""
    try:
        value = resolve(document, pointer)
    except (KeyError, IndexError, TypeError, ValueError):
        return "absent"
    if not isinstance(value, str):
        return json_type_of(value)
    return "string " + skeleton(value)


def value_kind(root: Node, pointer: str) -> str:
    """What the schema says of the value at ``pointer``: its node's kind (and format), or
    ``undetermined``."""
    node = node_at(root, tokens(pointer))
    if node is None:
        return "undetermined"
    name = type(node).__name__.removesuffix("Node").lower()
    if isinstance(node, StringNode) and node.format:
        return f"{name} {node.format}"
    return name


_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_BE, "utf-32-be BOM"),
    (codecs.BOM_UTF32_LE, "utf-32-le BOM"),
    (codecs.BOM_UTF8, "utf-8 BOM"),
    (codecs.BOM_UTF16_BE, "utf-16-be BOM"),
    (codecs.BOM_UTF16_LE, "utf-16-le BOM"),
)


def label_of_opening(payload: bytes) -> str:
    """How a payload's bytes begin, as a JSON reader telling the encoding sees them (RFC 4627,
    section 3): a byte order mark, else which of the first four bytes are zero. One defect can
    come in several encodings, each a different path through the reader."""
    for mark, name in _BYTE_ORDER_MARKS:
        if payload.startswith(mark):
            return name
    return "".join("0" if byte == 0 else "x" for byte in payload[:4])


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
