"""Ruff's full format: the concise line, then the source with a marker under the span."""

from __future__ import annotations

from keraslint.reporting import Report
from keraslint.reporting.concise import line as header


def render(report: Report) -> str:
    chunks = []
    for finding in report.findings:
        source = report.sources.get(finding.path)
        chunks.append(header(finding) + "\n" + (_frame(finding, source) if source else "") + "\n")
    return "".join(chunks)


def _frame(finding, source: bytes) -> str:
    lines = source.decode("utf-8", "replace").splitlines()
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
