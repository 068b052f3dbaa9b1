"""The slicer: from a finding and its file's facts to a `Job` (or an inconclusive `Verdict`).

Model and initializer rules get a program: the statements that build the model, the flagged
layer and initializer and the loss, cut from the user's file with their dependencies
(`slicing/program.py`), data sources stubbed, training and output left out. KL301/KL302 get no
program: their experiment measures arrays described by static facts; nor do the data-feeding
rules KL304/KL305/KL308, whose experiments rebuild the pipeline from its described operations
(`slicing/pipelines.py`).

Pure LibCST: nothing here imports TensorFlow, Keras or NumPy.
"""

from __future__ import annotations

import os
import re
from typing import Any, Optional, Union

import libcst as cst

from keraslint.analysis import calls
from keraslint.verifier.protocol import Job, Verdict, inconclusive
from keraslint.verifier.slicing import pipelines, program, targets
from keraslint.verifier.slicing.units import SliceError

MEMORY_RULES = ("KL301", "KL302")
STAND_IN_NOTE = "slice assumptions"  # facts key listing stand-ins, shown with the evidence


def build_job(facts, finding, options=None) -> Union[Job, Verdict]:
    """A runnable slice for a verifiable finding, or `inconclusive` with the precise reason."""
    try:
        if finding.code in MEMORY_RULES:
            return _job(finding, "", _memory_facts(facts, finding))
        if finding.code in pipelines.PIPELINE_RULES:
            return _job(finding, "", pipelines.pipeline_facts(facts, finding))
        target = targets.find(facts, finding)
        if target.draw_only:
            return _job(finding, "", dict(target.facts, path=os.path.abspath(finding.path)))
        text, notes = program.build(facts, target)
    except SliceError as error:
        return inconclusive(f"the slice cannot be built: {error}")
    job_facts = dict(target.facts)
    job_facts["path"] = os.path.abspath(finding.path)
    if notes:
        job_facts[STAND_IN_NOTE] = notes
    return _job(finding, text, job_facts)


def _job(finding, text: str, facts: dict[str, Any]) -> Job:
    return Job(id="", code=finding.code, path=finding.path, line=finding.start.line,
               message=finding.message, program=text, facts=facts)


# -- KL301 / KL302: facts only ------------------------------------------------------------------

_FIT_METHODS = ("fit", "evaluate", "predict", "train_on_batch", "test_on_batch",
                "predict_on_batch", "fit_generator", "evaluate_generator", "predict_generator")
_SLICES = ("tensorflow.data.Dataset.from_tensor_slices", "tensorflow.data.Dataset.from_tensors")


def _memory_facts(facts, finding) -> dict[str, Any]:
    call, kind = _memory_call(facts, finding)
    fed = facts.arrays.dataset_sources(call) if kind == "from_tensor_slices" \
        else facts.arrays.fed_to(call)
    arrays = [{"name": _name(facts, f.expr, f.role), "dtype": f.info.dtype,
               "shape": list(f.info.shape) if f.info.shape is not None else None,
               "min_itemsize": 1 if f.info.nbytes_is_lower_bound else None} for f in fed]
    known = [f.info.nbytes for f in fed if f.info.nbytes is not None]
    loaded = next((f.info.loaded for f in fed if f.info.loaded and not f.is_label), None)
    path = os.path.abspath(finding.path)
    return {"call": kind, "arrays": arrays, "total_bytes": sum(known) if known else None,
            "np_load_path": _load_path(loaded), "threshold_bytes": _threshold(finding.message),
            "path": path, "source_dir": os.path.dirname(path)}


def _memory_call(facts, finding) -> tuple[cst.Call, str]:
    line = finding.start.line
    if finding.code == "KL302":
        candidates = [(c, "from_tensor_slices") for c in facts.calls_to(*_SLICES)]
    else:
        candidates = [(c, calls.method_name(c)) for c in facts.index.calls
                      if calls.method_name(c) in _FIT_METHODS]
    for call, kind in candidates:
        if targets.line_of(facts, calls.anchor(call)) == line:
            return call, kind
    raise SliceError(f"could not find the call the finding on line {line} is about")


def _name(facts, expr: cst.BaseExpression, role: str) -> str:
    text = " ".join(facts.module.code_for_node(expr).split())
    return text if len(text) <= 40 else role


def _load_path(loaded: Optional[str]) -> Optional[str]:
    """`features/x.npy` from the `np.load("features/x.npy")` text the array facts keep."""
    if not loaded:
        return None
    match = re.search(r"""\(\s*(?:file\s*=\s*)?[rb]?(["'])([^"']+)\1""", loaded)
    return match.group(2) if match else None


def _threshold(message: str) -> Optional[int]:
    """The threshold the rule was configured with, as its message states it ("1 GiB")."""
    match = re.search(r"above the ([\d.]+ ?[KMGT]?i?B) threshold", message)
    if not match:
        return None
    try:
        from keraslint.rules.options import parse_size

        return int(parse_size(match.group(1)))
    except Exception:  # noqa: BLE001 - the experiment falls back to the rule's default
        return None
