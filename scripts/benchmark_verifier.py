#!/usr/bin/env python3
"""Benchmark the runtime verifier: what `--verify` costs per finding once TensorFlow is loaded.

The issue's budget: TensorFlow is imported once per run, and after that each finding costs at
most about one second on 2 CPU cores. This script checks it on the verifiable fixtures
(`fixtures/KL*/buggy_*.py` of the rules in `keraslint.verifier.VERIFIABLE`):

1. the TensorFlow + Keras import, timed in a fresh interpreter (the once-per-run cost; the
   first run after boot is slower, disk-cold, so it is measured `--repeat` times);
2. one `keraslint check --verify --output-format json` over all those files; the per-finding
   cost is each finding's `verification.seconds` (measured inside the child: fresh session,
   running the slice and the experiment);
3. the rest of the wall time (linting, slicing, process start, import) as `overhead`.

Usage: python scripts/benchmark_verifier.py [--timeout S] [--memory MB] [--budget 1.0] [--json]
Exit status 1 when a finding took longer than --budget seconds, so CI can gate on it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from keraslint.verifier import VERIFIABLE

REPO = Path(__file__).resolve().parent.parent
IMPORT = ("import os, time; os.environ['TF_CPP_MIN_LOG_LEVEL'] = '3'; t = time.perf_counter(); "
          "import tensorflow, keras; print(time.perf_counter() - t)")


def fixtures(root: Path) -> list[Path]:
    return sorted(p for code in sorted(VERIFIABLE) for p in (root / code).glob("buggy_*.py"))


def import_seconds(repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", IMPORT], capture_output=True, text=True,
                             check=True)
        times.append(float(out.stdout.strip()))
    return times


def verify_run(files: list[Path], timeout: float, memory: int) -> tuple[list[dict], float]:
    command = [sys.executable, "-m", "keraslint", "check", "--verify", "--exit-zero",
               "--output-format", "json", "--verify-timeout", str(timeout),
               "--verify-memory", str(memory), *map(str, files)]
    started = time.perf_counter()
    out = subprocess.run(command, capture_output=True, text=True, cwd=REPO)
    wall = time.perf_counter() - started
    if out.returncode not in (0, 1):
        sys.exit(f"keraslint check --verify failed ({out.returncode}):\n{out.stderr}")
    return json.loads(out.stdout), wall


def summary(findings: list[dict], imports: list[float], wall: float, files: int) -> dict:
    verified = [f for f in findings if f.get("verification")]
    seconds = [f["verification"]["seconds"] for f in verified]
    per_rule: dict[str, Counter] = {}
    for f in verified:
        per_rule.setdefault(f["code"], Counter())[f["verification"]["verdict"]] += 1
    return {
        "files": files,
        "findings": len(findings),
        "verified": len(verified),
        "tensorflow_import_seconds": {"first": imports[0], "min": min(imports)},
        "per_finding_seconds": {
            "median": statistics.median(seconds) if seconds else None,
            "max": max(seconds, default=None),
            "total": sum(seconds),
        },
        "wall_seconds": wall,
        "overhead_seconds": wall - sum(seconds),
        "verdicts": dict(Counter(f["verification"]["verdict"] for f in verified)),
        "verdicts_by_rule": {code: dict(c) for code, c in sorted(per_rule.items())},
        "slowest": sorted(((f["verification"]["seconds"], _where(f)) for f in verified),
                          reverse=True)[:5],
    }


def _where(finding: dict) -> str:
    path = os.path.relpath(finding["filename"], REPO)
    return f"{path}:{finding['location']['row']} {finding['code']}"


def show(result: dict, budget: float) -> None:
    imports, per = result["tensorflow_import_seconds"], result["per_finding_seconds"]
    print(f"files: {result['files']}, findings: {result['findings']}, "
          f"verified: {result['verified']}")
    print(f"TensorFlow import (once per run): {imports['first']:.2f} s first, "
          f"{imports['min']:.2f} s warm")
    if per["median"] is not None:
        print(f"per finding: median {per['median']:.3f} s, max {per['max']:.3f} s "
              f"(budget {budget:g} s), total {per['total']:.2f} s")
    print(f"wall {result['wall_seconds']:.2f} s, of which outside the findings "
          f"(lint, slice, start, import): {result['overhead_seconds']:.2f} s")
    print("verdicts: " + ", ".join(f"{k} {v}" for k, v in sorted(result["verdicts"].items())))
    for code, counts in result["verdicts_by_rule"].items():
        print(f"  {code}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    for seconds, where in result["slowest"]:
        print(f"  {seconds:7.3f} s  {where}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", type=Path, default=REPO / "fixtures")
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--memory", type=int, default=4096)
    parser.add_argument("--budget", type=float, default=1.0, help="seconds per finding")
    parser.add_argument("--repeat", type=int, default=2, help="times to time the TF import")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args()
    files = fixtures(args.fixtures)
    if not files:
        sys.exit(f"no fixtures/KL*/buggy_*.py of a verifiable rule under {args.fixtures}")
    imports = import_seconds(max(1, args.repeat))
    findings, wall = verify_run(files, args.timeout, args.memory)
    result = summary(findings, imports, wall, len(files))
    result["cores"] = os.cpu_count()
    print(json.dumps(result, indent=2)) if args.json else show(result, args.budget)
    slowest = result["per_finding_seconds"]["max"]
    return 1 if slowest is not None and slowest > args.budget else 0


if __name__ == "__main__":
    sys.exit(main())
