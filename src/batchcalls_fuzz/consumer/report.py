"""A contract report: every distinct breach of a run that went to the end, and what the run
exercised."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..derive.invalid import Invalid
from ..derive.malformed import Malformed
from ..derive.mutations import ADD, Mutation
from ..schema import pointer as jp
from .contract import Breach, shown


@dataclass
class Row:
    """One distinct breach: the entry (``rule:variant``, defect, ``disputed:case`` or
    ``valid``), the broken clause and the exception type, how often, one example and what
    replays it."""

    entry: str
    contract: str
    exception: str
    count: int
    example: str
    label: str
    replay: str
    shrunk: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "entry": self.entry,
            "contract": self.contract,
            "exception": self.exception,
            "count": self.count,
            "example": self.example,
            "input": self.label,
            "replay": self.replay,
            "shrunk": self.shrunk,
        }


@dataclass
class Exercised:
    """What a run reached: catalogue entries (place, rule, variant), malformed defects and
    disputed cases, each against its total; calls per phase."""

    entries: set[tuple[str, str, str]] = field(default_factory=set)
    entries_total: int = 0
    defects: set[str] = field(default_factory=set)
    defects_total: int = 0
    disputed: set[str] = field(default_factory=set)
    disputed_total: int = 0
    calls: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "catalogue_entries": {"hit": len(self.entries), "total": self.entries_total},
            "malformed_defects": {"hit": len(self.defects), "total": self.defects_total},
            "disputed_cases": {"hit": len(self.disputed), "total": self.disputed_total},
            "calls": dict(self.calls),
        }


class Report:
    """Breaches grouped by (entry, clause, exception type), in the order first seen."""

    def __init__(self, catalogue: Iterable[Mutation], defects: int, disputed: int) -> None:
        self.rows: dict[tuple[str, str, str], Row] = {}
        self._catalogue = [(m.key, m.kind == ADD) for m in catalogue]
        self.exercised = Exercised(
            entries_total=len(self._catalogue), defects_total=defects, disputed_total=disputed
        )

    @property
    def broken(self) -> bool:
        return bool(self.rows)

    def called(self, phase: str, item: Any, kind: str) -> None:
        """Count one call of ``phase`` on ``item`` and note what it exercised."""
        self.exercised.calls[phase] = self.exercised.calls.get(phase, 0) + 1
        if isinstance(item, Invalid):
            entry = self._entry_of(item)
            if entry is not None:
                self.exercised.entries.add(entry)
        elif isinstance(item, Malformed):
            self.exercised.defects.add(item.defect)
        elif kind == "disputed":
            self.exercised.disputed.add(str(item.name))

    def _entry_of(self, item: Invalid) -> tuple[str, str, str] | None:
        v = item.violation
        for (anchor, rule, variant), added in self._catalogue:
            # An added member's pointer names the member, below the object it was added to.
            place = jp.parent(v.pointer) if added else v.pointer
            if (rule, variant) == (v.rule, v.variant) and jp.matches(place, anchor):
                return (anchor, rule, variant)
        return None

    def add(self, breach: Breach, replay: str) -> tuple[str, str, str]:
        key = (breach.case.entry, breach.contract, breach.exception)
        row = self.rows.get(key)
        if row is None:
            self.rows[key] = Row(*key, 1, shown(breach.argument, 160), breach.case.label, replay)
        else:
            row.count += 1
        return key

    def shrunk(self, key: tuple[str, str, str], breach: Breach) -> None:
        """Replace the example of ``key`` with the one Hypothesis shrank."""
        row = self.rows[key]
        row.example, row.label, row.shrunk = shown(breach.argument, 160), breach.case.label, True

    def to_dict(self) -> dict[str, Any]:
        return {
            "broken": self.broken,
            "breaches": [row.to_dict() for row in self.rows.values()],
            "exercised": self.exercised.to_dict(),
        }

    def tables(self) -> list[Any]:
        """Rich tables: the breaches, then what was exercised."""
        from rich.table import Table

        breaches = Table(title="contract breaches" if self.rows else "no contract breach")
        for column in ("entry", "contract broken", "exception", "count", "example", "replay"):
            breaches.add_column(column, overflow="fold")
        for row in self.rows.values():
            example = row.example if len(row.example) <= 60 else row.example[:57] + "..."
            breaches.add_row(
                row.entry,
                row.contract,
                row.exception or "-",
                str(row.count),
                example + (" (shrunk)" if row.shrunk else ""),
                row.replay,
            )
        exercised = Table(title="exercised")
        exercised.add_column("what")
        exercised.add_column("hit", justify="right")
        exercised.add_column("total", justify="right")
        e = self.exercised
        exercised.add_row("catalogue entries", str(len(e.entries)), str(e.entries_total))
        exercised.add_row("malformed defects", str(len(e.defects)), str(e.defects_total))
        exercised.add_row("disputed cases", str(len(e.disputed)), str(e.disputed_total))
        for phase, count in e.calls.items():
            exercised.add_row(f"calls in {phase}", str(count), "")
        return [breaches, exercised]

    def __str__(self) -> str:
        from io import StringIO

        from rich.console import Console

        out = StringIO()
        console = Console(file=out, width=140, color_system=None)
        for table in self.tables():
            console.print(table)
        return out.getvalue()
