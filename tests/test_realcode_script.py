"""scripts/realcode.py on a tiny synthetic git repository and package directory.

The real corpora are not available in CI; this keeps the measurement script working: reading
a git directory at a pinned commit without a checkout, skipping notebook copies and missing
blobs, matching labels by fingerprint across line drift, precision per rule, unreviewed
findings, disappeared labels, the wheel pin check and `--check`'s exit code.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "scripts" / "realcode.py"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

OFF_CENTER = textwrap.dedent("""\
    import keras

    model = keras.Sequential([
        keras.Input(shape=(20,)),
        keras.layers.Dense(64, activation="relu",
                           kernel_initializer=keras.initializers.RandomUniform(0.0, 1.0)),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
""")
LINEAR_CCE = textwrap.dedent("""\
    import keras

    model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(5)])
    model.compile(optimizer="adam", loss="categorical_crossentropy")
""")


COMPILE_LINE = 'model.compile(optimizer="adam", loss="categorical_crossentropy")'


def _git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(cwd)}
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com",
                           "-c", "init.defaultBranch=main", *args], cwd=cwd, env=env,
                          check=True, capture_output=True, text=True).stdout.strip()


def _fingerprint(text: str) -> str:
    return hashlib.sha1(" ".join(text.split()).encode()).hexdigest()[:8]


@pytest.fixture
def corpus(tmp_path: Path) -> dict:
    work = tmp_path / "work"
    (work / "src" / "ipynb").mkdir(parents=True)
    (work / "other").mkdir()
    (work / "src" / "train.py").write_text(OFF_CENTER)
    (work / "src" / "heads.py").write_text(LINEAR_CCE)
    (work / "src" / "ipynb" / "train.ipynb").write_text("{}")  # a generated copy of train.py
    (work / "src" / "lost.py").write_text(LINEAR_CCE.replace("Dense(5)", "Dense(7)"))
    (work / "other" / "outside.py").write_text(LINEAR_CCE)  # not under the corpus's paths
    _git(work, "init", "-q")
    _git(work, "add", ".")
    _git(work, "commit", "-q", "-m", "corpus")
    commit = _git(work, "rev-parse", "HEAD")
    # A snapshot that lacks a blob: drop the loose object of lost.py.
    lost = _git(work, "rev-parse", "HEAD:src/lost.py")
    (work / ".git" / "objects" / lost[:2] / lost[2:]).unlink()
    (work / "src" / "train.py").write_text("# a later commit the pin does not see\n")

    package = tmp_path / "unpacked"
    (package / "pkg").mkdir(parents=True)
    (package / "pkg" / "model.py").write_text(LINEAR_CCE)
    (package / ".fetched").write_text("toypkg==1.0\ntoypkg-1.0-py3-none-any.whl\n")
    pins = tmp_path / "pins.txt"
    pins.write_text("toypkg==1.0\n")

    corpora = tmp_path / "corpora.toml"
    corpora.write_text(textwrap.dedent(f"""\
        [[corpus]]
        name = "toy"
        kind = "git"
        commit = "{commit}"
        paths = ["src"]
        include = ["*.py", "*.ipynb"]
        skip-notebook-copies = true

        [[corpus]]
        name = "toypkg"
        kind = "wheel"
        package = "toypkg"
    """))
    kernel_line = 'kernel_initializer=keras.initializers.RandomUniform(0.0, 1.0)),'
    labels = tmp_path / "labels.toml"
    labels.write_text(textwrap.dedent(f"""\
        [[label]]
        corpus = "toy"
        path = "src/train.py"
        code = "KL101"
        line = 3
        fingerprint = "{_fingerprint(kernel_line)}"
        verdict = "true"
        reason = "uniform(0, 1) kernel into ReLU (reviewed when it was on line 3)"

        [[label]]
        corpus = "toy"
        path = "src/heads.py"
        code = "KL201"
        line = 4
        fingerprint = "0badf00d"
        verdict = "false"
        reason = "a finding a rule fix removed"

        [[label]]
        corpus = "toypkg"
        path = "pkg/model.py"
        code = "KL202"
        line = 4
        fingerprint = "{_fingerprint(COMPILE_LINE)}"
        verdict = "false"
        reason = "labelled false to see it counted"
    """))
    return {"git": work / ".git", "package": package, "pins": pins, "corpora": corpora,
            "labels": labels, "tmp": tmp_path}


def _run(corpus: dict, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KERASLINT_")}
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--corpora", str(corpus["corpora"]), "--pins",
         str(corpus["pins"]), "--labels", str(corpus["labels"]), *args],
        capture_output=True, text=True, env=env, timeout=300, cwd=corpus["tmp"])


def test_measures_labels_and_lists_what_is_unreviewed_or_gone(corpus):
    report = corpus["tmp"] / "report.json"
    stubs = corpus["tmp"] / "stubs.toml"
    result = _run(corpus, f"toy={corpus['git']}", f"toypkg={corpus['package']}",
                  "--report", str(report), "--stubs", str(stubs), "--check")
    assert result.returncode == 1, result.stderr  # an unreviewed finding under --check
    data = json.loads(report.read_text())
    found = {(f["corpus"], f["path"], f["code"], f["line"]): f for f in data["findings"]}
    # The pinned commit's train.py, not the later working-tree edit; the label written for
    # line 3 follows its fingerprint to the finding's real line.
    assert found[("toy", "src/train.py", "KL101", 6)]["label"]["verdict"] == "true"
    assert "label" not in found[("toy", "src/heads.py", "KL202", 4)]
    assert found[("toypkg", "pkg/model.py", "KL202", 4)]["label"]["verdict"] == "false"
    assert not any(f["path"].startswith("other/") for f in data["findings"])
    toy = next(c for c in data["corpora"] if c["name"] == "toy")
    assert toy["missing_blobs"] == ["src/lost.py"]
    assert toy["skipped_notebook_copies"] == 1
    assert [lab["code"] for lab in data["disappeared_labels"]] == ["KL201"]
    assert data["precision"]["KL101"]["precision"] == 1.0
    assert data["precision"]["KL202"] == {**data["precision"]["KL202"], "findings": 2,
                                          "reviewed": 1, "false": 1, "precision": 0.0}
    assert data["precision"]["total"]["precision"] == 0.5
    assert "not yet reviewed: 1" in result.stdout
    assert "toy src/heads.py:4 KL202" in result.stdout
    assert "labels whose finding disappeared: 1 (1 false findings fixed" in result.stdout
    assert 'path = "src/heads.py"' in stubs.read_text()


def test_all_reviewed_passes_check(corpus):
    result = _run(corpus, f"toypkg={corpus['package']}", "--check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(skipping toy: no location given)" in result.stdout


def test_labels_beside_in_labels_d_are_read_too(corpus):
    """A family's labels in `labels.d/NAME.toml` count like those of the labels file."""
    text = corpus["labels"].read_text()
    split = text.index('[[label]]\ncorpus = "toypkg"')
    corpus["labels"].write_text(text[:split])
    (corpus["tmp"] / "labels.d").mkdir()
    (corpus["tmp"] / "labels.d" / "family.toml").write_text(text[split:])
    report = corpus["tmp"] / "report.json"
    result = _run(corpus, f"toypkg={corpus['package']}", "--report", str(report), "--check")
    assert result.returncode == 0, result.stdout + result.stderr
    (finding,) = json.loads(report.read_text())["findings"]
    assert finding["label"]["verdict"] == "false"


