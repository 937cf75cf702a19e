"""Consumer fuzzing: drive a consumer of the schema's payloads and check its contract."""

from __future__ import annotations

from .fuzz import ConsumerContractError, ConsumerTimeout, fuzz_consumer

__all__ = ["ConsumerContractError", "ConsumerTimeout", "fuzz_consumer"]
