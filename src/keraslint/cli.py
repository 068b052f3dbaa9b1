"""The `keraslint` command: option parsing, output and exit codes, as Ruff users know them.

Exit codes: 0 no findings, 1 findings, 2 when a file could not be linted or on a usage or
configuration error — always after every other file was linted and reported.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Optional

import click

from keraslint import __version__
from keraslint.config import ConfigError, SettingsResolver, load, with_overrides
from keraslint.engine.session import RunResult, lint_paths, lint_stdin
from keraslint.findings import FileError
from keraslint.reporting import FORMATS, Report, formatters
from keraslint.ruledocs import page
from keraslint.rules import all_rules, rule_for

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _codes(values: tuple[str, ...]) -> list[str]:
    """`--select KL1,KL201 --select KL3` -> ["KL1", "KL201", "KL3"]."""
    return [code.strip().upper() if code.strip() != "ALL" else "ALL"
            for value in values for code in value.split(",") if code.strip()]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="keraslint")
def main() -> None:
    """keraslint: find the bugs that make Keras and TensorFlow models train badly."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--select", multiple=True, help="Rule codes or prefixes to enable (replaces the configured set), or ALL.")
@click.option("--extend-select", multiple=True, help="Rule codes or prefixes to enable in addition.")
@click.option("--ignore", multiple=True, help="Rule codes or prefixes to disable.")
@click.option("--output-format", type=click.Choice(FORMATS), default="full", show_default=True,
              envvar="KERASLINT_OUTPUT_FORMAT")
@click.option("-o", "--output-file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file instead of stdout.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--statistics", is_flag=True, help="Show counts per rule instead of each finding.")
@click.option("--stdin-filename", type=click.Path(path_type=Path),
              help="The name of the file read from stdin (`-`), for config, excludes and output.")
@click.option("--force-exclude", is_flag=True,
              help="Apply exclusions even to paths named on the command line (pre-commit).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Use this pyproject.toml (or a TOML file of [tool.keraslint] keys) for every file.")
@click.option("-q", "--quiet", is_flag=True, help="Print findings only, no summary.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: one per CPU).")
@click.option("--verify", is_flag=True,
              help="Run each finding of a verifiable rule under TensorFlow; attach the evidence.")
@click.option("--verify-timeout", type=click.FloatRange(min=0, min_open=True), default=30.0,
              show_default=True, metavar="SECONDS", help="Time limit per verified finding.")
@click.option("--verify-memory", type=click.IntRange(min=1), default=4096, show_default=True,
              metavar="MB", help="Memory limit of the verifier process per finding (TF: ~0.5 GB).")
def check(paths, select, extend_select, ignore, output_format, output_file, exit_zero, statistics,
          stdin_filename, force_exclude, config_file, quiet, jobs, verify, verify_timeout,
          verify_memory) -> None:
    """Lint PATHS (files or directories; `-` reads stdin). Default: the current directory."""
    if verify:
        _require_verifier()
    overrides = {
        "select": _codes(select) if select else None,
        "extend_select": _codes(extend_select),
        "ignore": _codes(ignore),
    }
    try:
        resolver = _resolver(config_file, overrides)
        run = _run(list(paths) or [Path(".")], resolver, stdin_filename, force_exclude, jobs)
    except ConfigError as error:
        click.echo(f"keraslint: error: {error}", err=True)
        sys.exit(EXIT_ERROR)
    if verify:
        _verify(run.findings, run.sources(), verify_timeout, verify_memory)
    report = Report(run.findings, run.all_errors, run.sources())
    _emit(report, output_format, output_file, statistics, quiet)
    sys.exit(_exit_code(run, exit_zero))


def _require_verifier() -> None:
    """`--verify` without TensorFlow: say how to install it, before any linting."""
    from keraslint import verifier

    if not verifier.available():
        click.echo(f"keraslint: error: {verifier.INSTALL_HINT}", err=True)
        sys.exit(EXIT_ERROR)


def _verify(findings: list, sources: dict, seconds: float, memory_mb: int) -> None:
    from keraslint.verifier import VerifyOptions, verify_findings

    verify_findings(findings, sources, VerifyOptions(seconds=seconds, memory_mb=memory_mb))


def _resolver(config_file: Optional[Path], overrides: dict) -> SettingsResolver:
    explicit = None
    if config_file is not None:
        if not config_file.is_file():
            raise ConfigError(f"{config_file}: config file not found")
        explicit = with_overrides(load(config_file), **overrides)
    resolver = SettingsResolver(explicit=explicit, overrides=overrides)
    resolver.for_path(Path.cwd())  # surfaces a broken nearby config or bad selector up front
    return resolver


def _run(paths: list[Path], resolver: SettingsResolver, stdin_filename: Optional[Path],
         force_exclude: bool, jobs: Optional[int] = None) -> RunResult:
    cwd = Path.cwd()
    display = lambda path: _display(path, cwd)  # noqa: E731
    if paths == [Path("-")]:
        return lint_stdin(sys.stdin.buffer.read(), stdin_filename, resolver,
                          force_exclude=force_exclude, display=display)
    return lint_paths(paths, resolver, force_exclude=force_exclude, display=display, jobs=jobs)


