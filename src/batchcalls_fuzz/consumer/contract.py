"""The contract a consumer is held to, and the breach of it that one call may show.

A valid document is accepted (no exception, and ``accepts`` true if given); an invalid document
or malformed payload is rejected with one of the ``rejects`` types, never another exception,
never accepted silently unless its rule, defect or kind is tolerated; a disputed value is valid
by the specifications, so it is accepted like a valid document unless its case is tolerated,
which allows a clean rejection too. No call outlives the deadline.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .cases import Case
from .conditions import ConsumerTimeout, call_under_conditions

if TYPE_CHECKING:
    from .report import Report

Accepts = Callable[[Any, Any], bool]


class ConsumerContractError(AssertionError):
    """The consumer broke its contract; the message says on which input and how (``report``
    holds the whole report of a ``report=True`` run)."""

    def __init__(self, message: str, report: Report | None = None) -> None:
        super().__init__(message)
        self.report = report


def takes_input(predicate: Callable[..., bool]) -> bool:
    """Whether ``predicate`` can take two positional arguments (result, document)."""
    try:
        parameters = inspect.signature(predicate).parameters.values()
    except (TypeError, ValueError):
        return False
    positional = [p for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return len(positional) >= 2 or any(p.kind is p.VAR_POSITIONAL for p in parameters)


def two_argument(predicate: Callable[..., bool] | None) -> Accepts | None:
    """``accepts`` as a predicate of (result, document), whichever form the user wrote."""
    if predicate is None:
        return None
    if takes_input(predicate):
        return predicate
    return lambda result, document: predicate(result)


@dataclass(frozen=True)
class Contract:
    rejects: tuple[type[BaseException], ...]
    accepts: Accepts | None
    tolerate: frozenset[str]
    deadline: float
    recursion_limit: int | None
    base_depth: int = 0
    """Frames on the stack where ``fuzz_consumer`` was called: what production would add."""


@dataclass(frozen=True)
class Breach:
    """How one call broke the contract."""

    case: Case
    argument: Any
    contract: str
    """The broken clause, in a few stable words (rows of a report group by it)."""
    detail: str
    """The clause with this call's particulars."""
    error: BaseException | None

    @property
    def exception(self) -> str:
        return "" if self.error is None else type(self.error).__name__

    def message(self, replay: str | None = None) -> str:
        lines = [
            f"consumer broke its contract: {self.detail}",
            f"  input: {self.case.label}",
            f"  argument: {shown(self.argument)}",
        ]
        if self.error is not None:
            lines.append(f"  exception: {type(self.error).__name__}: {self.error}")
        if replay:
            lines.append(f"  replay: {replay}")
        return "\n".join(lines)


def shown(argument: Any, limit: int = 600) -> str:
    text = repr(argument)
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters)"


def check(
    consumer: Callable[[Any], Any], case: Case, mode: str, contract: Contract
) -> Breach | None:
    """Call ``consumer`` on ``case`` given as ``mode``; the breach, or None."""
    argument = case.argument(mode)
    rejects = contract.rejects
    try:
        result = call_under_conditions(
            consumer, argument, contract.deadline, contract.recursion_limit, contract.base_depth
        )
    except ConsumerTimeout as error:
        return Breach(
            case,
            argument,
            "no answer in time",
            f"no answer within {contract.deadline} s (hang?)",
            error,
        )
    except rejects as error:
        if case.kind == "valid":
            return Breach(
                case, argument, "valid input rejected", "a valid document was rejected", error
            )
        if case.kind == "disputed" and not case.tags & contract.tolerate:
            return Breach(
                case,
                argument,
                "disputed valid input rejected",
                "a valid document with a disputed value was rejected (tolerate it by name "
                f"with tolerate={{{case.entry!r}}})",
                error,
            )
        return None
    except (Exception, SystemExit, GeneratorExit) as error:
        # A consumer that exits the interpreter breaks its contract as any other exception;
        # KeyboardInterrupt stays the user's.
        expected = ", ".join(t.__name__ for t in rejects)
        return Breach(
            case,
            argument,
            f"raised another exception than ({expected})",
            f"raised {type(error).__name__}, not one of ({expected})",
            error,
        )
    if case.kind in ("valid", "disputed"):
        if contract.accepts is not None and not contract.accepts(result, case.document):
            return Breach(
                case,
                argument,
                "accepts() false",
                f"accepts() is false for its result {shown(result, 200)}",
                None,
            )
        return None
    if not case.tags & contract.tolerate:
        return Breach(
            case,
            argument,
            f"{case.kind} input accepted",
            f"{case.kind} input was accepted silently",
            None,
        )
    return None
