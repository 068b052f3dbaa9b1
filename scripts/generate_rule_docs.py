"""Regenerate rules/*.md from the rules' docstrings (tests fail while a page is stale)."""

from pathlib import Path

from keraslint.ruledocs import write

if __name__ == "__main__":
    for path in write(Path(__file__).resolve().parent.parent / "rules"):
        print(f"updated {path.name}")
