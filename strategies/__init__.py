"""Hypothesis strategies for HubSpot's BatchCallsResponse, built from the bundled schemas.

>>> from hypothesis import given
>>> from batchcalls_fuzz.strategies import valid_responses
>>> @given(valid_responses())
... def test_parser_accepts(document):
...     assert "results" in document
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, TypeVar

from batchcalls_fuzz.schema import DIALECTS, Schema, load_schema

from .adversarial import AdversarialSizes
from .profiles import PROFILES, invalid_argument, resolve_profile, user_generators

if TYPE_CHECKING:
    from hypothesis import strategies as st

    from batchcalls_fuzz.derive.coverage import CoverageCase
    from batchcalls_fuzz.derive.disputed import Disputed
    from batchcalls_fuzz.derive.invalid import Invalid
    from batchcalls_fuzz.derive.malformed import Malformed
    from batchcalls_fuzz.judge.oracle import Oracle
    from batchcalls_fuzz.schema.ir import JSON

# Hypothesis, the validators and the invalid, malformed, disputed and coverage generators load
# on first use: the bulk path (sample, corpus export) reads the bundled schema and profiles from
# here without them.

T = TypeVar("T")

SCHEMA_FILES = {
    "jsonschema": "BatchCallsResponse.schema.json",
    "structure": "BatchCallsResponse.struct.json",
}

__all__ = [
    "PROFILES",
    "SCHEMA_FILES",
    "AdversarialSizes",
    "bundled_oracle",
    "bundled_schema",
    "coverage_cases",
    "disputed_responses",
    "invalid_responses",
    "malformed_payloads",
    "resolve_profile",
    "schema_document",
    "valid_responses",
]


@cache
def _document_text(dialect: str) -> str:
    return resources.files(__name__).joinpath(SCHEMA_FILES[dialect]).read_text("utf-8")


def schema_document(dialect: str = "jsonschema") -> dict[str, Any]:
    """A fresh copy of the bundled schema document of ``dialect``."""
    _check_dialect(dialect)
    document: dict[str, Any] = json.loads(_document_text(dialect))
    return document


@cache
def bundled_schema(dialect: str = "jsonschema") -> Schema:
    """The bundled BatchCallsResponse schema of ``dialect``, loaded into the schema model."""
    _check_dialect(dialect)
    return load_schema(schema_document(dialect), dialect)


@cache
def bundled_oracle() -> Oracle:
    """An oracle holding the bundled schema in both dialects."""
    from batchcalls_fuzz.judge.oracle import Oracle

    return Oracle({d: schema_document(d) for d in DIALECTS})


def _check_dialect(dialect: str) -> None:
    if dialect not in SCHEMA_FILES:
        raise invalid_argument(f"dialect={dialect!r}; choose one of {', '.join(SCHEMA_FILES)}")


def valid_responses(
    dialect: str = "jsonschema",
    *,
    profile: str = "schema",
    overrides: Mapping[str, st.SearchStrategy[Any]] | None = None,
    extra_call_properties: Mapping[str, st.SearchStrategy[Any]] | None = None,
    adversarial: AdversarialSizes | None = None,
    max_results: int = 8,
    max_members: int = 4,
    max_text: int = 24,
    max_depth: int = 3,
    schema: Schema | None = None,
) -> st.SearchStrategy[JSON]:
    """Documents that the schema of ``dialect`` accepts.

    ``profile="schema"`` (default) covers the whole valid space: every enum value, each
    optional member absent and present, empty and long ``results``, undeclared members with
    hostile names, any JSON value in free-form maps, RFC 3339 date-times from 0001 to 9999.
    ``profile="realistic"`` gives HubSpot-like call records (``hs_call_*`` properties, numeric
    ids, coherent timestamps and history, partial-failure errors); ``extra_call_properties``
    adds your portal's own properties to them. ``profile="adversarial"`` gives valid documents
    built to stress consumers, sized by ``adversarial=AdversarialSizes(results=1000, ...)``.

    ``overrides`` replaces the strategy of any member by path pattern, e.g.
    ``{"/results/*/properties": st.fixed_dictionaries({"hs_call_title": st.text()})}``.
    ``max_results`` bounds unbounded arrays, ``max_members`` the undeclared members of an
    object, ``max_text`` free text, ``max_depth`` the nesting of free-form values. ``schema``
    replaces the bundled schema with one of your own (see ``batchcalls_fuzz.schema``).

    >>> valid_responses(profile="realistic", max_results=2)
    valid_responses(profile='realistic', max_results=2)
    """
    from batchcalls_fuzz.derive.strategies import limits, valid_strategy

    bounds = limits(max_results, max_members, max_text, max_depth)
    model = schema if schema is not None else bundled_schema(dialect)
    chosen = resolve_profile(profile, model.root, extra_call_properties, adversarial)
    return valid_strategy(model.root, bounds, chosen, user_generators(model.root, overrides))


def invalid_responses(
    dialect: str = "jsonschema",
    *,
    rules: Iterable[str] | None = None,
    pointers: Iterable[str] | None = None,
    profile: str = "schema",
    overrides: Mapping[str, st.SearchStrategy[Any]] | None = None,
    max_results: int = 8,
    max_members: int = 4,
    max_text: int = 24,
    max_depth: int = 3,
    schema: Schema | None = None,
) -> st.SearchStrategy[Invalid]:
    """Documents that break exactly one rule, each with its ``Violation`` label.

    Each is a valid document of ``profile`` with one mutation from the catalogue derived from
    the schema; the validator of ``dialect`` rejects it at ``violation.pointer``. ``rules``
    keeps the listed rule identifiers (``required``, ``type``, ``enum``, ``format.date-time``
    ...), ``pointers`` the places matching one of the patterns (``/results/*/createdAt``).

    >>> invalid_responses(rules=["format.date-time"], pointers=["/results/*/createdAt"])
    invalid_responses(rules=['format.date-time'], pointers=['/results/*/createdAt'])
    """
    from batchcalls_fuzz.derive.strategies import invalid_strategy, limits

    bounds = limits(max_results, max_members, max_text, max_depth)
    model = schema if schema is not None else bundled_schema(dialect)
    return invalid_strategy(
        model.root,
        dialect,
        bounds,
        resolve_profile(profile, model.root),
        user_generators(model.root, overrides),
        rules,
        pointers,
    )


def disputed_responses(
    dialect: str = "jsonschema",
    *,
    profile: str = "schema",
    max_results: int = 8,
    max_members: int = 4,
    max_text: int = 24,
    max_depth: int = 3,
    schema: Schema | None = None,
) -> st.SearchStrategy[Disputed]:
    """Documents valid by the schema and by RFC 3339 / RFC 8259 whose value at
    ``disputed.pointer`` common validators or parsers reject or mishandle: a leap second, a
    lowercase ``t``, ``-00:00``, nine fraction digits, ``__proto__`` or ``$ref`` as a member
    name, an integer past 2^64, ``-0.0``... Each says what makes it disputed (``reason``) and
    who disputes it (``disputed_by``); ``to_bytes()`` gives the JSON text, which matters for
    numbers. A consumer should accept them all, as the specifications say.

    >>> disputed_responses(max_results=2)
    disputed_responses(max_results=2)
    """
    from batchcalls_fuzz.derive.strategies import disputed_strategy, limits, with_event

    bounds = limits(max_results, max_members, max_text, max_depth)
    model = schema if schema is not None else bundled_schema(dialect)
    chosen = resolve_profile(profile, model.root)
    return disputed_strategy(model.root, model.dialect, bounds, chosen).map(with_event)


def malformed_payloads(
    dialect: str = "jsonschema",
    *,
    defects: Iterable[str] | None = None,
    huge_string_bytes: int = 0,
    max_results: int = 3,
) -> st.SearchStrategy[Malformed]:
    """Bytes at and past the edges of JSON, each a serialised valid document broken one way.

    ``defects`` keeps the named defects (see ``DEFECT_NAMES``); ``huge_string_bytes`` adds a
    payload with a string of that many bytes (off by default: 50_000_000 is the classic).

    >>> malformed_payloads(defects=["truncated"])
    malformed_payloads(defects=['truncated'])
    """
    from batchcalls_fuzz.derive.strategies import limits, malformed_strategy

    bounds = limits(max_results, 4, 24, 3)
    wanted = None if defects is None else list(defects)
    return malformed_strategy(bundled_schema(dialect).root, bounds, wanted, huge_string_bytes)


def coverage_cases(
    dialect: str = "jsonschema", *, schema: Schema | None = None
) -> list[CoverageCase]:
    """Deterministically, one invalid document for every (place, rule, variant) of the mutation
    catalogue that ``dialect`` rejects, plus the boundary valid documents (each enum value, each
    optional member absent and present). No Hypothesis randomness: the same list every time.
    """
    model = schema if schema is not None else bundled_schema(dialect)
    from batchcalls_fuzz.derive.coverage import coverage_cases as cases_of

    return cases_of(model.root, dialect)
