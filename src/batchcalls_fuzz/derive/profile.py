"""Profiles: what a kind of document looks like beyond the schema (its generic hook).

A profile replaces the schema's generators at some path patterns and may finish each whole
document (cross-member invariants such as ordered timestamps). The profiles themselves live
with the schema they describe, in ``batchcalls_fuzz.strategies``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ..errors import BatchCallsFuzzError
from ..schema.ir import JSON, Node, walk
from .compiled import bulk_or_reference
from .focus import grafted
from .source import RandomSource, Source
from .valid import Generator, Limits, Plan

ProfileFinisher = Callable[[Source, JSON, frozenset[str], str | None], JSON]
"""Finishes a document. Its third argument names the paths a user overrode (leave them be),
the fourth the path that must stay present (for a mutation to apply there), if any."""


@dataclass(frozen=True)
class Profile:
    name: str
    overrides: Mapping[str, Generator] = field(default_factory=dict)
    finish: ProfileFinisher | None = None
    extra_members: bool = True
    limits: Callable[[Limits], Limits] | None = None
    """Adjusts the caller's limits (a profile may need bigger or smaller documents)."""
    counts: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    seeded: bool = False
    """Draw each whole document from one seed: for documents too big for Hypothesis' choice
    budget. Replay and reproduction still work; shrinking can then only change the seed."""

    def missing_paths(self, root: Node) -> list[str]:
        """The paths this profile overrides that the model ``root`` does not have."""
        paths = {node.path for node in walk(root)}
        return sorted(path for path in self.overrides if path not in paths)

    def plan(
        self,
        limits: Limits,
        focus: str | None = None,
        user_overrides: Mapping[str, Generator] | None = None,
    ) -> Plan:
        user = dict(user_overrides or {})
        finish = self.finish
        skip = frozenset(user)
        return Plan(
            limits=self.limits(limits) if self.limits is not None else limits,
            focus=focus,
            overrides={**self.overrides, **user},
            extra_members=self.extra_members,
            finish=None if finish is None else (lambda src, doc: finish(src, doc, skip, focus)),
            counts=self.counts,
        )

    def compile(
        self,
        root: Node,
        limits: Limits,
        focus: str | None = None,
        user_overrides: Mapping[str, Generator] | None = None,
    ) -> Generator:
        """The profile's generator of valid documents for the model ``root``: compiled for a
        ``RandomSource`` (the bulk path), interpreted for Hypothesis. Without user overrides
        it is made once per profile, model, limits and focus (compiling takes milliseconds,
        and every call of the bulk path and every place an invalid document breaks asks)."""
        if user_overrides:
            return self._compile(root, limits, focus, user_overrides)
        key = (id(self), id(root), limits, focus)
        cached = _COMPILED.get(key)
        if cached is None:
            if len(_COMPILED) >= _COMPILED_MAX:
                _COMPILED.clear()
            # The profile and the model are kept with it, so that their ids stay theirs.
            cached = _COMPILED[key] = (self, root, self._compile(root, limits, focus, None))
        return cached[2]

    def _compile(
        self,
        root: Node,
        limits: Limits,
        focus: str | None,
        user_overrides: Mapping[str, Generator] | None,
    ) -> Generator:
        plan = self.plan(limits, focus, user_overrides)
        generate = bulk_or_reference(root, plan) if focus is None else grafted(root, plan)
        if not self.seeded:
            return generate
        return lambda src: generate(RandomSource(src.integer(0, 2**63 - 1)))


_COMPILED: dict[tuple[int, int, Limits, str | None], tuple[Profile, Node, Generator]] = {}
_COMPILED_MAX = 512


SCHEMA_PURE = Profile("schema")
"""No overlay: the whole valid space of the schema."""

ProfileResolver = Callable[[str, Node], Profile]
"""Turns a profile's name into the profile for a schema model."""


def schema_profile_only(name: str, root: Node) -> Profile:
    """The resolver for a schema that has no profiles of its own: only ``schema``."""
    if name != SCHEMA_PURE.name:
        raise BatchCallsFuzzError(f"profile {name!r} is not known for this schema; use 'schema'")
    return SCHEMA_PURE
