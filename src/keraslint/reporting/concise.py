"""`path:row:col: CODE message`, one line per finding (Ruff's concise format); in a notebook
`path:cell 3:row:col: CODE message`, the row counted in the cell, as Ruff writes it."""

from __future__ import annotations

from keraslint.reporting import Report


def render(report: Report) -> str:
    return "".join(line(f) + verdict_tag(f) + "\n" for f in report.findings)


def verdict_tag(finding) -> str:
    """` [confirmed]` after a verified finding (`--verify`), with the reason when it is
    `refuted` or `inconclusive` (the measurements are in the other formats)."""
    if not finding.verification:
        return ""
    verdict = finding.verification.get("verdict")
    if verdict == "confirmed":
        return f" [{verdict}]"
    reason = finding.verification.get("evidence", "").split(" [", 1)[0]  # without the notes
    return f" [{verdict}: {reason}]" if reason else f" [{verdict}]"


def line(finding) -> str:
    return f"{finding.location()}: {finding.code} {finding.message}"
