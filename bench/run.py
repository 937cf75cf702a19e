"""Benchmarks: batchcalls-fuzz against the plain-random ceiling and the tools users would pick
instead, in one run.

    python bench/run.py                # full run: builds contender venvs under bench/.work
    python bench/run.py --quick        # under a minute: small counts, no contender venvs

Contenders take turns (A B C A B C ...), each round printed as soon as it is measured, so that
every ratio compares rates measured side by side: the machines are shared and noisy, so read
the ratios (median over rounds of the ratio within a round), not the seconds. The test path is
compared with hypothesis-jsonschema on the same Hypothesis version (ours runs in its venv), at
default sizes and at a matched document size. Our oracle judges everyone's output: the share
of valid output it accepts, of invalid output it rejects, the share of distinct documents, and
coverage (status values, optional members seen both present and absent).
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import random
import statistics
import string
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from venvs import (
    HYPOTHESIS_JSONSCHEMA,
    HYPOTHESIS_JSONSCHEMA_PIN,
    SCHEMATHESIS,
    venv_python,
    with_this_project,
)

HERE = Path(__file__).resolve().parent
SCHEMA_FILE = HERE.parent / "strategies" / "BatchCallsResponse.schema.json"

CONTENDERS: dict[str, tuple[list[str], str]] = {
    "hypothesis-jsonschema": (
        HYPOTHESIS_JSONSCHEMA,
        """
import json, sys, time
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis_jsonschema import from_schema
schema, count, out = json.load(open(sys.argv[1])), int(sys.argv[2]), sys.argv[3]
docs = []
@settings(max_examples=count, database=None, deadline=None, phases=[Phase.generate],
          suppress_health_check=list(HealthCheck))
@given(from_schema(schema))
def collect(doc):
    docs.append(doc)
start = time.perf_counter(); collect(); seconds = time.perf_counter() - start
with open(out, "w") as f:
    f.writelines(json.dumps(d) + "\\n" for d in docs)
print(json.dumps({"seconds": seconds, "count": len(docs)}))
""",
    ),
    "jsf": (
        ["jsf"],
        """
import json, sys, time
from jsf import JSF
schema, count, out = json.load(open(sys.argv[1])), int(sys.argv[2]), sys.argv[3]
faker = JSF(schema)
start = time.perf_counter(); docs = [faker.generate() for _ in range(count)]
seconds = time.perf_counter() - start
with open(out, "w") as f:
    f.writelines(json.dumps(d, default=str) + "\\n" for d in docs)
print(json.dumps({"seconds": seconds, "count": len(docs)}))
""",
    ),
    "schemathesis (negative)": (
        SCHEMATHESIS,
        """
import json, sys, time
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
schema, count, out = json.load(open(sys.argv[1])), int(sys.argv[2]), sys.argv[3]
schema.pop("$schema", None)
api = {"openapi": "3.1.0", "info": {"title": "calls", "version": "1"},
       "paths": {"/batch": {"post": {
           "requestBody": {"required": True,
                           "content": {"application/json": {"schema": schema}}},
           "responses": {"200": {"description": "ok"}}}}}}
operation = schemathesis.openapi.from_dict(api)["/batch"]["POST"]
strategy = operation.as_strategy(generation_mode=GenerationMode.NEGATIVE)
docs = []
@settings(max_examples=count, database=None, deadline=None, phases=[Phase.generate],
          suppress_health_check=list(HealthCheck))
@given(strategy)
def collect(case):
    docs.append(case.body)
start = time.perf_counter(); collect(); seconds = time.perf_counter() - start
with open(out, "w") as f:
    f.writelines(json.dumps(d, default=str) + "\\n" for d in docs)
print(json.dumps({"seconds": seconds, "count": len(docs)}))
""",
    ),
}


MATCHED = {"max_results": 3, "max_members": 3, "max_text": 12, "max_depth": 1}
"""Our sizes for the matched-size comparison: documents of about hypothesis-jsonschema's size."""

