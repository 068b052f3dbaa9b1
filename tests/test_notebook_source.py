"""A notebook as a source: its code cells as one program, positions mapped to cells and to the
file, and broken notebooks as located errors."""

from __future__ import annotations

import json

import pytest

from conftest import notebook
from keraslint.findings import Finding, Position
from keraslint.source import UnreadableSource, read


def source_of(text: str, path: str = "nb.ipynb"):
    return read(text.encode("utf-8"), path)


def finding(line, column, end_line=None, end_column=None, message="m"):
    return Finding("KL201", "double-activation", message, "nb.ipynb", Position(line, column),
                   Position(end_line or line, end_column or column + 1))


def test_code_cells_in_order_as_one_program():
    source = source_of(notebook("import keras", ("markdown", "# Title\n`x = 1`"),
                                "%matplotlib inline\nmodel = keras.Sequential()\n", "",
                                "model.summary()"))
    assert source.program == (b"import keras\n"
                              b"get_ipython().run_line_magic('matplotlib', 'inline')\n"
                              b"model = keras.Sequential()\n"
                              b"model.summary()\n")
    assert [(c.number, c.first_line) for c in source.cells] == [(1, 1), (3, 2), (5, 4)]


def test_python_file_is_its_own_program():
    source = read(b"import keras\n", "train.py")
    assert not source.is_notebook and source.program == b"import keras\n"
    assert source.place(finding(1, 1)) == finding(1, 1)


def test_place_maps_program_lines_to_cells():
    source = source_of(notebook("import keras\n", ("markdown", "text"), "a = 1\nb = 2\n"))
    placed = source.place(finding(3, 5, 3, 6, message="see the layer (line 1) and lines 2, 3"))
    assert (placed.cell, placed.start, placed.end) == (3, Position(2, 5), Position(2, 6))
    assert placed.message == "see the layer (cell 1, line 1) and cell 3, line 1; cell 3, line 2"
    assert placed.noqa_row == 2
    assert source.to_program(placed).start == Position(3, 5)


def test_relabel_leaves_code_and_slice_lines_alone():
    source = source_of(notebook("a = 1\n", "b = 2\n"))
    text = "`x = 'line 2'` read on line 2; failed (line 4 of the slice: `f()`)"
    assert source.relabel(text) == ("`x = 'line 2'` read in cell 2, line 1; failed (line 4 of the "
                                    "slice: `f()`)")


def test_a_span_that_runs_into_the_next_cell_ends_with_its_cell():
    source = source_of(notebook("x = (1,\n2)\n", "y = 3\n"))
    placed = source.place(finding(1, 1, 3, 2))
    assert placed.end == Position(2, 3)


def test_dedented_cell_columns_map_back():
    source = source_of(notebook("import keras\n", "  model = keras.Sequential()\n  model.fit()\n"))
    assert source.program.splitlines()[1] == b"model = keras.Sequential()"
    placed = source.place(finding(3, 1))
    assert (placed.cell, placed.start) == (2, Position(2, 3))
    assert source.to_program(placed).start == Position(3, 1)


@pytest.mark.parametrize("as_strings", [False, True])
def test_file_positions_point_at_the_json(as_strings):
    text = notebook("import keras\n", ("markdown", "m"),
                    's = "caf\u00e9 \\"q\\""; t = "\U0001f600"; model = keras.Sequential()\n',
                    as_strings=as_strings)
    source = source_of(text)
    cell_line = source.cell(3).lines[0]
    column = cell_line.index("model") + 1
    position = source.file_position(3, Position(1, column))
    file_line = text.splitlines()[position.line - 1]
    assert file_line[position.column - 1:].startswith("model = keras.Sequential()")


def test_file_positions_with_windows_line_breaks():
    text = notebook("import keras\r\nx = 1\r\nmodel = keras.Sequential()\r\n", as_strings=True)
    source = source_of(text)
    position = source.file_position(1, Position(3, 1))
    file_line = text.splitlines()[position.line - 1]
    assert file_line[position.column - 1:].startswith("model = keras")


def test_bom_and_utf16_notebooks_are_read():
    text = notebook("import keras\n")
    assert read(b"\xef\xbb\xbf" + text.encode(), "nb.ipynb").program == b"import keras\n"
    assert read(text.encode("utf-16"), "nb.ipynb").program == b"import keras\n"


@pytest.mark.parametrize("data,message,where", [
    (b'{"cells": [\n', "not valid JSON", (2, 1)),
    (b"", "not valid JSON", (1, 1)),
    (b'{"cells": [],\n "x": "caf\xe9"}', "not UTF-8", (2, 11)),
    (b"[1, 2]", "not an object", None),
    (b'{"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": []}', "nbformat 3",
     None),
    (b'{"nbformat": 4, "nbformat_minor": 5, "metadata": {}}', "no `cells` list", None),
])
def test_broken_notebooks_are_located_errors(data, message, where):
    with pytest.raises(UnreadableSource) as raised:
        read(data, "nb.ipynb")
    error = raised.value.error
    assert message in error.message and error.kind == "notebook-error"
    assert (None if error.position is None else (error.position.line, error.position.column)) \
        == where


def test_a_cell_whose_source_is_not_text():
    data = json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                       "cells": [{"cell_type": "markdown", "source": "x", "metadata": {}},
                                 {"cell_type": "code", "source": 3, "metadata": {}}]})
    with pytest.raises(UnreadableSource) as raised:
        read(data.encode(), "nb.ipynb")
    assert raised.value.error.location() == "nb.ipynb:cell 2"


@pytest.mark.parametrize("metadata", [
    {"kernelspec": {"name": "ir", "language": "R", "display_name": "R"}},
    {"language_info": {"name": "julia"}, "kernelspec": {"language": "python"}},
])
def test_other_kernels_are_skipped(metadata):
    source = source_of(notebook("import keras\nlibrary(x) <- 1", metadata=metadata))
    assert source.is_notebook and source.program == b"" and source.cells == ()


def test_kernel_language_defaults_to_python():
    for metadata in ({}, {"kernelspec": {"name": "python3", "display_name": "Python 3"}}):
        assert source_of(notebook("import keras\n", metadata=metadata)).program == b"import keras\n"


def test_cells_in_another_language_and_not_python_cells_are_left_out():
    sql = {"cell_type": "code", "metadata": {"vscode": {"languageId": "sql"}}, "source": "SELECT 1",
           "outputs": [], "execution_count": None}
    source = source_of(notebook("import keras\n", sql, "%%bash\nls\n", "x = 1\n"))
    assert [c.number for c in source.cells] == [1, 4]
    assert source.program == b"import keras\nx = 1\n"


def test_empty_and_code_free_notebooks():
    assert source_of(notebook()).program == b""
    assert source_of(notebook(("markdown", "# only text"))).program == b""


def test_a_cell_that_does_not_end_is_a_syntax_error_in_that_cell():
    source = source_of(notebook("import keras\n", "x = [1,\n", "y = 2]\n"))
    assert source.syntax_error is not None
    error = source.place_error(source.syntax_error)
    assert (error.cell, error.position.line) == (2, 1) and "never closed" in error.message
