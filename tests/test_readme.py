"""Every example in the README works when copied: config snippets parse and are accepted,
commands run with the exit code they promise, the pre-commit snippet runs as a hook."""

from __future__ import annotations

import ast
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO, SOFTMAX_FROM_LOGITS, run_cli
from keraslint.config import from_table

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

README = (REPO / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"^```(\w*)\n(.*?)^```", README, flags=re.S | re.M)
PIP_EXTRAS = re.compile(r"keraslint\[(\w+)\]|'\.\[([\w,]+)\]'")


def blocks(language: str) -> list[str]:
    return [body for lang, body in BLOCKS if lang == language]


def commands() -> list[str]:
    """Each shell command of the bash blocks, `&&` chains split, comments dropped."""
    found = []
    for body in blocks("bash"):
        for line in body.splitlines():
            line = line.split("  #")[0].strip()
            found += [part.strip() for part in line.split("&&") if part.strip()]
    return found


def test_readme_has_the_snippets_this_test_checks():
    assert len(blocks("toml")) >= 2 and blocks("yaml") and blocks("bash") and blocks("python")


@pytest.mark.parametrize("body", blocks("toml"), ids=lambda b: b.split("\n")[0])
def test_toml_snippets_parse_and_keraslint_accepts_them(body, tmp_path):
    data = tomllib.loads(body)
    table = data.get("tool", {}).get("keraslint")
    if table is not None:
        from_table(table, root=tmp_path)  # raises ConfigError on an unknown key or code
        (tmp_path / "pyproject.toml").write_text(body)
        (tmp_path / "train.py").write_text(SOFTMAX_FROM_LOGITS)
        result = run_cli("check", ".", cwd=tmp_path)
        assert result.returncode in (0, 1), result.stderr
        assert "error" not in result.stderr


def test_python_snippets_are_python():
    for body in blocks("python"):
        ast.parse(body)


def test_pip_extras_named_in_readme_exist():
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text())
    extras = set(pyproject["project"]["optional-dependencies"])
    named = {e for m in PIP_EXTRAS.finditer(README) for group in m.groups() if group
             for e in group.split(",")}
    assert named and named <= extras, named - extras


@pytest.mark.parametrize("command", [c for c in commands() if c.startswith(".venv/bin/keraslint")
                                     or (c.startswith("keraslint") and "--verify" not in c
                                         and not c.startswith("keraslint verify"))])
def test_readme_commands_run(command):
    """Lint commands run as written from the repository root; they find what they show."""
    argv = shlex.split(command)
    result = run_cli(*argv[1:], cwd=REPO)
    assert result.returncode in (0, 1), result.stderr
    assert not result.stderr


def examples() -> list[tuple[str, str]]:
    """(command, output) pairs: a "`keraslint check ...`:" line followed by its output block."""
    return re.findall(r"`(keraslint check [^`]+)`\)?:\n+```\n(.*?)^```", README,
                      flags=re.S | re.M)


def test_readme_has_output_examples():
    assert len(examples()) >= 3


@pytest.mark.parametrize("command, shown", examples(), ids=[c for c, _ in examples()])
def test_readme_output_examples_are_what_the_commands_print(command, shown):
    """The findings shown in each example are the ones the command gives, where it shows them."""
    if "--verify" in command:
        pytest.skip("verification is exercised by the verifier's own end-to-end tests")
    result = run_cli(*shlex.split(command)[1:], cwd=REPO)
    header = re.compile(r"^(\S+:\d+:\d+: KL\d+) ", flags=re.M)
    assert header.findall(shown) == header.findall(result.stdout)
    assert shown.splitlines()[-1] == result.stdout.splitlines()[-1]  # the summary line


def test_workflow_snippets_are_yaml():
    for body in blocks("yaml"):
        assert yaml.safe_load(body)


@pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")
def test_precommit_snippet_runs_as_a_hook(tmp_path):
    """The README's local hook, copied into a repository, runs keraslint on staged files."""
    snippet = next(b for b in blocks("yaml") if "repos:" in b)
    pre_commit = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    if not Path(pre_commit).exists():
        pytest.skip("pre-commit is in the test extra")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / ".pre-commit-config.yaml").write_text(snippet)
    (tmp_path / "train.py").write_text(SOFTMAX_FROM_LOGITS)
    subprocess.run(["git", "add", "."], cwd=tmp_path, check=True)
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / ".cache"),
               PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    result = subprocess.run([pre_commit, "run", "--all-files"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "train.py:7:7: KL201" in result.stdout
