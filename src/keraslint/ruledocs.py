"""Rule pages, generated from each rule's own docstring: the terminal (`keraslint rule`) and
the checked-in `rules/*.md` show the same text, and a test fails when a page is stale."""

from __future__ import annotations

from pathlib import Path

from keraslint.rules import Rule, all_rules

FAMILIES = {
    "KL0": "keraslint itself",
    "KL1": "weights and initialization",
    "KL2": "outputs, activations and losses",
    "KL3": "data feeding",
    "KL4": "custom training loops",
    "KL5": "Keras API and migration",
    "KL6": "optimizer and hyperparameters",
    "KL8": "layers and models",
    "KL9": "performance and resources",
}


def page(rule: type[Rule]) -> str:
    default = "Enabled by default." if rule.DEFAULT_ENABLED else (
        f"Off by default: enable it with `extend-select = [\"{rule.CODE}\"]`.")
    family = FAMILIES.get(rule.CODE[:3], "")
    return (f"# {rule.NAME} ({rule.CODE})\n\n"
            f"Family: {rule.CODE[:3]}xx {family}. {default}\n\n{rule.docs()}\n")


def index() -> str:
    lines = ["# keraslint rules", "",
             "Generated from the rules' docstrings by `python scripts/generate_rule_docs.py`.", "",
             "| code | name | what it flags | default |", "|---|---|---|---|"]
    for code, rule in all_rules().items():
        on = "on" if rule.DEFAULT_ENABLED else "off"
        lines.append(f"| [{code}]({code}.md) | {rule.NAME} | {rule.summary()} | {on} |")
    return "\n".join(lines) + "\n"


def expected_files() -> dict[str, str]:
    files = {f"{code}.md": page(rule) for code, rule in all_rules().items()}
    files["README.md"] = index()
    return files


def write(directory: Path) -> list[Path]:
    """Write every page; remove pages of rules that no longer exist. Returns changed files."""
    directory.mkdir(parents=True, exist_ok=True)
    changed = []
    expected = expected_files()
    for name, text in expected.items():
        target = directory / name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            changed.append(target)
    for stale in directory.glob("KL*.md"):
        if stale.name not in expected:
            stale.unlink()
            changed.append(stale)
    return changed
