from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

SOFTMAX_FROM_LOGITS = textwrap.dedent("""\
    import keras

    model = keras.Sequential([
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
""")
CLEAN = textwrap.dedent("""\
    import keras

    model = keras.Sequential([
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(10),
    ])
    model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
""")


PYTHON_KERNEL = {"kernelspec": {"display_name": "Python 3", "language": "python",
                                 "name": "python3"}}


def notebook(*cells, metadata=None, as_strings: bool = False) -> str:
    """An nbformat 4 notebook as Jupyter writes it. A cell is its code, or ("markdown", text),
    or a full cell dict; `as_strings` writes each `source` as one string, not a list of lines."""
    built = []
    for cell in cells:
        if isinstance(cell, dict):
            built.append(cell)
            continue
        kind, text = cell if isinstance(cell, tuple) else ("code", cell)
        source = text if as_strings else text.splitlines(True)
        item = {"cell_type": kind, "metadata": {}, "source": source}
        if kind == "code":
            item.update(execution_count=None, outputs=[])
        built.append(item)
    document = {"cells": built, "metadata": PYTHON_KERNEL if metadata is None else metadata,
                "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(document, indent=1, sort_keys=True) + "\n"


def run_cli(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KERASLINT_")}
    return subprocess.run(
        [sys.executable, "-m", "keraslint", *args], cwd=cwd, input=stdin, text=True,
        capture_output=True, env=env, timeout=120,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A temporary project tree with one buggy and one clean file."""
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "train.py").write_text(SOFTMAX_FROM_LOGITS)
    (tmp_path / "pkg" / "clean.py").write_text(CLEAN)
    return tmp_path
