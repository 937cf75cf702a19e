"""The mutant benchmark: which planted bugs ``fuzz_consumer`` finds at its default budget.

    python bench/mutants/run.py               # every mutant, 5 seeds, and the anchors
    python bench/mutants/run.py --quick       # a smoke test: a few mutants, 1 seed, no anchors
    python bench/mutants/run.py --json        # one JSON object per mutant, then the summary

For each mutant (``mutants.py``) and seed, ``fuzz_consumer(mutant.parse, input="bytes",
rejects=ValueError, accepts=<same result as the reference>, seed=seed)`` runs at its default
budget; the mutant is killed when that raises the contract failure. Calls to the first failure
count the consumer's calls up to the first whose outcome breaks the contract where the
reference's keeps it (see ``outcome.breach``). Shrinking is off: it changes neither whether
nor when a failure is found, only how long the report takes.

The anchors, each in its own venv under bench/.work: hypothesis-jsonschema's ``from_schema``
(valid documents) against the mutants of valid input, Schemathesis' negative bodies against
the mutants of invalid input, 200 examples a seed, killed by the same rule.
"""

from __future__ import annotations

import argparse
import json
import logging
import multiprocessing
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

import outcome  # noqa: E402
import reference  # noqa: E402
from mutants import MUTANTS, Mutant, by_name  # noqa: E402
from venvs import HYPOTHESIS_JSONSCHEMA, SCHEMATHESIS, venv_python  # noqa: E402

SCHEMA_FILE = HERE.parent.parent / "strategies" / "BatchCallsResponse.schema.json"
SEEDS = (1, 2, 3, 4, 5)
QUICK = ("archived-at-absent-keyerror", "unknown-status-accepted", "truncated-indexerror")
ANCHOR_EXAMPLES = 200


# --- one fuzz_consumer run against one mutant ---------------------------------------------


class Recorder:
    """Wraps a mutant's ``parse``: remembers every payload and what the mutant made of it."""

    def __init__(self, parse: Callable[[bytes], Any]) -> None:
        self.parse = parse
        self.calls: list[tuple[bytes, outcome.Outcome]] = []

    def __call__(self, payload: bytes) -> Any:
        start = time.perf_counter()
        try:
            result = self.parse(payload)
        except ValueError as error:
            self.calls.append((payload, outcome.Outcome("rejected", error=repr(error)[:200])))
            raise
        except BaseException as error:
            late = time.perf_counter() - start >= outcome.DEADLINE * 0.95
            kind = "slow" if late else "raised"
            self.calls.append((payload, outcome.Outcome(kind, error=repr(error)[:200])))
            raise
        late = time.perf_counter() - start > outcome.DEADLINE
        self.calls.append((payload, outcome.Outcome("slow" if late else "accepted", result)))
        return result

    def first_breach(self) -> tuple[int, str] | None:
        """The 1-based index of the first call whose outcome breaks the contract where the
        reference's keeps it, and how."""
        for index, (payload, seen) in enumerate(self.calls, 1):
            expected = outcome.observe(reference.parse, payload)
            how = outcome.breach(expected, seen)
            if how:
                return index, how
        return None


def _same_as_reference(result: Any, payload: bytes, disagreements: list[str]) -> bool:
    try:
        expected = reference.parse(payload)
    except ValueError as error:
        # The generator calls this document valid and the reference does not: report it, and
        # judge the mutant by nothing it cannot know.
        disagreements.append(f"reference rejects a valid document: {error}")
        return True
    return outcome.equivalent(expected, result)


def accepts_predicate(
    recorder: Recorder, takes_document: bool, disagreements: list[str]
) -> Callable[..., bool]:
    """``accepts`` for fuzz_consumer: the mutant's result equals the reference's."""
    if takes_document:

        def accepts_with_document(result: Any, document: Any) -> bool:
            payload = json.dumps(document, ensure_ascii=False).encode("utf-8", "surrogatepass")
            return _same_as_reference(result, payload, disagreements)

        return accepts_with_document

    def accepts(result: Any) -> bool:
        return _same_as_reference(result, recorder.calls[-1][0], disagreements)

    return accepts


