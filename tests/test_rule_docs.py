"""The checked-in rule pages are generated from the rules' docstrings and must not be stale."""

from pathlib import Path

from keraslint.ruledocs import expected_files, readme_with_table
from keraslint.rules import all_rules

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
README = Path(__file__).resolve().parent.parent / "README.md"
CATALOGUE = Path(__file__).resolve().parents[2] / "shared" / "rule-catalogue.md"


def test_pages_are_current():
    expected = expected_files()
    stale = [name for name, text in expected.items()
             if not (RULES_DIR / name).exists() or (RULES_DIR / name).read_text() != text]
    extra = sorted(p.name for p in RULES_DIR.glob("*.md") if p.name not in expected)
    assert not stale and not extra, (
        f"stale rule pages {stale}, extra {extra}: run `python scripts/generate_rule_docs.py`")


def test_readme_rules_table_is_current():
    text = README.read_text(encoding="utf-8")
    assert readme_with_table(text) == text, (
        "the README's rules table is stale: run `python scripts/generate_rule_docs.py`")


def test_readme_table_is_regenerated_between_the_markers_only():
    from keraslint.ruledocs import README_TABLE_END, README_TABLE_START

    stale = f"intro\n{README_TABLE_START}\n| old | table |\n{README_TABLE_END}\noutro\n"
    fresh = readme_with_table(stale)
    assert fresh.startswith(f"intro\n{README_TABLE_START}\n| code | name |")
    assert fresh.endswith(f"\n{README_TABLE_END}\noutro\n")
    assert "| old | table |" not in fresh
    assert all(f"[{code}](rules/{code}.md)" in fresh for code in all_rules())
    assert readme_with_table(fresh) == fresh


def test_codes_and_names_match_catalogue():
    if not CATALOGUE.exists():
        import pytest
        pytest.skip("shared/rule-catalogue.md is not beside the repo")
    text = CATALOGUE.read_text()
    for code, rule in all_rules().items():
        if code == "KL001":
            continue
        assert f"| {code} | {rule.NAME} |" in text, f"{code} {rule.NAME} is not in the catalogue"


def test_options_are_documented():
    for rule in all_rules().values():
        for option in rule.OPTIONS:
            assert f"`{option.key}`" in rule.docs(), f"{rule.CODE} does not document {option.key}"
