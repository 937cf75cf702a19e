"""Hypothesis strategies for any schema model: the generic half of the public strategies.

The bundled BatchCallsResponse strategies (``batchcalls_fuzz.strategies``) bind these to the
bundled schema and to their named profiles.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TypeVar

from hypothesis import event
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from ..arguments import is_count
from ..schema.ir import JSON, Node
from .disputed import Disputed, disputed_generator
from .hypothesis_source import as_strategy
from .invalid import Invalid, Mutator, select
from .malformed import DEFECT_NAMES, DEFECTS, Malformed, huge_string_defect, malformed_generator
from .profile import SCHEMA_PURE, Profile
from .valid import Generator, Limits, Plan, compile_valid

T = TypeVar("T")


def limits(max_results: int, max_members: int, max_text: int, max_depth: int) -> Limits:
    """Size limits from keyword arguments, as InvalidArgument where one is not a count."""
    try:
        return Limits(
            max_items=max_results, max_members=max_members, max_text=max_text, max_depth=max_depth
        )
    except ValueError as error:
        raise InvalidArgument(str(error)) from None


def with_event(item: T) -> T:
    """Record the case's label, for --hypothesis-show-statistics and coverage-guided runners
    (HypoFuzz) that treat each event as a branch to reach."""
    if isinstance(item, Invalid):
        event(f"invalid {item.violation.rule} ({item.violation.variant})")
    elif isinstance(item, Malformed):
        event(f"malformed {item.defect}")
    elif isinstance(item, Disputed):
        event(item.name)
    return item


def valid_strategy(
    root: Node,
    bounds: Limits,
    profile: Profile = SCHEMA_PURE,
    user: Mapping[str, Generator] | None = None,
) -> st.SearchStrategy[JSON]:
    """Documents of the model ``root`` under ``profile``."""
    return as_strategy(profile.compile(root, bounds, None, user))


_MUTATORS: dict[tuple[int, int, Limits], tuple[Node, Profile, Mutator]] = {}


def _mutator(root: Node, bounds: Limits, profile: Profile) -> Mutator:
    # Models and profiles hold dicts, so they are cached by identity (kept alive here, so that
    # an identity is never reused while its entry stands).
    key = (id(root), id(profile), bounds)
    if key not in _MUTATORS:
        _MUTATORS[key] = (root, profile, Mutator(root, bounds, profile))
    return _MUTATORS[key][2]


def invalid_strategy(
    root: Node,
    dialect: str,
    bounds: Limits,
    profile: Profile = SCHEMA_PURE,
    user: Mapping[str, Generator] | None = None,
    rules: Iterable[str] | None = None,
    pointers: Iterable[str] | None = None,
) -> st.SearchStrategy[Invalid]:
    """Documents of ``root`` that the validator of ``dialect`` rejects, each breaking one rule."""
    mutator = Mutator(root, bounds, profile, user) if user else _mutator(root, bounds, profile)
    wanted_rules = None if rules is None else list(rules)
    wanted_pointers = None if pointers is None else list(pointers)
    chosen = tuple(select(mutator.mutations, dialect, wanted_rules, wanted_pointers))
    if not chosen:
        raise InvalidArgument(
            f"no mutation of the {dialect} schema matches rules={wanted_rules!r}, "
            f"pointers={wanted_pointers!r}"
        )
    return as_strategy(lambda src: mutator.draw(src, chosen)).map(with_event)


def malformed_strategy(
    root: Node,
    bounds: Limits,
    defects: Sequence[str] | None = None,
    huge_string_bytes: int = 0,
) -> st.SearchStrategy[Malformed]:
    """Serialised valid documents of ``root``, each broken one way (see ``DEFECT_NAMES``)."""
    chosen = list(DEFECTS)
    if defects is not None:
        unknown = sorted(set(defects) - set(DEFECT_NAMES))
        if unknown:
            raise InvalidArgument(f"unknown defect(s) {unknown}; known: {', '.join(DEFECT_NAMES)}")
        chosen = [d for d in chosen if d[0] in defects]
    if not is_count(huge_string_bytes):
        raise InvalidArgument(f"huge_string_bytes={huge_string_bytes!r} must be a count >= 0")
    if huge_string_bytes:
        chosen.append(huge_string_defect(huge_string_bytes))
    valid = compile_valid(root, Plan(bounds))
    return as_strategy(malformed_generator(valid, tuple(chosen))).map(with_event)


def disputed_strategy(
    root: Node, dialect: str, bounds: Limits, profile: Profile = SCHEMA_PURE
) -> st.SearchStrategy[Disputed]:
    """Disputed documents of the model ``root``, every case about equally likely."""
    return as_strategy(disputed_generator(root, dialect, bounds, profile))