def _display(path: Path, cwd: Path) -> str:
    """Paths as Ruff shows them: relative to the working directory when inside it."""
    try:
        return path.resolve().relative_to(cwd.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _emit(report: Report, output_format: str, output_file: Optional[Path], statistics: bool,
          quiet: bool) -> None:
    text_format = output_format in ("full", "concise")
    if output_format != "github":
        for error in report.errors:
            click.echo(f"keraslint: error: {_error_line(error)}", err=True)
    if statistics:
        body = _statistics(report)
    else:
        body = formatters()[output_format](report)
        if text_format and not quiet:
            n = len(report.findings)
            body += (f"Found {n} finding{'s' if n != 1 else ''}.\n" if n else
                     ("All checks passed!\n" if not report.errors else ""))
    if output_file is not None:
        output_file.write_text(body, encoding="utf-8")
    else:
        click.echo(body, nl=False)


def _error_line(error: FileError) -> str:
    return f"{error.location()}: {error.message}"


def _statistics(report: Report) -> str:
    rules = all_rules()
    counts = Counter(f.code for f in report.findings)
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    width = max((len(str(n)) for n in counts.values()), default=1)
    return "".join(f"{n:>{width}}\t{code}\t{rules[code].NAME if code in rules else ''}\n"
                   for code, n in rows)


def _exit_code(run: RunResult, exit_zero: bool) -> int:
    if run.all_errors:
        return EXIT_ERROR
    if run.findings and not exit_zero:
        return EXIT_FINDINGS
    return EXIT_CLEAN


@main.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--code", required=True, help="The rule code of the finding, e.g. KL201.")
@click.option("--line", "line", type=click.IntRange(min=1), required=True,
              help="The line the finding is reported on (in a notebook: the line in its cell).")
@click.option("--cell", type=click.IntRange(min=1), default=None,
              help="In a notebook: the cell the finding is reported in (as in `cell 3`).")
@click.option("--output-format", type=click.Choice(FORMATS), default="full", show_default=True,
              envvar="KERASLINT_OUTPUT_FORMAT")
@click.option("--verify-timeout", type=click.FloatRange(min=0, min_open=True), default=30.0,
              show_default=True, metavar="SECONDS", help="Time limit for the verification.")
@click.option("--verify-memory", type=click.IntRange(min=1), default=4096, show_default=True,
              metavar="MB", help="Memory limit of the verifier process (TF alone: ~0.5 GB).")
def verify(path, code, line, cell, output_format, verify_timeout, verify_memory) -> None:
    """Verify one finding: lint PATH, run the finding CODE on LINE (of CELL, in a notebook)
    under TensorFlow.

    Exit codes: 0 when the verdict is `refuted`, 1 when the finding stands (confirmed or
    inconclusive), 2 when there is no such finding or TensorFlow is not installed.
    """
    from keraslint.verifier import VERIFIABLE

    code = code.strip().upper()
    if code not in VERIFIABLE:
        click.echo(f"keraslint: error: {code} is not a verifiable rule "
                   f"(verifiable: {', '.join(sorted(VERIFIABLE))})", err=True)
        sys.exit(EXIT_ERROR)
    _require_verifier()
    try:
        run = _run([path], _resolver(None, {"select": [code], "extend_select": [], "ignore": []}),
                   None, False)
    except ConfigError as error:
        click.echo(f"keraslint: error: {error}", err=True)
        sys.exit(EXIT_ERROR)
    chosen = [f for f in run.findings
              if f.code == code and f.start.line == line and (cell is None or f.cell == cell)]
    for error in run.all_errors:
        click.echo(f"keraslint: error: {_error_line(error)}", err=True)
    if len({f.cell for f in chosen}) > 1:
        cells = ", ".join(str(f.cell) for f in chosen)
        click.echo(f"keraslint: error: {path} is a notebook with a {code} finding on line {line} "
                   f"of cells {cells}: choose one with --cell", err=True)
        sys.exit(EXIT_ERROR)
    if not chosen:
        if not run.all_errors:
            where = f"line {line} of cell {cell}" if cell is not None else f"line {line}"
            click.echo(f"keraslint: error: no {code} finding on {where} of {path}", err=True)
        sys.exit(EXIT_ERROR)
    _verify(chosen[:1], run.sources(), verify_timeout, verify_memory)
    _emit(Report(chosen[:1], [], run.sources()), output_format, None, False, True)
    sys.exit(EXIT_CLEAN if chosen[0].verification["verdict"] == "refuted" else EXIT_FINDINGS)


@main.command()
@click.argument("code", required=False)
@click.option("--all", "show_all", is_flag=True, help="Show every rule's documentation.")
@click.option("--output-format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rule(code: Optional[str], show_all: bool, output_format: str) -> None:
    """Explain a rule (by code or name), or every rule with --all."""
    if not code and not show_all:
        raise click.UsageError("give a rule code (e.g. KL201) or --all")
    try:
        rules = list(all_rules().values()) if show_all else [rule_for(code)]
    except KeyError:
        click.echo(f"keraslint: error: unknown rule `{code}`", err=True)
        sys.exit(EXIT_ERROR)
    if output_format == "json":
        import json

        items = [{"code": r.CODE, "name": r.NAME, "summary": r.summary(), "explanation": r.docs(),
                  "default": r.DEFAULT_ENABLED, "url": r.url(),
                  "options": {o.key: {"default": o.default, "description": o.description}
                              for o in r.OPTIONS}} for r in rules]
        click.echo(json.dumps(items if show_all else items[0], indent=2, default=str))
        return
    click.echo("\n---\n\n".join(page(r) for r in rules), nl=False)