OURS_IN_PINNED_VENV = """
import json, sys, time
from hypothesis import HealthCheck, Phase, given, settings
from batchcalls_fuzz.strategies import valid_responses
schema, count, out = json.load(open(sys.argv[1])), int(sys.argv[2]), sys.argv[3]
strategy = valid_responses(**json.loads(sys.argv[4]))
docs = []
@settings(max_examples=count, database=None, deadline=None, phases=[Phase.generate],
          suppress_health_check=list(HealthCheck))
@given(strategy)
def collect(doc):
    docs.append(doc)
start = time.perf_counter(); collect(); seconds = time.perf_counter() - start
with open(out, "w") as f:
    f.writelines(json.dumps(d) + "\\n" for d in docs)
print(json.dumps({"seconds": seconds, "count": len(docs)}))
"""


# --- the plain-random ceiling: this one schema written out by hand, no Hypothesis ---------

_TEXT = string.ascii_letters + string.digits + " _-.:/"


def _text(r: random.Random, low: int = 0, high: int = 12) -> str:
    return "".join(r.choices(_TEXT, k=r.randint(low, high)))


def _date_time(r: random.Random) -> str:
    return (
        f"{r.randint(1970, 2038):04d}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}T"
        f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d}Z"
    )


def _free(r: random.Random) -> dict[str, Any]:
    return {
        _text(r, 1, 8): r.choice((None, True, r.randint(-99, 99), _text(r)))
        for _ in range(r.randint(0, 4))
    }


def plain_random_document(r: random.Random) -> dict[str, Any]:
    document: dict[str, Any] = {
        "status": r.choice(("PENDING", "PROCESSING", "CANCELED", "COMPLETE")),
        "results": [],
        "startedAt": _date_time(r),
        "completedAt": _date_time(r),
    }
    for _ in range(r.randint(0, 8)):
        result: dict[str, Any] = {
            "id": _text(r, 1),
            "properties": _free(r),
            "createdAt": _date_time(r),
            "updatedAt": _date_time(r),
            "archived": r.random() < 0.5,
        }
        if r.random() < 0.5:
            result["propertiesWithHistory"] = _free(r)
        if r.random() < 0.5:
            result["archivedAt"] = _date_time(r)
        document["results"].append(result)
    if r.random() < 0.5:
        document["requestedAt"] = _date_time(r)
    if r.random() < 0.5:
        document["errors"] = [
            {
                "status": _text(r),
                "category": _text(r),
                "message": _text(r),
                "context": _free(r),
                "errors": [{"message": _text(r)}],
            }
            for _ in range(r.randint(0, 3))
        ]
    if r.random() < 0.5:
        document["links"] = _free(r)
    return document


# --- judging ------------------------------------------------------------------------------


def judge(documents: list[Any], expect_valid: bool) -> dict[str, Any]:
    from batchcalls_fuzz.schema.ir import ObjectNode, walk
    from batchcalls_fuzz.strategies import bundled_oracle, bundled_schema

    oracle = bundled_oracle()
    verdicts = [oracle.is_valid(d, ["jsonschema"]) for d in documents]
    share = (
        sum(verdicts) / len(documents)
        if expect_valid
        else (sum(not v for v in verdicts) / len(documents))
    )
    distinct = len({json.dumps(d, sort_keys=True) for d in documents}) / len(documents)
    statuses = {
        d.get("status")
        for d in documents
        if isinstance(d, dict) and isinstance(d.get("status"), str)
    }
    optional = [
        (node.path, name)
        for node in walk(bundled_schema().root)
        if isinstance(node, ObjectNode)
        for name in node.properties
        if name not in node.required
    ]
    both = 0
    for path, name in optional:
        seen = set()
        for document in documents:
            for obj in _objects_at(document, path):
                seen.add(name in obj)
        both += seen == {True, False}
    return {
        "oracle": share,
        "distinct": distinct,
        "statuses": len(statuses & {"PENDING", "PROCESSING", "CANCELED", "COMPLETE"}),
        "optional": f"{both}/{len(optional)}",
    }


def _objects_at(document: Any, path: str) -> list[dict[str, Any]]:
    from batchcalls_fuzz.schema.pointer import values_at

    return [v for v in values_at(document, path) if isinstance(v, dict)]


