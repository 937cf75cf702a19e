"""What goes into a corpus: the spec, and each input's bytes and manifest record.

Input ``i`` of kind ``k`` for seed ``s`` depends only on ``(s, k, i)``, so a corpus is the
same whether it is made in one process, in ``jobs`` processes, or in shards on different
machines and merged by copying.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..derive import bulk, sampling
from ..derive.coverage import coverage_cases
from ..derive.invalid import Invalid
from ..derive.malformed import Malformed
from ..derive.profile import ProfileResolver, schema_profile_only
from ..schema.ir import Schema
from .layout import KINDS, CorpusError

ATHERIS_ASCII = b"\x01"
"""atheris' ConsumeUnicode reads its first byte as a spec: an odd byte selects pure ASCII,
each later byte masked to 7 bits (src/native/fuzzed_data_provider.cc, ConsumeUnicodeImpl)."""
ATHERIS_UTF32 = b"\x00"
"""An even spec byte with bit 1 clear selects 32-bit code points (little-endian)."""
CHUNK = 64


@dataclass(frozen=True)
class Shard:
    number: int  # 1-based
    total: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        try:
            number, total = (int(part) for part in text.split("/"))
        except ValueError:
            raise CorpusError(f"shard {text!r} is not K/N (e.g. 1/4)") from None
        if not 1 <= number <= total:
            raise CorpusError(f"shard {text!r}: K must be between 1 and N")
        return cls(number, total)

    def indices(self, count: int) -> range:
        return range(self.number - 1, count, self.total)

    @property
    def suffix(self) -> str:
        return "" if self.total == 1 else f"-{self.number}-of-{self.total}"


@dataclass(frozen=True)
class CorpusSpec:
    count: int
    schema: Schema
    seed: int = 0
    kinds: tuple[str, ...] = KINDS
    profile: str = "schema"
    profiles: ProfileResolver = schema_profile_only
    """Turns ``profile`` into a ``Profile`` for the schema (a module-level function, so that
    worker processes can be handed it)."""
    shard: Shard = field(default_factory=lambda: Shard(1, 1))
    coverage: bool = False
    atheris_unicode: bool = False
    max_bytes: int | None = None
    """Inputs longer than this are left out (libFuzzer's ``-max_len`` then fits them all)."""

    def __post_init__(self) -> None:
        if self.count < 0:
            raise CorpusError(f"count must be >= 0, got {self.count}")
        if self.max_bytes is not None and self.max_bytes < 1:
            raise CorpusError(f"max-bytes must be >= 1, got {self.max_bytes}")
        unknown = set(self.kinds) - set(KINDS)
        if unknown or not self.kinds:
            raise CorpusError(f"kinds must be among {', '.join(KINDS)}, got {self.kinds}")

    @property
    def dialect(self) -> str:
        return self.schema.dialect

    @property
    def total(self) -> int:
        return len(self.kinds) * len(self.shard.indices(self.count))


@dataclass(frozen=True)
class Entry:
    """One corpus input: its bytes and its manifest record."""

    kind: str
    payload: bytes
    record: dict[str, Any]

    @property
    def name(self) -> str:
        return hashlib.sha1(self.payload).hexdigest()


def atheris_payload(item: Any) -> bytes | None:
    """The bytes whose ``ConsumeUnicode`` reading is exactly the item's text, or None where no
    text can stand for it (bytes that are not UTF-8)."""
    if isinstance(item, Malformed):
        try:
            text = item.payload.decode("utf-8", "surrogatepass")
        except UnicodeDecodeError:
            return None
    else:
        document = item.document if isinstance(item, Invalid) else item
        text = json.dumps(document, ensure_ascii=True, separators=(",", ":"))
    if text.isascii():
        return ATHERIS_ASCII + text.encode("ascii")
    return ATHERIS_UTF32 + text.encode("utf-32-le", "surrogatepass")


_GENERATORS: dict[tuple[Any, ...], sampling.Bulk] = {}


def _generator(spec: CorpusSpec, kind: str) -> sampling.Bulk:
    key = (spec.schema.fingerprint, spec.profiles, spec.profile, kind)
    if key not in _GENERATORS:
        profile = spec.profiles(spec.profile, spec.schema.root)
        _GENERATORS[key] = sampling.bulk_generator(kind, spec.schema.root, spec.dialect, profile)
    return _GENERATORS[key]


def check(spec: CorpusSpec) -> None:
    """Raise the error of a kind the schema cannot give (an invalid input of a schema that
    accepts everything) before anything is written."""
    for kind in spec.kinds:
        _generator(spec, kind)


def warm(spec: CorpusSpec) -> None:
    """Compile the generators of every kind of the corpus (before forking workers)."""
    for kind in spec.kinds:
        _generator(spec, kind).warm()


def _entry(spec: CorpusSpec, kind: str, item: Any, extra: dict[str, Any]) -> Entry | None:
    payload = atheris_payload(item) if spec.atheris_unicode else sampling.payload(item)
    if payload is None or (spec.max_bytes is not None and len(payload) > spec.max_bytes):
        return None
    record = {
        "kind": kind,
        "label": sampling.label(item),
        "seed": spec.seed,
        "profile": spec.profile,
        "dialect": spec.dialect,
        **extra,
    }
    if spec.atheris_unicode:
        record["encoding"] = "atheris-unicode"
    return Entry(kind, payload, record)


def make_chunk(spec: CorpusSpec, kind: str, indices: Sequence[int]) -> list[Entry | None]:
    """The entries for some indices of one kind; None for an item that has no form in the
    chosen encoding or is longer than ``max_bytes``."""
    make = _generator(spec, kind).make
    return [
        _entry(spec, kind, bulk.draw_at(make, f"{spec.seed}:{kind}", index), {"index": index})
        for index in indices
    ]


def chunks(spec: CorpusSpec) -> Iterator[tuple[str, range]]:
    """The work in fixed order, made as it is consumed: memory does not grow with ``count``."""
    indices = spec.shard.indices(spec.count)
    for kind in spec.kinds:
        for start in range(0, len(indices), CHUNK):
            yield kind, indices[start : start + CHUNK]


def coverage_entries(spec: CorpusSpec) -> Iterator[Entry | None]:
    if not spec.coverage or spec.shard.number != 1:
        return
    for case in coverage_cases(spec.schema.root, spec.dialect):
        kind = "valid" if case.violation is None else "invalid"
        if kind not in spec.kinds:
            continue
        item: Any = case.document
        if case.violation is not None:
            item = Invalid(case.document, case.violation, None)
        yield _entry(spec, kind, item, {"coverage": case.name})
