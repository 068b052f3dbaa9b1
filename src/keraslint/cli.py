"""The `keraslint` command: option parsing, output and exit codes, as Ruff users know them.

Exit codes: 0 no findings, 1 findings, 2 when a file could not be linted or on a usage or
configuration error — always after every other file was linted and reported. An interrupted
run (Ctrl-C) exits 130 without a traceback; an internal error exits 2, never 1, which means
findings.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path
from typing import Optional

import click

from keraslint import __version__
from keraslint.paths import display as display_path
from keraslint.config import ConfigError, SettingsResolver, load, with_overrides
from keraslint.engine.session import RunResult, lint_paths, lint_stdin
from keraslint.findings import FileError
from keraslint.reporting import FORMATS, Report, formatters
from keraslint.ruledocs import page
from keraslint.rules import all_rules, rule_for

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 128 + 2  # 128 + SIGINT, as shells report a Ctrl-C
DEBUG_ENV = "KERASLINT_DEBUG"  # set to print the traceback of an internal error


def _codes(values: tuple[str, ...]) -> list[str]:
    """`--select KL1,KL201 --select KL3` -> ["KL1", "KL201", "KL3"]. An empty item (`--select ''`,
    `KL1,`) is kept, so that it is reported as the usage error it is (as Ruff does)."""
    return [code.strip().upper() if code.strip() != "ALL" else "ALL"
            for value in values for code in value.split(",")]


class _Main(click.Group):
    """Click's standalone mode, with the exit codes a linter owes its callers: a Ctrl-C is
    130 (click says "Aborted!" and exits 1, the findings code), a closed stdout
    (`keraslint check . | head`) ends quietly, and an internal error is 2, in one line."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except (click.Abort, KeyboardInterrupt):
            sys.exit(EXIT_INTERRUPTED)
        except click.ClickException as error:
            error.show()
            sys.exit(error.exit_code)
        except BrokenPipeError:
            _silence_stdout()
            sys.exit(EXIT_CLEAN)
        except Exception as error:  # noqa: BLE001 - the last line of defence: never exit 1
            _internal_error(error)
            sys.exit(EXIT_ERROR)
        sys.exit(code if isinstance(code, int) else EXIT_CLEAN)


def _internal_error(error: BaseException) -> None:
    if os.environ.get(DEBUG_ENV):
        import traceback

        traceback.print_exception(type(error), error, error.__traceback__)
    click.echo(f"keraslint: error: internal error: {type(error).__name__}: {error} (this is a "
               f"bug in keraslint; {DEBUG_ENV}=1 shows the traceback)", err=True)


def _silence_stdout() -> None:
    """The reader of our stdout went away: drop whatever is still buffered for it, so that
    the interpreter's final flush does not print a BrokenPipeError of its own."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
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
              help="Read the file to lint from stdin, under this name (for config, excludes "
                   "and output).")
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
    paths = list(paths)
    if stdin_filename is not None and paths != [Path("-")]:
        # As Ruff: --stdin-filename means "read stdin", with or without `-`.
        for ignored in (p for p in paths if p != Path("-")):
            click.echo(f"keraslint: warning: ignoring {ignored} in favor of standard input", err=True)
        paths = [Path("-")]
    try:
        resolver = _resolver(config_file, overrides)
        run = _run(paths or [Path(".")], resolver, stdin_filename, force_exclude, jobs)
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
    display = lambda path: display_path(path, cwd)  # noqa: E731
    if paths == [Path("-")]:
        return lint_stdin(sys.stdin.buffer.read(), stdin_filename, resolver,
                          force_exclude=force_exclude, display=display)
    return lint_paths(paths, resolver, force_exclude=force_exclude, display=display, jobs=jobs)


def _emit(report: Report, output_format: str, output_file: Optional[Path], statistics: bool,
          quiet: bool) -> None:
    text_format = output_format in ("full", "concise")
    if output_format != "github":
        for error in report.errors:
            click.echo(f"keraslint: error: {_error_line(error)}", err=True)
    if statistics:
        body = _statistics(report, output_format)
        text_format = output_format != "json"
    else:
        body = formatters()[output_format](report)
    if text_format and not quiet:
        n = len(report.findings)
        body += (f"Found {n} finding{'s' if n != 1 else ''}.\n" if n else
                 ("All checks passed!\n" if not report.errors else ""))
    if output_file is not None:
        output_file.write_text(body, encoding="utf-8")
        return
    try:
        click.echo(body, nl=False)
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()  # `| head` read what it wanted; the exit code still tells the result


def _error_line(error: FileError) -> str:
    return f"{error.location()}: {error.message}"


def _statistics(report: Report, output_format: str) -> str:
    """Counts per rule, most frequent first: Ruff's table, or Ruff's JSON array with `json`."""
    rules = all_rules()
    counts = Counter(f.code for f in report.findings)
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    names = {code: rules[code].NAME if code in rules else "" for code in counts}
    if output_format == "json":
        import json

        fixable = Counter(f.code for f in report.findings if f.fix is not None)
        return json.dumps([{"code": code, "name": names[code], "count": n,
                            "fixable": bool(fixable[code]), "fixable_count": fixable[code]}
                           for code, n in rows], indent=2) + "\n"
    width = max((len(str(n)) for n in counts.values()), default=1)
    return "".join(f"{n:>{width}}\t{code}\t{names[code]}\n" for code, n in rows)


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
    if code and show_all:
        raise click.UsageError(f"give a rule code or --all, not both (got `{code}` and --all)")
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
