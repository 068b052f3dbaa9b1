"""IPython syntax in a notebook cell, masked so the cell parses as Python without moving a line.

What IPython accepts beyond Python (`%line` and `%%cell` magics, `!shell` and `!!shell`,
`x = !cmd` and `x = %magic`, `?obj`, `obj?`, `??`, the autocall escapes `/f`, `,f`, `;f`) is
recognised where IPython recognises it: at the start of a logical line, never inside a string,
brackets or a backslash continuation. Each such line becomes the call IPython itself runs for it
(`get_ipython().system('pip install x')`, as `jupyter nbconvert --to script` writes), at the
same indentation, so an `if` whose body is a magic still has a body; the lines a backslash
continues become empty. Every other line is kept byte for byte, so the columns of Python code
do not change and a position in the masked cell is the position in the cell as written.

Like IPython, a cell whose first line is indented has that indentation removed from every line
that starts with it (a cell pasted from an indented block runs); the columns so removed are
returned with the lines, so positions can be mapped back.

A cell that is not Python at all — a cell magic such as `%%bash` or `%%writefile`, or a first
line that is an automagic such as `pip install x` — is not part of the program, as in Ruff.
Cell magics whose body is Python run in the notebook's namespace (`%%time`, `%%capture`, ...):
their first line is blanked and their body linted, as Ruff does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

# Cell magics whose body is Python (Ruff's list): the body is linted as part of the program.
TRANSPARENT_CELL_MAGICS = frozenset({
    "capture", "debug", "ipytest", "prun", "pypy", "python", "python3", "time", "timeit",
})
# Line magics IPython runs without `%` (automagic); Ruff's list. A cell whose first line uses
# one is a shell-like cell (`pip install x`, `cd data`), not Python.
AUTOMAGICS = frozenset("""
    alias alias_magic autoawait autocall automagic bookmark cd code_wrap colors conda config
    debug dhist dirs doctest_mode edit env gui history killbgscripts load load_ext loadpy logoff
    logon logstart logstate logstop lsmagic macro magic mamba matplotlib micromamba notebook
    page pastebin pdb pdef pdoc pfile pinfo pinfo2 pip popd pprint precision prun psearch
    psource pushd pwd pycat pylab quickref recall rehashx reload_ext rerun reset
    reset_selective run save sc set_env sx system tb time timeit unalias unload_ext who who_ls
    whos xdel xmode
