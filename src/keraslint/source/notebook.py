"""Reading a Jupyter notebook file (nbformat 4, JSON): its code cells, its kernel's language.

The standard library's JSON decoder is all it takes (no nbformat dependency): nbformat 4 is a
small schema, and what a linter needs of it is the cells' `cell_type` and `source` and the
notebook's kernel language. A file that is not UTF-8 JSON, or not an nbformat 4 notebook, raises
`NotebookError` with the place in the file where it went wrong.

Positions in the file itself (the line of the JSON file where a cell's line is written) are
found only when an output format asks for them (`FilePositions`), by decoding the file a second
time with a decoder that remembers where each string starts.
"""

from __future__ import annotations

import bisect
import json
import json.scanner
import re
from dataclasses import dataclass
from typing import Any, Optional

NBFORMAT = 4


class NotebookError(Exception):
    """The file cannot be read as a notebook; `line`/`column` locate it in the file if known."""

    def __init__(self, message: str, line: Optional[int] = None, column: Optional[int] = None,
                 cell: Optional[int] = None):
        super().__init__(message)
        self.message, self.line, self.column, self.cell = message, line, column, cell


@dataclass(frozen=True)
class CodeCell:
    number: int  # 1-based among all the notebook's cells, as Ruff and Jupyter's order count
    text: str


@dataclass(frozen=True)
class Notebook:
    code_cells: tuple[CodeCell, ...]  # code cells in the notebook's language, in order
    language: str  # the kernel's language, lower case ("python" when the notebook does not say)

    @property
    def is_python(self) -> bool:
        return self.language == "python"


def decode(data: bytes) -> str:
    """The file's text: UTF-8 (a BOM is accepted), or UTF-16/32 as JSON allows."""
    encoding = json.detect_encoding(data)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise NotebookError(f"not a valid notebook: the file is not {encoding.upper()} "
                            f"({error.reason}: byte 0x{data[error.start]:02x})", line, column)


def parse(data: bytes) -> Notebook:
    text = decode(data)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise NotebookError(f"not a valid notebook: the file is not valid JSON ({error.msg})",
                            error.lineno, error.colno)
    except RecursionError:
        raise NotebookError("not a valid notebook: the JSON is nested too deeply")
    if not isinstance(document, dict):
        raise NotebookError("not a notebook: the JSON document is not an object")
    version = document.get("nbformat")
    if version != NBFORMAT:
        found = f"nbformat {version}" if version is not None else "no `nbformat` field"
        raise NotebookError(f"not an nbformat 4 notebook ({found}); opening and saving it in "
                            f"Jupyter converts it")
    cells = document.get("cells")
    if not isinstance(cells, list):
        raise NotebookError("not a notebook: it has no `cells` list")
    language = _language(document.get("metadata"))
    return Notebook(tuple(_code_cells(cells, language)), language)


def _language(metadata: Any) -> str:
    """Ruff's rule: `language_info.name` if present, else `kernelspec.language`, else Python."""
    if not isinstance(metadata, dict):
        return "python"
    info, spec = metadata.get("language_info"), metadata.get("kernelspec")
    if isinstance(info, dict) and isinstance(info.get("name"), str):
        return info["name"].lower()
    if isinstance(spec, dict) and isinstance(spec.get("language"), str):
        return spec["language"].lower()
    return "python"


def _code_cells(cells: list, language: str):
    for number, cell in enumerate(cells, 1):
        if not isinstance(cell, dict):
            raise NotebookError(f"not a valid notebook: cell {number} is not an object",
                                cell=number)
        if cell.get("cell_type") != "code":
            continue
        text = _text(cell.get("source"), number)
        if _cell_language(cell, language) == "python":
            yield CodeCell(number, text)


def _cell_language(cell: dict, language: str) -> str:
    """VS Code marks a cell in another language with `metadata.vscode.languageId`."""
    metadata = cell.get("metadata")
    vscode = metadata.get("vscode") if isinstance(metadata, dict) else None
    if isinstance(vscode, dict) and isinstance(vscode.get("languageId"), str):
        return vscode["languageId"].lower()
    return language


def _text(source: Any, number: int) -> str:
    """A cell's `source`: one string, or a list of strings (usually one per line)."""
    if isinstance(source, str):
        return source
    if isinstance(source, list) and all(isinstance(part, str) for part in source):
        return "".join(source)
    if source is None:
        return ""
    raise NotebookError(f"not a valid notebook: the `source` of cell {number} is neither a "
                        f"string nor a list of strings", cell=number)


# -- positions in the file ----------------------------------------------------------------------

class _Located(str):
    """A JSON string value that remembers the offset of its opening quote in the file."""

    offset: int


def _located_string(text: str, end: int, strict: bool) -> tuple[str, int]:
    value, after = json.decoder.scanstring(text, end, strict)
    located = _Located(value)
    located.offset = end - 1
    return located, after


def _decode_located(text: str) -> Any:
    decoder = json.JSONDecoder()
    decoder.parse_string = _located_string
    decoder.scan_once = json.scanner.py_make_scanner(decoder)
    return decoder.decode(text)


class FilePositions:
    """Where in the notebook file each code cell's text is written, for the formats whose
    readers show the file itself (SARIF, GitHub annotations)."""

    def __init__(self, data: bytes):
        self._text = decode(data)
        self._newlines: Optional[list[int]] = None
        self._cells: Optional[list[Any]] = None

    def position(self, cell: int, offset: int) -> Optional[tuple[int, int]]:
        """(line, column), 1-based, in the file of character `offset` of cell `cell`'s text."""
        parts = self._parts(cell)
        if not parts:
            return None
        for part in parts:
            if offset < len(part) or part is parts[-1]:
                return self._line_column(self._raw_offset(part, min(offset, len(part))))
            offset -= len(part)
        return None

    def _parts(self, cell: int) -> list:
        if self._cells is None:
            try:
                self._cells = _decode_located(self._text).get("cells") or []
            except (ValueError, AttributeError, RecursionError):
                self._cells = []
        if not 1 <= cell <= len(self._cells) or not isinstance(self._cells[cell - 1], dict):
            return []
        source = self._cells[cell - 1].get("source")
        parts = [source] if isinstance(source, str) else list(source or [])
        return [part for part in parts if isinstance(part, _Located)]

    def _raw_offset(self, part: "_Located", index: int) -> int:
        """The file offset of decoded character `index` of a string written at `part.offset`."""
        text, raw = self._text, part.offset + 1
        for _ in range(index):
            if text[raw] != "\\":
                raw += 1
            elif text[raw + 1] != "u":
                raw += 2
            elif text.startswith("\\u", raw + 6) and _high_surrogate(text[raw + 2:raw + 6]):
                raw += 12  # a surrogate pair: one character
            else:
                raw += 6
        return raw

    def _line_column(self, offset: int) -> tuple[int, int]:
        if self._newlines is None:
            self._newlines = [match.start() for match in re.finditer("\n", self._text)]
        line = bisect.bisect_left(self._newlines, offset)
        start = self._newlines[line - 1] + 1 if line else 0
        return line + 1, offset - start + 1


def _high_surrogate(hex_digits: str) -> bool:
    return 0xD800 <= int(hex_digits, 16) < 0xDC00
