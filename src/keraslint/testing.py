"""Programs annotated with `# expect: KLnnn` on the lines a finding must start on.

The shipped fixtures, the held-out evaluation sets and `scripts/evaluate.py` all score
programs this way; one reader of the annotations keeps them from drifting apart. In a notebook
the annotations stand in code cells, and a finding is placed by (cell, line in the cell).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Union

from keraslint.engine.runner import FileResult, lint_source
from keraslint.findings import Finding
from keraslint.rules import all_rules
from keraslint.source import Source, read

Where = Union[int, tuple[int, int]]  # a line; in a notebook, (cell, line in the cell)

EXPECT = re.compile(r"#\s*expect:\s*(KL\d{3}(?:\s*,\s*KL\d{3})*)")


def expected(source: str) -> set[tuple[int, str]]:
    """(line, code) for every `# expect:` annotation."""
    out = set()
    for number, line in enumerate(source.splitlines(), 1):
        match = EXPECT.search(line)
        if match:
            out |= {(number, code.strip()) for code in match.group(1).split(",")}
    return out


def expected_in(source: Source) -> set[tuple[Where, str]]:
    """(where, code) for every `# expect:` annotation of a Python file or a notebook's cells."""
    if not source.is_notebook:
        return expected(source.program.decode("utf-8"))
    return {((cell.number, line), code) for cell in source.cells
            for line, code in expected("\n".join(cell.lines))}


def where(finding: Finding) -> Where:
    return finding.start.line if finding.cell is None else (finding.cell, finding.start.line)


@dataclass
class Scored:
    """One annotated program linted with the default rules."""

    result: FileResult
    found: set[tuple[Where, str]]
    want: set[tuple[Where, str]]

    @property
    def missed(self) -> set[tuple[Where, str]]:
        return self.want - self.found

    @property
    def unexpected(self) -> set[tuple[Where, str]]:
        return self.found - self.want

    def messages(self) -> str:
        return "\n".join(f"  {where(f)}: {f.code} {f.message}" for f in self.result.findings)


def score(path: Path, enable: frozenset[str] = frozenset()) -> Scored:
    """A `.py` program or a notebook (`.ipynb`), linted with the default rules and the rules
    named in `enable` (a fixture folder of an off-by-default rule exercises that rule)."""
    data = path.read_bytes()
    rules = [cls() for code, cls in all_rules().items() if cls.DEFAULT_ENABLED or code in enable]
    result = lint_source(data, str(path), rules)
    found = {(where(f), f.code) for f in result.findings}
    return Scored(result, found, expected_in(read(data, str(path))))
