"""The machinery's schema-taking entry points, bound to the bundled schema and its profiles."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from batchcalls_fuzz.consumer.fuzz import fuzz_consumer as fuzz_schema_consumer
from batchcalls_fuzz.derive import sampling
from batchcalls_fuzz.schema import Schema

from . import bundled_schema
from .profiles import resolve_profile


def draw(
    kind: str,
    seed: int,
    count: int,
    *,
    start: int = 0,
    dialect: str = "jsonschema",
    profile: str = "schema",
    rules: Sequence[str] | None = None,
    pointers: Sequence[str] | None = None,
    schema: Schema | None = None,
) -> Iterator[Any]:
    """Items ``start`` to ``start + count - 1`` of ``kind`` for ``seed``, without Hypothesis
    (the bulk path): documents, ``Invalid`` or ``Malformed``; item ``i`` depends on
    (seed, i) only."""
    model = schema if schema is not None else bundled_schema(dialect)
    return sampling.draw(
        kind,
        seed,
        count,
        model.root,
        start=start,
        dialect=model.dialect,
        profile=resolve_profile(profile, model.root),
        rules=rules,
        pointers=pointers,
    )


def fuzz_consumer(
    consumer: Callable[[Any], Any],
    *,
    profile: str = "schema",
    dialect: str = "jsonschema",
    schema: Schema | None = None,
    **options: Any,
) -> Any:
    """Fuzz ``consumer`` with valid, invalid, malformed and disputed BatchCallsResponse input,
    phase by phase, and check its contract; raise ``ConsumerContractError`` (with the input,
    shrunk where Hypothesis found it) at the first breach, or with ``report=True`` after
    every phase, with the report of every distinct breach.

    ``profile`` names one of this package's profiles (``schema``, ``realistic``,
    ``adversarial``), ``dialect`` the bundled schema, ``schema`` replaces it. Every other
    option is ``batchcalls_fuzz.consumer.fuzz_consumer``'s: ``input="dict" | "text" |
    "bytes"``, ``rejects``, ``accepts`` (of the result, or of the result and the input
    document), ``tolerate``, ``phases``, ``report``, ``max_examples``, ``deadline``,
    ``recursion_limit``, ``seed``...

    Example::

        def parse(text: str) -> dict:
            body = json.loads(text)  # raises ValueError for malformed input
            if body.get("status") not in ("PENDING", "PROCESSING", "CANCELED", "COMPLETE"):
                raise ValueError("bad status")
            return body

        fuzz_consumer(parse, input="text", rejects=ValueError)
    """
    model = schema if schema is not None else bundled_schema(dialect)
    return fuzz_schema_consumer(
        consumer, schema=model, profile=resolve_profile(profile, model.root), **options
    )
