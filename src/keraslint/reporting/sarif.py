"""SARIF 2.1.0 for code-scanning dashboards, with rule metadata from the rules' own docs.

SARIF has no notion of notebook cells. A notebook finding's region is where the notebook file
(its JSON, which is what code-scanning dashboards display) writes the flagged line; its message
starts with the cell and the line in the cell, and `properties` holds both for tools.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from keraslint import __version__, paths
from keraslint.reporting import Report
from keraslint.rules import all_rules

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def render(report: Report) -> str:
    rules = all_rules()
    used = sorted({f.code for f in report.findings})
    index = {code: i for i, code in enumerate(used)}
    document = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "keraslint", "version": __version__,
                "informationUri": "https://github.com/keraslint/keraslint",
                "rules": [_rule(rules[code]) for code in used if code in rules],
            }},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": report.cwd.resolve().as_uri() + "/"}},
            "results": _results(report, index),
            "invocations": [{
                "executionSuccessful": not report.errors,
                "toolExecutionNotifications": [_notification(e, report) for e in report.errors],
            }],
        }],
    }
    return json.dumps(document, indent=2) + "\n"


def _rule(rule) -> dict:
    return {
        "id": rule.CODE, "name": rule.NAME,
        "shortDescription": {"text": rule.summary()},
        "fullDescription": {"text": rule.docs(), "markdown": rule.docs()},
        "helpUri": rule.url(),
        "defaultConfiguration": {"level": "error"},
        "properties": {"tags": [rule.NAME]},
    }


def _uri(path: str, cwd: Path) -> str:
    return paths.display(Path(path), cwd)


def _results(report: Report, index: dict) -> list[dict]:
    seen: dict[str, int] = {}
    results = []
    for finding in report.findings:
        uri = _uri(finding.path, report.cwd)
        base = _fingerprint(finding, uri, report)
        seen[base] = seen.get(base, 0) + 1
        results.append(_result(finding, index, uri, f"{base}:{seen[base]}", report))
    return results


def _result(finding, index: dict, uri: str, fingerprint: str, report: Report) -> dict:
    properties = {}
    text = finding.message
    if finding.cell is not None:
        text = f"cell {finding.cell}, line {finding.start.line}: {text}"
        properties.update(cell=finding.cell, cellRegion=_region(finding.start, finding.end))
    if finding.verification:
        properties["verification"] = finding.verification
    start = report.in_file(finding.path, finding.cell, finding.start)
    end = report.in_file(finding.path, finding.cell, finding.end)
    location = {"artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"}}
    if start is not None:
        location["region"] = _region(start, end or start)
    return {
        "ruleId": finding.code, "ruleIndex": index[finding.code], "level": "error",
        "message": {"text": text},
        "locations": [{"physicalLocation": location}],
        "partialFingerprints": {"keraslint/v1": fingerprint},
        **({"properties": properties} if properties else {}),
    }


def _region(start, end) -> dict:
    return {"startLine": start.line, "startColumn": start.column,
            "endLine": end.line, "endColumn": end.column}


def _fingerprint(finding, uri: str, report: Report) -> str:
    """Stable across unrelated edits: code, file and the flagged line's text, not its number
    (nor, in a notebook, its cell's); the caller appends the occurrence count so identical
    lines stay distinct."""
    source = report.lines(finding.path, finding.cell)
    text = source[finding.start.line - 1].strip() if 0 < finding.start.line <= len(source) else ""
    return hashlib.sha256(f"{finding.code}\0{uri}\0{text}".encode()).hexdigest()[:32]


def _notification(error, report: Report) -> dict:
    where = error.location() if error.cell is not None else error.path
    item = {"level": "error", "message": {"text": f"{where}: {error.message}"}}
    position = report.in_file(error.path, error.cell, error.position) if error.position else None
    if position:
        item["locations"] = [{"physicalLocation": {
            "artifactLocation": {"uri": _uri(error.path, report.cwd), "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": position.line, "startColumn": position.column},
        }}]
    return item
