"""``fuzz_http_consumer``: drive a whole HTTP job against the endpoint under Hypothesis and
check its contract.

Each example queues one chosen answer (its kind, rule, defect or fault drawn by Hypothesis)
for the job's first request; the endpoint answers later requests (retries) from its mix.
The contract: a valid answer is accepted (the job returns); an invalid or malformed one is
rejected with one of ``rejects``; a fault ends in one of ``rejects`` or, where
``retries_ok`` allows, in a retry; a fault whose body is still a whole valid document
(gzip, a wrong or missing Content-Type) may also be accepted. Never another exception, and
never longer than ``deadline`` seconds.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from typing import Any, Protocol

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from ...derive.malformed import DEFECT_NAMES
from ..conditions import ConsumerTimeout, call_under_conditions
from ..fuzz import DEFAULT_TOLERATE, ConsumerContractError
from .faults import FAULTS, LENIENT_FAULTS
from .mix import Mix
from .plan import Chosen

RETRYABLE_FAULTS = frozenset(FAULTS) - LENIENT_FAULTS


class HttpEndpoint(Protocol):
    """What ``fuzz_http_consumer`` needs of a running endpoint (the ``batchcalls_server``
    fixture, or ``batchcalls_fuzz.server.RunningServer``)."""

    @property
    def url(self) -> str: ...

    @property
    def served(self) -> list[dict[str, Any]]: ...

    @property
    def multi_status(self) -> bool: ...

    drip_seconds: float

    def queue(self, kind: str | None = None, **details: Any) -> None: ...


def chosen_answers(kinds: Iterable[str], multi_status: bool) -> st.SearchStrategy[Chosen]:
    """Cases of ``kinds`` for one request: a valid answer (200/201, or 207 where the schema
    allows), an invalid or malformed one, or a fault; shrinking leads to the first kind."""
    index = st.integers(0, 2**32 - 1)
    variants = st.sampled_from((False, True) if multi_status else (False,))
    by_kind: dict[str, st.SearchStrategy[Chosen]] = {
        "valid": st.builds(lambda m, i: Chosen("valid", multi_status=m, index=i), variants, index),
        "invalid": index.map(lambda i: Chosen("invalid", index=i)),
        "malformed": st.builds(
            lambda d, i: Chosen("malformed", defect=d, index=i),
            st.sampled_from(DEFECT_NAMES),
            index,
        ),
        "fault": st.builds(
            lambda f, i: Chosen("fault", fault=f, index=i), st.sampled_from(FAULTS), index
        ),
    }
    return st.one_of([by_kind[kind] for kind in kinds])


def _tags(label: dict[str, Any]) -> set[str]:
    if label["kind"] == "invalid":
        return {label["rule"], f"{label['rule']}:{label['variant']}"}
    if label["kind"] == "malformed":
        return {label["defect"], label["defect_kind"]}
    return set()


def _broken(chosen: Chosen, served: list[dict[str, Any]], contract: str, error: Any) -> None:
    lines = [f"HTTP consumer broke its contract: {contract}", f"  asked for: {chosen}"]
    lines += [
        f"  served #{r['seq']}: {r['method']} {r['path']} -> {r['status']} {r['label']}"
        for r in served
    ]
    if isinstance(error, BaseException):
        lines.append(f"  exception: {type(error).__name__}: {error}")
    raise ConsumerContractError("\n".join(lines)) from (
        error if isinstance(error, BaseException) else None
    )


def check_run(
    run: Callable[[str], Any],
    server: HttpEndpoint,
    chosen: Chosen,
    rejects: tuple[type[BaseException], ...],
    retryable: frozenset[str],
    tolerate: frozenset[str],
    deadline: float,
) -> None:
    """Queue ``chosen``, run the job once and check what it did with what it was served."""
    before = len(server.served)
    server.queue(chosen.kind, **chosen.details())
    outcome: BaseException | None = None
    try:
        call_under_conditions(run, server.url, deadline)
    except ConsumerTimeout as error:
        _broken(chosen, server.served[before:], f"no answer within {deadline} s (hang?)", error)
    except rejects as error:
        outcome = error
    except Exception as error:
        expected = ", ".join(t.__name__ for t in rejects)
        served = server.served[before:]
        _broken(chosen, served, f"raised {type(error).__name__}, not one of ({expected})", error)
    served = server.served[before:]
    answered = [r["label"] for r in served if r["label"]["kind"] != "bad-request"]
    if not answered:
        what = "bad requests only" if served else "no request"
        _broken(chosen, served, f"the job sent {what} to the endpoint", outcome)
    label = answered[0]
    if chosen.kind == "valid":
        if outcome is not None:
            _broken(chosen, served, "a valid answer was rejected", outcome)
        return
    if outcome is not None:
        return
    if chosen.kind == "fault":
        fault = label["fault"]
        if fault in LENIENT_FAULTS or (fault in retryable and len(served) > 1):
            return
        retried = "retried" if len(served) > 1 else "did not retry"
        _broken(chosen, served, f"fault {fault} ended in success ({retried})", None)
    if not _tags(label) & tolerate and label["kind"] not in tolerate:
        _broken(chosen, served, f"the {label['kind']} answer was accepted silently", None)


def _retryable(retries_ok: bool | Collection[str]) -> frozenset[str]:
    if retries_ok is True:
        return RETRYABLE_FAULTS
    if retries_ok is False:
        return frozenset()
    unknown = set(retries_ok) - set(FAULTS)
    if isinstance(retries_ok, str) or unknown:
        raise InvalidArgument(f"retries_ok={retries_ok!r}: True, False or fault names")
    return frozenset(retries_ok)


def fuzz_http_consumer(
    run: Callable[[str], Any],
    server: HttpEndpoint,
    *,
    rejects: type[BaseException] | tuple[type[BaseException], ...] = (ValueError,),
    retries_ok: bool | Collection[str] = True,
    kinds: Iterable[str] = ("valid", "invalid", "malformed", "fault"),
    tolerate: Iterable[str] = DEFAULT_TOLERATE,
    max_examples: int = 50,
    deadline: float = 5.0,
    seed: int | None = None,
) -> None:
    """Run the job ``run(base_url)`` ``max_examples`` times against ``server``, each time with
    a chosen first answer, and raise ``ConsumerContractError`` (with the shrunk case and the
    answers served) at the first breach.

    ``rejects``: the job's declared errors. ``retries_ok``: the faults after which the job may
    retry and succeed (True: 429, 5xx, cut, drip, corrupt gzip, empty 200). ``tolerate``:
    rules, defects or kinds the job may accept. The server's drip lasts past ``deadline``, so
    a job without an overall timeout breaks the contract.

    Example::

        def sync(base_url: str) -> None:
            response = requests.post(f"{base_url}/crm/v3/objects/calls/batch/read",
                                     json={"inputs": [{"id": "512"}]}, timeout=1)
            store(parse(response))          # raises SyncError for a bad answer

        fuzz_http_consumer(sync, batchcalls_server, rejects=SyncError)
    """
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
    if not wanted or set(wanted) - set(Mix().kinds):
        raise InvalidArgument(f"kinds={wanted!r}; choose among valid, invalid, malformed, fault")
    retryable = _retryable(retries_ok)
    tolerated = frozenset(tolerate)
    server.drip_seconds = max(server.drip_seconds, deadline + 1.0)

    @settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
        report_multiple_bugs=False,
        # No shrinking: a case is a label and a number, already as small as it gets, and each
        # attempt on a hanging job costs a whole deadline.
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
        derandomize=False if seed is not None else settings().derandomize,
    )
    @given(chosen_answers(wanted, server.multi_status))
    def drive(chosen: Chosen) -> None:
        check_run(run, server, chosen, rejected, retryable, tolerated, deadline)

    if seed is not None:
        drive = hypothesis_seed(seed)(drive)
    drive()
