"""Lint one file: read its source (a notebook: its code cells as one program), prefilter, parse
once, run every selected rule over one FileFacts, place the findings in the user's coordinates.

Failures stay local: a file that cannot be read or parsed becomes a FileError, a rule that
raises becomes a FileError for that rule and file, and every other rule's findings survive.
"""

from __future__ import annotations

import ast
import re
import warnings
from dataclasses import dataclass, field
from typing import Iterable, Optional, Sequence

import libcst as cst

from keraslint.analysis import FileFacts
from keraslint.engine import suppression
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
                report_unused_noqa: bool = True) -> FileResult:
    """Lint one file's bytes: a notebook (named `.ipynb`) is linted as its code cells' program,
    and its findings and errors are then placed in cells, here and nowhere else."""
    try:
        source = read_source(data, path)
    except UnreadableSource as unreadable:
        return FileResult(path, errors=[unreadable.error])
    if source.syntax_error is not None and rules and _MENTIONS.search(source.program):
        result = FileResult(path, errors=[source.syntax_error])
    else:
        result = _lint_program(source.program, path, rules, report_unused_noqa=report_unused_noqa)
    result.source = source
    result.findings = sorted((source.place(f) for f in result.findings), key=Finding.sort_key)
    result.errors = [source.place_error(e) for e in result.errors]
    return result


def _lint_program(source: bytes, path: str, rules: Sequence[Rule], *,
                  report_unused_noqa: bool = True) -> FileResult:
    """Findings and errors in the program's own coordinates."""
    result = FileResult(path)
    engine_rules = {r.CODE for r in rules if r.ENGINE}
    checks = [r for r in rules if not r.ENGINE]
    if not rules or not _MENTIONS.search(source):
        return result
    module = _parse(source, path, result)
    if module is None:
        return result
    result.parsed = True
    facts = FileFacts(module, path)
    findings: list[Finding] = []
    for rule in checks:
        try:
            reports = list(rule.check(facts))
        except Exception as error:  # noqa: BLE001 - isolate one rule's crash
            result.errors.append(FileError(
                path, f"rule {rule.CODE} ({rule.NAME}) failed: {type(error).__name__}: {error}",
                kind="rule-error", extra={"code": rule.CODE},
            ))
            continue
        findings.extend(_to_finding(rule, report, facts) for report in reports)
    findings = _dedupe(findings)
    text = _decode(source, module)
    found = suppression.directives(text) if text is not None else []
    findings = suppression.apply(findings, found)
    if report_unused_noqa and suppression.UNUSED_NOQA[0] in engine_rules:
        failed = {e.extra.get("code") for e in result.errors}
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
        result.errors.append(FileError(path, f"cannot decode file: {error.reason} "
                                             f"(byte {error.start})", kind="decode-error"))
    except RecursionError:
        result.errors.append(FileError(path, "file is too deeply nested to parse",
                                       kind="parse-error"))
    except Exception as error:  # noqa: BLE001 - LibCST raises assorted errors on odd input
        result.errors.append(FileError(path, f"cannot parse file: {type(error).__name__}: "
                                             f"{error}", kind="parse-error"))
    return None


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
    message = " ".join(str(error.message).split()) or "invalid syntax"
    return FileError(path, f"SyntaxError: {message}",
                     Position(error.editor_line, error.editor_column), kind="syntax-error")


def _decode(source: bytes, module: cst.Module) -> Optional[str]:
    try:
        return source.decode(module.encoding)
    except (UnicodeDecodeError, LookupError):
        return None


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
