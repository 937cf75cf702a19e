"""The mix of an endpoint's answers: how many valid, invalid, malformed and fault responses
in every ``total`` requests, on average."""

from __future__ import annotations

import random
from dataclasses import dataclass

from ...errors import BatchCallsFuzzError

MIX_KINDS = ("valid", "invalid", "malformed", "fault")


@dataclass(frozen=True)
class Mix:
    valid: int = 6
    invalid: int = 2
    malformed: int = 1
    fault: int = 1

    def __post_init__(self) -> None:
        for kind in MIX_KINDS:
            weight = getattr(self, kind)
            if isinstance(weight, bool) or not isinstance(weight, int) or weight < 0:
                raise BatchCallsFuzzError(f"mix weight {kind}={weight!r} must be an integer >= 0")
        if self.total == 0:
            raise BatchCallsFuzzError("the mix needs at least one weight above 0")

    @property
    def total(self) -> int:
        return self.valid + self.invalid + self.malformed + self.fault

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds with a weight above 0."""
        return tuple(kind for kind in MIX_KINDS if getattr(self, kind) > 0)

    def pick(self, chance: random.Random) -> str:
        """One kind, each with probability weight / total."""
        ticket = chance.randrange(self.total)
        for kind in MIX_KINDS:
            ticket -= getattr(self, kind)
            if ticket < 0:
                return kind
        raise AssertionError("unreachable: the weights sum to total")

    def __str__(self) -> str:
        return ",".join(f"{kind}={getattr(self, kind)}" for kind in MIX_KINDS)

    @classmethod
    def parse(cls, text: str) -> Mix:
        """``valid=6,invalid=2,malformed=1,fault=1``; kinds left out weigh 0."""
        weights: dict[str, int] = dict.fromkeys(MIX_KINDS, 0)
        named: set[str] = set()
        for part in text.split(","):
            name, equals, value = part.strip().partition("=")
            if name in named:
                raise BatchCallsFuzzError(f"bad mix {text!r}: {name} is given twice")
            named.add(name)
            if not equals or name not in weights:
                raise BatchCallsFuzzError(
                    f"bad mix {text!r}: write kind=weight pairs such as "
                    "valid=6,invalid=2,malformed=1,fault=1"
                )
            if not value.strip().isdigit():
                raise BatchCallsFuzzError(f"bad mix {text!r}: weight of {name} is not a count")
            weights[name] = int(value)
        return cls(**weights)
