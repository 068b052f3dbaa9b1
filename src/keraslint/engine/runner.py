"""Lint one file: read its source (a notebook: its code cells as one program), prefilter, parse
once, run every selected rule over one FileFacts, place the findings in the user's coordinates.

Failures stay local: a file that cannot be read or parsed becomes a FileError, a rule that
raises becomes a FileError for that rule and file, and every other rule's findings survive.

Parsing is guarded (`screening`, `isolation`): a file with nesting CPython itself refuses gets
CPython's error without LibCST ever seeing it; a file LibCST might crash on or parse slowly is
linted in a supervised child process; everything else — the common path — in this process,
under the per-file time limit.
"""

from __future__ import annotations

import ast
import dataclasses
import re
import warnings
from dataclasses import dataclass, field
from typing import Iterable, Optional, Sequence

import libcst as cst

from keraslint.analysis import FileFacts
from keraslint.engine import isolation, suppression
from keraslint.engine.isolation import Failure
from keraslint.engine.screening import Screening, screen
from keraslint.findings import FileError, Finding, Position
from keraslint.rules import Rule, all_rules
from keraslint.rules.base import DOCS_URL, Report
from keraslint.source import Source, UnreadableSource
from keraslint.source import read as read_source

# Cheap test before parsing: a file that never names Keras or TensorFlow has nothing to find.
_MENTIONS = re.compile(rb"keras|tensorflow")


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    parsed: bool = False
    source: Optional[Source] = None  # kept so reporters can show the source line


def lint_source(data: bytes, path: str, rules: Sequence[Rule], *,
                report_unused_noqa: bool = True, prefilter: bool = True) -> FileResult:
    """Lint one file's bytes: a notebook (named `.ipynb`) is linted as its code cells' program,
    and its findings and errors are then placed in cells, here and nowhere else. Never raises,
    never crashes the caller.

    `prefilter=False` parses and analyses even a file that never names Keras or TensorFlow
    (`scripts/crashcheck.py` uses it to run the whole pipeline over any Python code)."""
    try:
        source = read_source(data, path)
    except UnreadableSource as unreadable:
        return FileResult(path, errors=[unreadable.error])
    if source.syntax_error is not None and rules and _MENTIONS.search(source.program):
        result = FileResult(path, errors=[source.syntax_error])
    else:
        result = _lint_guarded(source.program, path, rules, report_unused_noqa, prefilter)
    result.source = source
    result.findings = sorted((source.place(f) for f in result.findings), key=Finding.sort_key)
    result.errors = [source.place_error(e) for e in result.errors]
    return result


def _lint_guarded(source: bytes, path: str, rules: Sequence[Rule], report_unused_noqa: bool,
                  prefilter: bool) -> FileResult:
    """The program's findings and errors, linted where its parse cannot take the run down."""
    if not rules or (prefilter and not _MENTIONS.search(source)):
        return FileResult(path)
    screening = screen(source)
    risk = screening.risk()
    if risk is not None:
        refused, syntax_error = _cpython_verdict(source, path, screening)
        if refused is not None:
            return FileResult(path, errors=[refused])
        if syntax_error is not None or not isolation.inside_worker():
            # LibCST can take minutes to reject a long broken statement (its backtracking):
            # when CPython already rejects the file, give LibCST a short try, for syntax newer
            # than this Python, and otherwise report what CPython says (in a worker too).
            seconds = isolation.file_timeout(len(source))
            if syntax_error is not None:
                seconds = min(seconds, _SYNTAX_ERROR_SECONDS)
            outcome = isolation.run_isolated(_lint_isolated,
                                             (source, path, rules, report_unused_noqa), seconds)
            if isinstance(outcome, Failure):
                if syntax_error is not None and outcome.kind == "timeout":
                    return FileResult(path, errors=[syntax_error])
                return FileResult(path, errors=[failure_error(path, outcome, source)])
            return outcome
    if isolation.inside_worker():  # the pool that runs us enforces the time limit
        return _lint_program(source, path, rules, report_unused_noqa=report_unused_noqa)
    seconds = isolation.file_timeout(len(source))
    try:
        with isolation.time_limit(seconds):
            return _lint_program(source, path, rules, report_unused_noqa=report_unused_noqa)
    except isolation.Overtime:
        return FileResult(path, errors=[FileError(path, f"cannot lint file: "
                                                  f"{isolation.timeout_message(seconds)}",
                                                  kind="timeout")])


def _lint_isolated(task: tuple) -> FileResult:
    source, path, rules, report_unused_noqa = task
    return _lint_program(source, path, rules, report_unused_noqa=report_unused_noqa)


