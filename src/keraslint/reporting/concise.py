"""`path:row:col: CODE message`, one line per finding (Ruff's concise format)."""

from __future__ import annotations

from keraslint.reporting import Report


def render(report: Report) -> str:
    return "".join(line(f) + verdict_tag(f) + "\n" for f in report.findings)


def verdict_tag(finding) -> str:
    """` [confirmed]` after a verified finding (`--verify`); the evidence is in other formats."""
    return f" [{finding.verification.get('verdict')}]" if finding.verification else ""


def line(finding) -> str:
    return (f"{finding.path}:{finding.start.line}:{finding.start.column}: "
            f"{finding.code} {finding.message}")
