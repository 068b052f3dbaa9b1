"""The static facts a data-feeding experiment rebuilds its pipeline from (KL304, KL305, KL308).

A `tf.data` pipeline's effect on which examples land in which batch depends on the order of its
operations and their literal arguments, not on what the examples hold: the child rebuilds the
pipeline as written on a source of numbered examples (`Dataset.range(n)`) and on the order the
finding asks for, and compares. So these jobs carry no program, only facts: the source (what it
already does: batches of 32, reshuffling, its size when the code fixes it) and every operation
with its literal arguments. A `map` keeps its elements' membership, so it is rebuilt as the
identity; an operation that changes membership in a way we cannot rebuild (`filter`,
`flat_map`, ...) is named, and the experiment says what it left out.

Pure LibCST and the analysis: nothing here imports TensorFlow.
"""

from __future__ import annotations

from typing import Any, Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.layers import literal
from keraslint.analysis.pipelines import DATASET, Pipeline
from keraslint.analysis.values import UNKNOWN
from keraslint.verifier.slicing.units import SliceError

PIPELINE_RULES = ("KL304", "KL305", "KL308", "KL309")
# Literal arguments an operation is rebuilt with: method -> ((keyword, position), ...)
_ARGUMENTS = {
    "batch": (("batch_size", 0), ("drop_remainder", 1)),
    "padded_batch": (("batch_size", 0), ("drop_remainder", 3)),
    "shuffle": (("buffer_size", 0), ("seed", 1), ("reshuffle_each_iteration", 2)),
    "repeat": (("count", 0),),
    "take": (("count", 0),), "skip": (("count", 0),),
    "rebatch": (("batch_size", 0),),
}


def pipeline_facts(facts, finding) -> dict[str, Any]:
    line = finding.start.line
    if finding.code == "KL305":
        return _fit_facts(facts, line)
    if finding.code == "KL309":
        return _application_facts(facts, line)
    if finding.code == "KL308":
        for op in facts.pipelines.discarded():
            if _line(facts, op.call) == line:
                described = describe(facts, op.pipeline.upstream)
                described.update(kind="discarded", discarded=_step(facts, op.pipeline.step))
                return described
        raise SliceError(f"could not find the discarded operation on line {line}")
    for op in facts.pipelines.operations("shuffle", "cache"):
        if _line(facts, op.call) != line:
            continue
        described = describe(facts, op.pipeline)
        described["flagged"] = len(described["steps"]) - 1
        described["kind"] = _kl304_kind(facts, op, described)
        return described
    raise SliceError(f"could not find the dataset operation on line {line}")


def describe(facts, pipeline: Pipeline) -> dict[str, Any]:
    """The source and the steps of a linear pipeline, as JSON-able facts."""
    if pipeline.origin is None:
        raise SliceError("the pipeline is built differently on different paths (a branch or "
                         "a helper with several returns): which one runs is not determined")
    origin = pipeline.origin
    source: dict[str, Any] = {"kind": origin.spec.kind if origin.spec else None,
                              "batched": origin.batched, "batch_size": origin.batch_size,
                              "reshuffles": origin.reshuffles, "size": _size(facts, origin)}
    if origin.spec is not None and origin.spec.keras_helper:
        source["helper"] = True
    steps = [_step(facts, step) for step in pipeline.steps]
    return {"source": source, "steps": steps, "notes": []}


def _step(facts, step) -> dict[str, Any]:
    described: dict[str, Any] = {"method": step.method, "effect": step.effect}
    for keyword, position in _ARGUMENTS.get(step.method, ()):
        arg = calls.argument(step.call, keyword, position)
        if arg is None:
            continue
        value = literal(facts, arg.value, step.ctx)
        described[keyword] = value if value is not UNKNOWN and _plain(value) else "unknown"
    if step.effect == "map":
        function = calls.argument_value(step.call, "map_func", 0)
        described["random"] = facts.pipelines.randomness(function, step.ctx).value
    described["line"] = facts.code_range(step.call).start.line
    return described