def failure_error(path: str, failure: Failure, source: Optional[bytes]) -> FileError:
    """A file whose worker died or overran: say what happened, and where the file looks
    hardest to parse when the screening can tell (the likely cause)."""
    message, position = f"cannot lint file: {failure.detail}", None
    if source is not None and failure.kind in ("crash", "timeout", "memory"):
        screening = screen(source)
        risk = screening.risk()
        if risk is not None:
            message += f"; the file has {risk.reason}"
            position = Position(risk.line, 1) if risk.line else None
    return FileError(path, message, position, kind=failure.kind)


def _cpython_verdict(source: bytes, path: str,
                     screening: Screening) -> tuple[Optional[FileError], Optional[FileError]]:
    """CPython's parser on a file the screening flagged (cheap next to LibCST, exact, and
    its messages are the ones users know): (refused, syntax error). `refused`: nesting too
    deep for CPython itself (200 brackets, 100 indents, ~3,000 expression levels), which
    LibCST must never see. `syntax error`: any other error, which LibCST may not share (it
    knows syntax newer than this Python), so it only decides when LibCST cannot."""
    risk = screening.risk()
    if risk is None or risk.kind == "size":
        return None, None  # only large: compiling it too would double the cost, say nothing
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(source, "<source>", "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as error:  # IndentationError included
        located = FileError(path, f"{type(error).__name__}: {error.msg}",
                            Position(error.lineno or 1, error.offset or 1), kind="syntax-error")
        return (located, None) if error.msg in _CPYTHON_NESTING_ERRORS else (None, located)
    except (RecursionError, MemoryError) as error:
        return FileError(path, "cannot parse file: an expression nested too deeply for Python's "
                               f"own parser ({type(error).__name__}: {error or 'parser stack overflow'})",
                         Position(risk.line or 1, 1), kind="parse-error"), None
    except ValueError:
        pass  # NUL bytes: LibCST's error says it
    return None, None


_SYNTAX_ERROR_SECONDS = 5.0
_CPYTHON_NESTING_ERRORS = ("too many nested parentheses", "too many levels of indentation")


def _lint_program(source: bytes, path: str, rules: Sequence[Rule], *,
                  report_unused_noqa: bool = True) -> FileResult:
    """Findings and errors in the program's own coordinates."""
    result = FileResult(path)
    engine_rules = {r.CODE for r in rules if r.ENGINE}
    checks = [r for r in rules if not r.ENGINE]
    module = _parse(source, path, result)
    if module is None:
        return result
    result.parsed = True
    facts = FileFacts(module, path)
    findings: list[Finding] = []
    for rule in checks:
        try:
            reports = list(rule.check(facts))
        except RecursionError:
            # The analysis walks the tree recursively: every rule would fail alike, so say it
            # once, for the file, where the nesting is.
            if not any(e.kind == "too-deep" for e in result.errors):
                risk = screen(source).risk()
                result.errors.append(FileError(
                    path, "cannot analyse file: nested too deeply for the analysis "
                          f"(RecursionError; the file has {risk.reason if risk else 'deep nesting'})",
                    Position(risk.line, 1) if risk and risk.line else None, kind="too-deep"))
            continue
        except Exception as error:  # noqa: BLE001 - isolate one rule's crash
            result.errors.append(FileError(
                path, f"rule {rule.CODE} ({rule.NAME}) failed: {type(error).__name__}: {error}",
                kind="rule-error", extra={"code": rule.CODE},
            ))
            continue
        findings.extend(_to_finding(rule, report, facts) for report in reports)
    text = _decode(source, module)
    if text is not None and "\f" in text:
        findings = _count_form_feeds(findings, text)
    findings = _dedupe(findings)
    found = suppression.directives(text) if text is not None else []
    findings = suppression.apply(findings, found)
    if report_unused_noqa and suppression.UNUSED_NOQA[0] in engine_rules:
        failed = {e.extra.get("code") for e in result.errors}
        if any(e.kind == "too-deep" for e in result.errors):
            failed = {r.CODE for r in checks}
        ran = {r.CODE for r in checks} - failed
        findings += suppression.unused(found, path, set(all_rules()), ran,
                                       DOCS_URL.format(code=suppression.UNUSED_NOQA[0]))
    result.findings = sorted(findings, key=Finding.sort_key)
    return result


def _parse(source: bytes, path: str, result: FileResult) -> Optional[cst.Module]:
    try:
        return cst.parse_module(source)
    except cst.ParserSyntaxError as error:
        result.errors.append(_syntax_error(source, path, error))
    except UnicodeDecodeError as error:
        result.errors.append(_decode_error(source, path, error))
    except RecursionError:
        result.errors.append(FileError(path, "cannot parse file: too deeply nested",
                                       kind="parse-error"))
    except MemoryError:
        result.errors.append(FileError(path, "cannot parse file: out of memory",
                                       kind="memory"))
    except Exception as error:  # noqa: BLE001 - LibCST raises assorted errors on odd input
        result.errors.append(FileError(path, f"cannot parse file: {type(error).__name__}: "
                                             f"{error}", kind="parse-error"))
    return None


def _decode_error(source: bytes, path: str, error: UnicodeDecodeError) -> FileError:
    """Where the first undecodable byte is, as line:column (the column counts the characters
    before it on its line), and what to do about it."""
    start = min(error.start, len(source))
    line_start = source.rfind(b"\n", 0, start) + 1
    column = len(source[line_start:start].decode(error.encoding, errors="replace")) + 1
    bad = source[start:error.end].hex(" ")
    return FileError(
        path, f"cannot decode file as {error.encoding.upper().replace('UTF8', 'UTF-8')}: "
              f"{error.reason} (byte{'s' if error.end - start > 1 else ''} {bad}); save it as "
              f"UTF-8 or declare its encoding (`# -*- coding: latin-1 -*-`)",
        Position(source.count(b"\n", 0, start) + 1, column), kind="decode-error")


def _syntax_error(source: bytes, path: str, error: cst.ParserSyntaxError) -> FileError:
    """Prefer CPython's wording and position, which users know; LibCST's otherwise."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the user's SyntaxWarnings are not ours to print
            # not `path`: CPython re-reads a named file to place the error, and a notebook's
            # program (or stdin) is not what that file holds
            compile(source, "<source>", "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as py_error:
        if py_error.lineno:
            column = py_error.offset or 1
            return FileError(path, f"SyntaxError: {py_error.msg}", Position(py_error.lineno, column),
                             kind="syntax-error")
    except (ValueError, RecursionError, MemoryError):
        pass
    else:  # Python accepts it: a gap in LibCST's grammar, not the user's mistake
        return FileError(path, "cannot parse file: LibCST, keraslint's parser, does not accept "
                               f"this valid Python ({_libcst_reason(error)})",
                         Position(error.editor_line, error.editor_column), kind="parse-error")
    return FileError(path, f"SyntaxError: {_libcst_reason(error)}",
                     Position(error.editor_line, error.editor_column), kind="syntax-error")


def _libcst_reason(error: cst.ParserSyntaxError) -> str:
    """LibCST's message without its own (0-based) "error at 409:30:" prefix: the error is
    located already, and two positions that differ by one only confuse."""
    message = " ".join(str(error.message).split())
    return re.sub(r"^parser error: error at \d+:\d+: ", "", message) or "invalid syntax"


def _decode(source: bytes, module: cst.Module) -> Optional[str]:
    try:
        return source.decode(module.encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _count_form_feeds(findings: list[Finding], text: str) -> list[Finding]:
    """Columns as editors and Ruff count them on a line whose indentation ends in a form feed.

    LibCST restarts the column after such indentation (`\\fm = f(x)`: `f` at 4, not 5); with
    indentation after the form feed its columns are right. Form feeds are rare, so only files
    that have one pay for this."""
    shifts = {}
    for number, line in enumerate(re.split(r"\r\n|\r|\n", text), 1):
        indent = len(line) - len(line.lstrip(" \t\f"))
        if indent and line[indent - 1] == "\f":
            shifts[number] = indent
    if not shifts:
        return findings
    moved = lambda p: Position(p.line, p.column + shifts.get(p.line, 0))  # noqa: E731
    return [dataclasses.replace(f, start=moved(f.start), end=moved(f.end)) for f in findings]


def _to_finding(rule: Rule, report: Report, facts: FileFacts) -> Finding:
    start = facts.code_range(report.anchor or report.node).start
    end = facts.code_range(report.node).end
    return Finding(
        rule.CODE, rule.NAME, report.message, facts.path,
        Position(start.line, start.column + 1), Position(end.line, end.column + 1),
    )


def _dedupe(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per (code, primary position), as the catalogue counts them: the first wins."""
    seen: set[tuple] = set()
    out = []
    for finding in findings:
        key = (finding.code, finding.start)
        if key not in seen:
            seen.add(key)
            out.append(finding)
    return out
