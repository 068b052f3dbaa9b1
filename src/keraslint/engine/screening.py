"""Before LibCST sees a file: is it safe to parse in this process?

LibCST 1.9's native parser recurses once per nesting level, with no limit of its own. Measured
here (one file, 8 MB main-thread stack): it dies of SIGSEGV — taking the whole process, and
with it every other file's findings — at ~1,500 nested parentheses, ~2,000 nested calls, ~400
levels of `f(a, [b, {c: (` and chains of ~6,000 attributes, lambdas or conditional
expressions; and its time grows with the square of the depth (1,000 nested lists: 4 s; a
3,000-term subscript chain: 13 s; 64 KB of 32-deep brackets: 6 s, against 0.2 s for 64 KB of
ordinary code). CPython's own parser refuses much less: 200 nested brackets ("too many nested
parentheses"), 100 indentation levels, ~3,000 levels of expression depth.

`screen` measures, in one pass of `re`/`bytes` primitives (about 1 % of LibCST's parse time on
the Keras, KerasHub and Model Garden sources): the bracket depth and the longest logical line
with strings and comments blanked out, and a cost estimate from both. A file that passes is
parsed in-process, the common path, with no extra process; a file that does not is parsed
where a crash or a runaway cannot reach the run (`engine.isolation`), after CPython's parser
had its say on the nesting (it is cheap, exact, and its message is the one users know).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import accumulate, compress
from operator import sub
from typing import Optional

# Limits of the in-process path, with a margin of 7x or more below what crashes LibCST.
MAX_DEPTH = 100  # brackets; CPython allows 200, real code stays below ~12
MAX_LOGICAL_LINE = 4096  # bytes in one statement: bounds the length of any expression chain
MAX_SIZE = 1 << 20  # 1 MiB: LibCST needs ~0.7 GB of memory per MB of source
MAX_COST_SECONDS = 1.0  # the estimated extra parse time from nesting and long statements

# Fitted on the measurements above (seconds): LibCST's time beyond linear grows with the
# depth of each bracket beyond the first few levels (a nest D deep costs ~5e-6 D^2 s) and with
# the square of a long statement's length (a chain of n bytes: up to ~2e-7 n^2 s). Flat
# literals are linear, so the second term overestimates them: they are isolated needlessly,
# which costs one fork (~10 ms) in a run of few files and nothing in a run with workers.
_SECONDS_PER_BRACKET_LEVEL = 5e-6
_FREE_DEPTH = 8  # levels of nesting that cost nothing extra (real code: 9 at most)
_SECONDS_PER_SQUARED_BYTE = 2e-7
_LONG_STATEMENT = 256  # statements shorter than this are linear in any shape that matters

# Comments, then every kind of string literal (prefixes are letters and so harmless); an
# unterminated triple-quoted string runs to the end of the file, as the tokenizer reads it.
_BLANKED = re.compile(
    rb'#[^\r\n]*|"""[\s\S]*?(?:"""|\Z)|\'\'\'[\s\S]*?(?:\'\'\'|\Z)'
    rb'|"(?:\\.|[^"\\\r\n])*"|\'(?:\\.|[^\'\\\r\n])*\'')
# Keep brackets (as `(` and `)`) and newlines, drop the rest.
_BRACKETS = bytes.maketrans(b"[{]}", b"(())")
_NOT_BRACKETS = bytes(c for c in range(256) if c not in b"()[]{}\n")
_STEP = {ord("("): 1, ord(")"): -1, ord("\n"): 0}


@dataclass(frozen=True)
class Screening:
    size: int
    depth: int  # deepest bracket nesting
    depth_line: int  # 1-based line where it is reached
    longest: int  # bytes in the longest logical line (statement)
    longest_line: int  # 1-based line where that statement starts
    cost: float  # estimated parse seconds beyond the linear part
    unbalanced: bool  # a closing bracket without an opening one (the scan may undercount)

    def risk(self) -> Optional["Risk"]:
        """Why this file should not be parsed in-process, or None when it is safe to."""
        if self.depth > MAX_DEPTH:
            return Risk("depth", f"brackets nested {self.depth} deep", self.depth_line)
        if self.longest > MAX_LOGICAL_LINE:
            return Risk("statement", f"a {self.longest:,}-byte statement", self.longest_line)
        if self.unbalanced:
            return Risk("unbalanced", "unbalanced brackets", None)
        if self.cost > MAX_COST_SECONDS:
            return Risk("cost", f"nesting or long statements that may take LibCST ~{self.cost:.0f} s to "
                        "parse", self.longest_line)
        if self.size > MAX_SIZE:
            return Risk("size", f"{self.size / 2**20:.1f} MiB of source", None)
        return None


@dataclass(frozen=True)
class Risk:
    kind: str  # depth, statement, unbalanced, cost (LibCST may crash or crawl) or size
    reason: str
    line: Optional[int]  # where in the file, when one place is the cause

    def __str__(self) -> str:
        return self.reason + (f" (line {self.line})" if self.line else "")


def screen(source: bytes) -> Screening:
    code = _BLANKED.sub(b"0", source)
    marks = code.translate(_BRACKETS, _NOT_BRACKETS)  # "(", ")" and "\n" only
    depths = list(accumulate(map(_STEP.__getitem__, marks)))
    depth = max(depths, default=0)
    lengths, starts = _logical_lines(code, marks, depths)
    long = [n for n in lengths if n > _LONG_STATEMENT]
    deep = 0 if depth <= _FREE_DEPTH else sum(d - _FREE_DEPTH for d in depths if d > _FREE_DEPTH)
    cost = _SECONDS_PER_BRACKET_LEVEL * deep + _SECONDS_PER_SQUARED_BYTE * sum(n * n for n in long)
    longest = max(lengths, default=0)
    return Screening(
        size=len(source), depth=depth,
        depth_line=marks.count(b"\n", 0, depths.index(depth)) + 1 if depth > 0 else 1,
        longest=longest, longest_line=starts[lengths.index(longest)] if lengths else 1,
        cost=cost, unbalanced=min(depths, default=0) < 0,
    )


def _logical_lines(code: bytes, marks: bytes, depths: list[int]) -> tuple[list[int], list[int]]:
    """Byte lengths of the logical lines (a statement spanning lines inside brackets or after
    a backslash counts as one) and the 1-based line each starts on."""
    lines = code.split(b"\n")
    ends = list(accumulate(len(line) + 1 for line in lines))  # offset after each newline
    # The depth after each newline, in order (newlines are the zeros of `marks` steps).
    at_newline = compress(depths, map(ord("\n").__eq__, marks))
    closes = [d <= 0 for d in at_newline] + [True]  # the file's end closes the last line
    if b"\\\n" in code or b"\\\r\n" in code:
        closes = [c and not line.rstrip(b"\r").endswith(b"\\") for c, line in zip(closes, lines)]
    boundaries = [0, *compress(ends, closes)]
    lengths = list(map(sub, boundaries[1:], boundaries[:-1]))
    numbers = [1, *(i + 2 for i in compress(range(len(lines)), closes))][:len(lengths)]
    return lengths, numbers

