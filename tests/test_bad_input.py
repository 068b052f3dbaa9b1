"""The bad-input matrix: whatever is in the tree, the CLI reports it in one located line, never
a traceback, and the good file beside it keeps its finding.

Each case builds a temporary tree holding `good.py` (one KL203 finding) and the bad input,
runs `keraslint check` as a subprocess, and checks the exit code, the exact stderr and that
`good.py`'s finding is still reported.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

import pytest

from conftest import run_cli

ONE_UNIT_SOFTMAX = 'import keras\nm = keras.Sequential([keras.layers.Dense(1, activation="softmax")])\n'
GOOD_FINDING = "good.py:2:23: KL203 "
SLOW_TO_PARSE = "import keras\n" + ("x = " + "[" * 40 + "1" + "]" * 40 + "\n") * 1500  # ~10 s


@dataclass
class Case:
    build: Callable[[Path], None]
    stderr: str  # exact; "{tmp}" stands for the tree's absolute path
    exit_code: int = 2
    args: tuple = (".",)
    env: dict = field(default_factory=dict)
    stdout_has: tuple = ()  # findings of the bad input itself, where it has some
    root_only: bool = False  # a root config error: nothing can be linted (as in Ruff)


def write(name: str, data, mode: Optional[int] = None) -> Callable[[Path], None]:
    def build(tree: Path) -> None:
        path = tree / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode())
        if mode is not None:
            path.chmod(mode)
    return build


def link(name: str, target: str) -> Callable[[Path], None]:
    def build(tree: Path) -> None:
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, tree / name)
    return build


def both(*builds: Callable[[Path], None]) -> Callable[[Path], None]:
    def build(tree: Path) -> None:
        for step in builds:
            step(tree)
    return build


def nested(kind: str, n: int) -> str:
    body = {"parentheses": "(" * n + "1" + ")" * n, "calls": "f(" * n + "1" + ")" * n,
            "sum": "+".join(["1"] * n), "attributes": "a" + ".b" * n}[kind]
    return f"import tensorflow\nx = {body}\n"


def generated_5mb() -> str:
    """5 MB of ordinary generated functions (not the shape the analysis is quadratic on)."""
    head = "import numpy as np\nimport tensorflow as tf\n\n"
    block = ("def block_{i}(x, scale={s}):\n    y = np.asarray(x, dtype=np.float32) * scale + {i}\n"
             "    return {{'id': {i}, 'sum': float(y.sum()), 'name': 'block_{i}'}}\n\n\n")
    parts, size, i = [head], len(head), 0
    while size < 5_000_000:
        text = block.format(i=i, s=i % 7)
        parts.append(text)
        size += len(text)
        i += 1
    return "".join(parts)


NO_TRACEBACK_HOOK = Path(__file__).parent / "hooks"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
CYCLE = "Too many levels of symbolic links"

CASES = {
    "syntax error": Case(write("bad.py", "import keras\ndef f(:\n    pass\n"),
                         "keraslint: error: bad.py:2:7: SyntaxError: invalid syntax\n"),
    "invalid UTF-8": Case(
        write("bad.py", b"import keras\nx = 1\ny = '\xe9\xff'\n"),
        "keraslint: error: bad.py:3:6: cannot decode file as UTF-8: invalid continuation byte "
        "(byte e9); save it as UTF-8 or declare its encoding (`# -*- coding: latin-1 -*-`)\n"),
    "BOM": Case(write("bom.py", "\ufeff" + ONE_UNIT_SOFTMAX), "", 1,
                stdout_has=("bom.py:2:23: KL203 ",)),
    "CRLF line endings": Case(write("crlf.py", ONE_UNIT_SOFTMAX.replace("\n", "\r\n")), "", 1,
                              stdout_has=("crlf.py:2:23: KL203 ",)),
    "mixed line endings": Case(
        write("mixed.py", ONE_UNIT_SOFTMAX.replace("\n", "\r\n", 1) + "\n\r\n" + ONE_UNIT_SOFTMAX
              .split("\n")[1] + "\n"), "", 1,
        stdout_has=("mixed.py:2:23: KL203 ", "mixed.py:5:23: KL203 ")),
    "form feeds": Case(write("ff.py", ONE_UNIT_SOFTMAX.replace("\nm", "\n\x0c\n\x0cm")), "", 1,
                       stdout_has=("ff.py:3:24: KL203 ",)),
    "empty file": Case(write("empty.py", ""), "", 1),
    "5 MB generated file": Case(
        write("big.py", generated_5mb()),
        "keraslint: error: big.py: cannot lint file: took more than 2 s of CPU time, the limit "
        "for this file (set KERASLINT_FILE_TIMEOUT to change it); the file has 4.8 MiB of "
        "source\n",
        env={"KERASLINT_FILE_TIMEOUT": "2"}),
    "3,000 nested parentheses": Case(
        write("deep.py", nested("parentheses", 3000)),
        "keraslint: error: deep.py:2:205: SyntaxError: too many nested parentheses\n"),
    "3,000 nested calls": Case(
        write("deep.py", nested("calls", 3000)),
        "keraslint: error: deep.py:2:406: SyntaxError: too many nested parentheses\n"),
    "50,000-term sum": Case(
        write("deep.py", nested("sum", 50_000)),
        "keraslint: error: deep.py:2:1: cannot parse file: an expression nested too deeply for "
        "Python's own parser (RecursionError: maximum recursion depth exceeded during ast "
        "construction)\n"),
    "20,000-long attribute chain": Case(
        write("deep.py", nested("attributes", 20_000)),
        "keraslint: error: deep.py:2:1: cannot parse file: an expression nested too deeply for "
        "Python's own parser (RecursionError: maximum recursion depth exceeded during ast "
        "construction)\n"),
    "long broken statement (LibCST backtracks for minutes)": Case(
        write("broken.py", "import keras\nwith f" + "()" * 3000 + "x as fh:\n    pass\n"),
        "keraslint: error: broken.py:2:6007: SyntaxError: invalid syntax\n",
        env={"KERASLINT_FILE_TIMEOUT": "1"}),
    "missing path": Case(lambda tree: None, "keraslint: error: nope.py: No such file or directory\n",
                         args=("nope.py", "good.py")),
    "directory symlink loop": Case(both(link("pkg/loop", ".."), link("self", "self")),
                                   f"keraslint: error: self: cannot read file: {CYCLE} "
                                   "(looping symbolic link to self)\n", args=(".", "self")),
    "directory symlink loop, walked": Case(link("pkg/loop", ".."), "", 1),
    "file symlink loop": Case(
        both(link("x.py", "y.py"), link("y.py", "x.py")),
        f"keraslint: error: x.py: cannot read file: {CYCLE} (looping symbolic link to y.py)\n"
        f"keraslint: error: y.py: cannot read file: {CYCLE} (looping symbolic link to x.py)\n"),
    "dangling symlink": Case(
        link("dangling.py", "gone.py"),
        "keraslint: error: dangling.py: cannot read file: No such file or directory (dangling "
        "symbolic link to gone.py)\n"),
    "dangling symlink named": Case(
        link("dangling.py", "gone.py"),
        "keraslint: error: dangling.py: cannot read file: No such file or directory (dangling "
        "symbolic link to gone.py)\n", args=("dangling.py", "good.py")),
    "unreadable file (chmod 000)": Case(
        write("secret.py", ONE_UNIT_SOFTMAX, mode=0),
        "keraslint: error: secret.py: cannot read file: Permission denied\n"),
    "unreadable file (read error)": Case(
        link("io.py", "/proc/self/mem"),
        "keraslint: error: io.py: cannot read file: Input/output error\n"),
    "non-Python file named explicitly": Case(
        write("notes.txt", "the tensorflow docs say hello\n"),
        "keraslint: error: notes.txt:1:5: SyntaxError: invalid syntax\n",
        args=("notes.txt", "good.py")),
    "Python in a .txt file named explicitly": Case(
        write("model.txt", ONE_UNIT_SOFTMAX), "", 1, args=("model.txt", "good.py"),
        stdout_has=("model.txt:2:23: KL203 ",)),
    "broken pyproject.toml below the root": Case(
        both(write("sub/pyproject.toml", "[tool.keraslint\nselect = 1\n"),
             write("sub/model.py", ONE_UNIT_SOFTMAX)),
        "keraslint: error: sub: not linted: {tmp}/sub/pyproject.toml: invalid TOML: Expected ']' "
        "at the end of a table declaration (at line 1, column 16)\n"),
    "unknown code in a config below the root": Case(
        both(write("sub/pyproject.toml", '[tool.keraslint]\nignore = ["KL999"]\n'),
             write("sub/model.py", ONE_UNIT_SOFTMAX)),
        "keraslint: error: sub: not linted: {tmp}/sub/pyproject.toml: [tool.keraslint].ignore: "
        "unknown rule selector `KL999`\n"),
    "broken pyproject.toml at the root": Case(
        write("pyproject.toml", "[tool.keraslint\nselect = 1\n"),
        "keraslint: error: {tmp}/pyproject.toml: invalid TOML: Expected ']' at the end of a "
        "table declaration (at line 1, column 16)\n", root_only=True),
    "unknown code in the root config": Case(
        write("pyproject.toml", '[tool.keraslint]\nselect = ["KL2", "double-activation"]\n'),
        "keraslint: error: {tmp}/pyproject.toml: [tool.keraslint].select: unknown rule selector "
        "`double-activation` (did you mean `KL201`, double-activation?)\n", root_only=True),
    "broken notebook JSON": Case(
        write("broken.ipynb", '{"cells": [{"cell_type": "code", "source": '),
        "keraslint: error: broken.ipynb:1:44: not a valid notebook: the file is not valid JSON "
        "(Expecting value)\n"),
    "--select and noqa": Case(
        write("quiet.py", ONE_UNIT_SOFTMAX.replace(")])\n", ")])  # noqa: KL203, KL101\n")),
        "", 1, args=("--select", "KL2", ".")),
    "parser crash (simulated segfault)": Case(
        write("crash.py", "import keras  # SEGFAULT-IN-LIBCST\n" + "x = [" + "1, " * 2000 + "]\n"),
        "keraslint: error: crash.py:2:1: cannot lint file: the parser crashed (signal SIGSEGV); "
        "the file has a 6,007-byte statement\n", env={"PYTHONPATH": str(NO_TRACEBACK_HOOK)}),
    "parser runaway": Case(
        write("slow.py", SLOW_TO_PARSE),
        "keraslint: error: slow.py:2:1: cannot lint file: took more than 2 s of CPU time, the "
        "limit for this file (set KERASLINT_FILE_TIMEOUT to change it); the file has nesting or "
        "long statements that may take LibCST ~{cost} s to parse\n",
        env={"KERASLINT_FILE_TIMEOUT": "2"}),
}
SKIPS = {
    "unreadable file (chmod 000)": (IS_ROOT, "root reads a file whatever its mode; the "
                                             "read-error case covers an unreadable file"),
    "unreadable file (read error)": (not sys.platform.startswith("linux"), "/proc is Linux's"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input(name, tmp_path):
    skip, reason = SKIPS.get(name, (False, ""))
    if skip:
        pytest.skip(reason)
    case = CASES[name]
    (tmp_path / "good.py").write_text(ONE_UNIT_SOFTMAX)
    case.build(tmp_path)
    result = _check(case, tmp_path)
    expected = case.stderr.replace("{tmp}", str(tmp_path.resolve()))
    if "{cost}" in expected:
        from keraslint.engine.screening import screen

        expected = expected.replace("{cost}", f"{screen(SLOW_TO_PARSE.encode()).cost:.0f}")
    assert result.stderr == expected
    assert result.returncode == case.exit_code, result.stderr
    if case.root_only:
        assert result.stdout == ""
        return
    assert GOOD_FINDING in result.stdout
    for finding in case.stdout_has:
        assert finding in result.stdout


def _check(case: Case, tree: Path) -> subprocess.CompletedProcess:
    if not case.env:
        return run_cli("check", "--output-format", "concise", *case.args, cwd=tree)
    env = {k: v for k, v in os.environ.items() if not k.startswith("KERASLINT_")}
    env.update(case.env)
    return subprocess.run([sys.executable, "-m", "keraslint", "check", "--output-format",
                           "concise", *case.args], cwd=tree, env=env, capture_output=True,
                          text=True, timeout=120)


def test_crash_in_a_worker_costs_one_file(tmp_path):
    """With workers, any file may be the one LibCST dies on: that file alone is lost."""
    for i in range(20):
        (tmp_path / f"m{i:02}.py").write_text(ONE_UNIT_SOFTMAX)
    (tmp_path / "m07.py").write_text("import keras  # SEGFAULT-IN-LIBCST\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("KERASLINT_")}
    env["PYTHONPATH"] = str(NO_TRACEBACK_HOOK)
    result = subprocess.run([sys.executable, "-m", "keraslint", "check", "-j", "2",
                             "--output-format", "concise", "."], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr == ("keraslint: error: m07.py: cannot lint file: the parser crashed "
                             "(signal SIGSEGV)\n")
    assert result.stdout.count(": KL203 ") == 19
