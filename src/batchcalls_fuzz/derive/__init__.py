"""Schema model -> generators: valid documents, invalid documents, malformed payloads.

Importing this package does not import Hypothesis: ``HypothesisSource`` and ``as_strategy``
load it on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .source import RandomSource, Source
from .valid import Generator, Limits, Plan, compile_valid

if TYPE_CHECKING:
    from .hypothesis_source import HypothesisSource, as_strategy

__all__ = [
    "Generator",
    "HypothesisSource",
    "Limits",
    "Plan",
    "RandomSource",
    "Source",
    "as_strategy",
    "compile_valid",
]


def __getattr__(name: str) -> Any:
    if name in ("HypothesisSource", "as_strategy"):
        from . import hypothesis_source

        return getattr(hypothesis_source, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
