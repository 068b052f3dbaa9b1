"""GitHub Actions workflow commands: annotations on the pull request's diff.

GitHub shows a notebook as its JSON file, so a notebook finding's annotation points at the line
of that file where the cell's line is written, and its text says the cell and the line in the
cell (`nb.ipynb:cell 3:2:7: KL201 ...`). (Ruff points notebook annotations at line 1.)
"""

from __future__ import annotations

from keraslint.reporting import Report


def render(report: Report) -> str:
    out = []
    for f in report.findings:
        props = {"title": f"keraslint ({f.code})", "file": f.path}
        start, end = report.in_file(f.path, f.cell, f.start), report.in_file(f.path, f.cell, f.end)
        if start is not None:
            props.update(line=start.line, col=start.column)
            if end is not None:
                props.update(endLine=end.line, endColumn=end.column)
        text = f"{f.location()}: {f.code} {f.message}" + _verified(f)
        out.append(f"::error {_props(props)}::{_data(text)}")
    for e in report.errors:
        props = {"title": "keraslint error", "file": e.path}
        position = report.in_file(e.path, e.cell, e.position) if e.position else None
        if position:
            props.update(line=position.line, col=position.column)
        text = f"{e.location()}: {e.message}" if e.cell is not None else e.message
        out.append(f"::error {_props(props)}::{_data(text)}")
    return "".join(line + "\n" for line in out)


def _verified(finding) -> str:
    """The verifier's verdict and evidence on a line of its own in the annotation."""
    v = finding.verification
    return f"\nverified: {v.get('verdict')}: {v.get('evidence', '')}" if v else ""


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _props(props: dict) -> str:
    return ",".join(f"{key}={_property(str(value))}" for key, value in props.items())
