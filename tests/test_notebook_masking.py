"""IPython syntax in a cell is masked line for line, and nothing else is touched."""

from __future__ import annotations

import ast
import re

import hypothesmith
import pytest
from hypothesis import HealthCheck, given, settings

from keraslint.source.magics import mask_cell


def masked(text: str) -> list[str]:
    cell = mask_cell(text.splitlines())
    assert cell.is_python
    assert len(cell.lines) == len(text.splitlines())  # no line moves
    ast.parse("\n".join(cell.lines) + "\n")  # and the result is Python
    return cell.lines


@pytest.mark.parametrize("line,becomes", [
    ("%matplotlib inline", "get_ipython().run_line_magic('matplotlib', 'inline')"),
    ("%load_ext tensorboard", "get_ipython().run_line_magic('load_ext', 'tensorboard')"),
    ("%tensorboard --logdir {log_dir}",
     "get_ipython().run_line_magic('tensorboard', '--logdir {log_dir}')"),
    ("!pip install -q tensorflow", "get_ipython().system('pip install -q tensorflow')"),
    ("!!kaggle datasets list", "get_ipython().getoutput('kaggle datasets list')"),
    ("!echo \"it's\"", "get_ipython().system('echo \"it\\'s\"')"),
    ("x = !ls", "x = get_ipython().getoutput('ls')"),
    ("a, b = !cat two_lines", "a, b = get_ipython().getoutput('cat two_lines')"),
    ("files = %sx ls -la", "files = get_ipython().run_line_magic('sx', 'ls -la')"),
    ("?tf.keras.Input", "get_ipython().run_line_magic('pinfo', 'tf.keras.Input')"),
    ("tf.keras.Input?", "get_ipython().run_line_magic('pinfo', 'tf.keras.Input')"),
    ("tf.keras.Input??", "get_ipython().run_line_magic('pinfo2', 'tf.keras.Input')"),
    ("??np.load", "get_ipython().run_line_magic('pinfo2', 'np.load')"),
    ("/print 1, 2", "get_ipython().autocall('/print 1, 2')"),
    ("get_ipython().system('ls')", "get_ipython().system('ls')"),  # already Python
])
def test_line_forms(line, becomes):
    assert masked(line) == [becomes]


def test_python_around_magics_is_kept_byte_for_byte():
    text = ("import os\n"
            "%matplotlib inline\n"
            "x = 1  # really?\n"
            "print('what?')\n"
            "y = x == 2\n"
            "z = x != 2\n"
            "w = 10 % 3\n")
    lines = masked(text)
    assert lines[0] == "import os" and lines[2:] == text.splitlines()[2:]


def test_indented_magic_keeps_its_block():
    assert masked("if True:\n    !echo hi\n    %time f()\nelse:\n    ?os\n") == [
        "if True:", "    get_ipython().system('echo hi')",
        "    get_ipython().run_line_magic('time', 'f()')", "else:",
        "    get_ipython().run_line_magic('pinfo', 'os')"]


def test_magic_like_lines_inside_strings_and_brackets_are_not_magics():
    text = ('doc = """\n%not a magic\n!nor this\nwhat?\n"""\n'
            "total = (10\n% 3)\n"
            "s = 'a \\\n!b'\n")
    assert masked(text) == text.splitlines()


def test_backslash_continued_magic_masks_its_tail():
    assert masked("!pip install a \\\n    b \\\n    c\nimport os\n") == [
        "get_ipython().system('pip install a      b      c')", "", "", "import os"]


def test_transparent_cell_magic_keeps_its_body():
    assert masked("%%time\nimport json\nx = !ls\n") == [
        "", "import json", "x = get_ipython().getoutput('ls')"]
    assert masked("\n%%capture out\nmodel = 1\n") == ["", "", "model = 1"]


@pytest.mark.parametrize("text", [
    "%%bash\nls -la\n", "%%writefile train.py\nimport keras\n", "%%html\n<b>x</b>\n",
    "\n%%sql\nSELECT 1\n", "pip install keras-hub\n", "cd data\nls\n",
])
def test_cells_that_are_not_python(text):
    assert not mask_cell(text.splitlines()).is_python


def test_a_name_that_is_also_a_magic_is_python():
    assert masked("time\n") == ["time"]  # a name, shown as the cell's value
    assert masked("env = {}\n") == ["env = {}"]
    assert masked("run(x)\n") == ["run(x)"]


def test_leading_indent_is_removed_as_ipython_does():
    cell = mask_cell(["", " for x in range(3):", "   print(x)", "y = 1"])
    assert cell.lines == ["", "for x in range(3):", "  print(x)", "y = 1"]
    assert cell.dedent == (0, 1, 1, 0)


def test_open_at_end():
    assert mask_cell(["x = (1,"]).open_at_end
    assert mask_cell(['s = """', "text"]).open_at_end
    assert mask_cell(["x = 1 + \\"]).open_at_end
    assert mask_cell(["!pip install \\"]).open_at_end
    assert not mask_cell(["x = (1,", "2)"]).open_at_end
    assert not mask_cell(["s = '('  # ("]).open_at_end


def test_empty_cells():
    assert mask_cell([]).lines == []
    assert mask_cell(["", "   "]).lines == ["", "   "]


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(hypothesmith.from_grammar())
def test_python_keeps_its_meaning(program):
    """Everything IPython adds is invalid Python, so valid Python is never masked; only a
    first line that is indented (a comment) makes IPython, and us, dedent the cell."""
    lines = re.split(r"\r\n|\r|\n", program)
    cell = mask_cell(lines)
    assert cell.is_python and len(cell.lines) == len(lines)
    assert ast.dump(ast.parse("\n".join(cell.lines))) == ast.dump(ast.parse(program))
    if not cell.dedent:
        assert cell.lines == lines
