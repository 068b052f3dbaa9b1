from __future__ import annotations

from pathlib import Path

import pytest

from keraslint.config import ConfigError, Settings, find_config, from_table, load, with_overrides
from keraslint.rules import all_rules


def settings(**table) -> Settings:
    return from_table({k.replace("_", "-"): v for k, v in table.items()}, root=Path("/p"))


def test_defaults_enable_default_rules():
    enabled = settings().enabled_codes()
    assert enabled == {c for c, r in all_rules().items() if r.DEFAULT_ENABLED}


def test_prefix_selection_and_specificity():
    s = settings(select=["KL2"], ignore=["KL20"], extend_select=["KL201"])
    assert "KL201" in s.enabled_codes()
    assert "KL202" not in s.enabled_codes()
    assert settings(select=["ALL"], ignore=["KL1"]).enabled_codes().isdisjoint({"KL101", "KL102"})


def test_cli_select_replaces_config_select():
    s = with_overrides(settings(select=["KL1"]), select=["KL3"])
    assert {c[:3] for c in s.enabled_codes()} == {"KL3"}


@pytest.mark.parametrize("table, message", [
    ({"selct": ["KL1"]}, "unknown key `selct`"),
    ({"select": "KL1"}, "must be a list of strings"),
    ({"select": ["KL77"]}, "unknown rule selector `KL77`"),
    ({"per-file-ignores": {"a.py": ["XX1"]}}, "unknown rule selector `XX1`"),
    ({"large-array-threshold": "lots"}, "large-array-threshold"),
])
def test_invalid_config(table, message):
    with pytest.raises(ConfigError, match=message):
        from_table(table, root=Path("/p"))


def test_per_file_ignores_and_excludes(tmp_path):
    s = from_table({"per-file-ignores": {"tests/*": ["KL2"]}, "extend-exclude": ["legacy"]},
                   root=tmp_path)
    assert "KL201" not in s.codes_for(tmp_path / "tests" / "test_x.py")
    assert "KL201" in s.codes_for(tmp_path / "src" / "x.py")
    assert s.is_excluded(tmp_path / "legacy" / "x.py")
    assert s.is_excluded(tmp_path / ".venv" / "lib" / "x.py")
    assert not s.is_excluded(tmp_path / "src" / "x.py")


def test_find_and_load(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.keraslint]\nignore = ["KL3"]\n'
                                             'large-array-threshold = "2 GiB"\n')
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "pyproject.toml").write_text('[project]\nname = "x"\n')
    found = find_config(tmp_path / "sub")
    assert found == (tmp_path / "pyproject.toml").resolve()
    loaded = load(found)
    assert loaded.ignore == ("KL3",)
    assert loaded.option_values()["large-array-threshold"] == 2 * 2**30


def test_command_line_is_a_later_layer_that_wins_for_the_codes_it_names():
    """Ruff: the config's select/ignore resolve first, then the command line's on top."""
    config = settings(ignore=["KL201"])
    assert "KL201" not in config.enabled_codes()
    assert "KL201" in with_overrides(config, extend_select=["KL201"]).enabled_codes()
    assert with_overrides(config, select=["KL201"]).enabled_codes() == {"KL201"}
    narrowed = with_overrides(settings(select=["KL2"]), ignore=["KL20"], extend_select=["KL201"])
    kl2 = settings(select=["KL2"]).enabled_codes()
    assert narrowed.enabled_codes() == {c for c in kl2 if not c.startswith("KL20")} | {"KL201"}


def test_empty_selector_is_an_error():
    with pytest.raises(ConfigError, match="empty rule selector"):
        with_overrides(settings(), select=[""])
