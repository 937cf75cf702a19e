"""What ``batchcalls-fuzz sample`` writes: lines of valid, invalid or malformed payloads."""

from __future__ import annotations

import base64
from collections.abc import Iterator, Sequence

from . import bulk
from .derive import compile_valid
from .derive.invalid import Mutator, select
from .derive.malformed import malformed_generator
from .errors import BatchCallsFuzzError
from .serialize import to_json


def _encode(document: object, pretty: bool) -> bytes:
    return to_json(document, pretty=pretty).encode("utf-8", "surrogatepass")


def sample_lines(
    kind: str,
    dialect: str,
    seed: int,
    count: int,
    rules: Sequence[str] | None = None,
    pointers: Sequence[str] | None = None,
    *,
    labels: bool = False,
    pretty: bool = False,
) -> Iterator[bytes]:
    """``count`` lines of ``kind`` for ``seed``; line ``i`` depends only on (seed, i)."""
    from .strategies import bundled_schema

    root = bundled_schema(dialect).root
    if kind == "valid":
        for document in bulk.draw_many(compile_valid(root), seed, count):
            yield _encode(document, pretty)
    elif kind == "invalid":
        mutator = Mutator(root)
        chosen = select(mutator.mutations, dialect, rules or None, pointers or None)
        if not chosen:
            raise BatchCallsFuzzError(
                f"no mutation of the {dialect} schema matches rule={list(rules or [])} "
                f"pointer={list(pointers or [])}"
            )
        for invalid in bulk.draw_many(lambda src: mutator.draw(src, chosen), seed, count):
            if labels:
                yield _encode(
                    {"label": invalid.violation.to_dict(), "document": invalid.document}, pretty
                )
            else:
                yield _encode(invalid.document, pretty)
    else:
        generate = malformed_generator(compile_valid(root))
        for malformed in bulk.draw_many(generate, seed, count):
            if labels:
                payload = base64.b64encode(malformed.payload).decode("ascii")
                yield _encode({**malformed.to_dict(), "payload_base64": payload}, pretty)
            else:
                yield malformed.payload
