"""The CLI end to end, as a subprocess on temporary trees: exit codes, config, noqa, stdin."""

from __future__ import annotations

import json

from conftest import CLEAN, SOFTMAX_FROM_LOGITS, run_cli


def test_findings_exit_1_and_point_at_compile(project):
    result = run_cli("check", "--output-format", "concise", ".", cwd=project)
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines()[0].startswith("pkg/train.py:7:7: KL201 ")
    assert "Found 1 finding." in result.stdout


def test_clean_exit_0(project):
    result = run_cli("check", "pkg/clean.py", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All checks passed!" in result.stdout


def test_exit_zero(project):
    assert run_cli("check", "--exit-zero", ".", cwd=project).returncode == 0


def test_syntax_error_is_located_and_others_still_linted(project):
    (project / "pkg" / "broken.py").write_text("import keras\ndef f(:\n    pass\n")
    result = run_cli("check", "--output-format", "concise", ".", cwd=project)
    assert result.returncode == 2
    assert "pkg/broken.py:2:7: SyntaxError" in result.stderr
    assert "Traceback" not in result.stderr
    assert "pkg/train.py:7:7: KL201" in result.stdout


def test_undecodable_and_missing_files(project):
    (project / "pkg" / "latin.py").write_bytes(b"import keras\nx = '\xe9\xff'\n")
    result = run_cli("check", "--output-format", "concise", "pkg", "nope.py", cwd=project)
    assert result.returncode == 2
    assert "nope.py: No such file or directory" in result.stderr
    assert "pkg/latin.py" in result.stderr and "Traceback" not in result.stderr
    assert "pkg/train.py:7:7: KL201" in result.stdout


def test_stdin_with_filename(project):
    result = run_cli("check", "--output-format", "concise", "-", "--stdin-filename", "pkg/x.py",
                     cwd=project, stdin=SOFTMAX_FROM_LOGITS)
    assert result.returncode == 1
    assert result.stdout.startswith("pkg/x.py:7:7: KL201")


def test_stdin_force_exclude(project):
    (project / "pyproject.toml").write_text('[tool.keraslint]\nextend-exclude = ["generated"]\n')
    result = run_cli("check", "--force-exclude", "-", "--stdin-filename", "generated/x.py",
                     cwd=project, stdin=SOFTMAX_FROM_LOGITS)
    assert result.returncode == 0, result.stdout


def test_explicit_path_linted_unless_force_exclude(project):
    (project / "pyproject.toml").write_text('[tool.keraslint]\nextend-exclude = ["pkg/train.py"]\n')
    assert run_cli("check", ".", cwd=project).returncode == 0
    assert run_cli("check", "pkg/train.py", cwd=project).returncode == 1
    assert run_cli("check", "--force-exclude", "pkg/train.py", cwd=project).returncode == 0


def test_select_and_ignore_by_prefix(project):
    assert run_cli("check", "--ignore", "KL2", ".", cwd=project).returncode == 0
    assert run_cli("check", "--select", "KL1,KL3", ".", cwd=project).returncode == 0
    assert run_cli("check", "--select", "ALL", ".", cwd=project).returncode == 1
    assert run_cli("check", "--select", "KL2", "--ignore", "KL20", "--extend-select", "KL201", ".",
                   cwd=project).returncode == 1


def test_unknown_selector_is_usage_error(project):
    result = run_cli("check", "--select", "KL999", ".", cwd=project)
    assert result.returncode == 2
    assert "unknown rule selector `KL999`" in result.stderr


def test_config_keys_and_per_file_ignores(project):
    (project / "pyproject.toml").write_text(
        '[tool.keraslint]\nper-file-ignores = { "pkg/train.py" = ["KL201"] }\n')
    assert run_cli("check", ".", cwd=project).returncode == 0


def test_broken_config_is_a_clear_error(project):
    (project / "pyproject.toml").write_text('[tool.keraslint]\nselec = ["KL2"]\n')
    result = run_cli("check", ".", cwd=project)
    assert result.returncode == 2
    assert "unknown key `selec` (did you mean `select`?)" in result.stderr
    (project / "pyproject.toml").write_text('[tool.keraslint\nselect = 3\n')
    result = run_cli("check", ".", cwd=project)
    assert result.returncode == 2 and "invalid TOML" in result.stderr
    assert "Traceback" not in result.stderr


def test_nearest_config_wins(project):
    (project / "pyproject.toml").write_text('[tool.keraslint]\nignore = ["KL201"]\n')
    (project / "pkg" / "pyproject.toml").write_text('[tool.keraslint]\nselect = ["KL2"]\n')
    assert run_cli("check", ".", cwd=project).returncode == 1


def test_explicit_config_file(project, tmp_path):
    config = tmp_path / "other.toml"
    config.write_text('ignore = ["KL2"]\n')
    assert run_cli("check", "--config", str(config), ".", cwd=project).returncode == 0


def test_noqa_and_file_level_noqa(project):
    lines = SOFTMAX_FROM_LOGITS.splitlines()
    lines[6] += "  # noqa: KL201"
    (project / "pkg" / "train.py").write_text("\n".join(lines) + "\n")
    assert run_cli("check", ".", cwd=project).returncode == 0
    (project / "pkg" / "train.py").write_text("# keraslint: noqa\n" + SOFTMAX_FROM_LOGITS)
    assert run_cli("check", ".", cwd=project).returncode == 0


def test_unused_noqa_is_reported(project):
    (project / "pkg" / "clean.py").write_text(CLEAN.replace("])\n", "])  # noqa: KL201, E501\n", 1))
    result = run_cli("check", "--output-format", "concise", "pkg/clean.py", cwd=project)
    assert result.returncode == 1
    assert "KL001 Unused `noqa` directive (unused: `KL201`)" in result.stdout


def test_json_fields(project):
    result = run_cli("check", "--output-format", "json", ".", cwd=project)
    (item,) = json.loads(result.stdout)
    assert set(item) >= {"code", "name", "message", "filename", "location", "end_location",
                         "noqa_row", "url", "fix"}
    assert item["location"] == {"row": 7, "column": 7}
    assert item["fix"] is None and item["name"] == "double-activation"


def test_output_file_and_statistics(project):
    result = run_cli("check", "--statistics", "-o", "out.txt", ".", cwd=project)
    assert result.returncode == 1
    assert (project / "out.txt").read_text() == "1\tKL201\tdouble-activation\nFound 1 finding.\n"


def test_rule_command(project):
    result = run_cli("rule", "KL201", cwd=project)
    assert result.returncode == 0 and "# double-activation (KL201)" in result.stdout
    assert "## Why is this bad?" in result.stdout
    assert run_cli("rule", "double-activation", cwd=project).returncode == 0
    assert run_cli("rule", "KL777", cwd=project).returncode == 2
    everything = run_cli("rule", "--all", cwd=project).stdout
    assert "(KL101)" in everything and "(KL302)" in everything


def test_version(project):
    result = run_cli("--version", cwd=project)
    assert result.returncode == 0 and "keraslint" in result.stdout


def test_rule_crash_is_isolated(project, monkeypatch):

    from keraslint.engine.runner import lint_source
    from keraslint.rules import all_rules

    class Boom(all_rules()["KL203"]):
        def check(self, facts):
            raise ValueError("boom")

    rules = [Boom()] + [cls() for code, cls in all_rules().items() if code != "KL203"]
    result = lint_source(SOFTMAX_FROM_LOGITS.encode(), "x.py", rules)
    assert [f.code for f in result.findings] == ["KL201"]
    assert len(result.errors) == 1 and "KL203" in result.errors[0].message


def test_same_findings_with_one_or_many_workers():
    from conftest import REPO

    one = run_cli("check", "-j", "1", "--output-format", "json", "fixtures", cwd=REPO)
    many = run_cli("check", "-j", "2", "--output-format", "json", "fixtures", cwd=REPO)
    assert one.returncode == many.returncode == 1
    assert one.stdout == many.stdout and len(json.loads(one.stdout)) > 40