def accepts_takes_document() -> bool:
    """Does this fuzz_consumer pass the input document to a two-parameter ``accepts``? Asked
    by one tiny run: older versions call ``accepts(result)`` whatever its signature."""
    from batchcalls_fuzz import fuzz_consumer

    seen: list[int] = []

    def probe(result: Any, document: Any = None) -> bool:
        seen.append(0 if document is None else 1)
        return True

    try:
        fuzz_consumer(
            lambda payload: None,
            accepts=probe,
            kinds=("valid",),
            input="bytes",
            max_examples=1,
            seed=0,
        )
    except Exception:
        return False
    return bool(seen) and all(seen)


def warm_up() -> None:
    from batchcalls_fuzz import fuzz_consumer

    fuzz_consumer(reference.parse, input="bytes", rejects=ValueError, max_examples=30, seed=0)


def _is_contract_failure(error: BaseException) -> bool:
    from batchcalls_fuzz import ConsumerContractError

    if isinstance(error, ConsumerContractError):
        return True
    inner = getattr(error, "exceptions", ())  # a flaky failure groups what it saw
    return any(_is_contract_failure(e) for e in inner)


def measure(name: str, seed: int, takes_document: bool) -> dict[str, Any]:
    from batchcalls_fuzz import fuzz_consumer

    recorder = Recorder(by_name(name).load().parse)
    disagreements: list[str] = []
    start = time.perf_counter()
    killed, failure = False, ""
    try:
        fuzz_consumer(
            recorder,
            input="bytes",
            rejects=ValueError,
            accepts=accepts_predicate(recorder, takes_document, disagreements),
            seed=seed,
        )
    except BaseException as error:
        killed = _is_contract_failure(error)
        failure = str(error).splitlines()[0] if str(error) else type(error).__name__
        if not killed:
            failure = f"run failed: {type(error).__name__}: {failure}"
    first = recorder.first_breach()
    return {
        "seed": seed,
        "killed": killed,
        "calls": first[0] if first else None,
        "first_breach": first[1] if first else None,
        "failure": failure,
        "seconds": round(time.perf_counter() - start, 2),
        "disagreements": disagreements[:3],
    }


def failed_run(seed: int, why: str) -> dict[str, Any]:
    return {
        "seed": seed,
        "killed": False,
        "calls": None,
        "first_breach": None,
        "failure": why,
        "seconds": None,
        "disagreements": [],
    }


def _child(name: str, seed: int, takes_document: bool, conn: Any) -> None:
    try:
        conn.send(measure(name, seed, takes_document))
    except BaseException as error:
        conn.send(failed_run(seed, f"measurement failed: {error!r}"))
    conn.close()


# --- many runs, in parallel -------------------------------------------------------------


def run_all(
    chosen: list[Mutant],
    seeds: tuple[int, ...],
    jobs: int,
    timeout: float,
    takes_document: bool,
    on_mutant: Callable[[Mutant, list[dict[str, Any]]], None],
) -> None:
    """Measure every (mutant, seed) in a forked process, ``jobs`` at a time; call
    ``on_mutant`` as soon as all seeds of a mutant are in."""
    context = multiprocessing.get_context("fork")
    pending = [(m, s) for m in chosen for s in seeds]
    running: list[tuple[Mutant, int, Any, Any, float]] = []
    done: dict[str, list[dict[str, Any]]] = {m.name: [] for m in chosen}
    while pending or running:
        while pending and len(running) < jobs:
            mutant, seed = pending.pop(0)
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_child, args=(mutant.name, seed, takes_document, send))
            process.start()
            send.close()
            running.append((mutant, seed, process, receive, time.monotonic()))
        time.sleep(0.05)
        for entry in list(running):
            mutant, seed, process, receive, started = entry
            measured: dict[str, Any] | None = None
            if receive.poll():
                try:
                    measured = receive.recv()
                except EOFError:
                    measured = failed_run(seed, "the run's process died")
            elif not process.is_alive():
                measured = failed_run(seed, "the run's process died")
            elif time.monotonic() - started > timeout:
                process.kill()
                measured = failed_run(seed, f"run stopped after {timeout:.0f} s")
            if measured is None:
                continue
            process.join()
            receive.close()
            running.remove(entry)
            done[mutant.name].append(measured)
            if len(done[mutant.name]) == len(seeds):
                on_mutant(mutant, sorted(done[mutant.name], key=lambda r: r["seed"]))


