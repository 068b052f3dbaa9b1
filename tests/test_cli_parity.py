"""Where keraslint claims Ruff's behaviour, it has it; and its exit codes mean what they say
(0 clean, 1 findings, 2 errors, 130 interrupted), whatever happens to the run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import REPO, SOFTMAX_FROM_LOGITS, run_cli

ONE_UNIT_SOFTMAX = 'import keras\nm = keras.Sequential([keras.layers.Dense(1, activation="softmax")])\n'


@pytest.mark.parametrize("option", ["--select", "--extend-select"])
def test_command_line_selection_wins_over_the_config_ignore(project, option):
    """Ruff resolves the config's selection first, then the command line's on top of it."""
    (project / "pyproject.toml").write_text('[tool.keraslint]\nignore = ["KL201"]\n')
    assert run_cli("check", ".", cwd=project).returncode == 0
    result = run_cli("check", option, "KL201", "--output-format", "concise", ".", cwd=project)
    assert result.returncode == 1 and "pkg/train.py:7:7: KL201" in result.stdout


def test_command_line_ignore_and_select_resolve_by_specificity(project):
    (project / "pyproject.toml").write_text('[tool.keraslint]\nselect = ["KL201"]\n')
    assert run_cli("check", "--ignore", "KL2", ".", cwd=project).returncode == 0
    assert run_cli("check", "--ignore", "KL2", "--select", "KL201", ".",
                   cwd=project).returncode == 1  # more specific wins within one layer
    assert run_cli("check", "--ignore", "KL201", "--extend-select", "KL201", ".",
                   cwd=project).returncode == 0  # ignore wins a tie, as in Ruff


def test_stdin_filename_without_dash_reads_stdin(project):
    result = run_cli("check", "--output-format", "concise", "--stdin-filename", "pkg/x.py",
                     cwd=project, stdin=SOFTMAX_FROM_LOGITS)
    assert result.returncode == 1 and result.stdout.startswith("pkg/x.py:7:7: KL201")
    assert "pkg/train.py" not in result.stdout  # the directory was not linted


def test_stdin_filename_with_paths_warns_and_reads_stdin(project):
    result = run_cli("check", "--output-format", "concise", "--stdin-filename", "x.py", "pkg",
                     cwd=project, stdin=ONE_UNIT_SOFTMAX)
    assert result.returncode == 1 and result.stdout.startswith("x.py:2:23: KL203")
    assert result.stderr == "keraslint: warning: ignoring pkg in favor of standard input\n"


def test_statistics_as_json_has_ruffs_shape(project):
    (project / "pkg" / "one_unit.py").write_text(ONE_UNIT_SOFTMAX)
    result = run_cli("check", "--statistics", "--output-format", "json", ".", cwd=project)
    assert result.returncode == 1
    assert json.loads(result.stdout) == [
        {"code": "KL201", "name": "double-activation", "count": 1, "fixable": False,
         "fixable_count": 0},
        {"code": "KL203", "name": "softmax-single-unit", "count": 1, "fixable": False,
         "fixable_count": 0},
    ]


def test_statistics_as_text_ends_with_the_summary_like_ruff(project):
    result = run_cli("check", "--statistics", ".", cwd=project)
    assert result.stdout == "1\tKL201\tdouble-activation\nFound 1 finding.\n"


@pytest.mark.parametrize("value", ["", "KL2,", ","])
def test_empty_selector_is_a_usage_error(project, value):
    result = run_cli("check", "--select", value, ".", cwd=project)
    assert result.returncode == 2 and result.stdout == ""
    assert "command line: empty rule selector" in result.stderr


def test_rule_with_code_and_all_is_a_usage_error(project):
    result = run_cli("rule", "KL201", "--all", cwd=project)
    assert result.returncode == 2 and result.stdout == ""
    assert "give a rule code or --all, not both" in result.stderr


def test_undecodable_file_and_stdin_get_the_same_located_message(project):
    data = b"import keras\nx = 1\ny = '\xe9\xff'\n"
    (project / "latin.py").write_bytes(data)
    from_file = run_cli("check", "latin.py", cwd=project)
    from_stdin = subprocess.run([sys.executable, "-m", "keraslint", "check", "-",
                                 "--stdin-filename", "latin.py"], cwd=project, input=data,
                                capture_output=True, timeout=60)
    expected = ("keraslint: error: latin.py:3:6: cannot decode file as UTF-8: invalid "
                "continuation byte (byte e9); save it as UTF-8 or declare its encoding "
                "(`# -*- coding: latin-1 -*-`)\n")
    assert from_file.returncode == from_stdin.returncode == 2
    assert from_file.stderr == from_stdin.stderr.decode() == expected


def test_declared_encoding_is_honoured(project):
    (project / "latin.py").write_bytes(b"# -*- coding: latin-1 -*-\n" + ONE_UNIT_SOFTMAX.encode()
                                       + b"name = '\xe9'\n")
    result = run_cli("check", "--output-format", "concise", "latin.py", cwd=project)
    assert result.returncode == 1 and result.stdout.startswith("latin.py:3:23: KL203")


# -- exit codes whatever happens ---------------------------------------------------------------
def _start(args, cwd, **kwargs):
    env = {k: v for k, v in os.environ.items() if not k.startswith("KERASLINT_")}
    return subprocess.Popen([sys.executable, "-m", "keraslint", *args], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True, **kwargs)


def _wait_until_blocked(process, seconds=30.0):
    """Until the process sleeps for a while (imports done, blocked reading stdin)."""
    deadline, asleep = time.monotonic() + seconds, 0
    while time.monotonic() < deadline and asleep < 10:
        with open(f"/proc/{process.pid}/stat") as stat:
            state = stat.read().split(") ", 1)[1].split()[0]
        asleep = asleep + 1 if state == "S" else 0
        time.sleep(0.05)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_ctrl_c_exits_130_without_traceback(project):
    process = _start(["check", "-"], project, stdin=subprocess.PIPE)
    _wait_until_blocked(process)
    os.killpg(process.pid, signal.SIGINT)  # what a terminal sends: the whole process group
    out, err = process.communicate(timeout=30)
    assert process.returncode == 130, err
    assert b"Traceback" not in err and out == b""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_ctrl_c_during_a_run_with_workers_ends_them(tmp_path):
    """Files slow to parse keep both workers busy; Ctrl-C ends the run and every worker."""
    slow = "import keras\n" + ("x = " + "[" * 40 + "1" + "]" * 40 + "\n") * 1500
    for i in range(16):
        (tmp_path / f"slow{i}.py").write_text(slow)
    process = _start(["check", "-j", "2", "."], tmp_path)
    deadline = time.monotonic() + 30
    while not _children(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = _children(process.pid)
    assert workers
    os.killpg(process.pid, signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 130, err
    assert b"Traceback" not in err
    assert not [pid for pid in workers if os.path.exists(f"/proc/{pid}")]


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as children:
            return [int(c) for c in children.read().split()]
    except OSError:
        return []


def test_closed_stdout_ends_quietly_with_the_runs_exit_code(tmp_path):
    """`keraslint check . | head -1`: no BrokenPipeError traceback; still exit 1 (findings)."""
    (tmp_path / "many.py").write_text("import keras\n" + "".join(
        f'm{i} = keras.Sequential([keras.layers.Dense(1, activation="softmax")])\n'
        for i in range(300)))
    process = _start(["check", "."], tmp_path)
    process.stdout.readline()
    process.stdout.close()  # the reader goes away after one line, as `head -1` does
    err = process.stderr.read()
    assert process.wait(timeout=60) == 1
    assert b"Traceback" not in err and b"BrokenPipe" not in err and b"Exception" not in err


def test_internal_error_exits_2_not_1(project, tmp_path):
    """A bug in keraslint is never reported as "findings": one line on stderr, exit 2."""
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(
        "import keraslint.reporting as r\n"
        "def broken():\n    raise ValueError('a bug')\n"
        "r.formatters = broken\n")
    env = {**os.environ, "PYTHONPATH": f"{hook}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    env.pop("KERASLINT_DEBUG", None)
    result = subprocess.run([sys.executable, "-m", "keraslint", "check", "."], cwd=project,
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr == ("keraslint: error: internal error: ValueError: a bug (this is a bug "
                             "in keraslint; KERASLINT_DEBUG=1 shows the traceback)\n")


def test_readme_states_the_exit_codes():
    readme = (REPO / "README.md").read_text()
    assert "`130`" in readme and "Ctrl-C" in readme
