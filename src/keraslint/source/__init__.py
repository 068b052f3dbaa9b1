"""A source: the program the linter reads from one file, and where its positions are for users.

A `.py` file is its own program. A Jupyter notebook's program is its Python code cells in order,
joined as one module (an import in cell 1 serves cell 9, as when the notebook runs top to
bottom), with IPython syntax masked line for line (`magics.py`). The engine parses, analyses and
suppresses in program coordinates; `Source.place` then maps each finding and error to the cell
and the line in the cell, once, so every output format, the verifier and the cache read the
same positions. The mapping is a table of where each cell starts: lines are never shifted and
columns never change, because masking replaces whole magic lines and nothing else.
"""

from __future__ import annotations

import ast
import bisect
import io
import re
import tokenize
import warnings
from dataclasses import dataclass, field, replace
from typing import Optional

from keraslint.findings import FileError, Finding, Position
from keraslint.source import magics
from keraslint.source.notebook import FilePositions, NotebookError, parse

NOTEBOOK_SUFFIX = ".ipynb"
_NEWLINE = re.compile(r"\r\n|\r|\n")  # Python's line breaks (str.splitlines has more)
# "line 12", "lines 3, 7": a program line in a message; not "line 4 of the slice" (the
# verifier's own program) and nothing inside `code`.
_LINE_REFERENCE = re.compile(r"\b(on )?lines? (\d+(?:(?:, | and )\d+)*)\b(?! of the slice)")
_CODE_SPAN = re.compile(r"(`[^`]*`)")


class UnreadableSource(Exception):
    """The file cannot be turned into a program (a broken notebook): lint nothing of it."""

    def __init__(self, error: FileError):
        super().__init__(error.message)
        self.error = error


@dataclass(frozen=True)
class Cell:
    """One notebook cell in the program: where it starts, and its text as the user wrote it."""

    number: int  # 1-based among all the notebook's cells (markdown too), as Ruff counts
    first_line: int  # the program line of the cell's first line
    lines: tuple[str, ...]  # the cell as written, magics included, without line breaks
    offsets: tuple[int, ...] = ()  # where each line starts in the cell's text (for positions
    # in the file: line breaks may be written `\r\n`)
    dedent: tuple[int, ...] = ()  # columns the program line lacks (a cell indented as a whole)

    def column(self, line: int, program_column: int) -> int:
        """The column in the cell of a column on the cell's `line` in the program."""
        return program_column + (self.dedent[line - 1] if self.dedent else 0)


@dataclass
class Source:
    path: str
    program: bytes  # what the parser reads
    cells: Optional[tuple[Cell, ...]] = None  # None: a Python file, positions are its own
    raw: Optional[bytes] = field(default=None, repr=False)  # the notebook file as read
    syntax_error: Optional[FileError] = None  # found while building the program (a cell that
    # cannot end where it ends), in program coordinates like the parser's errors
    _starts: list[int] = field(default_factory=list, repr=False)
    _positions: Optional[FilePositions] = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self._starts = [cell.first_line for cell in self.cells or ()]

    @property
    def is_notebook(self) -> bool:
        return self.cells is not None

    # -- program -> what the user sees -------------------------------------------------------
    def place(self, finding: Finding) -> Finding:
        """The finding in cell coordinates (a Python file's findings are returned as they are)."""
        if not self.cells:
            return finding
        cell, start = self._in_cell(finding.start)
        end_cell, end = self._in_cell(finding.end)
        if end_cell is not cell:  # cells are compiled apart: a span ends with its cell
            end = Position(len(cell.lines), len(cell.lines[-1]) + 1)
        return replace(finding, start=start, end=end, cell=cell.number,
                       message=self.relabel(finding.message))

    def place_error(self, error: FileError) -> FileError:
        if not self.cells or error.position is None:
            return error
        cell, position = self._in_cell(error.position)
        return replace(error, position=position, cell=cell.number)

    def relabel(self, text: str) -> str:
        """Program line numbers in a message (`(line 40)`) said in cells (`(cell 5, line 2)`)."""
        if not self.cells or "line" not in text:
            return text
        parts = _CODE_SPAN.split(text)
        parts[::2] = [_LINE_REFERENCE.sub(self._relabel_match, part) for part in parts[::2]]
        return "".join(parts)

    def describe(self, line: int) -> str:
        """`cell 5, line 2` for program line 40 of a notebook; `line 40` in a Python file."""
        if not self.cells:
            return f"line {line}"
        cell, position = self._in_cell(Position(line, 1))
        return f"cell {cell.number}, line {position.line}"

    def _relabel_match(self, match: re.Match) -> str:
        numbers = [int(n) for n in re.findall(r"\d+", match.group(2))]
        return ("in " if match.group(1) else "") + "; ".join(self.describe(n) for n in numbers)

    def _in_cell(self, position: Position) -> tuple[Cell, Position]:
        index = max(0, bisect.bisect_right(self._starts, position.line) - 1)
        cell = self.cells[index]
        line = position.line - cell.first_line + 1
        if line > len(cell.lines):  # the end of the program: the end of the last line
            return cell, Position(len(cell.lines), len(cell.lines[-1]) + 1)
        return cell, Position(line, cell.column(line, position.column))

    # -- what the user sees -> program -------------------------------------------------------
    def to_program(self, finding: Finding) -> Finding:
        """The finding in program coordinates, as the parser's positions are (the verifier
        slices the program)."""
        if self.cells is None or finding.cell is None:
            return finding
        cell = self.cell(finding.cell)
        if cell is None:
            return finding
        return replace(finding, cell=None, start=_in_program(cell, finding.start),
                       end=_in_program(cell, finding.end))

    def cell(self, number: int) -> Optional[Cell]:
        return next((cell for cell in self.cells or () if cell.number == number), None)

    # -- views ------------------------------------------------------------------------------
    def lines(self, cell: Optional[int] = None) -> list[str]:
        """The lines a user sees around a finding: the cell's, or the Python file's."""
        if cell is not None and self.cells is not None:
            found = self.cell(cell)
            return list(found.lines) if found else []
        return _python_lines(self.program)

    def file_position(self, cell: Optional[int], position: Position) -> Optional[Position]:
        """Where a cell position is written in the notebook file (its JSON), for formats whose
        readers open the file itself; a Python file's positions are its own."""
        if cell is None or self.raw is None:
            return position
        found = self.cell(cell)
        if found is None:
            return None
        if self._positions is None:
            self._positions = FilePositions(self.raw)
        lines = found.lines
        row = min(max(position.line, 1), len(lines))
        offset = found.offsets[row - 1] + min(position.column - 1, len(lines[row - 1]))
        located = self._positions.position(cell, offset)
        return Position(*located) if located else None


