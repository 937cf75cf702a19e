"""Hypothesis profiles: ``ci`` (default; derandomized, so every run checks the same cases),
``dev`` (fewer examples) and ``fuzz`` (many more, random). Choose with HYPOTHESIS_PROFILE."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=200,
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=50, deadline=None)
settings.register_profile(
    "fuzz", max_examples=20_000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def scaled(examples: int) -> int:
    """``examples`` under the ci profile, proportionally more under fuzz, fewer under dev."""
    return max(1, examples * settings.default.max_examples // 200)


pytest_plugins = ["pytester"]