def _plain(value) -> bool:
    return value is None or isinstance(value, (bool, int, float, str))


def _size(facts, origin) -> Optional[int]:
    """How many examples the source yields, when the code fixes it."""
    node = origin.node
    if not isinstance(node, cst.Call) or origin.spec is None:
        return None
    if origin.spec.kind == "range":
        values = [facts.values.literal(a.value) for a in node.args if a.keyword is None]
        if len(values) == 1 and isinstance(values[0], int):
            return values[0]
        return None
    if origin.spec.kind not in ("from_tensor_slices",) or origin.element_source is None:
        return None
    structure = facts.values.resolve(origin.element_source)
    first = structure.elements[0].value if isinstance(structure, (cst.Tuple, cst.List)) and \
        structure.elements else origin.element_source
    info = facts.arrays.info(first)
    return info.shape[0] if info is not None and info.shape else None


def _kl304_kind(facts, op, described: dict[str, Any]) -> str:
    if op.step.method == "cache":
        return "cache_after_random_map"
    buffer = described["steps"][-1].get("buffer_size")
    if buffer == 1:
        return "shuffle_one"
    if op.before.batched.value is True:
        return "shuffle_after_batch"
    return "shuffle_after_repeat"


def _fit_facts(facts, line: int) -> dict[str, Any]:
    pipelines = facts.pipelines
    for call in pipelines.training_calls:
        if _line(facts, call, anchor=False) > line or not _spans(facts, call, line):
            continue
        fed = pipelines.fed(call)
        if fed is None:
            continue
        out: dict[str, Any] = {"kind": fed.kind, "method": calls.method_name(call),
                               "passed": {}, "notes": []}
        for keyword, position in (("batch_size", 2), ("validation_split", 6),
                                  ("shuffle", 8)):
            arg = calls.argument(call, keyword, position)
            if arg is not None:
                value = facts.values.literal(arg.value)
                out["passed"][keyword] = value if value is not UNKNOWN and _plain(value) \
                    else "unknown"
        out["validation_data"] = calls.argument(call, "validation_data", 7) is not None
        if fed.kind == DATASET and fed.pipeline is not None and fed.pipeline.origin is not None:
            out["pipeline"] = describe(facts, fed.pipeline)
            state = fed.state
            out["batch_size"] = state.batch_size if state is not None else None
            out["shuffled"] = state.shuffled_once.value if state is not None else None
        return out
    raise SliceError(f"could not find the training call the finding on line {line} is about")


def _application_facts(facts, line: int) -> dict[str, Any]:
    """The pretrained application a training call feeds, its preprocessing, and the pixels
    that reach it (static)."""
    pipelines = facts.pipelines
    for call in pipelines.training_calls:
        if _line(facts, call) != line:
            continue
        pixels = pipelines.fed_pixels(call)
        model = facts.models.model_of(calls.receiver(call), call)
        consumer = pipelines.first_consumer(model, pixels) if model and pixels else None
        if consumer is None or consumer.application is None or consumer.pixels is None:
            break
        app, reach = consumer.application, consumer.pixels
        return {"application": app.name, "mode": app.mode, "method": calls.method_name(call),
                "low": reach.lo, "high": reach.hi, "origin": pixels.origin,
                "include_preprocessing": facts.values.literal(calls.argument_value(
                    app.node, "include_preprocessing")) if calls.argument(
                    app.node, "include_preprocessing") else None}
    raise SliceError(f"could not find the application fed on line {line}")


def _line(facts, call: cst.Call, anchor: bool = True) -> int:
    node = calls.anchor(call) if anchor else call
    return facts.code_range(node).start.line


def _spans(facts, call: cst.Call, line: int) -> bool:
    span = facts.code_range(call)
    return span.start.line <= line <= span.end.line
