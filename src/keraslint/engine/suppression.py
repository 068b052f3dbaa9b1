"""`# noqa` comments: which findings they silence and which of their codes silence nothing.

Like Ruff: `# noqa` silences every finding on its line, `# noqa: KL201, KL202` only those codes,
and `# keraslint: noqa` (optionally with codes) anywhere in a file silences the whole file.
Codes of other tools (`E501`, `F401`) are left alone; a KL code that is unknown, or that
silenced nothing although its rule ran, is reported as KL001.
"""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass, field
from typing import Iterable, Optional

from keraslint.findings import Finding, Position

_CODE = r"[A-Z]+[0-9]+"
_LINE = re.compile(rf"#\s*noqa(?::[\s]*(?P<codes>{_CODE}(?:[\s,]+{_CODE})*))?", re.I)
_FILE = re.compile(rf"#\s*keraslint\s*:\s*noqa(?::[\s]*(?P<codes>{_CODE}(?:[\s,]+{_CODE})*))?", re.I)
_SPLIT = re.compile(r"[\s,]+")
UNUSED_NOQA = ("KL001", "unused-noqa")


@dataclass
class Directive:
    line: int
    column: int  # 1-based column of the `#`
    end_column: int
    codes: Optional[list[str]]  # None: blanket
    file_level: bool
    used: set[str] = field(default_factory=set)


def directives(text: str) -> list[Directive]:
    if "noqa" not in text and "NOQA" not in text:
        return []
    found = []
    for line, column, comment in _comments(text):
        file_match = _FILE.match(comment)
        match = file_match or _LINE.match(comment)
        if match is None:
            # `# type: ignore  # noqa: KL201` style: the directive may follow other text.
            index = comment.lower().find("# noqa", 1)
            if index < 0:
                continue
            column, comment = column + index, comment[index:]
            match = _LINE.match(comment)
            if match is None:
                continue
        codes = match.group("codes")
        found.append(Directive(
            line, column + 1, column + 1 + len(match.group(0)),
            None if codes is None else [c.upper() for c in _SPLIT.split(codes.strip()) if c],
            file_level=file_match is not None,
        ))
    return found


def _comments(text: str) -> Iterable[tuple[int, int, str]]:
    """(line, 0-based column, text) of every comment; strings that contain '#' are not comments."""
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT:
                yield token.start[0], token.start[1], token.string
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return


def apply(findings: list[Finding], found: list[Directive]) -> list[Finding]:
    """The findings that no directive silences; marks each directive's codes that were used."""
    if not found:
        return findings
    by_line = {d.line: d for d in found if not d.file_level}
    file_level = [d for d in found if d.file_level]
    kept = []
    for finding in findings:
        directive = by_line.get(finding.noqa_row)
        silencer = next((d for d in file_level if _silences(d, finding.code)), None)
        if silencer is None and directive is not None and _silences(directive, finding.code):
            silencer = directive
        if silencer is None:
            kept.append(finding)
        else:
            silencer.used.add(finding.code)
    return kept


def _silences(directive: Directive, code: str) -> bool:
    return directive.codes is None or code in directive.codes


def unused(found: list[Directive], path: str, known: set[str], ran: set[str], url: str) -> list[Finding]:
    """KL001 findings for codes that are unknown, or whose rule ran here and found nothing."""
    out = []
    for directive in found:
        if directive.codes is None:
            continue
        ours = [c for c in directive.codes if c.startswith("KL")]
        unknown = [c for c in ours if c not in known]
        idle = [c for c in ours if c in ran and c not in directive.used and c != UNUSED_NOQA[0]]
        parts = []
        if idle:
            parts.append("unused: " + ", ".join(f"`{c}`" for c in idle))
        if unknown:
            parts.append("unknown: " + ", ".join(f"`{c}`" for c in unknown))
        if parts:
            out.append(Finding(
                UNUSED_NOQA[0], UNUSED_NOQA[1], f"Unused `noqa` directive ({'; '.join(parts)})",
                path, Position(directive.line, directive.column),
                Position(directive.line, directive.end_column), fix=None,
            ))
    return out
