"""Calls custom training code is made of, recognised by name: optimizer constructions, random
draws given a seed, and the forward pass a value is computed from.
"""

from __future__ import annotations

from typing import Iterator, Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.layers import literal, resolve
from keraslint.analysis.training.callees import Callees
from keraslint.analysis.training.dataflow import chain
from keraslint.analysis.training.statements import own_nodes

_OPTIMIZER_PREFIXES = ("keras.optimizers.", "tensorflow.compat.v1.train.")
_NOT_OPTIMIZERS = frozenset({"LossScaleOptimizer", "Optimizer"})
_STATELESS_PREFIXES = ("tensorflow.random.stateless_", "tensorflow.image.stateless_random_",
                       "tensorflow.random.experimental.stateless_")
_NOT_DRAWS = frozenset({"SeedGenerator", "set_seed", "get_seed", "draw_seed", "make_seed"})
KERAS_DRAW, STATELESS_DRAW = "keras", "stateless"
_TARGET_MAKERS = frozenset({"ones_like", "zeros_like", "full_like", "one_hot", "stop_gradient"})


def optimizer_constructions(facts: CoreFacts) -> list[cst.Call]:
    """`keras.optimizers.Adam(...)`, `tf.compat.v1.train.AdamOptimizer(...)`, in source order."""
    found = []
    for prefix in _OPTIMIZER_PREFIXES:
        for call in facts.calls_with_prefix(prefix):
            name = facts.call_name(call) or ""
            leaf = name.rsplit(".", 1)[-1]
            if leaf[:1].isupper() and "schedule" not in name and leaf not in _NOT_OPTIMIZERS:
                found.append(call)
    order = {id(c): i for i, c in enumerate(facts.index.calls)}
    return sorted(found, key=lambda c: order[id(c)])


def stateless_optimizer(facts: CoreFacts, call: cst.Call) -> bool:
    """SGD (or GradientDescentOptimizer) without momentum and with a constant learning rate:
    an optimizer that keeps no state from step to step."""
    leaf = (facts.call_name(call) or "").rsplit(".", 1)[-1]
    if leaf == "GradientDescentOptimizer":
        return True
    if leaf != "SGD" or calls.has_unpacking(call):
        return False
    momentum = calls.argument_value(call, "momentum", 1)
    value = literal(facts, momentum) if momentum is not None else 0
    if not (isinstance(value, (int, float)) and value == 0):
        return False
    rate = resolve(facts, calls.argument_value(call, "learning_rate", 0))
    return not (isinstance(rate, cst.Call) and "schedule" in (facts.call_name(rate) or "").lower())


def seeded_draws(facts: CoreFacts) -> Iterator[tuple[cst.Call, str]]:
    """Random draws with a literal seed: `keras.random.*(..., seed=42)` (KERAS_DRAW) and
    stateless TF ops with a literal seed pair (STATELESS_DRAW)."""
    for call in facts.calls_with_prefix("keras.random."):
        leaf = (facts.call_name(call) or "").rsplit(".", 1)[-1]
        if leaf not in _NOT_DRAWS and leaf[:1].islower() and _literal_seed(facts, call, KERAS_DRAW):
            yield call, KERAS_DRAW
    for prefix in _STATELESS_PREFIXES:
        for call in facts.calls_with_prefix(prefix):
            if _literal_seed(facts, call, STATELESS_DRAW):
                yield call, STATELESS_DRAW


def _literal_seed(facts: CoreFacts, call: cst.Call, kind: str) -> bool:
    seed = calls.argument_value(call, "seed")
    if seed is None:
        return False
    value = facts.values.literal(seed)
    if kind == KERAS_DRAW:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, (tuple, list)) and len(value) == 2 and all(
        isinstance(v, int) and not isinstance(v, bool) for v in value)


def forward_pass(facts: CoreFacts, callees: Callees, expr: cst.BaseExpression,
                 site: cst.Call) -> Optional[cst.Call]:
    """The model call `expr` is computed from (through assignments in its function), else
    None. `ones_like(p)`, `one_hot(...)`, `stop_gradient(p)` make targets, not predictions."""
    function = facts.index.enclosing_function.get(site)
    for value in chain(facts, expr, function).expressions():
        nodes = [n for n in own_nodes(value) if isinstance(n, cst.Call)]
        if any(_makes_targets(facts, n) for n in nodes):
            return None
        for node in nodes:
            if _is_forward(facts, callees, node):
                return node
    return None


def _is_forward(facts: CoreFacts, callees: Callees, call: cst.Call) -> bool:
    if isinstance(call.func, cst.Attribute) and call.func.attr.value in ("predict",
                                                                         "predict_on_batch"):
        return callees.models.is_keras_model(call.func.value) is True
    return callees.callee(call) is not None


def _makes_targets(facts: CoreFacts, call: cst.Call) -> bool:
    name = facts.call_name(call) or ""
    return name.rsplit(".", 1)[-1] in _TARGET_MAKERS and \
        name.startswith(("tensorflow.", "keras.", "numpy."))
