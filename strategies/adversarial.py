"""The adversarial profile: valid documents built to stress consumers.

Long and hostile text (10,000 characters, non-BMP, right-to-left, combining marks, NUL), maps
with hundreds of keys, free-form values nested 50 deep, numbers at the float and int64 edges,
date-times at years 0001 and 9999 with extreme offsets, and 1,000+ results. The overrides are
chosen by the kind of each node of the schema model, so they follow the schema.
"""

from __future__ import annotations

from dataclasses import dataclass

from batchcalls_fuzz.arguments import check_counts
from batchcalls_fuzz.derive.profile import Profile
from batchcalls_fuzz.derive.source import Source
from batchcalls_fuzz.derive.valid import Generator
from batchcalls_fuzz.derive.vocabulary import EDGE_FLOATS, EDGE_INTEGERS, STRESS_KEYS
from batchcalls_fuzz.schema.ir import JSON, AnyNode, Node, ObjectNode, StringNode, walk

_PIECES = (
    "\U0001f600",
    "\U0001f4de",
    "\U0001d11e",
    "\U00010348",
    "\u05e9\u05dc\u05d5\u05dd",
    "\u0627\u0644\u0639\u0631\u0628\u064a\u0629",
    "\u202e",
    "\u202d",
    "e\u0301\u0302\u0303",
    "\u0000",
    "\ufeff",
    "\u200b",
    "\u2028",
    "a",
    " ",
    '"',
    "\\",
)


@dataclass(frozen=True)
class AdversarialSizes:
    results: int = 1000
    text: int = 10_000
    map_keys: int = 300
    depth: int = 50

    def __post_init__(self) -> None:
        check_counts(self, ("results", "text", "map_keys", "depth"), "adversarial ")


def hostile_text(size: int) -> Generator:
    def make(src: Source) -> str:
        kind = src.integer(0, 3)
        if kind == 0:
            return "".join(src.choice(_PIECES) for _ in range(src.integer(0, 40)))
        if kind == 1:
            return src.choice(_PIECES) * src.integer(1, max(1, size // 2))
        if kind == 2:
            return "".join(src.choice(_PIECES) for _ in range(size))[:size]
        return src.choice(STRESS_KEYS)

    return make


def extreme_datetime(src: Source) -> str:
    year = src.choice(("0001", "9999", "1970", "2038"))
    month, day = src.choice((("01", "01"), ("12", "31"), ("02", "28")))
    if year in ("9999", "2038"):
        month, day = src.choice((("12", "31"), ("02", "28")))
    fraction = src.choice(("", ".0", ".999999999", ".000000001", ".5"))
    offset = src.choice(("Z", "+23:59", "-23:59", "+00:00", "-00:00", "+14:00", "-12:00"))
    clock = src.choice(("00:00:00", "23:59:59", "12:00:00"))
    return f"{year}-{month}-{day}T{clock}{fraction}{offset}"


def edge_value(depth: int) -> Generator:
    def make(src: Source) -> JSON:
        kind = src.integer(0, 4)
        if kind == 0:
            return src.choice(EDGE_INTEGERS)
        if kind == 1:
            return src.choice(EDGE_FLOATS)
        if kind == 2:
            value: JSON = src.choice((0, "deep", None, [], {}))
            for level in range(depth):
                value = {"level": level, "next": value} if level % 2 else [value]
            return value
        if kind == 3:
            return src.choice((None, True, False, "", "\u0000"))
        return src.choice(_PIECES) * src.integer(0, 50)

    return make


def hostile_map(sizes: AdversarialSizes) -> Generator:
    """Usually a few entries; one map in twenty has ``sizes.map_keys``."""
    value = edge_value(sizes.depth)
    key = hostile_text(64)

    def make(src: Source) -> JSON:
        count = sizes.map_keys if src.integer(0, 19) == 0 else src.integer(0, 5)
        out: dict[str, JSON] = {}
        for index in range(count):
            out.setdefault(key(src), value(src))
            out.setdefault(f"hs_custom_{index}", value(src))
        return out

    return make


def adversarial_profile(root: Node, sizes: AdversarialSizes) -> Profile:
    overrides: dict[str, Generator] = {}
    text = hostile_text(sizes.text)
    for node in walk(root):
        if isinstance(node, StringNode) and node.format == "date-time":
            overrides[node.path] = extreme_datetime
        elif isinstance(node, StringNode) and node.format is None and node.pattern is None:
            if node.min_length == 0 and node.max_length is None:
                overrides[node.path] = text
        elif isinstance(node, ObjectNode) and node.is_map and isinstance(node.additional, AnyNode):
            overrides[node.path] = hostile_map(sizes)
        elif isinstance(node, AnyNode):
            overrides[node.path] = edge_value(sizes.depth)
    counts = {"/results": (sizes.results, sizes.results + 10)}
    return Profile("adversarial", overrides, counts=counts, seeded=True)
