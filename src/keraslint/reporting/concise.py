"""`path:row:col: CODE message`, one line per finding (Ruff's concise format); in a notebook
`path:cell 3:row:col: CODE message`, the row counted in the cell, as Ruff writes it."""

from __future__ import annotations

from keraslint.reporting import Report


def render(report: Report) -> str:
    return "".join(line(f) + verdict_tag(f) + "\n" for f in report.findings)


def verdict_tag(finding) -> str:
    """` [confirmed]` after a verified finding (`--verify`); the evidence is in other formats."""
    return f" [{finding.verification.get('verdict')}]" if finding.verification else ""


def line(finding) -> str:
    return f"{finding.location()}: {finding.code} {finding.message}"
