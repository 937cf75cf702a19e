"""Checks of arguments shared by the option dataclasses and the strategy functions."""

from __future__ import annotations


def is_count(value: object) -> bool:
    """A non-negative integer (and not a bool, which Python counts as one)."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def check_counts(owner: object, names: tuple[str, ...], what: str) -> None:
    """Raise ValueError for the first of ``names`` on ``owner`` that is not a count."""
    for name in names:
        value = getattr(owner, name)
        if not is_count(value):
            raise ValueError(f"{what}{name} must be a count >= 0, got {value!r}")
