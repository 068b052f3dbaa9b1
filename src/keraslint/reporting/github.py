"""GitHub Actions workflow commands: annotations on the pull request's diff."""

from __future__ import annotations

from keraslint.reporting import Report


def render(report: Report) -> str:
    out = []
    for f in report.findings:
        props = {
            "title": f"keraslint ({f.code})", "file": f.path, "line": f.start.line,
            "col": f.start.column, "endLine": f.end.line, "endColumn": f.end.column,
        }
        text = f"{f.path}:{f.start.line}:{f.start.column}: {f.code} {f.message}" + _verified(f)
        out.append(f"::error {_props(props)}::{_data(text)}")
    for e in report.errors:
        props = {"title": "keraslint error", "file": e.path}
        if e.position:
            props.update(line=e.position.line, col=e.position.column)
        out.append(f"::error {_props(props)}::{_data(e.message)}")
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
