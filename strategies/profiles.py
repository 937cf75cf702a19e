"""Choosing a profile and turning a user's overrides into generators."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from batchcalls_fuzz.derive.profile import SCHEMA_PURE, Profile
from batchcalls_fuzz.derive.source import Source
from batchcalls_fuzz.derive.valid import Generator
from batchcalls_fuzz.schema.ir import Node, walk

from . import realistic
from .adversarial import AdversarialSizes, adversarial_profile

if TYPE_CHECKING:
    from hypothesis import strategies as st

# Hypothesis is imported where a user's strategy or a bad argument needs it, never on the
# bulk path (the CLI resolves profiles for every sample).

PROFILES = ("schema", "realistic", "adversarial")


def invalid_argument(message: str) -> Exception:
    from hypothesis.errors import InvalidArgument

    return InvalidArgument(message)


def _drawn_from(strategy: st.SearchStrategy[Any]) -> Generator:
    return lambda src: src.strategy(strategy)


def _checked_strategy(where: str, value: Any) -> st.SearchStrategy[Any]:
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument

    if not isinstance(value, st.SearchStrategy):
        raise InvalidArgument(f"{where} must be a Hypothesis strategy, got {value!r}")
    return value


def user_generators(
    root: Node, overrides: Mapping[str, st.SearchStrategy[Any]] | None
) -> dict[str, Generator]:
    """A user's overrides (path pattern -> strategy) as generators, each path checked."""
    if not overrides:
        return {}
    from hypothesis.errors import InvalidArgument

    paths = {node.path for node in walk(root)}
    generators: dict[str, Generator] = {}
    for path, strategy in overrides.items():
        if path not in paths:
            known = ", ".join(sorted(p for p in paths if p))
            raise InvalidArgument(f"no member at {path!r} to override; paths are: {known}")
        generators[path] = _drawn_from(_checked_strategy(f"overrides[{path!r}]", strategy))
    return generators


def resolve_profile(
    name: str,
    root: Node,
    extra_call_properties: Mapping[str, st.SearchStrategy[Any]] | None = None,
    adversarial: AdversarialSizes | None = None,
) -> Profile:
    if name not in PROFILES:
        raise invalid_argument(f"profile={name!r}; choose one of {', '.join(PROFILES)}")
    if extra_call_properties and name != "realistic":
        raise invalid_argument("extra_call_properties goes with profile='realistic'")
    if name == "schema":
        return SCHEMA_PURE
    if name == "adversarial":
        return adversarial_profile(root, adversarial or AdversarialSizes())
    if not extra_call_properties:
        return realistic.REALISTIC
    extra = {
        key: _drawn_from(_checked_strategy(f"extra_call_properties[{key!r}]", strategy))
        for key, strategy in extra_call_properties.items()
    }

    def properties(src: Source) -> dict[str, Any]:
        found = realistic.call_properties(src)
        found.update({key: make(src) for key, make in extra.items()})
        return found

    overrides = {**realistic.REALISTIC.overrides, "/results/*/properties": properties}
    return Profile("realistic", overrides, realistic.finish, extra_members=False)
