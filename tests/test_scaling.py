"""The analysis (and the rules on top of it) does work linear in the file's size.

Measured by operation counts, not by the clock: cProfile counts every Python and built-in
function call the analysis and every rule make on one parsed file, a number that does not
depend on the machine's load. A file ten times larger may cost at most ~15 times as many
calls; a step that rescans the file per model, per use or per call (the quadratic
`_added_layers` of issue 8 took 57 s on 512 KB) makes the ratio grow with the size.
"""

from __future__ import annotations

import cProfile
import pstats

import libcst as cst
import pytest
from scaling_programs import SHAPES

from keraslint.analysis import FileFacts
from keraslint.rules import all_rules

MAX_RATIO = 15
# Per shape, the smaller of the two sizes compared (the larger is 10x): big enough for a
# quadratic step to show (the code before issue 8's fix gave 18-20x on builders, compiles and
# loops, 92x on bigclass), small enough for the profiled runs to stay well under a second.
SIZES = {"builders": 3, "adds": 40, "compiles": 10, "assignments": 10, "classes": 2,
         "functional": 10, "loops": 12, "bigclass": 15, "chain": 30, "pipelines": 10}
RULES = [rule({}) for rule in all_rules().values() if not rule.ENGINE]


def calls_to_analyse(source: str) -> int:
    """Function calls made by the analysis and every rule on one file (parsing excluded)."""
    module = cst.parse_module(source)
    profile = cProfile.Profile()
    profile.enable()
    try:
        facts = FileFacts(module)
        for rule in RULES:
            list(rule.check(facts))
    finally:
        profile.disable()
    return pstats.Stats(profile).total_calls  # type: ignore[attr-defined]


def test_every_shape_has_a_size():
    assert set(SIZES) == set(SHAPES)


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_ten_times_the_file_costs_at_most_fifteen_times_the_work(shape):
    small, large = SHAPES[shape](SIZES[shape]), SHAPES[shape](10 * SIZES[shape])
    assert 6 < len(large) / len(small) <= 10  # the input grows (a fixed header aside) tenfold
    ratio = calls_to_analyse(large) / calls_to_analyse(small)
    assert ratio <= MAX_RATIO, f"{shape}: 10x the file took {ratio:.1f}x the function calls"


def test_a_quadratic_step_would_be_caught():
    """The measure itself: a rescan of every call per call shows up as a growing ratio."""
    def quadratic(source: str) -> int:
        module = cst.parse_module(source)
        profile = cProfile.Profile()
        profile.enable()
        facts = FileFacts(module)
        for call in facts.index.calls:
            facts.method_calls("fit")  # one pass over a table per call: fine
            sum(1 for other in facts.index.calls if isinstance(other.func, cst.Attribute))
        profile.disable()
        return pstats.Stats(profile).total_calls  # type: ignore[attr-defined]

    small, large = SHAPES["compiles"](10), SHAPES["compiles"](100)
    assert quadratic(large) / quadratic(small) > MAX_RATIO
