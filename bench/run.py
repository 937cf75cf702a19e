"""Benchmarks: batchcalls-fuzz against the tools users would pick instead, in one run.

    python bench/run.py                # full run: builds contender venvs under bench/.work
    python bench/run.py --quick        # seconds: small counts, contenders only if built

Every contender generates documents for the same schema (BatchCallsResponse.schema.json) in
its own process, in the same order, ``--repeats`` times; the table gives medians and the ratio
of our rate to theirs. The machines are shared and noisy: read the ratios, not the seconds.
Our oracle judges everyone's output: the share of valid output it accepts, of invalid output
it rejects, the share of distinct documents, and coverage (status values, optional members
seen both present and absent) in the same number of documents.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import string
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from venvs import (
    HYPOTHESIS_JSONSCHEMA,
    HYPOTHESIS_JSONSCHEMA_PIN,
    SCHEMATHESIS,
    WORK,
    venv_python,
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


def run_contender(python: Path, script: str, count: int) -> tuple[float, list[Any]]:
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "contender.py"
        source.write_text(script)
        out = Path(scratch) / "out.jsonl"
        result = subprocess.run(
            [str(python), str(source), str(SCHEMA_FILE), str(count), str(out)],
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


def export(count: int, jobs: int) -> tuple[float, int]:
    """Seconds and peak RSS (KiB) of `batchcalls-fuzz corpus` writing ``count`` valid files."""
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
    with tempfile.TemporaryDirectory() as scratch:
        start = time.perf_counter()
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                wrapper,
                "corpus",
                scratch,
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


def wall(command: list[str], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def pytest_overhead(repeats: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as scratch:
        (Path(scratch) / "test_trivial.py").write_text("def test_trivial():\n    assert True\n")
        base = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", scratch]
        without = wall([*base, "-p", "no:batchcalls_fuzz"], repeats)
        with_plugin = wall(base, repeats)
    return without, with_plugin


def measure(
    run: Callable[[int], tuple[float, list[Any]]], count: int, rate_count: int, repeats: int
) -> tuple[float, list[Any]]:
    """Median rate over one judged run of ``count`` and ``repeats - 1`` runs of
    ``rate_count`` (slow contenders make 2,000 documents a few minutes each)."""
    seconds, documents = run(count)
    rates = [len(documents) / seconds]
    for _ in range(repeats - 1):
        seconds, more = run(rate_count)
        rates.append(len(more) / seconds)
    return statistics.median(rates), documents


def table(rows: Iterable[list[str]], header: list[str]) -> str:
    rows = [header, *rows]
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small counts; no venv builds")
    parser.add_argument("--count", type=int, default=None, help="documents per contender")
    parser.add_argument("--rate-count", type=int, default=None, help="documents per rate run")
    parser.add_argument("--repeats", type=int, default=None)
    args = parser.parse_args(argv)
    count = args.count or (60 if args.quick else 2000)
    rate_count = args.rate_count or (60 if args.quick else 300)
    repeats = args.repeats or (1 if args.quick else 3)
    build = not args.quick

    from batchcalls_fuzz import draw
    from batchcalls_fuzz.strategies import invalid_responses, valid_responses

    rows: list[tuple[str, str, float, list[Any], bool]] = []

    def ours(name: str, run: Callable[[int], list[Any]], valid: bool, path: str) -> None:
        rate, documents = measure(lambda n: timed(lambda: run(n)), count, rate_count, repeats)
        rows.append((name, path, rate, documents, valid))

    ours(
        "batchcalls-fuzz valid_responses() in @given",
        lambda n: under_given(valid_responses(), n),
        True,
        "tests",
    )
    ours(
        "batchcalls-fuzz invalid_responses() in @given",
        lambda n: [i.document for i in under_given(invalid_responses(), n)],
        False,
        "tests",
    )
    ours(
        "batchcalls-fuzz bulk valid (sample, corpus)",
        lambda n: list(draw("valid", 1, n)),
        True,
        "bulk",
    )
    ours(
        "batchcalls-fuzz bulk invalid",
        lambda n: [i.document for i in draw("invalid", 1, n)],
        False,
        "bulk",
    )
    generator = random.Random(1)
    ours(
        "plain-random ceiling (hand-written, no Hypothesis)",
        lambda n: [plain_random_document(generator) for _ in range(n)],
        True,
        "bulk",
    )
    floor_docs = list(draw("valid", 2, count))
    ours(
        "json.dumps floor (of our documents)",
        lambda n: [json.dumps(d) and d for d in floor_docs[:n]],
        True,
        "bulk",
    )
    for name, (packages, script) in CONTENDERS.items():
        python = venv_python(name, packages, build)
        if python is None:
            print(f"(skipped {name}: no venv under {WORK}; run without --quick to build it)")
            continue
        try:
            rate, documents = measure(
                lambda n, p=python, s=script: run_contender(p, s, n), count, rate_count, repeats
            )
        except RuntimeError as error:
            print(f"({name} failed: {error})")
            continue
        valid = "negative" not in name
        label = f"{name} (with {HYPOTHESIS_JSONSCHEMA_PIN})" if "jsonschema" in name else name
        path = "tests" if "hypothesis" in name or "schemathesis" in name else "bulk"
        rows.append((label, path, rate, documents, valid))

    reference = {
        ("tests", True): rows[0][2],
        ("tests", False): rows[1][2],
        ("bulk", True): rows[2][2],
        ("bulk", False): rows[3][2],
    }
    lines = []
    for name, path, rate, documents, valid in rows:
        verdict = judge(documents, valid)
        ours_rate = reference[(path, valid)]
        size = statistics.mean(len(json.dumps(d, default=str)) for d in documents)
        lines.append(
            [
                name,
                "valid" if valid else "invalid",
                f"{rate:,.0f}",
                f"{size / 1024:.1f} KB",
                f"{rate * size / 2**20:.1f}",
                f"{ours_rate / rate:.2f}x",
                f"{verdict['oracle']:.1%}",
                f"{verdict['distinct']:.1%}",
                f"{verdict['statuses']}/4",
                verdict["optional"],
            ]
        )
    print(
        f"\nrates: median of {repeats} runs ({rate_count} documents, and one judged run of "
        f"{count}); ratio = our rate on the same path and kind / theirs"
    )
    print(
        table(
            lines,
            [
                "generator",
                "kind",
                "docs/s",
                "mean size",
                "MiB/s",
                "ratio",
                "oracle-ok",
                "distinct",
                "statuses",
                "optional +/-",
            ],
        )
    )

    sizes = (200, 600) if args.quick else (10_000, 100_000)
    extra = []
    for size in sizes:
        seconds, rss = export(size, 1)
        extra.append(
            [
                f"corpus export, {size:,} files, --jobs 1",
                f"{size / seconds:,.0f} files/s",
                f"peak RSS {rss / 1024:.0f} MiB",
            ]
        )
    seconds, _ = export(sizes[0], 2)
    extra.append(
        [f"corpus export, {sizes[0]:,} files, --jobs 2", f"{sizes[0] / seconds:,.0f} files/s", ""]
    )
    command = [sys.executable, "-c", "from batchcalls_fuzz.cli import main; main()"]
    sample = wall([*command, "sample", "--count", "1"], 5)
    hypothesis = wall([sys.executable, "-c", "import hypothesis"], 5)
    extra.append(
        [
            "`sample --count 1` wall time",
            f"{sample * 1000:.0f} ms",
            f"`python -c 'import hypothesis'`: {hypothesis * 1000:.0f} ms",
        ]
    )
    without, with_plugin = pytest_overhead(5)
    extra.append(
        [
            "pytest, one trivial test",
            f"{with_plugin * 1000:.0f} ms with the plugin",
            f"{without * 1000:.0f} ms without ({(with_plugin - without) * 1000:+.0f} ms)",
        ]
    )
    print()
    print(table(extra, ["measure", "value", "beside"]))
    print(
        f"\nmachine: {os.cpu_count()} cores; "
        f"{time.strftime('%Y-%m-%d')}; Python {sys.version.split()[0]}"
    )


if __name__ == "__main__":
    main()
