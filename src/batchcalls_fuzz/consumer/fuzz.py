"""``fuzz_consumer``: drive a consumer of a schema's payloads and check its contract.

The contract: a valid document is accepted (no exception, and ``accepts(result)`` if given);
an invalid document or malformed payload is rejected with one of the ``rejects`` exception
types, never another exception, never accepted silently unless its rule, defect or kind is in
``tolerate``; no call takes longer than ``deadline`` seconds.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from ..derive.invalid import Invalid
from ..derive.malformed import Malformed
from ..derive.profile import SCHEMA_PURE, Profile
from ..derive.strategies import invalid_strategy, malformed_strategy, valid_strategy
from ..derive.valid import Limits
from ..schema.ir import Schema
from ..serialize import to_json

INPUTS = ("dict", "text", "bytes")
DEFAULT_TOLERATE = frozenset({"json-edge"})
"""Malformed payloads that ``json.loads`` accepts (duplicate keys, NaN, a BOM...) may be
accepted unless the caller asks for strictness with ``tolerate=()``."""


class ConsumerContractError(AssertionError):
    """The consumer broke its contract on one input; the message says which and how."""


class ConsumerTimeout(Exception):
    """Raised inside a consumer call that outlived its deadline."""


class Case:
    """One input for the consumer. Not a dataclass: Hypothesis prints a dataclass field by
    field, and a falsifying example should read as its label, not as 60 kB of nesting."""

    __slots__ = ("item", "kind")

    def __init__(self, kind: str, item: Any) -> None:
        self.kind = kind
        self.item = item

    def __repr__(self) -> str:
        return f"Case({self.label!r})"

    @property
    def label(self) -> str:
        if isinstance(self.item, Invalid):
            v = self.item.violation
            return f"invalid {v.rule} at {v.pointer or '/'} ({v.variant}): {v.message}"
        if isinstance(self.item, Malformed):
            return f"malformed {self.item.defect} ({self.item.kind})"
        return "valid document"

    @property
    def tags(self) -> set[str]:
        if isinstance(self.item, Invalid):
            return {
                self.item.violation.rule,
                f"{self.item.violation.rule}:{self.item.violation.variant}",
            }
        if isinstance(self.item, Malformed):
            return {self.item.defect, self.item.kind}
        return set()


def _argument(case: Case, mode: str) -> Any:
    if isinstance(case.item, Malformed):
        return case.item.payload if mode == "bytes" else case.item.payload.decode("utf-8")
    document = case.item.document if isinstance(case.item, Invalid) else case.item
    if mode == "dict":
        return document
    text = to_json(document)
    return text.encode("utf-8", "surrogatepass") if mode == "bytes" else text


def _text_form(item: Malformed) -> bool:
    try:
        item.payload.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def call_with_deadline(function: Callable[[Any], Any], argument: Any, deadline: float) -> Any:
    """Call ``function(argument)``; raise ConsumerTimeout past ``deadline`` seconds. In the main
    thread an alarm interrupts the call; elsewhere the call runs in a helper thread and is
    abandoned when late."""
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):

        def expire(signum: int, frame: object) -> None:
            raise ConsumerTimeout

        previous = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, deadline)
        try:
            return function(argument)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = function(argument)
        except BaseException as error:
            outcome["error"] = error

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(deadline)
    if worker.is_alive():
        raise ConsumerTimeout
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def _shown(argument: Any) -> str:
    text = repr(argument)
    return text if len(text) <= 600 else f"{text[:600]}... ({len(text)} characters)"


def _broken(case: Case, argument: Any, contract: str, error: BaseException | None) -> None:
    lines = [
        f"consumer broke its contract: {contract}",
        f"  input: {case.label}",
        f"  argument: {_shown(argument)}",
    ]
    if error is not None:
        lines.append(f"  exception: {type(error).__name__}: {error}")
    raise ConsumerContractError("\n".join(lines)) from error


def check_case(
    consumer: Callable[[Any], Any],
    case: Case,
    mode: str,
    rejects: tuple[type[BaseException], ...],
    accepts: Callable[[Any], bool] | None,
    tolerate: frozenset[str],
    deadline: float,
) -> None:
    argument = _argument(case, mode)
    try:
        result = call_with_deadline(consumer, argument, deadline)
    except ConsumerTimeout as error:
        _broken(case, argument, f"no answer within {deadline} s (hang?)", error)
    except rejects as error:
        if case.kind == "valid":
            _broken(case, argument, "a valid document was rejected", error)
        return
    except Exception as error:
        expected = ", ".join(t.__name__ for t in rejects)
        _broken(case, argument, f"raised {type(error).__name__}, not one of ({expected})", error)
    if case.kind == "valid":
        if accepts is not None and not accepts(result):
            _broken(case, argument, f"accepts() is false for its result {result!r}", None)
        return
    if not case.tags & tolerate:
        _broken(case, argument, f"{case.kind} input was accepted silently", None)


def fuzz_consumer(
    consumer: Callable[[Any], Any],
    *,
    accepts: Callable[[Any], bool] | None = None,
    rejects: type[BaseException] | tuple[type[BaseException], ...] = (ValueError,),
    max_examples: int = 200,
    kinds: Iterable[str] = ("valid", "invalid", "malformed"),
    input: str = "dict",
    tolerate: Iterable[str] = DEFAULT_TOLERATE,
    deadline: float = 2.0,
    schema: Schema,
    profile: Profile = SCHEMA_PURE,
    seed: int | None = None,
) -> None:
    """Fuzz ``consumer`` with valid, invalid and malformed documents of ``schema`` under
    Hypothesis; raise ``ConsumerContractError`` (with the shrunk input) at the first breach.

    ``input`` is what the consumer takes: ``"dict"`` (a parsed document; malformed payloads
    are skipped), ``"text"`` (JSON text) or ``"bytes"``. ``tolerate`` names rules (``enum``),
    rule variants (``format.date-time:month-13``), defects (``duplicate-key``) or malformed
    kinds (``json-edge``) that the consumer may accept.

    Example::

        def parse(text: str) -> dict:
            body = json.loads(text)  # raises ValueError for malformed input
            if body.get("status") not in ("PENDING", "PROCESSING", "CANCELED", "COMPLETE"):
                raise ValueError("bad status")
            return body

        fuzz_consumer(parse, schema=load_schema(document), input="text", rejects=ValueError)
    """
    if input not in INPUTS:
        raise InvalidArgument(f"input={input!r}; choose one of {', '.join(INPUTS)}")
    rejected = rejects if isinstance(rejects, tuple) else (rejects,)
    if not rejected or not all(
        isinstance(t, type) and issubclass(t, BaseException) for t in rejected
    ):
        raise InvalidArgument(f"rejects={rejects!r} must be exception types")
    if isinstance(max_examples, bool) or not isinstance(max_examples, int) or max_examples < 1:
        raise InvalidArgument(f"max_examples={max_examples!r} must be a positive integer")
    if not deadline > 0:
        raise InvalidArgument(f"deadline={deadline!r} must be positive")
    wanted = tuple(kinds)
    unknown = set(wanted) - {"valid", "invalid", "malformed"}
    if unknown or not wanted:
        raise InvalidArgument(f"kinds={wanted!r}; choose among valid, invalid, malformed")
    root, bounds = schema.root, Limits()
    options: list[st.SearchStrategy[Case]] = []
    if "valid" in wanted:
        options.append(valid_strategy(root, bounds, profile).map(lambda d: Case("valid", d)))
    if "invalid" in wanted:
        invalid = invalid_strategy(root, schema.dialect, bounds, profile)
        options.append(invalid.map(lambda i: Case("invalid", i)))
    if "malformed" in wanted and input != "dict":
        malformed = malformed_strategy(root, replace(bounds, max_items=3))
        if input == "text":
            malformed = malformed.filter(_text_form)
        options.append(malformed.map(lambda m: Case("malformed", m)))
    if not options:
        raise InvalidArgument(
            "nothing to generate: malformed payloads need input='text' or 'bytes'"
        )
    tolerated = frozenset(tolerate)

    @settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        report_multiple_bugs=False,
        # A given seed wins over a derandomizing profile, so the seed option means something.
        derandomize=False if seed is not None else settings().derandomize,
    )
    @given(st.one_of(options))
    def run(case: Case) -> None:
        check_case(consumer, case, input, rejected, accepts, tolerated, deadline)

    if seed is not None:
        run = hypothesis_seed(seed)(run)
    run()
