"""``fuzz_consumer``: drive a consumer of a schema's payloads through the phases and check its
contract (see ``contract``).

Phases, in Schemathesis' order: ``explicit`` (the schema's examples), ``coverage`` (the
deterministic set: every catalogue entry, malformed defect, boundary and size-stress document)
run as plain calls, outside Hypothesis' budget; then ``generate`` (Hypothesis, ``max_examples``
inputs). Without ``report`` the first breach raises ``ConsumerContractError``; with it every
phase runs to the end and the breaches are gathered in a ``Report``.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from hypothesis import HealthCheck, event, find, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument, NoSuchExample

from ..derive.disputed import disputed_spots
from ..derive.invalid import select
from ..derive.malformed import DEFECT_NAMES, INVALID_JSON, JSON_EDGE, PARSER_LIMIT
from ..derive.mutations import catalogue
from ..derive.profile import SCHEMA_PURE, Profile
from ..derive.strategies import (
    disputed_strategy,
    invalid_strategy,
    malformed_strategy,
    valid_strategy,
)
from ..derive.valid import Limits
from ..schema.ir import Schema
from .cases import INPUTS, Case
from .conditions import ConsumerTimeout, production_limit, stack_depth
from .contract import Breach, ConsumerContractError, Contract, check, two_argument
from .filler import Filler
from .phases import DETERMINISTIC, PHASES, SEVERAL, STRESS, deterministic_cases
from .report import Report

__all__ = ["ConsumerContractError", "ConsumerTimeout", "Report", "contract_report", "fuzz_consumer"]

KINDS = ("valid", "invalid", "malformed", "disputed")
DEFAULT_TOLERATE = frozenset({"json-edge", "parser-limit"})
"""Malformed payloads whose handling RFC 8259 leaves to implementations (duplicate names, a
BOM, number range, nesting depth...) may be accepted, or rejected cleanly, unless the caller
asks for strictness with ``tolerate=()``; an exception other than ``rejects`` is a breach."""

_DETERMINISTIC: dict[tuple[str, str, int, str, tuple[str, ...]], list[Case]] = {}


@dataclass(frozen=True)
class Run:
    """One fuzzing run: the consumer, its contract and what to feed it."""

    consumer: Callable[[Any], Any]
    contract: Contract
    mode: str
    kinds: tuple[str, ...]
    phases: tuple[str, ...]
    schema: Schema
    profile: Profile
    max_examples: int
    seed: int | None

    def deterministic(self) -> list[Case]:
        wanted = tuple(p for p in self.phases if p in DETERMINISTIC)
        key = (self.schema.fingerprint, self.profile.name, id(self.profile), self.mode, wanted)
        if key not in _DETERMINISTIC:
            filler = Filler(Limits(), self.profile)
            _DETERMINISTIC[key] = deterministic_cases(self.schema, wanted, self.mode, filler)
        return [case for case in _DETERMINISTIC[key] if case.kind in self.kinds]

    def strategy(self) -> st.SearchStrategy[Case]:
        """Generated cases: valid documents get two shares of the budget, each other kind one
        (a bug on valid input shows on any substantive document, and Hypothesis' first
        examples are the smallest ones)."""
        root, bounds = self.schema.root, Limits()
        options: list[st.SearchStrategy[Case]] = []
        if "valid" in self.kinds:
            valid = valid_strategy(root, bounds, self.profile).map(_valid_case)
            options += [valid, valid]
        if "invalid" in self.kinds:
            invalid = invalid_strategy(root, self.schema.dialect, bounds, self.profile)
            options.append(invalid.map(lambda i: Case("invalid", i)))
        if "malformed" in self.kinds and self.mode != "dict":
            malformed = malformed_strategy(root, replace(bounds, max_items=3))
            cases = malformed.map(lambda m: Case("malformed", m))
            options.append(cases.filter(lambda case: case.fits(self.mode)))
        if "disputed" in self.kinds:
            disputed = disputed_strategy(root, self.schema.dialect, bounds, self.profile)
            options.append(disputed.map(lambda d: Case("disputed", d)))
        return st.one_of(options)

    def hypothesis_settings(self, report: bool) -> settings:
        return settings(
            max_examples=self.max_examples,
            deadline=None,
            # A census is no failure to replay; a failure is, from the user's database.
            database=None if report else settings().database,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
            report_multiple_bugs=False,
            # A given seed wins over a derandomizing profile, so the seed option means something.
            derandomize=False if self.seed is not None else settings().derandomize,
        )

    @property
    def replay(self) -> str:
        if self.seed is None:
            return "derandomized: every run draws the same inputs"
        return f"seed={self.seed}"

    def check(self, case: Case) -> Breach | None:
        return check(self.consumer, case, self.mode, self.contract)


def _valid_case(document: Any) -> Case:
    return Case("valid", document)


@dataclass
class Statistics:
    """What the last ``fuzz_consumer`` run did: calls per phase, and the generated inputs by
    the labels that ``hypothesis.event`` records (shown by the pytest plugin under
    ``--hypothesis-show-statistics``: Hypothesis reports events of ``@given`` tests only)."""

    calls: Counter[str] = field(default_factory=Counter)
    events: Counter[str] = field(default_factory=Counter)

    def describe(self) -> str:
        lines = [f"  - {count} calls in the {phase} phase" for phase, count in self.calls.items()]
        total = sum(self.events.values()) or 1
        lines += [
            f"    * {100 * count / total:.1f}%, {label}"
            for label, count in self.events.most_common()
        ]
        return "\n".join(lines)


LAST_RUN = Statistics()


def _labelled(case: Case) -> Case:
    label = f"{case.kind} input" if case.kind != "disputed" else case.entry
    event(label)
    LAST_RUN.events[label] += 1
    if case.kind in ("invalid", "malformed"):
        LAST_RUN.events[f"{case.kind} {case.entry}"] += 1
    return case


def _single(run: Run, cases: list[Case], breach: Breach) -> Breach | None:
    """For a breach on the document holding every disputed value and the size-stress strings:
    the breach of the first single disputed or size-stress case that breaks the contract too,
    or None where none does (a tolerated case was among them): the single cases are the
    contract."""
    if breach.case.entry != f"disputed:{SEVERAL}":
        return breach
    for case in cases:
        single_case = case.kind == "disputed" or (case.name or "").startswith(STRESS)
        if single_case and case is not breach.case:
            single = run.check(case)
            if single is not None:
                return single
    return None


def _raise_first(run: Run) -> None:
    cases = run.deterministic()
    for case in cases:
        LAST_RUN.calls["explicit" if (case.name or "").startswith("explicit:") else "coverage"] += 1
        breach = run.check(case)
        if breach is not None:
            breach = _single(run, cases, breach)
        if breach is not None:
            raise ConsumerContractError(
                breach.message(f"case {breach.case.name!r} (every run)")
            ) from breach.error
    if "generate" not in run.phases:
        return

    @run.hypothesis_settings(report=False)
    @given(run.strategy().map(_labelled))
    def generate(case: Case) -> None:
        LAST_RUN.calls["generate"] += 1
        breach = run.check(case)
        if breach is not None:
            raise ConsumerContractError(breach.message(run.replay)) from breach.error

    if run.seed is not None:
        generate = hypothesis_seed(run.seed)(generate)
    generate()


def _census(run: Run) -> Report:
    root, dialect = run.schema.root, run.schema.dialect
    report = Report(
        select(catalogue(root), dialect),
        len(DEFECT_NAMES) if run.mode != "dict" else 0,
        len({spot.dispute.case for spot in disputed_spots(root)}),
    )
    for case in run.deterministic():
        if case.entry == f"disputed:{SEVERAL}":
            continue  # the single cases tell which
        phase = "explicit" if (case.name or "").startswith("explicit:") else "coverage"
        report.called(phase, case.item, case.kind)
        LAST_RUN.calls[phase] += 1
        breach = run.check(case)
        if breach is not None:
            report.add(breach, f"case {case.name!r}")
    if "generate" not in run.phases:
        return report
    found: dict[tuple[str, str, str], Breach] = {}

    @run.hypothesis_settings(report=True)
    @given(run.strategy().map(_labelled))
    def generate(case: Case) -> None:
        report.called("generate", case.item, case.kind)
        LAST_RUN.calls["generate"] += 1
        breach = run.check(case)
        if breach is not None:
            known = set(report.rows)
            key = report.add(breach, run.replay)
            if key not in known:
                found[key] = breach

    if run.seed is not None:
        generate = hypothesis_seed(run.seed)(generate)
    generate()
    for key in found:
        _shrink(run, report, key)
    return report


def _shrink(run: Run, report: Report, key: tuple[str, str, str]) -> None:
    """Let Hypothesis find the smallest input that breaks the contract the way of ``key``."""

    def same_breach(case: Case) -> bool:
        breach = run.check(case)
        return breach is not None and (case.entry, breach.contract, breach.exception) == key

    try:
        smallest = find(run.strategy(), same_breach, settings=run.hypothesis_settings(report=True))
    except NoSuchExample:
        return
    breach = run.check(smallest)
    if breach is not None:
        report.shrunk(key, breach)


def fuzz_consumer(
    consumer: Callable[[Any], Any],
    *,
    accepts: Callable[..., bool] | None = None,
    rejects: type[BaseException] | tuple[type[BaseException], ...] = (ValueError,),
    max_examples: int = 200,
    kinds: Iterable[str] = KINDS,
    input: str = "dict",
    tolerate: Iterable[str] = DEFAULT_TOLERATE,
    deadline: float = 2.0,
    schema: Schema,
    profile: Profile = SCHEMA_PURE,
    seed: int | None = None,
    phases: Iterable[str] = PHASES,
    report: bool = False,
    recursion_limit: int | None = None,
) -> Report | None:
    """Fuzz ``consumer`` with valid, invalid and malformed documents of ``schema``, phase by
    phase; raise ``ConsumerContractError`` (with the input, shrunk where Hypothesis found it)
    at the first breach, or with ``report=True`` run every phase to the end and raise it with
    the report when anything broke (the ``Report`` is returned when nothing did).

    ``input`` is what the consumer takes: ``"dict"`` (a parsed document; malformed payloads
    are skipped), ``"text"`` (JSON text) or ``"bytes"``. ``accepts(result)`` or
    ``accepts(result, document)`` checks what the consumer made of a valid document.
    ``tolerate`` names rules (``enum``), rule variants (``format.date-time:month-13``),
    defects (``duplicate-key``) or malformed kinds (``json-edge``) that the consumer may
    accept. ``phases`` chooses among ``explicit``, ``coverage`` and ``generate``. Without
    ``seed`` the generate phase is random (the failure message prints the seed that replays
    it) unless the Hypothesis profile derandomizes. Each call runs under ``recursion_limit``
    (default: the interpreter's limit before Hypothesis raised it) and ``deadline`` seconds.

    Example::

        def parse(text: str) -> dict:
            body = json.loads(text)  # raises ValueError for malformed input
            if body.get("status") not in ("PENDING", "PROCESSING", "CANCELED", "COMPLETE"):
                raise ValueError("bad status")
            return body

        fuzz_consumer(parse, schema=load_schema(document), input="text", rejects=ValueError)
    """
    global LAST_RUN
    LAST_RUN = Statistics()
    run = Run(
        consumer,
        Contract(
            _rejects(rejects),
            two_argument(accepts),
            _tolerate(tolerate, schema),
            _deadline(deadline),
            production_limit() if recursion_limit is None else _limit(recursion_limit),
            stack_depth(),
        ),
        _input(input),
        _kinds(kinds, input),
        _phases(phases),
        schema,
        profile,
        _examples(max_examples),
        _seed(seed),
    )
    if not report:
        _raise_first(run)
        return None
    census = _census(run)
    if census.broken:
        raise ConsumerContractError(f"consumer broke its contract:\n{census}", census)
    return census


def contract_report(consumer: Callable[[Any], Any], **options: Any) -> Report:
    """The report of a run of every phase to the end, broken or not (``fuzz_consumer``'s
    options)."""
    try:
        result = fuzz_consumer(consumer, report=True, **options)
    except ConsumerContractError as error:
        assert error.report is not None
        return error.report
    assert result is not None
    return result


def _input(mode: str) -> str:
    if mode not in INPUTS:
        raise InvalidArgument(f"input={mode!r}; choose one of {', '.join(INPUTS)}")
    return mode


def _rejects(
    rejects: type[BaseException] | tuple[type[BaseException], ...],
) -> tuple[type[BaseException], ...]:
    rejected = rejects if isinstance(rejects, tuple) else (rejects,)
    if not rejected or not all(
        isinstance(t, type) and issubclass(t, BaseException) for t in rejected
    ):
        raise InvalidArgument(f"rejects={rejects!r} must be exception types")
    return rejected


def _tolerate(tolerate: Iterable[str], schema: Schema) -> frozenset[str]:
    """The names to tolerate, each one a name that some case of ``schema`` carries: a typo
    would otherwise tolerate nothing, silently."""
    wanted = frozenset([tolerate] if isinstance(tolerate, str) else tolerate)
    known = {INVALID_JSON, JSON_EDGE, PARSER_LIMIT, "disputed", *DEFECT_NAMES}
    for mutation in catalogue(schema.root):
        known |= {mutation.rule, f"{mutation.rule}:{mutation.variant}"}
    known |= {f"disputed:{spot.dispute.case}" for spot in disputed_spots(schema.root)}
    unknown = sorted(wanted - known)
    if unknown:
        raise InvalidArgument(
            f"tolerate={unknown!r} names no case of this schema; name a rule ('enum'), a rule "
            "variant ('format.date-time:month-13'), a defect ('duplicate-key'), a malformed "
            "kind ('json-edge') or a disputed case ('disputed:leap-second')"
        )
    return wanted


def _examples(max_examples: int) -> int:
    if isinstance(max_examples, bool) or not isinstance(max_examples, int) or max_examples < 1:
        raise InvalidArgument(f"max_examples={max_examples!r} must be a positive integer")
    return max_examples


def _deadline(deadline: float) -> float:
    if not deadline > 0:
        raise InvalidArgument(f"deadline={deadline!r} must be positive")
    return deadline


def _limit(limit: int) -> int:
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 50:
        raise InvalidArgument(f"recursion_limit={limit!r} must be an integer >= 50")
    return limit


def _kinds(kinds: Iterable[str], mode: str) -> tuple[str, ...]:
    wanted = tuple(kinds)
    unknown = set(wanted) - set(KINDS)
    if unknown or not wanted:
        raise InvalidArgument(f"kinds={wanted!r}; choose among {', '.join(KINDS)}")
    if mode == "dict" and set(wanted) == {"malformed"}:
        raise InvalidArgument(
            "nothing to generate: malformed payloads need input='text' or 'bytes'"
        )
    return wanted


def _phases(phases: Iterable[str]) -> tuple[str, ...]:
    wanted = (phases,) if isinstance(phases, str) else tuple(phases)
    unknown = set(wanted) - set(PHASES)
    if unknown or not wanted:
        raise InvalidArgument(f"phases={wanted!r}; choose among {', '.join(PHASES)}")
    return tuple(p for p in PHASES if p in wanted)


def _seed(seed: int | None) -> int | None:
    """The seed of the generate phase: the caller's, none under a derandomizing profile, else
    a fresh random one (so that a failure can print it)."""
    if seed is not None:
        if isinstance(seed, bool) or not isinstance(seed, int):
            raise InvalidArgument(f"seed={seed!r} must be an integer")
        return seed
    if settings().derandomize:
        return None
    return random.SystemRandom().randrange(2**32)
