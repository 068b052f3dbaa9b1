"""Ruff's full format: the concise line, then the source with a marker under the span (in a
notebook, the lines of the finding's cell, numbered as in the cell)."""

from __future__ import annotations

from keraslint.reporting import Report
from keraslint.reporting.concise import line as header


def render(report: Report) -> str:
    chunks = []
    for finding in report.findings:
        lines = report.lines(finding.path, finding.cell)
        chunks.append(header(finding) + "\n" + (_frame(finding, lines) if lines else "") + "\n")
    return "".join(chunks)


def _frame(finding, lines: list[str]) -> str:
    lines = [line.replace("\f", " ") for line in lines]  # a form feed is one column
    row = finding.start.line
    if not 1 <= row <= len(lines):
        return ""
    first, last = max(1, row - 1), min(len(lines), row + 1)
    width = len(str(last))
    gutter = " " * width
    text = lines[row - 1]
    start = finding.start.column - 1
    stop = finding.end.column - 1 if finding.end.line == row else len(text.rstrip())
    marker = " " * start + "^" * max(1, stop - start)
    out = [f"{gutter} |"]
    for number in range(first, last + 1):
        out.append(f"{number:>{width}} | {lines[number - 1]}".rstrip())
        if number == row:
            out.append(f"{gutter} | {marker} {finding.code}")
    out.append(f"{gutter} |")
    if finding.verification:
        out.append(f"{gutter} = verified: {finding.verification.get('verdict')}: "
                   f"{finding.verification.get('evidence', '')}")
    return "\n".join(out) + "\n"
