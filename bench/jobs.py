"""How `sample --jobs 2` and `corpus --jobs 2` scale against `--jobs 1`, with the CPU time
they take (this process and its workers), in interleaved rounds (1 2 1 2 ...).

    python bench/jobs.py                   # sample lines: valid and invalid, 6,000 a turn
    python bench/jobs.py --count 20000 --rounds 5 --export 3000   # and 9,000 corpus files

The wall-time speedup needs two idle cores; the CPU ratio (jobs 2 over jobs 1, parent and
workers together) shows the cost of parallelism itself whatever else runs on the machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from batchcalls_fuzz.derive import sampling
from batchcalls_fuzz.export.layout import KINDS
from batchcalls_fuzz.strategies import bundled_schema

Run = Callable[[int], bytes]


def cpu() -> tuple[float, float]:
    """CPU seconds of this process, and of the children it has waited for."""
    now = os.times()
    return now.user + now.system, now.children_user + now.children_system


def measured(run: Run, jobs: int) -> tuple[float, float, float, bytes]:
    """Wall seconds, own CPU seconds, workers' CPU seconds, and the output."""
    own, children = cpu()
    start = time.perf_counter()
    output = run(jobs)
    wall = time.perf_counter() - start
    own_after, children_after = cpu()
    return wall, own_after - own, children_after - children, output


def sample(kind: str, count: int) -> Run:
    root = bundled_schema().root
    return lambda jobs: b"".join(sampling.lines(kind, 1, count, root, jobs=jobs))


def export(count: int, scratch: Path) -> Run:
    """`corpus` of every kind (``count`` inputs each) into a new folder under ``scratch``."""

    def run(jobs: int) -> bytes:
        # Each export's folder stays until the table is printed: without a journal, ext4
        # skips recently freed inodes when it makes a file, so an export that follows the
        # removal of another one's thousands of files pays for them.
        out = tempfile.mkdtemp(dir=scratch)
        command = "from batchcalls_fuzz.cli import main; main()"
        options = ["--count", str(count), "--jobs", str(jobs)]
        subprocess.run(
            [sys.executable, "-c", command, "corpus", out, *options],
            capture_output=True,
            check=True,
        )
        return b""

    return run


def compare(name: str, run: Run, count: int, rounds: int, in_process: bool = True) -> list[str]:
    """A row of the table; ``in_process``: the parent of the workers is this process (else a
    command, whose parent and workers are all children here)."""
    run(1)  # compiled once, as a long-running process would have it
    speedups, cpu_ratios, overheads = [], [], []
    for number in range(1, rounds + 1):
        one = measured(run, 1)
        two = measured(run, 2)
        if one[3] != two[3]:
            raise SystemExit(f"{name}: --jobs 2 wrote other bytes than --jobs 1")
        speedups.append(one[0] / two[0])
        cpu_ratios.append((two[1] + two[2]) / (one[1] + one[2]))
        overheads.append(two[1] / (two[1] + two[2]))
        print(
            f"  round {number}/{rounds}  {name:<22}  jobs 1 {count / one[0]:>8,.0f}/s "
            f"cpu {one[1] + one[2]:.2f} s   jobs 2 {count / two[0]:>8,.0f}/s "
            f"cpu {two[1]:.2f} s parent + {two[2]:.2f} s workers",
            flush=True,
        )
    return [
        name,
        f"{statistics.median(speedups):.2f}x",
        f"{statistics.median(cpu_ratios):.2f}x",
        f"{statistics.median(overheads):.1%}" if in_process else "-",
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=6000, help="lines a turn")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--export", type=int, default=0, help="corpus inputs of each kind a turn (0: skip)"
    )
    parser.add_argument(
        "--into",
        default=None,
        help="folder under which the corpora go (default: the system's temporary folder); "
        "a tmpfs such as /dev/shm leaves the disk out",
    )
    args = parser.parse_args(argv)
    rows = [
        compare(f"sample --kind {kind}", sample(kind, args.count), args.count, args.rounds)
        for kind in ("valid", "invalid")
    ]
    if args.export:
        with tempfile.TemporaryDirectory(dir=args.into) as scratch:
            run = export(args.export, Path(scratch))
            files = args.export * len(KINDS)
            rows.append(compare("corpus (every kind)", run, files, args.rounds, False))
    header = ["", "wall jobs 2 / jobs 1", "CPU jobs 2 / jobs 1", "parent's share of CPU"]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    print()
    for row in [header, ["-" * w for w in widths], *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    print(f"\n{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