def _python_lines(program: bytes) -> list[str]:
    """A Python file's lines as Python numbers them: only \\n, \\r\\n and \\r end a line
    (`str.splitlines` also splits on form feeds and other separators, shifting every line after
    one), decoded with the file's declared encoding, without a BOM."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(program).readline)
        text = program.decode(encoding, "replace")
    except (SyntaxError, LookupError):
        text = program.decode("utf-8", "replace")
    lines = _NEWLINE.split(text.lstrip("\ufeff"))
    return lines[:-1] if lines and lines[-1] == "" else lines


def _in_program(cell: Cell, position: Position) -> Position:
    line = min(max(position.line, 1), len(cell.lines))
    shift = cell.column(line, 0)
    return Position(cell.first_line + position.line - 1, max(1, position.column - shift))


def read(data: bytes, path: str) -> Source:
    """The source for a file's bytes: a notebook by its `.ipynb` name, else Python."""
    if not path.lower().endswith(NOTEBOOK_SUFFIX):
        return Source(path, data)
    try:
        notebook = parse(data)
    except NotebookError as error:
        position = Position(error.line, error.column) if error.line else None
        raise UnreadableSource(FileError(path, error.message, position, kind="notebook-error",
                                         cell=error.cell))
    if not notebook.is_python:  # an R or Julia notebook: not ours to lint, as Ruff skips it
        return Source(path, b"", cells=(), raw=data)
    return _notebook_program(path, data, notebook.code_cells)


def _notebook_program(path: str, data: bytes, code_cells) -> Source:
    cells, chunks, line, syntax_error = [], [], 1, None
    for code in code_cells:
        lines = _NEWLINE.split(code.text)
        if lines and lines[-1] == "":
            lines.pop()  # a final line break ends the last line; it does not start one
        if not lines:
            continue
        masked = magics.mask_cell(lines)
        if not masked.is_python:  # %%bash, %%writefile, `pip install x`: not Python
            continue
        offsets = [0] + [match.end() for match in _NEWLINE.finditer(code.text)]
        cells.append(Cell(code.number, line, tuple(lines), tuple(offsets[: len(lines)]),
                          masked.dedent))
        chunks.append("\n".join(masked.lines) + "\n")
        if masked.open_at_end and syntax_error is None:
            syntax_error = _unfinished_cell(path, masked.lines, line)
        line += len(lines)
    program = "".join(chunks).encode("utf-8", "surrogatepass")
    return Source(path, program, cells=tuple(cells), raw=data, syntax_error=syntax_error)


def _unfinished_cell(path: str, lines: list[str], first_line: int) -> Optional[FileError]:
    """A cell that ends inside brackets, a string or a continuation does not run in Jupyter,
    which compiles each cell apart; joined to the next cell it might parse, and hide that.
    CPython's own message for the cell alone, if the cell alone is indeed not Python."""
    flags = ast.PyCF_ONLY_AST | getattr(ast, "PyCF_ALLOW_TOP_LEVEL_AWAIT", 0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile("\n".join(lines) + "\n", "<cell>", "exec", flags=flags, dont_inherit=True)
    except SyntaxError as error:
        line = min(max(error.lineno or 1, 1), len(lines))
        return FileError(path, f"SyntaxError: {error.msg}",
                         Position(first_line + line - 1, error.offset or 1), kind="syntax-error")
    except (ValueError, RecursionError, MemoryError):
        return None
    return None
