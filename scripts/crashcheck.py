#!/usr/bin/env python3
"""Run keraslint's whole per-file pipeline over every Python file and notebook under DIR...
and count what goes wrong: the evidence behind "no input crashes a run".

Every file is read, screened, parsed, analysed and checked by every rule — with the
keras/tensorflow prefilter off, so that the standard library and any other code exercise
the parser and the analysis too — in supervised worker processes (`engine.isolation`): a
worker that dies or overruns is a *crash* or a *timeout* of that file, never of this script.

Summary: files and megabytes, findings, errors by kind (syntax errors in the standard
library's deliberately broken test files are expected), and the ones that must be zero:
`crash` (a worker died), `timeout` (over the per-file limit), `error` (an exception escaped
the engine) and `rule-error` (a rule raised). Exit status 1 when any of those is non-zero.

Usage::

    python scripts/crashcheck.py "$(python -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')"
    python scripts/crashcheck.py .corpora/keras .corpora/keras-hub --jobs 2 --timeout 120
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

from keraslint.config import DEFAULT_EXCLUDE
from keraslint.engine.isolation import Failure, WorkerPool
from keraslint.engine.runner import lint_source
from keraslint.rules import all_rules

MUST_BE_ZERO = ("crash", "timeout", "memory", "error", "rule-error")
_RULES = None


def python_files(roots: list[Path]) -> list[Path]:
    """Every .py and .ipynb file, in sorted order, skipping keraslint's default excludes
    (site-packages, .git, build, ...): the code that belongs to each tree."""
    found = []
    for root in roots:
        for directory, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d not in DEFAULT_EXCLUDE)
            found += [Path(directory) / f for f in sorted(files) if f.endswith((".py", ".ipynb"))]
    return found


def check_file(path: Path) -> tuple[int, int, list[tuple[str, str]]]:
    """(bytes, findings, [(error kind, message)]) for one file, in a worker."""
    global _RULES
    if _RULES is None:
        _RULES = [cls() for cls in all_rules().values()]
    try:
        source = path.read_bytes()
    except OSError as error:
        return 0, 0, [("io-error", str(error))]
    result = lint_source(source, str(path), _RULES, prefilter=False)
    return len(source), len(result.findings), [(e.kind, e.location() + ": " + e.message)
                                               for e in result.errors]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dirs", nargs="+", type=Path)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--timeout", type=float, default=None,
                        help="seconds per file (default: keraslint's, KERASLINT_FILE_TIMEOUT or 60)")
    parser.add_argument("--json", type=Path, help="also write the summary here")
    parser.add_argument("--show", type=int, default=10, help="examples to print per error kind")
    args = parser.parse_args(argv)

    files = python_files(args.dirs)
    started = time.perf_counter()
    outcomes = WorkerPool(check_file, args.jobs, args.timeout).map(files)
    seconds = time.perf_counter() - started

    kinds: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    size = findings = 0
    for path, outcome in zip(files, outcomes):
        if isinstance(outcome, Failure):
            kinds[outcome.kind] += 1
            examples.setdefault(outcome.kind, []).append(f"{path}: {outcome.detail}")
            continue
        n_bytes, n_findings, errors = outcome
        size += n_bytes
        findings += n_findings
        for kind, message in errors:
            kinds[kind] += 1
            examples.setdefault(kind, []).append(message)
    summary = {
        "dirs": [str(d) for d in args.dirs], "files": len(files), "megabytes": round(size / 1e6, 1),
        "findings": findings, "errors_by_kind": dict(sorted(kinds.items())),
        "crashes": sum(kinds[k] for k in MUST_BE_ZERO), "seconds": round(seconds, 1),
        "jobs": args.jobs, "python": sys.version.split()[0],
    }
    print(json.dumps(summary, indent=2))
    for kind in sorted(examples):
        print(f"\n{kind} ({kinds[kind]}):", file=sys.stderr)
        for line in examples[kind][:args.show]:
            print(f"  {line}", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2) + "\n")
    return 1 if summary["crashes"] else 0


if __name__ == "__main__":
    sys.exit(main())
