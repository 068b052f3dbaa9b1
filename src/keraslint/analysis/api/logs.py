"""Hand-written logarithms of probabilities: `tf.math.log(softmax(...))` and hand-written
cross-entropies `-reduce_sum(y * log(p))`, with nothing keeping the probability off zero.

A log is *protected* when its argument (followed through names) adds something (`p + 1e-7`,
`p + K.epsilon()`), is clipped or floored (`tf.clip_by_value`, `K.clip`, `ops.clip`,
`tf.maximum`), or is `1 - p` of a protected `p`. A log is reported when its argument is a
softmax/sigmoid op, or when it is multiplied by something inside a sum or mean (the shape of
a cross-entropy) and its argument is not protected: a function parameter such as `y_pred`
counts, since nothing in the code keeps it off zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterator, Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.layers import describe_op, resolve
from keraslint.analysis.walk import descendants

LOG_FUNCTIONS = ("tensorflow.math.log", "tensorflow.log", "keras.backend.log", "keras.ops.log",
                 "tensorflow.experimental.numpy.log", "keras.ops.numpy.log")
REDUCTIONS = ("tensorflow.reduce_sum", "tensorflow.reduce_mean", "tensorflow.math.reduce_sum",
              "tensorflow.math.reduce_mean", "keras.backend.sum", "keras.backend.mean",
              "keras.ops.sum", "keras.ops.mean", "tensorflow.compat.v1.reduce_sum",
              "tensorflow.compat.v1.reduce_mean")
_FLOORS = frozenset({
    "tensorflow.clip_by_value", "tensorflow.compat.v1.clip_by_value", "keras.backend.clip",
    "keras.ops.clip", "numpy.clip", "tensorflow.maximum", "tensorflow.math.maximum",
    "keras.backend.maximum", "keras.ops.maximum", "tensorflow.experimental.numpy.clip",
})
PROBABILITY, CROSS_ENTROPY = "probability", "cross-entropy"


@dataclass(frozen=True)
class ManualLog:
    """A log call (`call`) of an unprotected probability: `kind` PROBABILITY (a softmax or
    sigmoid op, `source`) or CROSS_ENTROPY (`y * log(p)` in a sum or mean, `source` that
    reduction); `activation` names the op for PROBABILITY."""

    call: cst.Call = field(repr=False)
    kind: str
    source: cst.CSTNode = field(repr=False)
    activation: Optional[str] = None


class ManualLogs:
    def __init__(self, facts: CoreFacts) -> None:
        self.facts = facts

    @cached_property
    def uses(self) -> list[ManualLog]:
        logs = self.facts.calls_to(*LOG_FUNCTIONS)
        if not logs:
            return []
        found: dict[int, ManualLog] = {}
        for call in logs:
            op = self._probability_op(calls.argument_value(call, "x", 0), 0)
            if op is not None:
                found[id(call)] = ManualLog(call, PROBABILITY, op[0], op[1])
        log_ids = {id(c) for c in logs}
        for reduction in self.facts.calls_to(*REDUCTIONS):
            for log in self._multiplied_logs(reduction, log_ids):
                if id(log) not in found and not self._protected(calls.argument_value(log, "x", 0), 0):
                    found[id(log)] = ManualLog(log, CROSS_ENTROPY, reduction)
        order = self.facts.call_order
        return sorted(found.values(), key=lambda m: order[m.call])

    def _probability_op(self, expr, depth: int) -> Optional[tuple[cst.Call, str]]:
        value = resolve(self.facts, expr)
        if isinstance(value, cst.BinaryOperation) and isinstance(value.operator, cst.Subtract) \
                and depth < 4:
            return self._probability_op(value.right, depth + 1)  # log(1 - sigmoid(x))
        if not isinstance(value, cst.Call):
            return None
        step = describe_op(self.facts, value)
        if step is not None and step.activation in ("softmax", "sigmoid"):
            return value, step.activation
        return None

    def _multiplied_logs(self, reduction: cst.Call, log_ids: set[int]) -> Iterator[cst.Call]:
        """Log calls that are a factor of a product inside the reduction's argument."""
        argument = calls.argument_value(reduction, "input_tensor", 0) or calls.argument_value(
            reduction, "x", 0)
        if argument is None:
            return
        for node in descendants(argument):
            if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Multiply):
                for side in (node.left, node.right):
                    side = _unwrap(side)
                    if isinstance(side, cst.Call) and id(side) in log_ids:
                        yield side

    def _protected(self, expr, depth: int) -> bool:
        if expr is None or depth > 6:
            return True  # unknown shape of code: do not report
        value = resolve(self.facts, expr)
        if value is None:
            # a parameter or an uncertain name: nothing visible keeps it off zero
            return not isinstance(expr, cst.Name)
        if isinstance(value, cst.Name):
            return False  # an unbound or parameter name resolved to itself
        if isinstance(value, cst.BinaryOperation):
            if isinstance(value.operator, cst.Add):
                return True
            if isinstance(value.operator, cst.Subtract):
                return self._protected(value.right, depth + 1)
            if isinstance(value.operator, (cst.Multiply, cst.Divide)):
                return True  # rescaled: its range is not the probability's
            return True
        if isinstance(value, cst.Call):
            name = self.facts.call_name(value)
            if name in _FLOORS:
                return True
            step = describe_op(self.facts, value)
            return not (step is not None and step.activation in ("softmax", "sigmoid"))
        if isinstance(value, (cst.Attribute, cst.Subscript)):
            return False
        return True


def _unwrap(node: cst.BaseExpression) -> cst.BaseExpression:
    while isinstance(node, cst.UnaryOperation):
        node = node.expression
    return node
