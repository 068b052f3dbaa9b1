"""The pre-commit hook as users run it: `pre-commit try-repo` on a temporary git repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CLEAN, REPO, SOFTMAX_FROM_LOGITS, notebook

PRE_COMMIT = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")


def git(*args, cwd):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.skipif(not Path(PRE_COMMIT).exists(), reason="pre-commit is in the test extra")
def test_hook_via_try_repo(tmp_path):
    user = tmp_path / "user"
    user.mkdir()
    git("init", "-q", cwd=user)
    (user / "train.py").write_text(SOFTMAX_FROM_LOGITS)
    (user / "clean.py").write_text(CLEAN)
    # a committed notebook (pre-commit's `jupyter` type) whose model is in one cell and
    # whose compile call is in another, after shell and magic lines
    model, compile_call = SOFTMAX_FROM_LOGITS.split("\nmodel.compile")
    (user / "analysis.ipynb").write_text(notebook(
        "!pip install -q keras\n%matplotlib inline\n" + model + "\n", ("markdown", "## Training"),
        "model.compile" + compile_call))
    (user / "empty.ipynb").write_text(notebook(("markdown", "keras notes")))
    (user / "pyproject.toml").write_text('[tool.keraslint]\nextend-exclude = ["vendored"]\n')
    (user / "vendored").mkdir()
    (user / "vendored" / "lib.py").write_text(SOFTMAX_FROM_LOGITS)
    git("add", ".", cwd=user)
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "cache"), GIT_AUTHOR_NAME="t",
               GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@t")
    result = subprocess.run([PRE_COMMIT, "try-repo", str(REPO), "keraslint", "--all-files"],
                            cwd=user, capture_output=True, text=True, env=env, timeout=900)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "train.py:7:7: KL201" in output
    assert "analysis.ipynb:cell 3:1:7: KL201" in output
    assert "empty.ipynb" not in output
    assert "vendored" not in output  # --force-exclude honours the user's config
    assert "clean.py" not in output