def test_wrong_wheel_version_and_bad_labels_are_usage_errors(corpus):
    (corpus["package"] / ".fetched").write_text("toypkg==0.9\n")
    result = _run(corpus, f"toypkg={corpus['package']}")
    assert result.returncode == 2
    assert "holds toypkg==0.9, but toypkg==1.0 is pinned" in result.stderr
    corpus["labels"].write_text(corpus["labels"].read_text().replace('"true"', '"maybe"'))
    result = _run(corpus, f"toy={corpus['git']}")
    assert result.returncode == 2 and "verdict must be one of" in result.stderr


def test_labels_d_files_beside_the_labels_file_are_read(corpus):
    """A branch's own labels file in `labels.d/` counts like the main one."""
    labels = corpus["labels"].read_text()
    head, sep, rest = labels.partition('[[label]]\ncorpus = "toypkg"')
    corpus["labels"].write_text(head)
    (corpus["tmp"] / "labels.d").mkdir()
    (corpus["tmp"] / "labels.d" / "branch.toml").write_text(sep + rest)
    result = _run(corpus, f"toypkg={corpus['package']}", "--check")
    assert result.returncode == 0, result.stdout + result.stderr
    (corpus["tmp"] / "labels.d" / "branch.toml").write_text(
        (sep + rest).replace('"false"', '"maybe"'))
    result = _run(corpus, f"toypkg={corpus['package']}")
    assert result.returncode == 2 and "branch.toml" in result.stderr


def test_labels_d_files_are_read_beside_the_labels_file(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("realcode_under_test", SCRIPT)
    realcode = importlib.util.module_from_spec(spec)
    sys.modules["realcode_under_test"] = realcode  # dataclasses look their module up
    spec.loader.exec_module(realcode)
    label = ('[[label]]\ncorpus = "toy"\npath = "{path}"\ncode = "KL502"\nline = 1\n'
             'fingerprint = "00000000"\nverdict = "true"\nreason = "r"\n')
    (tmp_path / "labels.toml").write_text(label.format(path="a.py"))
    (tmp_path / "labels.d").mkdir()
    (tmp_path / "labels.d" / "api.toml").write_text(label.format(path="b.py"))
    (tmp_path / "labels.d" / "notes.txt").write_text("not labels")
    paths = [lab["path"] for lab in realcode.load_all_labels(tmp_path / "labels.toml")]
    assert paths == ["a.py", "b.py"]

def test_labels_d_files_beside_the_labels_count_too(corpus):
    """One labels file per branch or family of rules (`labels.d/NAME.toml`)."""
    extra = corpus["labels"].parent / "labels.d"
    extra.mkdir()
    (extra / "loops.toml").write_text(textwrap.dedent(f"""\
        [[label]]
        corpus = "toy"
        path = "src/heads.py"
        code = "KL202"
        line = 4
        fingerprint = "{_fingerprint(COMPILE_LINE)}"
        verdict = "true"
        reason = "linear head trained with categorical_crossentropy"
    """))
    report = corpus["tmp"] / "report.json"
    _run(corpus, f"toy={corpus['git']}", "--report", str(report))
    found = {(f["path"], f["code"]): f for f in json.loads(report.read_text())["findings"]}
    assert found[("src/heads.py", "KL202")]["label"]["verdict"] == "true"
