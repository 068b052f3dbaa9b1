#!/usr/bin/env python3
"""Time keraslint and Ruff on generated files of growing size (issue 8: quadratic analysis).

Why this script exists: a linter must stay near-linear in a file's size; a file of thousands
of builder functions once took 57 s at 512 KB and never finished at 5 MB. This script writes one
generated file per (shape, size) from `tests/scaling_programs.py`, then times, as separate
subprocesses from start to exit, `keraslint check --exit-zero -j 1` and `ruff check --isolated
--no-cache --exit-zero` on it, interleaved per size so that machine drift hits both alike. It
prints the CPU seconds (user + system) each process used, which a busy shared machine inflates
far less than wall time, and the keraslint/Ruff ratio; claims are ratios within one run. A run
over `--timeout` wall seconds is reported as such.

Usage::

    python scripts/benchmark_scaling.py                          # builders at 256 KB, 512 KB, 5 MB
    python scripts/benchmark_scaling.py --shape classes --kb 100 1000 --repeat 3
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from scaling_programs import SHAPES


def generate(shape: str, kilobytes: int) -> str:
    """The shape's program grown until it reaches `kilobytes` (by doubling, then bisecting)."""
    target = kilobytes * 1024
    make = SHAPES[shape]
    low, high = 1, 2
    while len(make(high)) < target:
        low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if len(make(middle)) < target else (low, middle)
    return make(high)


def keraslint_command() -> list[str]:
    """`python -m keraslint` of this interpreter: PYTHONPATH picks another checkout to compare."""
    return [sys.executable, "-m", "keraslint"]


def timed(command: list[str], timeout: float) -> float | None:
    """CPU seconds (user + system) the command used, None if it ran over `timeout` wall seconds."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + timeout
    while True:
        pid, _, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = 0  # reaped here: keep Popen from waiting on it again
            return usage.ru_utime + usage.ru_stime
        if time.monotonic() > deadline:
            process.kill()
            process.wait()
            return None
        time.sleep(0.02)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shape", default="builders", choices=sorted(SHAPES))
    parser.add_argument("--kb", type=int, nargs="+", default=[256, 512, 5120])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=600.0)
    args = parser.parse_args()
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    tools = {"keraslint": lambda path: keraslint_command() + [
        "check", "--exit-zero", "--output-format", "concise", "-j", "1", str(path)]}
    if ruff:
        tools["ruff"] = lambda path: [ruff, "check", "--isolated", "--no-cache", "--exit-zero",
                                      str(path)]
    print(f"shape {args.shape}; median of {args.repeat} run(s); timeout {args.timeout:.0f} s")
    with tempfile.TemporaryDirectory() as directory:
        for kilobytes in args.kb:
            path = Path(directory) / f"{args.shape}_{kilobytes}kb.py"
            path.write_text(generate(args.shape, kilobytes), encoding="utf-8")
            runs: dict[str, list] = {name: [] for name in tools}
            for _ in range(args.repeat):
                for name, command in tools.items():
                    runs[name].append(timed(command(path), args.timeout))
            cells = []
            for name, seconds in runs.items():
                done = [s for s in seconds if s is not None]
                finished = len(done) == len(seconds)
                cells.append(f"{name} {statistics.median(done):.2f} CPU s" if finished
                             else f"{name} > {args.timeout:.0f} s (timeout)")
            ratio = ""
            if ruff and all(runs["ruff"]) and all(runs["keraslint"]):
                times = statistics.median(runs["keraslint"]) / statistics.median(runs["ruff"])
                ratio = f"  keraslint/ruff {times:.0f}x"
            size = path.stat().st_size // 1024
            print(f"{size:>6} KB  " + "  ".join(cells) + ratio, flush=True)


if __name__ == "__main__":
    main()
