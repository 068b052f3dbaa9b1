"""The shipped example programs: each reports exactly the findings its `# expect:` comments name.

A file without any `# expect:` comment must get no finding at all (the clean programs and the
correct near-misses).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from keraslint.engine.runner import lint_source
from keraslint.rules import all_rules

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
EXPECT = re.compile(r"#\s*expect:\s*(KL\d{3}(?:\s*,\s*KL\d{3})*)")
FILES = sorted(FIXTURES.rglob("*.py"))


def expected(source: str) -> set[tuple[int, str]]:
    out = set()
    for number, line in enumerate(source.splitlines(), 1):
        match = EXPECT.search(line)
        if match:
            out |= {(number, code.strip()) for code in match.group(1).split(",")}
    return out


def test_fixture_tree_covers_every_rule():
    for code in all_rules():
        if code == "KL001":
            continue
        folder = FIXTURES / code
        assert list(folder.glob("buggy_*.py")), f"{code} has no buggy fixture"
        assert list(folder.glob("correct_*.py")), f"{code} has no correct fixture"


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixture(path: Path):
    source = path.read_text(encoding="utf-8")
    rules = [cls() for cls in all_rules().values() if cls.DEFAULT_ENABLED]
    result = lint_source(source.encode(), str(path), rules)
    assert not result.errors, result.errors
    found = {(f.start.line, f.code) for f in result.findings}
    want = expected(source)
    messages = "\n".join(f"  {f.start.line}: {f.code} {f.message}" for f in result.findings)
    assert found == want, (f"missed {sorted(want - found)}, unexpected {sorted(found - want)}\n"
                           f"{messages}")
