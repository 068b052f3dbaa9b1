"""Regenerate rules/*.md and the README's rules table from the rules' docstrings (tests fail
while either is stale)."""

from pathlib import Path

from keraslint.ruledocs import write, write_readme_table

if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    for path in write(root / "rules"):
        print(f"updated {path.name}")
    if write_readme_table(root / "README.md"):
        print("updated README.md (rules table)")
