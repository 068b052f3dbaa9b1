"""The held-out evaluation sets: no false finding anywhere, and no miss but the documented one.

A change that loses a finding or adds a false one fails here; a deliberate change of a rule's
scope updates KNOWN_MISSES with its reason (and the rule's docs).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from keraslint.testing import score

SETS = Path(__file__).resolve().parent.parent / "evaluation"
FILES = sorted(SETS.rglob("*.py"))
# KL101 skips kernels whose constraint keeps them non-negative (NonNeg): positive initial
# weights are the point of a monotone layer, so the rule stays quiet there by design.
# KL102 reports a scale only against a fan-in it knows (or a lower bound of it: a kernel's
# area, the channels a Flatten flattens), issue 7: an unknown fan-in is not large. In these
# programs the fan-in comes from data through a builder's parameter (boston_housing's 13
# columns), from argparse (`cfg.width`), or from a layer list concatenated from a helper's
# return values; none is followed, so the finding is missed rather than guessed.
KNOWN_MISSES = {
    ("set1/bug_custom_layer_addweight.py", 20, "KL101"),
    ("set2/bug_custom_layer_scale.py", 18, "KL102"),
    ("set2/bug_wide_normal.py", 17, "KL102"),
    ("set3/bug_research_cnn_two_faults.py", 15, "KL102"),
}


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(SETS)))
def test_evaluation_program(path: Path):
    scored = score(path)
    assert not scored.result.errors, scored.result.errors
    name = path.relative_to(SETS).as_posix()
    missed = {m for m in scored.missed if (name, *m) not in KNOWN_MISSES}
    assert not missed and not scored.unexpected, (
        f"missed {sorted(missed)}, false {sorted(scored.unexpected)}\n{scored.messages()}")


def test_sets_are_present():
    assert len(FILES) > 200
