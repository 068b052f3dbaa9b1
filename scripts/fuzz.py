#!/usr/bin/env python3
"""Fuzz keraslint for longer than the test suite can: generated programs and damaged real ones.

The suite's property tests (`tests/test_robustness.py`) run a fixed, derandomized sample in
seconds; this script searches at random for as long as you let it. Inputs come from two
sources, alternating:

* `hypothesmith.from_grammar()` programs (syntactically plausible Python of any shape),
  prefixed with `import keras` so that the analysis and every rule run;
* real programs (`fixtures/`, `evaluation/` and any `--corpus` directory) damaged at random:
  truncated, spliced with stray bytes, BOMs, form feeds, unterminated strings, deep brackets
  and long expression chains, lines dropped, duplicated or dedented.

Each input is linted by `lint_source` in a supervised worker (`engine.isolation`), as the CLI
lints files. Anything but findings and located syntax/decode/parse errors — a worker that
died or overran, an exception that escaped, a rule that raised — is a failure; its input is
saved under `--out` to reproduce it with `keraslint check FILE`. Exit status 1 on failures.

Usage::

    python scripts/fuzz.py --seconds 600 --seed 1 --out fuzz-failures
    python scripts/fuzz.py --seconds 60 --corpus .corpora/keras
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
import time
import warnings
from collections import Counter
from pathlib import Path

from keraslint.engine.isolation import Failure, WorkerPool
from keraslint.engine.runner import lint_source
from keraslint.rules import all_rules

REPO = Path(__file__).resolve().parent.parent
EXPECTED = {"syntax-error", "decode-error", "parse-error", "too-deep"}
DAMAGE = [b"\xff\xfe", b"\x00", b"\r", b"\f", b"'''", b'"', b"\\\n", "\ufeff".encode(), b"\t",
          b"\n    ", b"):", b"lambda: ", b"not ", b"await ", b"yield ", b"*", b"@"]
_RULES = None


def lint(source: bytes) -> tuple[int, list[tuple[str, str]]]:
    global _RULES
    if _RULES is None:
        _RULES = [cls() for cls in all_rules().values()]
    result = lint_source(source, "fuzz.py", _RULES)
    return len(result.findings), [(e.kind, e.message) for e in result.errors]


def generated(count: int, seed: int) -> list[bytes]:
    import hypothesmith
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as hypothesis_seed
    from hypothesis.errors import NonInteractiveExampleWarning

    programs: list[bytes] = []

    @hypothesis_seed(seed)
    @settings(max_examples=count, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(hypothesmith.from_grammar())
    def collect(program: str) -> None:
        programs.append(("import keras\n" + program).encode("utf-8", "surrogatepass"))

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NonInteractiveExampleWarning)
        collect()
    return programs


def damaged(sources: list[bytes], count: int, rng: random.Random) -> list[bytes]:
    out = []
    for _ in range(count):
        data = rng.choice(sources)
        for _ in range(rng.randint(1, 4)):
            at = rng.randint(0, len(data))
            action = rng.random()
            if action < 0.35:
                piece = rng.choice(DAMAGE)
            elif action < 0.5:
                depth = rng.choice([50, 150, 199, 201, 400, 1500, 3000])
                opener = rng.choice([b"(", b"[", b"{", b"f("])
                closer = {b"(": b")", b"[": b"]", b"{": b"}", b"f(": b")"}[opener]
                piece = opener * depth + b"1" + closer * depth
            elif action < 0.65:
                length = rng.choice([100, 1000, 2900, 3100, 6000])
                piece = rng.choice([b"+1", b".a", b"[0]", b"()", b"-", b"**2"]) * length
            elif action < 0.8:
                piece = b""
                data = data[:at] + data[at + rng.randint(1, 200):]
            else:
                start = data.rfind(b"\n", 0, at) + 1
                piece = data[start:at]  # duplicate the start of a line
            data = data[:at] + piece + data[at:]
        out.append(data)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--corpus", type=Path, action="append", default=[])
    parser.add_argument("--out", type=Path, default=Path("fuzz-failures"))
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    roots = [REPO / "fixtures", REPO / "evaluation", *args.corpus]
    sources = [p.read_bytes() for root in roots for p in sorted(root.rglob("*.py"))]
    started, deadline = time.perf_counter(), time.perf_counter() + args.seconds
    tried, kinds, failures, round_ = 0, Counter(), 0, 0
    pool = WorkerPool(lint, args.jobs)
    while time.perf_counter() < deadline:
        round_ += 1
        batch = (generated(args.batch // 2, args.seed + round_)
                 + damaged(sources, args.batch // 2, rng))
        for data, outcome in zip(batch, pool.map(batch)):
            tried += 1
            problems = []
            if isinstance(outcome, Failure):
                problems.append((outcome.kind, outcome.detail))
            else:
                problems = [(k, m) for k, m in outcome[1] if k not in EXPECTED]
                kinds.update(k for k, _ in outcome[1])
            for kind, message in problems:
                failures += 1
                kinds[kind] += 1
                args.out.mkdir(parents=True, exist_ok=True)
                name = args.out / f"{kind}-{hashlib.sha1(data).hexdigest()[:12]}.py"
                name.write_bytes(data)
                print(f"FAILURE {kind}: {message} -> {name}", file=sys.stderr)
    print(json.dumps({"inputs": tried, "seconds": round(time.perf_counter() - started, 1),
                      "seed": args.seed, "errors_by_kind": dict(sorted(kinds.items())),
                      "failures": failures}, indent=2))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
