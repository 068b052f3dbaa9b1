"""Score keraslint against programs annotated with `# expect: KLnnn` on their primary lines.

Usage: python scripts/evaluate.py DIR [DIR ...]
Prints recall (planted faults found on the right line), precision (findings that are
expected) and every miss and false finding, so a rule change can be judged on programs the
rules were not written against. Exit 1 when any miss or false finding remains.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

from keraslint.engine.runner import lint_source
from keraslint.rules import all_rules

EXPECT = re.compile(r"#\s*expect:\s*(KL\d{3}(?:\s*,\s*KL\d{3})*)")


def expected(source: str) -> set[tuple[int, str]]:
    return {(n, code.strip()) for n, line in enumerate(source.splitlines(), 1)
            for match in [EXPECT.search(line)] if match for code in match.group(1).split(",")}


def main(dirs: list[str]) -> int:
    rules = [cls() for cls in all_rules().values() if cls.DEFAULT_ENABLED]
    hits, misses, false = Counter(), [], []
    clean_files_with_findings = 0
    for path in sorted(p for d in dirs for p in Path(d).rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        want = expected(source)
        result = lint_source(source.encode(), str(path), rules)
        got = {(f.start.line, f.code): f for f in result.findings if f.code != "KL001"}
        for key in want & set(got):
            hits[key[1]] += 1
        misses += [(path, *key) for key in sorted(want - set(got))]
        false += [(path, *key, got[key].message) for key in sorted(set(got) - want)]
        if not want and got:
            clean_files_with_findings += 1
    found, planted = sum(hits.values()), sum(hits.values()) + len(misses)
    reported = found + len(false)
    print(f"recall    {found}/{planted} = {found / max(planted, 1):.1%}")
    print(f"precision {found}/{reported} = {found / max(reported, 1):.1%}")
    print(f"files without expectations that got findings: {clean_files_with_findings}")
    for path, line, code in misses:
        print(f"MISS  {path}:{line} {code}")
    for path, line, code, message in false:
        print(f"FALSE {path}:{line} {code} {message[:160]}")
    return 1 if misses or false else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["fixtures"]))