# --- anchors ------------------------------------------------------------------------------

_ANCHOR_COMMON = """
import json, logging, sys
logging.disable(logging.CRITICAL)  # mutants log what they find; only outcomes count
sys.path[:0] = [sys.argv[1]]
import outcome, reference
from mutants import by_name
from hypothesis import HealthCheck, Phase, given, seed, settings

def kills(bodies, names, seed_value):
    payloads = [json.dumps(b, default=str).encode("utf-8", "surrogatepass") for b in bodies]
    expected = [outcome.observe(reference.parse, p) for p in payloads]
    for name in names:
        parse = by_name(name).load().parse
        first = None
        for index, (payload, want) in enumerate(zip(payloads, expected), 1):
            if outcome.breach(want, outcome.observe(parse, payload)):
                first = index
                break
        print(json.dumps({"name": name, "seed": seed_value, "calls": first}), flush=True)

def collected(strategy, seed_value, count):
    found = []
    @seed(seed_value)
    @settings(max_examples=count, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def collect(value):
        found.append(value)
    collect()
    return found
"""

ANCHORS: dict[str, tuple[list[str], str, str]] = {
    "hypothesis-jsonschema": (
        HYPOTHESIS_JSONSCHEMA,
        "valid",
        _ANCHOR_COMMON
        + """
from hypothesis_jsonschema import from_schema
schema = json.load(open(sys.argv[2]))
count, names, seeds = int(sys.argv[3]), sys.argv[4].split(","), sys.argv[5].split(",")
for s in map(int, seeds):
    kills(collected(from_schema(schema), s, count), names, s)
""",
    ),
    "schemathesis": (
        SCHEMATHESIS,
        "invalid",
        _ANCHOR_COMMON
        + """
import schemathesis
from schemathesis import GenerationMode
schema = json.load(open(sys.argv[2]))
schema.pop("$schema", None)
count, names, seeds = int(sys.argv[3]), sys.argv[4].split(","), sys.argv[5].split(",")
api = {"openapi": "3.1.0", "info": {"title": "calls", "version": "1"},
       "paths": {"/batch": {"post": {
           "requestBody": {"required": True,
                           "content": {"application/json": {"schema": schema}}},
           "responses": {"200": {"description": "ok"}}}}}}
operation = schemathesis.openapi.from_dict(api)["/batch"]["POST"]
strategy = operation.as_strategy(generation_mode=GenerationMode.NEGATIVE)
for s in map(int, seeds):
    cases = collected(strategy, s, count)
    kills([case.body for case in cases], names, s)
""",
    ),
}