""".split())
_ASSIGNMENT_OPERATORS = frozenset({"=", "+=", "-=", "*=", "/=", "//=", "%=", "**=", "&=", "|=",
                                   "^="})

_SCAN = re.compile(r"""[#'"()\[\]{}\\]""")
_CLOSE = {quote: re.compile(r"\\.|" + re.escape(quote), re.S)
          for quote in ('"', "'", '"""', "'''")}
_INDENT = re.compile(r"[ \t]+")
_MAYBE_ASSIGNED = re.compile(r"=\s*[!%]")
_HELP = re.compile(r"^(\?\?|\?)?\s*([^?]*?)\s*(\?\?|\?)?$")
_AUTOCALL = re.compile(r"^[/,;][A-Za-z_]")
_MAGIC_NAME = re.compile(r"^%*([^\s(]*)\s*(.*)$", re.S)


@dataclass
class MaskedCell:
    """A cell's lines as the parser should read them (None: the cell is not Python)."""

    lines: Optional[list[str]]
    open_at_end: bool = False  # ends inside a string, brackets or a continuation: not complete
    dedent: tuple[int, ...] = ()  # columns removed from each line (IPython's leading_indent);
    # empty when none were

    @property
    def is_python(self) -> bool:
        return self.lines is not None


@dataclass
class _State:
    quote: Optional[str] = None  # the delimiter of a string still open at the end of a line
    depth: int = 0  # open brackets
    continued: bool = False  # the line ended with a backslash outside any string

    @property
    def at_statement_start(self) -> bool:
        return self.quote is None and self.depth == 0 and not self.continued


def mask_cell(lines: list[str]) -> MaskedCell:
    """Mask one code cell, given as lines without their line breaks."""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return MaskedCell(list(lines))
    lines, dedent = _leading_indent(lines, first)
    head = lines[first]
    out = list(lines)
    if head.startswith("%%"):
        name = head[2:].split(None, 1)[0] if head[2:].strip() else ""
        if name not in TRANSPARENT_CELL_MAGICS:
            return MaskedCell(None)
        out[first] = ""
        first += 1
    elif _is_automagic(head):
        return MaskedCell(None)
    state = _State()
    number, unfinished = first, False
    while number < len(lines):
        line = lines[number]
        if state.at_statement_start and _mask_statement(line) is not None:
            last = _continued_until(lines, number)
            out[number] = _mask_statement(_joined(lines[number:last + 1]))
            out[number + 1:last + 1] = [""] * (last - number)  # the command's continuation
            unfinished = lines[last].endswith("\\")
            number = last + 1
            continue
        state = _scan(line, state)
        number += 1
    return MaskedCell(out, not state.at_statement_start or unfinished, dedent)


def _continued_until(lines: list[str], number: int) -> int:
    """The last line of a command that backslashes continue."""
    while lines[number].endswith("\\") and number + 1 < len(lines):
        number += 1
    return number


def _joined(lines: list[str]) -> str:
    """IPython's `assemble_continued_line`: backslashes dropped, lines joined with a space."""
    return " ".join([line.rstrip()[:-1] for line in lines[:-1]] + [lines[-1].rstrip()])


def _leading_indent(lines: list[str], first: int) -> tuple[list[str], tuple[int, ...]]:
    """IPython's `leading_indent`: the first line's indentation removed from each line that
    starts with it."""
    match = _INDENT.match(lines[first])
    if match is None:
        return lines, ()
    space = match.group()
    dedent = tuple(len(space) if line.startswith(space) else 0 for line in lines)
    return [line[width:] for line, width in zip(lines, dedent)], dedent


def _is_automagic(line: str) -> bool:
    """Ruff's test, plus: the line must not be Python (`time` alone, `pwd` alone are names)."""
    tokens = line.split()
    if not tokens or tokens[0] not in AUTOMAGICS:
        return False
    if len(tokens) > 1 and tokens[1] in _ASSIGNMENT_OPERATORS:
        return False
    try:
        compile(line, "<cell>", "exec")
    except SyntaxError:
        return True
    except (ValueError, RecursionError, MemoryError):
        return False
    return False


def _mask_statement(line: str) -> Optional[str]:
    """The Python IPython runs for `line` if it starts an IPython statement, else None."""
    stripped = line.lstrip()
    indent = line[: len(line) - len(stripped)]
    if not stripped or stripped.startswith("#"):
        return None
    head = stripped[0]
    if head in "%!?" or _AUTOCALL.match(stripped):
        return indent + _escape_call(stripped)
    if "?" not in stripped and not _MAYBE_ASSIGNED.search(stripped):
        return None  # most lines: no help request, no escaped command assigned
    code = _code_part(line)
    if code.rstrip().endswith("?"):
        return indent + _help_call(code.strip())
    equals = _magic_assignment(code)
    if equals is not None:
        target, value = code[:equals].strip(), code[equals + 1:].strip()
        return f"{indent}{target} = {_escape_call(value, assigned=True)}"
    return None


def _escape_call(text: str, assigned: bool = False) -> str:
    """`get_ipython()...` for one escaped command, as IPython's input transformers write it."""
    text = text.rstrip("\\").rstrip()
    if text.startswith("!!") or (assigned and text.startswith("!")):
        return f"get_ipython().getoutput({text.lstrip('!')!r})"
    if text.startswith("!"):
        return f"get_ipython().system({text[1:]!r})"
    if text.startswith("?") or text.endswith("?"):
        return _help_call(text)
    if text.startswith("%"):
        match = _MAGIC_NAME.match(text)
        name, args = (match.group(1), match.group(2)) if match else (text.lstrip("%"), "")
        return f"get_ipython().run_line_magic({name!r}, {args!r})"
    return f"get_ipython().autocall({text!r})"  # `/f x`, `,f a b`, `;f a b`


def _help_call(text: str) -> str:
    match = _HELP.match(text)
    prefix, target, suffix = (match.group(1), match.group(2), match.group(3)) if match else (
        "?", text.strip("?"), None)
    detail = "pinfo2" if "??" in (prefix, suffix) else "pinfo"
    return f"get_ipython().run_line_magic({detail!r}, {target!r})"


def _magic_assignment(code: str) -> Optional[int]:
    """The index of the `=` in `x = !ls` or `files = %sx ls`: a top-level `=` whose value is an
    escaped command (IPython's assign-from-system and assign-from-magic)."""
    depth = 0
    for index, char in enumerate(code):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char in "'\"":
            return None  # a string before any `=`: not an assignment target
        elif char == "=" and depth == 0:
            before = code[index - 1] if index else ""
            after = code[index + 1] if index + 1 < len(code) else ""
            if before in "=<>!:+-*/%&|^@" or after == "=":
                return None
            if code[index + 1:].lstrip().startswith(("!", "%")) and code[:index].strip():
                return index
            return None
    return None


def _code_part(line: str) -> str:
    """The line up to a comment that is not inside a string."""
    position = 0
    while True:
        match = _SCAN.search(line, position)
        if match is None:
            return line
        char = match.group()
        if char == "#":
            return line[: match.start()]
        position = match.end()
        if char in "'\"":
            quote = char * 3 if line.startswith(char * 3, match.start()) else char
            position = _string_end(line, match.start() + len(quote), quote)
            if position is None:
                return line


def _string_end(line: str, position: int, quote: str) -> Optional[int]:
    """Where the string opened by `quote` before `position` closes on this line, if it does."""
    for match in _CLOSE[quote].finditer(line, position):
        if match.group() == quote:
            return match.end()
    return None


def _scan(line: str, state: _State) -> _State:
    """The state after `line`: open string, bracket depth, backslash continuation."""
    quote, depth = state.quote, state.depth
    position = 0
    while True:
        if quote is not None:
            end = _string_end(line, position, quote)
            if end is None:
                # a one-quote string continues only after a backslash; otherwise it is an error
                # the parser reports, and the next line starts afresh
                keep = quote if len(quote) == 3 or line.endswith("\\") else None
                return _State(keep, depth, False)
            position, quote = end, None
            continue
        match = _SCAN.search(line, position)
        if match is None:
            return _State(None, depth, False)
        char = match.group()
        position = match.end()
        if char == "#":
            return _State(None, depth, False)
        if char == "\\" and position == len(line):
            return _State(None, depth, True)
        if char in "'\"":
            quote = char * 3 if line.startswith(char * 3, match.start()) else char
            position = match.start() + len(quote)
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth = max(0, depth - 1)
