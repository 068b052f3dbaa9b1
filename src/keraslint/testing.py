"""Programs annotated with `# expect: KLnnn` on the lines a finding must start on.

The shipped fixtures, the held-out evaluation sets and `scripts/evaluate.py` all score
programs this way; one reader of the annotations keeps them from drifting apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from keraslint.engine.runner import FileResult, lint_source
from keraslint.rules import all_rules

EXPECT = re.compile(r"#\s*expect:\s*(KL\d{3}(?:\s*,\s*KL\d{3})*)")


def expected(source: str) -> set[tuple[int, str]]:
    """(line, code) for every `# expect:` annotation."""
    out = set()
    for number, line in enumerate(source.splitlines(), 1):
        match = EXPECT.search(line)
        if match:
            out |= {(number, code.strip()) for code in match.group(1).split(",")}
    return out


@dataclass
class Scored:
    """One annotated program linted with the default rules."""

    result: FileResult
    found: set[tuple[int, str]]
    want: set[tuple[int, str]]

    @property
    def missed(self) -> set[tuple[int, str]]:
        return self.want - self.found

    @property
    def unexpected(self) -> set[tuple[int, str]]:
        return self.found - self.want

    def messages(self) -> str:
        return "\n".join(f"  {f.start.line}: {f.code} {f.message}" for f in self.result.findings)


def score(path: Path) -> Scored:
    source = path.read_text(encoding="utf-8")
    rules = [cls() for cls in all_rules().values() if cls.DEFAULT_ENABLED]
    result = lint_source(source.encode(), str(path), rules)
    found = {(f.start.line, f.code) for f in result.findings}
    return Scored(result, found, expected(source))
