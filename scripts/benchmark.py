#!/usr/bin/env python3
"""Benchmark keraslint against other Python linters on real code.

Why this script exists
----------------------
Any claim about keraslint's speed ("N times faster than flake8", "within
M times of a bare parse") must come from this script, run on the real-code
corpora fetched by ``scripts/fetch_corpora.sh`` (tf-models-official,
keras-hub and keras from PyPI, pinned in ``scripts/corpora.txt``), and must
be stated as a *ratio against other tools measured in the same run*. Absolute
seconds depend on the machine and on its load at the time; ratios taken
within one run, on the same files, the same cores and the same page cache,
carry over far better. The script prints both, so a reader can check.

What it measures
----------------
For each corpus directory (default: every folder in ``.corpora/``) it times,
as a separate subprocess each, from process start to exit (so interpreter
start-up and imports count, as they do for a user):

* ``keraslint``: ``keraslint check --exit-zero --output-format concise PATH``
  (the installed console script, else ``python -m keraslint``, else the
  package in ``src/`` via PYTHONPATH). Reported "not available" if missing.
* ``ruff-default``: ``ruff check --isolated --no-cache --exit-zero`` with
  ruff's default rule set (E4, E7, E9, F).
* ``ruff-all``: the same with ``--select ALL`` (every stable rule; D203 and
  D213 are ignored only to silence ruff's "incompatible rules" warnings,
  ruff drops them anyway).
* ``flake8``: ``flake8 --isolated --exit-zero -j JOBS`` (default plugins:
  pycodestyle, pyflakes, mccabe), if installed.
* ``pylint``: ``pylint --rcfile=/dev/null --exit-zero -j JOBS --recursive=y``,
  only with ``--with-pylint`` (it is slow: minutes per corpus).
* ``libcst-parse``: a baseline implemented in this file: read every ``.py``
  file and ``libcst.parse_module`` it, in JOBS worker processes (largest
  files first). No linter built on LibCST can beat it with the same number
  of processes, so it shows how much of keraslint's time is parsing.

ruff and flake8 run with ``--isolated`` and pylint with an empty rcfile, and
every tool runs in an empty temporary working directory, so no project
configuration (this repository's pyproject.toml included) changes what they
check. Each tool's stdout and stderr go to files: the report gives exit
status, the number of stdout lines (roughly, diagnostics) and of stderr
lines, so a crash or a tool that checked nothing is visible rather than
looking fast. For ruff, an untimed ``--show-files`` run also checks that it
saw every file of the corpus.

Determinism: corpora, files and tools are processed in a fixed, sorted
order; runs are interleaved (round 1 of every tool, then round 2, ...) so
that slow drift of the machine hits all tools alike; with ``--repeat N`` the
table reports the median (or ``--stat min``) of the N timed runs, and the
JSON keeps every run. Lines are counted as newline characters plus one for
an unterminated last line, like ``scripts/fetch_corpora.sh``.

Only the standard library is used, plus libcst for the baseline.

Usage::

    scripts/fetch_corpora.sh
    python scripts/benchmark.py                       # all of .corpora/
    python scripts/benchmark.py --repeat 5 --json bench.json
    python scripts/benchmark.py --corpus .corpora/keras --with-pylint
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import json
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPORA_ROOT = REPO_ROOT / ".corpora"
BASELINE_TOOL = "keraslint"
ALL_TOOLS = ("keraslint", "ruff-default", "ruff-all", "flake8", "pylint", "libcst-parse")
DEFAULT_TOOLS = tuple(t for t in ALL_TOOLS if t != "pylint")


# ---------------------------------------------------------------------------
# Corpora
# ---------------------------------------------------------------------------


def count_lines(data: bytes) -> int:
    """Newline characters, plus one for a last line without a newline."""
    return data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)


def python_files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*.py") if p.is_file())


@dataclass
class Corpus:
    path: Path
    label: str
    files: int
    lines: int
    bytes: int


def load_corpus(path: Path) -> Corpus:
    path = path.resolve()
    if not path.exists():
        sys.exit(f"benchmark: corpus not found: {path} (run scripts/fetch_corpora.sh?)")
    files = python_files(path)
    if not files:
        sys.exit(f"benchmark: no .py files under {path}")
    lines = size = 0
    for f in files:  # reading everything here also warms the page cache
        data = f.read_bytes()
        lines += count_lines(data)
        size += len(data)
    label = path.name
    marker = path / ".fetched"  # written by fetch_corpora.sh: first line is NAME==VERSION
    if marker.is_file():
        first = marker.read_text(encoding="utf-8").splitlines()[:1]
        if first:
            label = first[0]
    return Corpus(path=path, label=label, files=len(files), lines=lines, bytes=size)


def default_corpora() -> list[Path]:
    if not DEFAULT_CORPORA_ROOT.is_dir():
        sys.exit(
            f"benchmark: {DEFAULT_CORPORA_ROOT} does not exist; run scripts/fetch_corpora.sh "
            "or pass --corpus PATH"
        )
    dirs = sorted(
        p for p in DEFAULT_CORPORA_ROOT.iterdir() if p.is_dir() and not p.name.startswith(".")
    )
    if not dirs:
        sys.exit(f"benchmark: no corpora in {DEFAULT_CORPORA_ROOT}; run scripts/fetch_corpora.sh")
    return dirs


# ---------------------------------------------------------------------------
# Tools
# ---------------------------------------------------------------------------


@dataclass
class Tool:
    name: str
    description: str
    prefix: list[str] = field(default_factory=list)  # argv before the corpus path
    suffix: list[str] = field(default_factory=list)  # argv after the corpus path
    env: dict[str, str] = field(default_factory=dict)  # added to the environment
    version: str | None = None
    available: bool = True
    reason: str = ""  # why not available
    notes: list[str] = field(default_factory=list)
    show_files: list[str] | None = None  # argv prefix listing the files checked (ruff)

    def argv(self, path: Path) -> list[str]:
        return [*self.prefix, str(path), *self.suffix]

    def command_text(self) -> str:
        env = " ".join(f"{k}={v}" for k, v in sorted(self.env.items()))
        cmd = " ".join([*self.prefix, "PATH", *self.suffix])
        return f"{env} {cmd}" if env else cmd


def find_command(exe: str, module: str | None) -> list[str] | None:
    """An executable next to this interpreter, on PATH, or ``python -m module``."""
    sibling = Path(sys.executable).parent / exe  # a venv's bin/, even if not activated
    if sibling.is_file() and os.access(sibling, os.X_OK):
        return [str(sibling)]
    found = shutil.which(exe)
    if found:
        return [found]
    if module and importlib.util.find_spec(module) is not None:
        return [sys.executable, "-m", module]
    return None


def quick_run(
    argv: list[str], env: dict[str, str] | None = None, timeout: float = 120
) -> tuple[int, str, str]:
    try:
        proc = subprocess.run(
            argv,
            check=False,
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, **(env or {})},
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return -1, "", f"{type(exc).__name__}: {exc}"
    return proc.returncode, proc.stdout, proc.stderr


def first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


def last_line(text: str) -> str:
    for line in reversed(text.splitlines()):
        if line.strip():
            return line.strip()
    return ""


def tool_version(argv: list[str], env: dict[str, str] | None = None) -> str | None:
    rc, out, err = quick_run([*argv, "--version"], env)
    if rc != 0:
        return None
    return first_line(out) or first_line(err) or None


def make_keraslint() -> Tool:
    tool = Tool("keraslint", "keraslint's own rules (default configuration)")
    cmd = find_command("keraslint", None)
    env: dict[str, str] = {}
    if cmd is None and importlib.util.find_spec("keraslint") is not None:
        cmd = [sys.executable, "-m", "keraslint"]
    if cmd is None and (REPO_ROOT / "src" / "keraslint" / "__main__.py").is_file():
        cmd = [sys.executable, "-m", "keraslint"]
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(REPO_ROOT / "src"), os.environ.get("PYTHONPATH", "")) if p
        )
        tool.notes.append("not installed: run from src/ via PYTHONPATH")
    if cmd is None:
        tool.available = False
        tool.reason = "not available (no keraslint executable or importable package)"
        return tool
    rc, out, err = quick_run([*cmd, "check", "--help"], env)
    if rc != 0:
        tool.available = False
        why = last_line(err) or last_line(out) or f"exit {rc}"
        tool.reason = f"not available (`{' '.join(cmd)} check --help` failed: {why})"
        return tool
    flags = []
    for flag, value in (("--exit-zero", None), ("--output-format", "concise")):
        if flag in out:
            flags += [flag] if value is None else [flag, value]
        else:
            tool.notes.append(f"`check` has no {flag} option: run without it")
    tool.prefix = [*cmd, "check", *flags]
    tool.env = env
    tool.version = tool_version(cmd, env)
    return tool


def make_ruff(rules: str) -> Tool:
    name = f"ruff-{rules}"
    cmd = find_command("ruff", "ruff")
    if cmd is None:
        return Tool(name, "", available=False, reason="not available (ruff not installed)")
    common = ["check", "--isolated", "--no-cache", "--exit-zero", "--output-format", "concise"]
    if rules == "default":
        select: list[str] = []
        desc = "ruff's default rules (E4, E7, E9, F)"
    else:
        select = ["--select", "ALL", "--ignore", "D203,D213"]
        desc = "every stable ruff rule (--select ALL)"
    return Tool(
        name,
        desc,
        prefix=[*cmd, *common, *select],
        version=tool_version(cmd),
        show_files=[*cmd, "check", "--isolated", "--no-cache", "--show-files", *select],
    )


def make_flake8(jobs: int) -> Tool:
    cmd = find_command("flake8", "flake8")
    if cmd is None:
        return Tool("flake8", "", available=False, reason="not available (flake8 not installed)")
    version = tool_version(cmd)
    return Tool(
        "flake8",
        "flake8's default checks (pycodestyle, pyflakes, mccabe)",
        prefix=[*cmd, "--isolated", "--exit-zero", "-j", str(jobs)],
        version=version.split(" (")[0] if version else None,
    )


def make_pylint(jobs: int) -> Tool:
    cmd = find_command("pylint", "pylint")
    if cmd is None:
        return Tool("pylint", "", available=False, reason="not available (pylint not installed)")
    return Tool(
        "pylint",
        "pylint's default checks",
        prefix=[*cmd, "--rcfile", os.devnull, "--exit-zero", "-j", str(jobs), "--recursive=y"],
        version=tool_version(cmd),
    )


def make_libcst_parse(jobs: int) -> Tool:
    tool = Tool("libcst-parse", f"baseline: libcst.parse_module on every file, {jobs} processes")
    if importlib.util.find_spec("libcst") is None:
        tool.available = False
        tool.reason = f"not available (libcst not importable by {sys.executable})"
        return tool
    tool.prefix = [sys.executable, str(Path(__file__).resolve()), "--libcst-worker"]
    tool.suffix = ["--jobs", str(jobs)]
    from importlib.metadata import version

    tool.version = f"libcst {version('libcst')}"
    return tool


def make_tools(names: list[str], jobs: int) -> list[Tool]:
    factories = {
        "keraslint": make_keraslint,
        "ruff-default": lambda: make_ruff("default"),
        "ruff-all": lambda: make_ruff("all"),
        "flake8": lambda: make_flake8(jobs),
        "pylint": lambda: make_pylint(jobs),
        "libcst-parse": lambda: make_libcst_parse(jobs),
    }
    return [factories[n]() for n in ALL_TOOLS if n in names]


# ---------------------------------------------------------------------------
# The libcst-parse baseline (runs in its own subprocess, like the other tools)
# ---------------------------------------------------------------------------


def _parse_one(path: str) -> tuple[str, float, str | None, str | None]:
    import libcst

    data = Path(path).read_bytes()
    start = time.perf_counter()
    try:
        libcst.parse_module(data)
    except Exception as exc:  # noqa: BLE001 - every failure is reported, by type
        message = first_line(str(exc))[:200]
        return path, time.perf_counter() - start, type(exc).__name__, message
    return path, time.perf_counter() - start, None, None


def libcst_worker(root: Path, jobs: int) -> int:
    """Parse every .py file under root; print failures, then one JSON summary line."""
    import multiprocessing

    import libcst  # noqa: F401 - imported before forking so workers share it

    files = python_files(root)
    # Largest first, then by path: a deterministic order that balances the workers.
    files.sort(key=lambda p: (-p.stat().st_size, str(p)))
    paths = [str(p) for p in files]
    if jobs <= 1:
        results = [_parse_one(p) for p in paths]
    else:
        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        with ctx.Pool(jobs) as pool:
            results = list(pool.imap_unordered(_parse_one, paths, chunksize=1))
    results.sort(key=lambda r: r[0])
    failures = [r for r in results if r[2] is not None]
    for path, _, exc_type, message in failures:
        print(f"{path}: {exc_type}: {message}")
    slowest = sorted(results, key=lambda r: (-r[1], r[0]))[:5]
    summary = {
        "files": len(results),
        "failures": [{"path": p, "type": t, "message": m} for p, _, t, m in failures],
        "slowest_files": [{"path": p, "seconds": round(s, 4)} for p, s, _, _ in slowest],
        "parse_seconds_sum": round(sum(r[1] for r in results), 4),
    }
    print("LIBCST-SUMMARY " + json.dumps(summary, sort_keys=True))
    return 0


# ---------------------------------------------------------------------------
# Running and timing
# ---------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    cpu_seconds: float
    exit: int | None  # None: timed out
    stdout_lines: int
    stderr_lines: int
    stderr_head: list[str]
    libcst: dict[str, Any] | None = None


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_tool(tool: Tool, corpus: Path, cwd: Path, timeout: float) -> Run:
    env = {**os.environ, "NO_COLOR": "1", "PYTHONHASHSEED": "0", **tool.env}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        cpu0 = children_cpu()
        start = time.perf_counter()
        proc = subprocess.Popen(
            tool.argv(corpus),
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            start_new_session=True,  # so a timeout can end the tool's own workers too
        )
        try:
            code: int | None = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            code = None
        seconds = time.perf_counter() - start
        cpu = children_cpu() - cpu0
        out.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    out_lines = stdout.splitlines()
    err_lines = stderr.splitlines()
    libcst_summary = None
    if tool.name == "libcst-parse" and out_lines and out_lines[-1].startswith("LIBCST-SUMMARY "):
        libcst_summary = json.loads(out_lines.pop()[len("LIBCST-SUMMARY ") :])
    return Run(
        seconds=seconds,
        cpu_seconds=cpu,
        exit=code,
        stdout_lines=len(out_lines),
        stderr_lines=len(err_lines),
        stderr_head=err_lines[:10],
        libcst=libcst_summary,
    )


def files_seen_by(tool: Tool, corpus: Path) -> int | None:
    if tool.show_files is None:
        return None
    rc, out, _ = quick_run([*tool.show_files, str(corpus)])
    if rc != 0:
        return None
    return sum(1 for line in out.splitlines() if line.strip().endswith(".py"))


# ---------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------


@dataclass
class Result:
    tool: Tool
    runs: list[Run]
    files_seen: int | None = None

    def stat(self, how: str) -> float:
        times = [r.seconds for r in self.runs]
        return min(times) if how == "min" else statistics.median(times)

    @property
    def status(self) -> str:
        if any(r.exit is None for r in self.runs):
            return "TIMEOUT"
        bad = sorted({r.exit for r in self.runs if r.exit != 0})
        if bad:
            return "EXIT " + ",".join(str(b) for b in bad)
        if any(r.stderr_lines for r in self.runs):
            return "ok+stderr"
        return "ok"


def fmt_ratio(value: float | None) -> str:
    if value is None:
        return "n/a"
    if value >= 10:
        return f"{value:.1f}x"
    return f"{value:.2f}x" if value >= 0.1 else f"{value:.2g}x"


def print_table(rows: list[list[str]], right: set[int]) -> None:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for n, row in enumerate(rows):
        cells = [
            c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths))
        ]
        print("  " + "  ".join(cells).rstrip())
        if n == 0:
            print("  " + "  ".join("-" * w for w in widths))


def report_corpus(
    corpus: Corpus, results: list[Result], unavailable: list[Tool], args: argparse.Namespace
) -> dict[str, Any]:
    stat_name = "median" if args.stat == "median" else "best"
    print()
    print(
        f"{corpus.label}  ({corpus.path})\n"
        f"  {corpus.files:,} files, {corpus.lines:,} lines; {stat_name} of {args.repeat} run(s)"
    )
    base = next(
        (r for r in results if r.tool.name == args.baseline and r.status in ("ok", "ok+stderr")),
        None,
    )
    base_time = base.stat(args.stat) if base else None
    header = [
        "tool",
        "status",
        "seconds",
        "min",
        "max",
        "cpu s",
        "lines/s",
        f"t / t({args.baseline})",
        "stdout",
        "stderr",
    ]
    rows = [header]
    data: list[dict[str, Any]] = []
    for res in results:
        t = res.stat(args.stat)
        clean = res.status in ("ok", "ok+stderr")
        ratio = t / base_time if base_time and clean else None
        cpu = statistics.median(r.cpu_seconds for r in res.runs)
        rows.append(
            [
                res.tool.name,
                res.status,
                f"{t:.3f}",
                f"{min(r.seconds for r in res.runs):.3f}",
                f"{max(r.seconds for r in res.runs):.3f}",
                f"{cpu:.2f}",
                f"{corpus.lines / t:,.0f}" if clean else "-",
                fmt_ratio(ratio),
                f"{max(r.stdout_lines for r in res.runs):,}",
                f"{max(r.stderr_lines for r in res.runs):,}",
            ]
        )
        data.append(
            {
                "tool": res.tool.name,
                "status": res.status,
                "seconds": round(t, 4),
                "lines_per_second": round(corpus.lines / t, 1),
                "ratio_to_baseline": round(ratio, 4) if ratio else None,
                "files_seen": res.files_seen,
                "runs": [
                    {
                        "seconds": round(r.seconds, 4),
                        "cpu_seconds": round(r.cpu_seconds, 4),
                        "exit": r.exit,
                        "stdout_lines": r.stdout_lines,
                        "stderr_lines": r.stderr_lines,
                        "stderr_head": r.stderr_head,
                    }
                    for r in res.runs
                ],
                **({"libcst": res.runs[-1].libcst} if res.runs[-1].libcst else {}),
            }
        )
    for tool in unavailable:
        rows.append([tool.name, "n/a", "-", "-", "-", "-", "-", "-", "-", "-"])
    print_table(rows, right=set(range(2, len(header))))
    # Notes: anything that makes a number suspicious.
    for res in results:
        worst = max(res.runs, key=lambda r: (r.exit != 0, r.stderr_lines))
        if worst.exit != 0 or worst.stderr_lines:
            how = "timed out" if worst.exit is None else f"exit {worst.exit}"
            print(f"  ! {res.tool.name}: {how}, {worst.stderr_lines} stderr line(s):")
            for line in worst.stderr_head[:3]:
                print(f"      {line[:150]}")
        if res.files_seen is not None and res.files_seen != corpus.files:
            print(f"  ! {res.tool.name} checked {res.files_seen} of {corpus.files} files")
        summary = res.runs[-1].libcst
        if summary is not None:
            fails = summary["failures"]
            if summary["files"] != corpus.files:
                print(f"  ! libcst-parse parsed {summary['files']} of {corpus.files} files")
            if fails:
                print(f"  ! libcst failed to parse {len(fails)} file(s):")
                for f in fails:
                    print(
                        f"      {os.path.relpath(f['path'], corpus.path)}: {f['type']}: {f['message'][:100]}"
                    )
            slow = summary["slowest_files"][:3]
            print(
                "  libcst-parse slowest files: "
                + ", ".join(
                    f"{os.path.relpath(s['path'], corpus.path)} {s['seconds']:.2f}s" for s in slow
                )
            )
    if base is None:
        print(
            f"  (no ratios: {args.baseline} is not available or did not run cleanly; --baseline picks another tool)"
        )
    return {
        "corpus": corpus.label,
        "path": str(corpus.path),
        "files": corpus.files,
        "lines": corpus.lines,
        "bytes": corpus.bytes,
        "results": data,
    }


def report_totals(
    corpora: list[Corpus], per_corpus: list[list[Result]], args: argparse.Namespace
) -> dict[str, Any]:
    total_lines = sum(c.lines for c in corpora)
    names = [r.tool.name for r in per_corpus[0]]
    sums: dict[str, float] = {}
    clean: dict[str, bool] = {}
    for name in names:
        results = [next(r for r in rs if r.tool.name == name) for rs in per_corpus]
        sums[name] = sum(r.stat(args.stat) for r in results)
        clean[name] = all(r.status in ("ok", "ok+stderr") for r in results)
    base_time = sums.get(args.baseline) if clean.get(args.baseline) else None
    print()
    print(
        f"all {len(corpora)} corpora  ({sum(c.files for c in corpora):,} files, {total_lines:,} lines; sum of per-corpus {args.stat}s)"
    )
    rows = [["tool", "seconds", "lines/s", f"t / t({args.baseline})"]]
    out = []
    for name in names:
        ratio = sums[name] / base_time if base_time and clean[name] else None
        rows.append(
            [
                name + ("" if clean[name] else " (!)"),
                f"{sums[name]:.3f}",
                f"{total_lines / sums[name]:,.0f}",
                fmt_ratio(ratio),
            ]
        )
        out.append(
            {
                "tool": name,
                "seconds": round(sums[name], 4),
                "lines_per_second": round(total_lines / sums[name], 1),
                "ratio_to_baseline": round(ratio, 4) if ratio else None,
                "all_runs_clean": clean[name],
            }
        )
    print_table(rows, right={1, 2, 3})
    return {"lines": total_lines, "results": out}


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time keraslint and other linters on real-code corpora (see the module docstring).",
    )
    parser.add_argument(
        "--corpus",
        action="append",
        type=Path,
        metavar="PATH",
        help="a directory of .py files to lint (repeatable; default: every folder in .corpora/)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        metavar="N",
        help="timed runs per tool and corpus (default 3)",
    )
    parser.add_argument(
        "--warmup", type=int, default=0, metavar="N", help="untimed runs per tool first (default 0)"
    )
    parser.add_argument(
        "--stat",
        choices=("median", "min"),
        default="median",
        help="which of the N runs the table reports (default median)",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=2,
        help="processes for flake8, pylint and libcst-parse (default 2)",
    )
    parser.add_argument("--with-pylint", action="store_true", help="also run pylint (slow)")
    parser.add_argument(
        "--tools",
        default=None,
        help=f"comma-separated subset of {','.join(ALL_TOOLS)} (default: all but pylint)",
    )
    parser.add_argument(
        "--baseline",
        default=BASELINE_TOOL,
        choices=ALL_TOOLS,
        help="tool the ratios are relative to (default keraslint)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=1800,
        help="seconds before one run is killed (default 1800)",
    )
    parser.add_argument(
        "--json",
        type=Path,
        metavar="OUT",
        help="also write all results, every run included, to OUT",
    )
    parser.add_argument("--libcst-worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.warmup < 0 or args.jobs < 1:
        parser.error("--repeat and --jobs must be at least 1, --warmup at least 0")
    if args.tools is None:
        names = list(DEFAULT_TOOLS)
    else:
        names = [n.strip() for n in args.tools.split(",") if n.strip()]
        unknown = [n for n in names if n not in ALL_TOOLS]
        if unknown:
            parser.error(
                f"unknown tool(s): {', '.join(unknown)}; choose from {', '.join(ALL_TOOLS)}"
            )
    if args.with_pylint and "pylint" not in names:
        names.append("pylint")
    args.tool_names = names
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.libcst_worker is not None:
        return libcst_worker(args.libcst_worker.resolve(), args.jobs)

    corpora = [load_corpus(p) for p in (args.corpus or default_corpora())]
    tools = make_tools(args.tool_names, args.jobs)
    ready = [t for t in tools if t.available]
    unavailable = [t for t in tools if not t.available]

    print(
        f"keraslint benchmark: {platform.python_implementation()} {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs"
    )
    for tool in tools:
        if tool.available:
            print(f"  {tool.name:<13} {tool.version or '?'}: {tool.description}")
            print(f"  {'':<13} $ {tool.command_text()}")
            for note in tool.notes:
                print(f"  {'':<13} note: {note}")
        else:
            print(f"  {tool.name:<13} {tool.reason}")
    if not ready:
        print("benchmark: no tool to run", file=sys.stderr)
        return 1

    per_corpus: list[list[Result]] = []
    corpus_reports = []
    with tempfile.TemporaryDirectory(prefix="keraslint-bench-") as tmp:
        cwd = Path(tmp)
        for corpus in corpora:
            results = [Result(tool, [], files_seen_by(tool, corpus.path)) for tool in ready]
            for round_no in range(args.warmup + args.repeat):
                for res in results:
                    run = run_tool(res.tool, corpus.path, cwd, args.timeout)
                    if round_no >= args.warmup:
                        res.runs.append(run)
                    print(
                        f"  [{corpus.path.name}] round {round_no + 1}/{args.warmup + args.repeat}"
                        f"{' (warmup)' if round_no < args.warmup else ''} {res.tool.name}: "
                        f"{run.seconds:.3f}s exit {run.exit}",
                        file=sys.stderr,
                        flush=True,
                    )
            per_corpus.append(results)
            corpus_reports.append(report_corpus(corpus, results, unavailable, args))
    totals = report_totals(corpora, per_corpus, args) if len(corpora) > 1 else None
    print()
    print(
        f"t / t({args.baseline}): a tool's time divided by {args.baseline}'s in this run "
        f"(above 1: slower than {args.baseline}). Quote ratios, not seconds."
    )

    if args.json:
        from importlib.metadata import PackageNotFoundError, version

        def pkg_version(name: str) -> str | None:
            try:
                return version(name)
            except PackageNotFoundError:
                return None

        document = {
            "schema": 1,
            "generated": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "environment": {
                "python": sys.version.split()[0],
                "implementation": platform.python_implementation(),
                "platform": platform.platform(),
                "machine": platform.machine(),
                "cpu_count": os.cpu_count(),
                "libcst": pkg_version("libcst"),
            },
            "settings": {
                "repeat": args.repeat,
                "warmup": args.warmup,
                "stat": args.stat,
                "jobs": args.jobs,
                "baseline": args.baseline,
                "timeout": args.timeout,
            },
            "tools": [
                {
                    "name": t.name,
                    "available": t.available,
                    "reason": t.reason or None,
                    "version": t.version,
                    "description": t.description,
                    "command": t.command_text() if t.available else None,
                    "notes": t.notes,
                }
                for t in tools
            ],
            "corpora": corpus_reports,
            "totals": totals,
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(document, indent=2, sort_keys=False) + "\n", encoding="utf-8"
        )
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
