"""Schema model -> generators: valid documents, invalid documents, malformed payloads."""

from __future__ import annotations

from .source import HypothesisSource, RandomSource, Source, as_strategy
from .valid import Generator, Limits, Plan, compile_valid

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