def start_anchor(name: str, chosen: list[Mutant], seeds: tuple[int, ...]) -> Any:
    packages, kind, script = ANCHORS[name]
    names = [m.name for m in chosen if m.anchor == kind]
    python = venv_python(name, packages, build=True)
    if python is None or not names:
        return None
    return subprocess.Popen(
        [
            str(python),
            "-c",
            script,
            str(HERE),
            str(SCHEMA_FILE),
            str(ANCHOR_EXAMPLES),
            ",".join(names),
            ",".join(map(str, seeds)),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def collect_anchor(process: Any) -> tuple[dict[str, list[int | None]], str]:
    out, err = process.communicate()
    found: dict[str, list[int | None]] = {}
    for line in out.splitlines():
        row = json.loads(line)
        found.setdefault(row["name"], []).append(row["calls"])
    problem = "" if process.returncode == 0 else (err.strip().splitlines() or ["?"])[-1]
    return found, problem


# --- report -------------------------------------------------------------------------------


def _median(values: list[int]) -> float | None:
    return statistics.median(values) if values else None


def _shown(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def row_of(mutant: Mutant, runs: list[dict[str, Any]], anchors: dict[str, Any]) -> dict[str, Any]:
    calls = [r["calls"] for r in runs if r["killed"] and r["calls"] is not None]
    anchor = ""
    anchor_runs: list[int | None] = []
    for name, (_, kind, _) in ANCHORS.items():
        if mutant.anchor == kind and mutant.name in anchors.get(name, {}):
            anchor, anchor_runs = name, anchors[name][mutant.name]
    survived = [r for r in runs if not r["killed"]]
    return {
        "name": mutant.name,
        "class": mutant.bug_class,
        "kills": sum(r["killed"] for r in runs),
        "seeds": len(runs),
        "median_calls": _median(calls),
        "anchor": anchor,
        "anchor_kills": sum(c is not None for c in anchor_runs),
        "anchor_seeds": len(anchor_runs),
        "anchor_median_calls": _median([c for c in anchor_runs if c is not None]),
        "survived_because": sorted({r["first_breach"] or r["failure"] or "" for r in survived}),
        "runs": runs,
    }


COLUMNS = (("mutant", 34), ("class", 11), ("kills", 6), ("calls", 6), ("anchor", 30))


def text_row(row: dict[str, Any]) -> str:
    if row["anchor"]:
        anchor = f"{row['anchor']} {row['anchor_kills']}/{row['anchor_seeds']}"
        if row["anchor_kills"]:
            anchor += f" ({_shown(row['anchor_median_calls'])})"
    else:
        anchor = "-"
    cells = (
        row["name"],
        row["class"],
        f"{row['kills']}/{row['seeds']}",
        _shown(row["median_calls"]),
        anchor,
    )
    return "  ".join(c.ljust(w) for c, (_, w) in zip(cells, COLUMNS, strict=True)).rstrip()


def table_head() -> str:
    head = "  ".join(h.ljust(w) for h, w in COLUMNS).rstrip()
    return head + "\n" + "  ".join("-" * w for _, w in COLUMNS)


def anchor_fields(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in ("anchor", "anchor_kills", "anchor_seeds", "anchor_median_calls")}


def summary_of(rows: list[dict[str, Any]], anchors_ran: list[str]) -> dict[str, Any]:
    total = len(rows)
    every = [r for r in rows if r["kills"] == r["seeds"]]
    some = [r for r in rows if r["kills"]]
    calls = [c["calls"] for r in rows for c in r["runs"] if c["killed"] and c["calls"]]
    summary: dict[str, Any] = {
        "mutants": total,
        "killed_in_every_seed": len(every),
        "killed_in_every_seed_share": len(every) / total if total else 0.0,
        "killed_in_some_seed": len(some),
        "median_calls_to_first_failure": _median(calls),
        "survivors": [r["name"] for r in rows if r["kills"] < r["seeds"]],
    }
    for name in anchors_ran:
        kind = ANCHORS[name][1]
        mine = [r for r in rows if r["anchor"] == name]
        summary[f"{name}_killed_in_some_seed"] = sum(1 for r in mine if r["anchor_kills"])
        summary[f"{name}_killed_in_every_seed"] = sum(
            1 for r in mine if r["anchor_seeds"] and r["anchor_kills"] == r["anchor_seeds"]
        )
        summary[f"{name}_mutants"] = sum(1 for r in rows if MUTANT_ANCHOR[r["name"]] == kind)
    return summary


MUTANT_ANCHOR = {m.name: m.anchor for m in MUTANTS}


def summary_text(summary: dict[str, Any], seeds: int, anchors_ran: list[str]) -> str:
    lines = [
        f"killed in all {seeds} seeds: {summary['killed_in_every_seed']}/{summary['mutants']} "
        f"({summary['killed_in_every_seed_share']:.0%}); in at least one: "
        f"{summary['killed_in_some_seed']}/{summary['mutants']}; median calls to the first "
        f"failure: {_shown(summary['median_calls_to_first_failure'])} "
        "(targets: 95% in all seeds, median at most 10)"
    ]
    for name in anchors_ran:
        lines.append(
            f"{name}: killed {summary[f'{name}_killed_in_some_seed']}/"
            f"{summary[f'{name}_mutants']} of the mutants it can reach in at least one seed, "
            f"{summary[f'{name}_killed_in_every_seed']} in every seed"
        )
    if summary["survivors"]:
        lines.append("not killed in every seed: " + ", ".join(summary["survivors"]))
    return "\n".join(lines)


def class_table(rows: list[dict[str, Any]]) -> str:
    """Per bug class: mutants, kills in every seed and in some seed, median calls to the first
    failure, and the anchor's kills (every seed / some seed), as a Markdown table."""
    lines = [
        "| class | mutants | killed in all seeds | in at least one | median calls "
        "| anchor: all / some |",
        "|---|---|---|---|---|---|",
    ]
    for bug_class in dict.fromkeys(r["class"] for r in rows):
        mine = [r for r in rows if r["class"] == bug_class]
        calls = [c["calls"] for r in mine for c in r["runs"] if c["killed"] and c["calls"]]
        anchored = [r for r in mine if r["anchor"]]
        every = sum(
            1 for r in anchored if r["anchor_seeds"] and r["anchor_kills"] == r["anchor_seeds"]
        )
        some = sum(1 for r in anchored if r["anchor_kills"])
        anchor = f"{every} / {some} ({anchored[0]['anchor']})" if anchored else "-"
        lines.append(
            f"| {bug_class} | {len(mine)} | {sum(r['kills'] == r['seeds'] for r in mine)} | "
            f"{sum(1 for r in mine if r['kills'])} | {_shown(_median(calls))} | {anchor} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a few mutants, 1 seed, no anchors")
    parser.add_argument("--json", action="store_true", help="JSON lines instead of a table")
    parser.add_argument("--mutant", action="append", help="only this mutant (repeatable)")
    parser.add_argument("--seeds", type=int, default=None, help="seeds per mutant (default 5)")
    parser.add_argument("--no-anchors", action="store_true", help="skip the anchors")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per run at most")
    args = parser.parse_args(argv)
    logging.disable(logging.CRITICAL)  # mutants log what they find; only outcomes count

    from hypothesis import Phase, settings

    settings.register_profile(
        "mutant-benchmark", phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target]
    )
    settings.load_profile("mutant-benchmark")

    names = args.mutant or (list(QUICK) if args.quick else [m.name for m in MUTANTS])
    chosen = [by_name(n) for n in names]
    seeds = SEEDS[: args.seeds or (1 if args.quick else len(SEEDS))]
    for mutant in chosen:
        mutant.source()  # every snippet found exactly once, before anything runs
    takes_document = accepts_takes_document()
    warm_up()  # strategies built once here, not in every forked run
    started = {}
    if not (args.quick or args.no_anchors):
        started = {name: start_anchor(name, chosen, seeds) for name in ANCHORS}
    if not args.json:
        print(
            f"{len(chosen)} mutants x {len(seeds)} seeds at fuzz_consumer's default budget; "
            f"accepts(result{', document' if takes_document else ''}) checks the result "
            "against the reference; calls = median calls to the first failure"
        )
        if started:
            print("(anchors run beside; their column fills in the final table)")
        print(table_head())
    rows: list[dict[str, Any]] = []

    def report(mutant: Mutant, runs: list[dict[str, Any]]) -> None:
        row = row_of(mutant, runs, {})
        rows.append(row)
        print(json.dumps(row) if args.json else text_row(row), flush=True)

    run_all(chosen, seeds, args.jobs, args.timeout, takes_document, report)
    anchors: dict[str, dict[str, list[int | None]]] = {}
    anchors_ran: list[str] = []
    for name, process in started.items():
        if process is None:
            continue
        anchors[name], problem = collect_anchor(process)
        anchors_ran.append(name)
        if problem:
            print(f"({name} failed: {problem})", file=sys.stderr)
    order = {m.name: i for i, m in enumerate(chosen)}
    rows = [row_of(by_name(r["name"]), r["runs"], anchors) for r in rows]
    rows.sort(key=lambda r: order[r["name"]])
    summary = summary_of(rows, anchors_ran)
    if args.json:
        if anchors_ran:
            print(json.dumps({"anchors": {r["name"]: anchor_fields(r) for r in rows}}))
        print(json.dumps({"summary": summary}))
        return 0
    if anchors_ran:
        print("\nwith the anchors beside (kills in their seeds, median calls to the first failure)")
        print(table_head())
        for row in rows:
            print(text_row(row))
    print()
    print(class_table(rows))
    print()
    print(summary_text(summary, len(seeds), anchors_ran))
    for row in rows:
        if row["kills"] < row["seeds"]:
            why = "; ".join(w for w in row["survived_because"] if w) or "no breach seen"
            print(f"  {row['name']}: {why[:160]}")
    disagreements = {d for r in rows for run in r["runs"] for d in run["disagreements"]}
    for line in sorted(disagreements)[:5]:
        print(f"(generator and reference disagree: {line[:200]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
