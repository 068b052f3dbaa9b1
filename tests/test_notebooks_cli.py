"""Notebooks end to end through the CLI: discovery, every format's location, noqa in a cell,
stdin, broken and foreign notebooks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import notebook, run_cli

SETUP = "!pip install -q tensorflow\n%matplotlib inline\nimport keras\n"
MODEL = ('model = keras.Sequential([\n'
         '    keras.layers.Dense(64, activation="relu"),\n'
         '    keras.layers.Dense(10, activation="softmax"),\n'
         '])\n')
COMPILE = ("model.compile(optimizer='adam', "
           "loss=keras.losses.CategoricalCrossentropy(from_logits=True))\n")
BUGGY = notebook(SETUP, ("markdown", "## Model"), MODEL, "%%time\n" + COMPILE + "model.summary?\n")


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "nb").mkdir()
    (tmp_path / "nb" / "train.ipynb").write_text(BUGGY)
    return tmp_path


def test_notebooks_are_discovered_and_json_has_the_cell(tree):
    result = run_cli("check", "--output-format", "json", ".", cwd=tree)
    assert result.returncode == 1, result.stderr
    (item,) = json.loads(result.stdout)
    assert item["filename"] == str(tree / "nb" / "train.ipynb")
    assert item["cell"] == 4
    assert item["location"] == {"row": 2, "column": 7}
    assert item["end_location"]["row"] == 2 and item["noqa_row"] == 2
    assert item["message"].startswith("The output layer `keras.layers.Dense(10, activation="
                                      "\"softmax\")` (cell 3, line 3) already applies softmax")


def test_notebooks_can_be_excluded(tree):
    (tree / "pyproject.toml").write_text('[tool.keraslint]\nextend-exclude = ["*.ipynb"]\n')
    assert run_cli("check", ".", cwd=tree).returncode == 0


def test_full_format_shows_the_cells_lines(tree):
    result = run_cli("check", ".", cwd=tree)
    assert result.stdout.splitlines()[1:5] == [
        "  |",
        "1 | %%time",
        "2 | " + COMPILE.rstrip(),
        "  |       " + "^" * (len(COMPILE.rstrip()) - 6) + " KL201",
    ]


def test_github_annotation_points_at_the_notebook_file(tree):
    result = run_cli("check", "--output-format", "github", ".", cwd=tree)
    props, text = result.stdout.split("::")[1:3]
    line = int(props.split("line=")[1].split(",")[0])
    column = int(props.split("col=")[1].split(",")[0])
    assert BUGGY.splitlines()[line - 1][column - 1:].startswith("compile(optimizer=")
    assert text.startswith("nb/train.ipynb:cell 4:2:7: KL201 ")


def test_noqa_in_cells(tree):
    """`# noqa` on a cell's line, KL001 in cell coordinates, `# keraslint: noqa` in a later
    cell, and code shown in markdown, which is not code."""
    silenced = COMPILE.rstrip() + "  # noqa: KL201\n"
    (tree / "nb" / "train.ipynb").write_text(notebook(
        SETUP, MODEL, silenced, "x = 1  # noqa: KL202\n"))
    (tree / "nb" / "file_level.ipynb").write_text(notebook(
        SETUP, MODEL, COMPILE, "# keraslint: noqa: KL201\nprint('done')\n"))
    (tree / "nb" / "markdown.ipynb").write_text(notebook(
        SETUP, ("markdown", "```python\n" + MODEL + COMPILE + "```\n")))
    result = run_cli("check", "--output-format", "json", ".", cwd=tree)
    (item,) = json.loads(result.stdout)
    assert item["filename"].endswith("train.ipynb")
    assert (item["code"], item["cell"], item["location"]) == ("KL001", 4, {"row": 1, "column": 8})
    assert item["noqa_row"] == 1


def test_stdin_with_a_notebook_filename(tree):
    result = run_cli("check", "--output-format", "concise", "-", "--stdin-filename",
                     "nb/x.ipynb", cwd=tree, stdin=BUGGY)
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("nb/x.ipynb:cell 4:2:7: KL201 ")
    broken = run_cli("check", "-", "--stdin-filename", "nb/x.ipynb", cwd=tree, stdin="{")
    assert broken.returncode == 2 and "nb/x.ipynb:1:2: not a valid notebook" in broken.stderr


def test_broken_foreign_and_empty_notebooks(tree):
    """Located errors (exit 2) while the other files are still linted; an R notebook, an empty
    one and one without code cells are clean."""
    nb = tree / "nb"
    (nb / "broken.ipynb").write_text(BUGGY.replace('"cells": [', '"cells": [,', 1))
    (nb / "v3.ipynb").write_text('{"nbformat": 3, "nbformat_minor": 0, "worksheets": []}')
    (nb / "latin.ipynb").write_bytes(BUGGY.replace("Model", "Mod\u00e8le").encode("latin-1"))
    (nb / "zero.ipynb").write_bytes(b"")
    (nb / "syntax.ipynb").write_text(notebook(SETUP, MODEL, "def f(:\n    pass\n"))
    r_kernel = {"kernelspec": {"display_name": "R", "language": "R", "name": "ir"}}
    (nb / "r.ipynb").write_text(notebook("library(keras)\nx <- 1 +\n", metadata=r_kernel))
    (nb / "empty.ipynb").write_text(notebook())
    (nb / "text.ipynb").write_text(notebook(("markdown", "# keras notes")))
    result = run_cli("check", "--output-format", "concise", ".", cwd=tree)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    errors = sorted(line.replace("keraslint: error: ", "") for line in result.stderr.splitlines())
    assert len(errors) == 5, errors
    assert errors[0].startswith("nb/broken.ipynb:2:") and "not valid JSON" in errors[0]
    assert errors[1].startswith("nb/latin.ipynb:") and "not UTF-8" in errors[1]
    assert errors[2] == "nb/syntax.ipynb:cell 3:1:7: SyntaxError: invalid syntax"
    assert errors[3] == ("nb/v3.ipynb: not an nbformat 4 notebook (nbformat 3); opening and "
                         "saving it in Jupyter converts it")
    assert errors[4] == ("nb/zero.ipynb:1:1: not a valid notebook: the file is not valid JSON "
                         "(Expecting value)")
    assert result.stdout.startswith("nb/train.ipynb:cell 4:2:7: KL201 ")


def test_verify_command_needs_the_cell_when_lines_repeat(tree):
    (tree / "nb" / "train.ipynb").write_text(notebook(SETUP, MODEL, COMPILE, COMPILE))
    result = run_cli("check", "--output-format", "concise", ".", cwd=tree)
    assert [line.split(": KL")[0] for line in result.stdout.splitlines()[:2]] == [
        "nb/train.ipynb:cell 3:1:7", "nb/train.ipynb:cell 4:1:7"]
    ambiguous = run_cli("verify", "nb/train.ipynb", "--code", "KL201", "--line", "1", cwd=tree)
    assert ambiguous.returncode == 2
    if "TensorFlow" not in ambiguous.stderr:  # the verifier is installed
        assert "choose one with --cell" in ambiguous.stderr
        missing = run_cli("verify", "nb/train.ipynb", "--code", "KL201", "--line", "1",
                          "--cell", "2", cwd=tree)
        assert missing.returncode == 2
        assert "no KL201 finding on line 1 of cell 2 of nb/train.ipynb" in missing.stderr
