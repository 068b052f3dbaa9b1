"""The shipped example programs: each reports exactly the findings its `# expect:` comments name.

A file without any `# expect:` comment must get no finding at all (the clean programs and the
correct near-misses). The programs of a rule that is off by default (`fixtures/KL814/`) are
linted with that rule enabled too. Notebooks (`fixtures/notebooks/`) carry the comments in their code cells.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from keraslint.rules import all_rules
from keraslint.testing import score

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
FILES = sorted([*FIXTURES.rglob("*.py"), *FIXTURES.rglob("*.ipynb")])


def test_fixture_tree_covers_every_rule():
    for code in all_rules():
        if code == "KL001":
            continue
        folder = FIXTURES / code
        assert list(folder.glob("buggy_*.py")), f"{code} has no buggy fixture"
        assert list(folder.glob("correct_*.py")), f"{code} has no correct fixture"


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixture(path: Path):
    folder = path.parent.name
    scored = score(path, select=(folder,) if folder in all_rules() else ())
    assert not scored.result.errors, scored.result.errors
    assert scored.found == scored.want, (
        f"missed {sorted(scored.missed)}, unexpected {sorted(scored.unexpected)}\n"
        f"{scored.messages()}")
