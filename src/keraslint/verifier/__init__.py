"""The runtime verifier: turns static findings into evidence by running a slice under TensorFlow.

Only `--verify` and `keraslint verify` reach this package. Its parent-side modules import
neither TensorFlow, Keras nor NumPy; those are imported in the child process alone
(`child.py`). `available()` asks whether TensorFlow is installed without importing it.

Test hook: `KERASLINT_FAKE_NO_TF=1` makes `available()` answer False, so the "not installed"
path can be tested in an environment that has TensorFlow.
"""

from __future__ import annotations

import importlib.util
import os
import re
from dataclasses import dataclass
from typing import Iterable, Optional, TextIO, Union

from keraslint.findings import Finding
from keraslint.source import Source
from keraslint.verifier.experiments import EXPERIMENTS
from keraslint.verifier.protocol import Job, Verdict, inconclusive

INSTALL_HINT = (
    "the runtime verifier needs TensorFlow and NumPy: pip install 'keraslint[verify]' "
    "(the CPU build, tensorflow-cpu). GPU users: pip install keraslint 'tensorflow[and-cuda]' numpy"
)
# Rules whose fault shows at runtime and that have an experiment (issue 4). The experiments
# package imports its modules (and TensorFlow) only inside the child.
VERIFIABLE = frozenset(EXPERIMENTS)
FAKE_NO_TF_ENV = "KERASLINT_FAKE_NO_TF"  # tests only: pretend TensorFlow is not installed


@dataclass
class VerifyOptions:
    seconds: float = 30.0  # time limit per finding (--verify-timeout)
    memory_mb: int = 4096  # memory limit of the child process per finding (--verify-memory)
    progress: Optional[TextIO] = None  # report each finding here (stderr) if set


def available() -> bool:
    """Is TensorFlow installed? Finding the spec does not import it."""
    if os.environ.get(FAKE_NO_TF_ENV):
        return False
    try:
        return importlib.util.find_spec("tensorflow") is not None
    except (ImportError, ValueError):
        return False


def verify_findings(findings: Iterable[Finding], sources: dict[str, Source],
                    options: Optional[VerifyOptions] = None) -> None:
    """Attach a `verification` dict to every finding of a verifiable rule, in place.

    Slices are built first (static, cheap); the child process starts only if at least one
    slice was built, so a run whose findings all defeat slicing never imports TensorFlow.
    A notebook is sliced as the program its code cells make, and what the verdict says about
    lines of that program is said in cells.
    """
    options = options or VerifyOptions()
    pending: list[tuple[Finding, Job]] = []
    for number, (finding, outcome) in enumerate(_slices(findings, sources, options)):
        if isinstance(outcome, Verdict):
            finding.verification = _in_cells(outcome, sources.get(finding.path))
            continue
        outcome.id = str(number)
        outcome.seconds, outcome.memory_mb = options.seconds, options.memory_mb
        pending.append((finding, outcome))
    if not pending:
        return
    from keraslint.verifier.runner import Runner

    with Runner(progress=options.progress) as runner:
        verdicts = runner.run(job for _, job in pending)
    level = runner.level
    for (finding, job), verdict in zip(pending, verdicts):
        verdict = _with_assumptions(verdict, job)
        source = sources.get(finding.path)
        if source is not None:
            verdict.evidence = user_lines(verdict.evidence, source.program, job.line)
        if level is not None:  # the code ran (or was refused) in a child: say how confined
            verdict.evidence = f"{verdict.evidence} [{level.describe()}]"
        finding.verification = _in_cells(verdict, source)


def _in_cells(verdict: Verdict, source: Optional[Source]) -> dict:
    """The `verification` field, its evidence naming notebook cells, not program lines."""
    if source is not None:
        verdict.evidence = source.relabel(verdict.evidence)
    return verdict.as_finding_field()


_SLICE_LINE = re.compile(r"\(line (\d+) of the slice: `(.*?)`\)")


def user_lines(evidence: str, program: bytes, near: int) -> str:
    """Speak of the user's lines: "(line 77 of the slice: `x`)" becomes "(line 12: `x`)",
    the line of the user's program with that text nearest line `near` (the finding's), or
    "(in code the slice added: `x`)" when the text is the slice's own (stand-ins, the
    harness). In a notebook, `Source.relabel` then says the line in cells."""
    if "of the slice" not in evidence:
        return evidence
    lines = [line.strip() for line in program.decode("utf-8", "replace").split("\n")]

    def where(match: "re.Match[str]") -> str:
        text = match.group(2)
        candidates = [n for n, line in enumerate(lines, 1) if text and line == text.strip()]
        if not candidates:
            return f"(in code the slice added: `{text}`)"
        nearest = min(candidates, key=lambda n: (abs(n - near), n))
        return f"(line {nearest}: `{text}`)"

    return _SLICE_LINE.sub(where, evidence)


def _with_assumptions(verdict: Verdict, job: Job) -> Verdict:
    """The evidence says what the slice assumed (stand-in dimensions, skipped `adapt`, an
    application built without its weights): the numbers hold for the program so changed."""
    notes = (job.facts or {}).get("slice assumptions")
    if notes:
        verdict.evidence = f"{verdict.evidence} [slice assumptions: {'; '.join(notes)}]"
    return verdict


def _slices(findings: Iterable[Finding], sources: dict[str, Source], options: VerifyOptions):
    """(finding, Job or inconclusive Verdict) for each verifiable finding; each file parsed once."""
    facts_by_path: dict[str, object] = {}
    for finding in findings:
        if finding.code not in VERIFIABLE:
            continue
        source = sources.get(finding.path)
        if finding.path not in facts_by_path:
            facts_by_path[finding.path] = _facts(finding.path, source)
        facts = facts_by_path[finding.path]
        if isinstance(facts, Verdict):
            yield finding, facts
            continue
        yield finding, _build(facts, source.to_program(finding), options)


def _facts(path: str, source: Optional[Source]):
    if source is None:
        return inconclusive(f"the source of {path} is not available to slice")
    import libcst as cst

    from keraslint.analysis import FileFacts

    try:
        return FileFacts(cst.parse_module(source.program), path)
    except Exception as error:  # noqa: BLE001 - linting parsed it; be safe anyway
        return inconclusive(f"could not parse {path} to slice it: {type(error).__name__}")


def _build(facts, finding: Finding, options: VerifyOptions) -> Union[Job, Verdict]:
    from keraslint.verifier.slicer import build_job

    try:
        return build_job(facts, finding, options)
    except Exception as error:  # noqa: BLE001 - a slicer bug must not lose the lint report
        return inconclusive(f"could not slice the program: {type(error).__name__}: {error}")