# --- runs ---------------------------------------------------------------------------------


def timed(produce: Callable[[], list[Any]]) -> tuple[float, list[Any]]:
    start = time.perf_counter()
    documents = produce()
    return time.perf_counter() - start, documents


def under_given(strategy: Any, count: int) -> list[Any]:
    from hypothesis import HealthCheck, Phase, given, settings

    found: list[Any] = []

    @settings(
        max_examples=count,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(value: Any) -> None:
        found.append(value)

    collect()
    return found


def run_contender(python: Path, script: str, count: int, *options: str) -> tuple[float, list[Any]]:
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "contender.py"
        source.write_text(script)
        out = Path(scratch) / "out.jsonl"
        result = subprocess.run(
            [str(python), str(source), str(SCHEMA_FILE), str(count), str(out), *options],
            capture_output=True,
            text=True,
            timeout=3600,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(result.stderr.strip().splitlines()[-1] if result.stderr else "?")
        report = json.loads(result.stdout.strip().splitlines()[-1])
        documents = [json.loads(line) for line in out.read_text().splitlines()]
        return report["seconds"], documents


@dataclass
class Contender:
    name: str
    kind: str  # "valid" or "invalid": what its output should be
    run: Callable[[int], tuple[float, list[Any]]]
    rates: list[float] = field(default_factory=list)
    documents: list[Any] = field(default_factory=list)
    failed: str = ""
    short: str = ""
    """Its name in the ratio columns of the others."""


def significant(value: float, digits: int = 3) -> str:
    """``value`` with ``digits`` significant digits (and thousands separators)."""
    if value <= 0 or not math.isfinite(value):
        return "-"
    decimals = max(0, digits - 1 - math.floor(math.log10(value)))
    return f"{value:,.{decimals}f}"


def take_turns(contenders: list[Contender], count: int, rounds: int) -> None:
    """Each contender makes ``count`` documents, in turn, ``rounds`` times; each measurement is
    printed at once."""
    width = max(len(c.name) for c in contenders)
    for round_number in range(1, rounds + 1):
        for contender in contenders:
            if contender.failed:
                continue
            # Documents kept from earlier turns would make every cyclic collection slower for
            # whoever runs next: collect now, and leave them out of later collections.
            gc.collect()
            gc.freeze()
            try:
                seconds, documents = contender.run(count)
            except RuntimeError as error:
                contender.failed = str(error)
                print(f"  {contender.name:<{width}}  failed: {error}", flush=True)
                continue
            rate = len(documents) / seconds
            contender.rates.append(rate)
            if not contender.documents:
                contender.documents = documents
            print(
                f"  round {round_number}/{rounds}  {contender.name:<{width}}  "
                f"{significant(rate):>9} docs/s",
                flush=True,
            )


def ratio(contender: Contender, other: Contender) -> str:
    """Median over rounds of the ratio of rates within a round (measured side by side)."""
    pairs = list(zip(contender.rates, other.rates, strict=False))
    if not pairs:
        return "-"
    return significant(statistics.median(a / b for a, b in pairs)) + "x"


def summary(contenders: list[Contender], peers: list[Contender]) -> None:
    """The table of a section: medians, sizes, the oracle's verdict, and ratios to ``peers``."""
    lines = []
    for contender in contenders:
        if not contender.rates:
            continue
        verdict = judge(contender.documents, contender.kind == "valid")
        rate = statistics.median(contender.rates)
        size = statistics.mean(len(json.dumps(d, default=str)) for d in contender.documents)
        lines.append(
            [
                contender.name,
                contender.kind,
                significant(rate),
                significant(size / 1024) + " KiB",
                significant(rate * size / 2**20),
                *(ratio(contender, peer) for peer in peers),
                f"{verdict['oracle']:.1%}",
                f"{verdict['distinct']:.1%}",
                f"{verdict['statuses']}/4",
                verdict["optional"],
            ]
        )
    header = ["generator", "kind", "docs/s", "mean size", "MiB/s"]
    header += [f"x {peer.short or peer.name}" for peer in peers]
    header += ["oracle-ok", "distinct", "statuses", "optional +/-"]
    print()
    print(table(lines, header))
    print()


def export(count: int, jobs: int, scratch: Path) -> tuple[float, int]:
    """Seconds and peak RSS (KiB) of `batchcalls-fuzz corpus` writing ``count`` valid files
    into a new folder under ``scratch``."""
    # ru_maxrss of a child counts the pages of the (large) bench process it was forked from;
    # /proc/self/status VmHWM is the peak of the exported process alone. Both in KiB.
    wrapper = (
        "import resource, sys\n"
        "from batchcalls_fuzz.cli import main\n"
        "try:\n    main(sys.argv[1:])\n"
        "except SystemExit:\n    pass\n"
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "try:\n"
        "    status = open('/proc/self/status').read().split('VmHWM:')[1]\n"
        "    peak = int(status.split()[0])\n"
        "except (OSError, IndexError):\n    pass\n"
        "print(peak, file=sys.stderr)\n"
    )
    start = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            wrapper,
            "corpus",
            tempfile.mkdtemp(dir=scratch),
            "--kind",
            "valid",
            "--count",
            str(count),
            "--jobs",
            str(jobs),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    seconds = time.perf_counter() - start
    return seconds, int(result.stderr.strip().splitlines()[-1])


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, capture_output=True, check=True)
    return time.perf_counter() - start


def pytest_overhead(repeats: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as scratch:
        (Path(scratch) / "test_trivial.py").write_text("def test_trivial():\n    assert True\n")
        base = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", scratch]
        runs: list[tuple[float, float]] = [
            (wall([*base, "-p", "no:batchcalls_fuzz"]), wall(base)) for _ in range(repeats)
        ]
    without = statistics.median(a for a, _ in runs)
    with_plugin = statistics.median(b for _, b in runs)
    return without, with_plugin


def table(rows: Iterable[list[str]], header: list[str]) -> str:
    rows = [header, *rows]
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def bulk_section(count: int, rounds: int, build: bool, contenders_too: bool) -> None:
    from batchcalls_fuzz import draw
    from batchcalls_fuzz.derive import RandomSource, compile_valid, sampling
    from batchcalls_fuzz.strategies import bundled_schema

    root = bundled_schema().root
    reference = compile_valid(root)
    generator = random.Random(1)
    floor_docs = list(draw("valid", 2, count))
    # Drawing the floor's documents compiled the valid generator; the invalid ones (one per
    # focused path) compile on first use too: warm them alike, so that no turn times compiling.
    list(draw("invalid", 2, count))

    def lines(jobs: int) -> Callable[[int], tuple[float, list[Any]]]:
        def run(n: int) -> tuple[float, list[Any]]:
            seconds, chunks = timed(lambda: list(sampling.lines("valid", 1, n, root, jobs=jobs)))
            return seconds, [json.loads(line) for line in b"".join(chunks).splitlines()]

        return run

    ceiling = Contender(
        "plain-random ceiling (hand-written, no Hypothesis)",
        "valid",
        lambda n: timed(lambda: [plain_random_document(generator) for _ in range(n)]),
        short="ceiling",
    )
    compiled = Contender(
        "batchcalls-fuzz bulk valid (compiled)",
        "valid",
        lambda n: timed(lambda: list(draw("valid", 1, n))),
        short="bulk valid",
    )
    invalid = Contender(
        "batchcalls-fuzz bulk invalid",
        "invalid",
        lambda n: timed(lambda: [i.document for i in draw("invalid", 1, n)]),
        short="bulk invalid",
    )
    jobs_1 = Contender(
        "batchcalls-fuzz sample lines, --jobs 1 (with JSON)", "valid", lines(1), short="jobs 1"
    )
    section = [
        ceiling,
        compiled,
        Contender(
            "batchcalls-fuzz bulk valid (interpreter, the reference)",
            "valid",
            lambda n: timed(lambda: [reference(RandomSource(f"1:{i}")) for i in range(n)]),
        ),
        invalid,
        jobs_1,
        Contender("batchcalls-fuzz sample lines, --jobs 2 (with JSON)", "valid", lines(2)),
        Contender(
            "json.dumps floor (of our documents)",
            "valid",
            lambda n: timed(lambda: [json.dumps(d) and d for d in floor_docs[:n]]),
        ),
    ]
    packages, script = CONTENDERS["jsf"]
    python = venv_python("jsf", packages, build) if contenders_too else None
    if python is not None:
        section.append(
            Contender("jsf", "valid", lambda n, p=python, s=script: run_contender(p, s, n))
        )
    print(f"== bulk path: {count} documents a turn, {rounds} rounds", flush=True)
    take_turns(section, count, rounds)
    summary(section, [ceiling, compiled, invalid, jobs_1])


def test_path_section(count: int, rounds: int, build: bool, contenders_too: bool) -> None:
    from batchcalls_fuzz.strategies import invalid_responses, valid_responses

    section = [
        Contender(
            "batchcalls-fuzz valid_responses() in @given",
            "valid",
            lambda n: timed(lambda: under_given(valid_responses(), n)),
            short="ours",
        ),
        Contender(
            "batchcalls-fuzz invalid_responses() in @given",
            "invalid",
            lambda n: timed(lambda: [i.document for i in under_given(invalid_responses(), n)]),
        ),
    ]
    peers = [section[0]]
    packages, script = CONTENDERS["hypothesis-jsonschema"]
    python = venv_python("hypothesis-jsonschema", packages, build) if contenders_too else None
    if python is not None:
        with_this_project(python)
        pinned = HYPOTHESIS_JSONSCHEMA_PIN
        theirs = Contender(
            f"hypothesis-jsonschema from_schema() ({pinned})",
            "valid",
            lambda n, p=python, s=script: run_contender(p, s, n),
            short="hypothesis-jsonschema",
        )
        section += [
            Contender(
                f"batchcalls-fuzz valid_responses() ({pinned})",
                "valid",
                lambda n, p=python: run_contender(p, OURS_IN_PINNED_VENV, n, "{}"),
            ),
            Contender(
                f"batchcalls-fuzz valid_responses(matched size) ({pinned})",
                "valid",
                lambda n, p=python: run_contender(p, OURS_IN_PINNED_VENV, n, json.dumps(MATCHED)),
            ),
            theirs,
        ]
        peers.append(theirs)
    if contenders_too:
        packages, script = CONTENDERS["schemathesis (negative)"]
        python = venv_python("schemathesis (negative)", packages, build)
        if python is not None:
            section.append(
                Contender(
                    "schemathesis (negative)",
                    "invalid",
                    lambda n, p=python, s=script: run_contender(p, s, n),
                )
            )
    print(f"== test path (@given): {count} documents a turn, {rounds} rounds", flush=True)
    if not contenders_too:
        print("  (contenders in their own venvs skipped: --quick)")
    take_turns(section, count, rounds)
    summary(section, peers)
    if len(peers) > 1:
        print(f"matched size: ours with {MATCHED}")


def compile_package() -> None:
    """Compile the package's bytecode, as installing it does: Hypothesis comes compiled from
    site-packages, and an editable checkout under PYTHONDONTWRITEBYTECODE would otherwise
    compile every module of ours again at each start."""
    import batchcalls_fuzz
    import batchcalls_fuzz.strategies

    folders = {
        str(Path(m.__file__ or "").parent) for m in (batchcalls_fuzz, batchcalls_fuzz.strategies)
    }
    subprocess.run([sys.executable, "-m", "compileall", "-q", *sorted(folders)], check=True)


def commands_section(quick: bool) -> None:
    repeats = 3 if quick else 7
    command = [sys.executable, "-c", "from batchcalls_fuzz.cli import main; main()"]
    runs: dict[str, list[float]] = {"sample": [], "help": [], "hypothesis": []}
    compile_package()
    print(f"== start-up: {repeats} rounds, in turn", flush=True)
    for _ in range(repeats):
        runs["sample"].append(wall([*command, "sample", "--count", "1"]))
        runs["help"].append(wall([*command, "--help"]))
        runs["hypothesis"].append(wall([sys.executable, "-c", "import hypothesis"]))
    sample = statistics.median(runs["sample"])
    hypothesis = statistics.median(runs["hypothesis"])
    within = statistics.median(
        s / h for s, h in zip(runs["sample"], runs["hypothesis"], strict=True)
    )
    extra = [
        [
            "`sample --count 1` wall time",
            f"{sample * 1000:.0f} ms",
            f"`python -c 'import hypothesis'`: {hypothesis * 1000:.0f} ms ({within:.2f}x)",
        ],
        ["`--help` wall time", f"{statistics.median(runs['help']) * 1000:.0f} ms", ""],
    ]
    sizes = (200, 600) if quick else (10_000, 30_000)
    turns: dict[int, list[tuple[float, int]]] = {1: [], 2: []}
    # Every export's folder stays until the end: without a journal, ext4 skips recently freed
    # inodes when it makes a file, so an export right after the removal of another one's
    # thousands of files would pay for them.
    with tempfile.TemporaryDirectory() as scratch:
        for _ in range(1 if quick else 3):  # --jobs 1 and 2 in turn
            for jobs in (1, 2):
                turns[jobs].append(export(sizes[0], jobs, Path(scratch)))
        larger = export(sizes[1], 1, Path(scratch))
    rates = {jobs: [sizes[0] / seconds for seconds, _ in runs] for jobs, runs in turns.items()}
    one, two = statistics.median(rates[1]), statistics.median(rates[2])
    extra.append(
        [
            f"corpus export, {sizes[0]:,} files, --jobs 1",
            f"{significant(one)} files/s",
            f"peak RSS {max(rss for _, rss in turns[1]) / 1024:.0f} MiB",
        ]
    )
    extra.append(
        [
            f"corpus export, {sizes[1]:,} files, --jobs 1",
            f"{significant(sizes[1] / larger[0])} files/s",
            f"peak RSS {larger[1] / 1024:.0f} MiB",
        ]
    )
    extra.append(
        [
            f"corpus export, {sizes[0]:,} files, --jobs 2",
            f"{significant(two)} files/s",
            f"{two / one:.2f}x --jobs 1 (medians, {len(rates[2])} turns each, alternating)",
        ]
    )
    without, with_plugin = pytest_overhead(repeats)
    extra.append(
        [
            "pytest, one trivial test",
            f"{with_plugin * 1000:.0f} ms with the plugin",
            f"{without * 1000:.0f} ms without ({(with_plugin - without) * 1000:+.0f} ms)",
        ]
    )
    print()
    print(table(extra, ["measure", "value", "beside"]))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small counts; no contender venvs")
    parser.add_argument("--count", type=int, default=None, help="bulk documents a turn")
    parser.add_argument("--rate-count", type=int, default=None, help="test-path documents a turn")
    parser.add_argument("--rounds", type=int, default=None, help="turns of every contender")
    parser.add_argument(
        "--contenders", action="store_true", help="with --quick: run the contenders' venvs too"
    )
    parser.add_argument(
        "--only", choices=("bulk", "tests", "commands"), action="append", help="sections to run"
    )
    args = parser.parse_args(argv)
    count = args.count or (200 if args.quick else 3000)
    test_count = args.rate_count or (40 if args.quick else 300)
    rounds = args.rounds or (1 if args.quick else 3)
    contenders_too = args.contenders or not args.quick
    sections = args.only or ["bulk", "tests", "commands"]
    started = time.perf_counter()
    if "bulk" in sections:
        bulk_section(count, rounds, not args.quick, contenders_too)
    if "tests" in sections:
        test_path_section(test_count, rounds, not args.quick, contenders_too)
    if "commands" in sections:
        commands_section(args.quick)
    print(
        f"\nmachine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; "
        f"{time.strftime('%Y-%m-%d')}; Python {sys.version.split()[0]}; "
        f"{time.perf_counter() - started:.0f} s"
    )


if __name__ == "__main__":
    main()
