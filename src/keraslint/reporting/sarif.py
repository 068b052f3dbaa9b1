"""SARIF 2.1.0 for code-scanning dashboards, with rule metadata from the rules' own docs."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from keraslint import __version__
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
    candidate = Path(path)
    try:
        return candidate.resolve().relative_to(cwd.resolve()).as_posix()
    except ValueError:
        return candidate.as_posix()


def _results(report: Report, index: dict) -> list[dict]:
    seen: dict[str, int] = {}
    results = []
    for finding in report.findings:
        uri = _uri(finding.path, report.cwd)
        base = _fingerprint(finding, uri, report)
        seen[base] = seen.get(base, 0) + 1
        results.append(_result(finding, index, uri, f"{base}:{seen[base]}"))
    return results


def _result(finding, index: dict, uri: str, fingerprint: str) -> dict:
    return {
        "ruleId": finding.code, "ruleIndex": index[finding.code], "level": "error",
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": finding.start.line, "startColumn": finding.start.column,
                       "endLine": finding.end.line, "endColumn": finding.end.column},
        }}],
        "partialFingerprints": {"keraslint/v1": fingerprint},
        **({"properties": {"verification": finding.verification}} if finding.verification else {}),
    }


def _fingerprint(finding, uri: str, report: Report) -> str:
    """Stable across unrelated edits: code, file and the flagged line's text, not its number;
    the caller appends the occurrence count so identical lines stay distinct."""
    source = report.sources.get(finding.path, b"").decode("utf-8", "replace").splitlines()
    text = source[finding.start.line - 1].strip() if 0 < finding.start.line <= len(source) else ""
    return hashlib.sha256(f"{finding.code}\0{uri}\0{text}".encode()).hexdigest()[:32]


def _notification(error, report: Report) -> dict:
    item = {"level": "error", "message": {"text": f"{error.path}: {error.message}"}}
    if error.position:
        item["locations"] = [{"physicalLocation": {
            "artifactLocation": {"uri": _uri(error.path, report.cwd), "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": error.position.line, "startColumn": error.position.column},
        }}]
    return item
