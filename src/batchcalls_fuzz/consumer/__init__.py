"""Consumer fuzzing: drive a consumer of the schema's payloads and check its contract.

Names load on first use, so that the pytest plugin can import ``conditions`` (to capture the
interpreter's recursion limit) without importing Hypothesis.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_getattr

if TYPE_CHECKING:
    from .conditions import ConsumerTimeout
    from .contract import ConsumerContractError
    from .fuzz import fuzz_consumer
    from .report import Report

_LAZY = {
    "ConsumerContractError": "batchcalls_fuzz.consumer.contract",
    "ConsumerTimeout": "batchcalls_fuzz.consumer.conditions",
    "Report": "batchcalls_fuzz.consumer.report",
    "fuzz_consumer": "batchcalls_fuzz.consumer.fuzz",
}

__all__ = ["ConsumerContractError", "ConsumerTimeout", "Report", "fuzz_consumer"]

__getattr__ = lazy_getattr(__name__, _LAZY)
