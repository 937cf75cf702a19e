"""Property-based test data and fuzzing inputs for HubSpot's BatchCallsResponse.

>>> import batchcalls_fuzz as bf
>>> from hypothesis import given
>>> @given(bf.valid_responses())
... def test_parser_accepts(document):
...     assert "results" in document

Names load on first use, so ``import batchcalls_fuzz`` costs almost nothing: Hypothesis and the
validators are imported by the first strategy, oracle or fuzzer asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import BatchCallsFuzzError, SchemaError, SchemaWarning
from .lazy import lazy_getattr

if TYPE_CHECKING:
    from .consumer.conditions import ConsumerTimeout
    from .consumer.contract import ConsumerContractError
    from .consumer.http.contract import fuzz_http_consumer
    from .derive.coverage import CoverageCase
    from .derive.invalid import Invalid, Violation
    from .derive.malformed import Malformed
    from .export.corpus import CorpusError
    from .judge.oracle import Oracle
    from .schema import load_schema
    from .strategies import (
        coverage_cases,
        invalid_responses,
        malformed_payloads,
        valid_responses,
    )
    from .strategies.bound import draw, fuzz_consumer

__version__: str
_LAZY = {
    "valid_responses": "batchcalls_fuzz.strategies",
    "invalid_responses": "batchcalls_fuzz.strategies",
    "malformed_payloads": "batchcalls_fuzz.strategies",
    "coverage_cases": "batchcalls_fuzz.strategies",
    "fuzz_consumer": "batchcalls_fuzz.strategies.bound",
    "draw": "batchcalls_fuzz.strategies.bound",
    "fuzz_http_consumer": "batchcalls_fuzz.consumer.http.contract",
    "load_schema": "batchcalls_fuzz.schema",
    "Oracle": "batchcalls_fuzz.judge.oracle",
    "Invalid": "batchcalls_fuzz.derive.invalid",
    "Violation": "batchcalls_fuzz.derive.invalid",
    "Malformed": "batchcalls_fuzz.derive.malformed",
    "CoverageCase": "batchcalls_fuzz.derive.coverage",
    "ConsumerContractError": "batchcalls_fuzz.consumer.contract",
    "ConsumerTimeout": "batchcalls_fuzz.consumer.conditions",
    "CorpusError": "batchcalls_fuzz.export.corpus",
}

__all__ = [
    "BatchCallsFuzzError",
    "ConsumerContractError",
    "ConsumerTimeout",
    "CorpusError",
    "CoverageCase",
    "Invalid",
    "Malformed",
    "Oracle",
    "SchemaError",
    "SchemaWarning",
    "Violation",
    "__version__",
    "coverage_cases",
    "draw",
    "fuzz_consumer",
    "fuzz_http_consumer",
    "invalid_responses",
    "load_schema",
    "malformed_payloads",
    "valid_responses",
]


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("batchcalls-fuzz")
    except PackageNotFoundError:  # a source tree that was never installed
        return "0+unknown"


_load = lazy_getattr(__name__, _LAZY)


def __getattr__(name: str) -> Any:
    if name == "__version__":
        globals()[name] = _version()
        return globals()[name]
    return _load(name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
