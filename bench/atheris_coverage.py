"""Coverage that seed corpora give libFuzzer (through atheris) on HubSpot's Python client.

For each corpus (ours and ours minimized, in the schema-pure and the realistic profile; 500
jsf documents; empty), with and without our dictionary (the realistic ones without only):
libFuzzer's ``cov`` (edges) and ``ft`` (features) after the seeds alone (``INITED``) and after
a fixed number of executions, medians of ``--repeats`` runs (libFuzzer seeds 1, 2, 3...). The
harness deserializes each input as a BatchResponseSimplePublicObjectWithErrors, as
examples/hubspot_client.py does. Skips (exit 0) where atheris or hubspot-api-client is missing.

Our corpus is the one README's first corpus command writes (``--count 1000 --coverage``),
with ``--max-bytes`` at libFuzzer's ``-max_len``.

Run: python bench/atheris_coverage.py [--runs 25000] [--repeats 3] [--count 1000]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

MAX_LEN = 8192
HARNESS = """
import sys
import atheris

with atheris.instrument_imports():
    from hubspot.crm.objects.calls import ApiClient

client = ApiClient()


class Response:
    def __init__(self, data):
        self.data = data


def test(data):
    try:
        client.deserialize(Response(data), "BatchResponseSimplePublicObjectWithErrors")
    except Exception:
        pass


atheris.Setup(sys.argv, test)
atheris.Fuzz()
"""
_COVERAGE = re.compile(r"#\d+\s+(\w+)\s+cov: (\d+) ft: (\d+)")


def fuzz(
    harness: Path, seeds: Path, runs: int, dictionary: Path | None, seed: int
) -> tuple[int, ...]:
    """(edges, features) after the seeds, then after ``runs`` executions with libFuzzer's
    ``seed`` (its runs are deterministic for a seed: repeats differ by seed)."""
    with tempfile.TemporaryDirectory() as grown:
        command = [sys.executable, str(harness), grown, str(seeds), f"-runs={runs}",
                   f"-max_len={MAX_LEN}", f"-seed={seed}", "-print_final_stats=0"]  # fmt: skip
        if dictionary is not None:
            command.append(f"-dict={dictionary}")
        result = subprocess.run(command, capture_output=True, text=True, timeout=3600,
                                check=False)  # fmt: skip
    lines = _COVERAGE.findall(result.stderr)
    inited = [line for line in lines if line[0] == "INITED"]
    if not inited:
        raise RuntimeError(result.stderr[-2000:])
    last = lines[-1]
    return int(inited[0][1]), int(inited[0][2]), int(last[1]), int(last[2])


def corpora(scratch: Path, count: int) -> dict[str, Path]:
    """Each corpus by name: ours (schema-pure, the default profile) and ours minimized, the
    same two in the realistic profile, 500 jsf documents, and an empty corpus."""
    from run import CONTENDERS, run_contender, venv_python

    found: dict[str, Path] = {}
    cli = [sys.executable, "-c", "from batchcalls_fuzz.cli import main; main()"]
    common = ["--count", str(count), "--coverage", "--max-bytes", str(MAX_LEN), "--jobs", "2"]
    for profile, suffix in (("schema", ""), ("realistic", ", realistic")):
        for extra, name in (([], "ours"), (["--minimize"], "ours, minimized")):
            folder = scratch / f"{profile}{len(extra)}"
            subprocess.run([*cli, "corpus", str(folder), *common, "--profile", profile, *extra],
                           check=True, capture_output=True)  # fmt: skip
            found[name + suffix] = folder / "seeds"
    packages, script = CONTENDERS["jsf"]
    python = venv_python("jsf", packages, build=True)
    if python is not None:
        _, documents = run_contender(python, script, 500)
        jsf = scratch / "jsf"
        jsf.mkdir()
        for number, document in enumerate(documents):
            (jsf / f"{number:04d}").write_text(json.dumps(document))
        found["jsf (500)"] = jsf
    empty = scratch / "empty"
    empty.mkdir()
    found["empty"] = empty
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=25_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--count", type=int, default=1000, help="our corpus: inputs per kind")
    args = parser.parse_args()
    for module in ("atheris", "hubspot"):
        if importlib.util.find_spec(module) is None:
            print(f"skipped: {module} is not installed (pip install atheris hubspot-api-client)")
            return
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        harness = scratch / "harness.py"
        harness.write_text(HARNESS)
        dictionary = scratch / "batchcalls.dict"
        dictionary.write_text(subprocess.run(
            [sys.executable, "-c", "from batchcalls_fuzz.cli import main; main()", "dict"],
            capture_output=True, text=True, check=True).stdout)  # fmt: skip
        found = corpora(scratch, args.count)
        print(f"atheris on hubspot-api-client, {args.runs} executions, -max_len={MAX_LEN}, "
              f"medians of {args.repeats}")  # fmt: skip
        header = ["corpus", "files", "dict", "seeds: edges", "seeds: ft", "after: edges",
                  "after: ft"]  # fmt: skip
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        results: dict[tuple[str, bool], list[float]] = {}
        sizes: dict[str, int] = {}
        for name, seeds in found.items():
            files = sizes[name] = sum(1 for p in seeds.rglob("*") if p.is_file())
            # The realistic corpora run without the dictionary only, to keep the bench short.
            for with_dict in (False,) if name.endswith("realistic") else (False, True):
                runs = [fuzz(harness, seeds, args.runs, dictionary if with_dict else None,
                             seed=repeat + 1) for repeat in range(args.repeats)]  # fmt: skip
                medians = [statistics.median(r[i] for r in runs) for i in range(4)]
                results[(name, with_dict)] = medians
                cells = [name, str(files), "yes" if with_dict else "no",
                         *(f"{m:.0f}" for m in medians)]  # fmt: skip
                print("| " + " | ".join(cells) + " |", flush=True)
        for suffix in ("", ", realistic"):
            full, small = "ours" + suffix, "ours, minimized" + suffix
            share = sizes[small] / sizes[full]
            edges = results[(small, False)][0] / results[(full, False)][0]
            print(f"minimized / full{suffix}, edges after the seeds: {edges:.3f}; files: "
                  f"{sizes[small]} of {sizes[full]} ({share:.0%})")  # fmt: skip
        if ("jsf (500)", False) in results:
            for name, with_dict in (("ours", False), ("ours", True), ("ours, realistic", False)):
                ours, jsf = results[(name, with_dict)], results[("jsf (500)", with_dict)]
                print(f"{name} / jsf, features after {args.runs} executions"
                      f"{' (dict)' if with_dict else ''}: {ours[3] / jsf[3]:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
