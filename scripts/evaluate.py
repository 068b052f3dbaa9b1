"""Score keraslint against programs annotated with `# expect: KLnnn` on their primary lines.

Usage: python scripts/evaluate.py DIR [DIR ...]
Prints recall (planted faults found on the right line), precision (findings that are
expected) and every miss and false finding, so a rule change can be judged on programs the
rules were not written against. Exit 1 when any miss or false finding remains.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from keraslint.testing import score, where


def main(dirs: list[str]) -> int:
    hits, misses, false = Counter(), [], []
    clean_files_with_findings = 0
    for path in sorted(p for d in dirs for pattern in ("*.py", "*.ipynb")
                       for p in Path(d).rglob(pattern)):
        scored = score(path)
        messages = {(where(f), f.code): f.message for f in scored.result.findings}
        for _, code in scored.want & scored.found:
            hits[code] += 1
        misses += [(path, *key) for key in sorted(scored.missed)]
        false += [(path, *key, messages[key]) for key in sorted(scored.unexpected)]
        if not scored.want and scored.found:
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
