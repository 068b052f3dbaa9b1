"""The functions a pipeline applies (`ds.map(fn)`): does `fn` draw new random numbers on every
call (`tf.image.random_flip_left_right`, `tf.random.uniform`, a Keras `RandomFlip` layer or a
`Sequential` of them)?

Answers True (with the node of the random op) or unknown: a function we cannot read, a random
op only under a condition (`if augment:`), a stateless op (deterministic for its seed), or a
NumPy/Python random call (evaluated once when `map` traces the function, so not random per
element) are all "not known to be random", and rules stay quiet.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.layers import Context, layer_kind, resolve
from keraslint.analysis.models import ModelFacts
from keraslint.analysis.pipelines.catalogue import (
    NOT_RANDOM,
    RANDOM_LAYERS,
    RANDOM_PREFIXES,
    STATELESS_MARK,
)
from keraslint.analysis.pipelines.pipeline import UNKNOWN_FACT, Fact
from keraslint.analysis.walk import children

_MAX_DEPTH = 4
_CONDITIONAL = (cst.If, cst.IfExp, cst.While, cst.For, cst.Try, cst.Match)
_NESTED = (cst.FunctionDef, cst.ClassDef, cst.Lambda)
_PARTIAL = frozenset({"functools.partial"})


class MapFunctions:
    def __init__(self, facts: CoreFacts, models: ModelFacts) -> None:
        self.facts = facts
        self.models = models
        self._cache: dict[int, Fact] = {}

    def randomness(self, function: Optional[cst.BaseExpression], ctx: Optional[Context] = None,
                   depth: int = 0) -> Fact:
        """True (node: the random op) when calling `function` certainly draws random numbers."""
        if function is None or depth > _MAX_DEPTH:
            return UNKNOWN_FACT
        value = resolve(self.facts, function, ctx) if isinstance(function, cst.Name) else function
        if isinstance(function, cst.Name) and value is function:
            value = None
        definition = self.facts.definition(function) if isinstance(function, cst.Name) else None
        if isinstance(definition, cst.FunctionDef):
            return self._body(definition, definition.body, depth)
        if isinstance(value, cst.Lambda):
            return self._body(value, value.body, depth)
        if isinstance(value, cst.Call):
            return self._called_object(value, depth)
        return UNKNOWN_FACT

    def _called_object(self, construction: cst.Call, depth: int) -> Fact:
        """A Keras layer or model used as the function: random if it is a random layer or a
        model with one; `functools.partial(f, ...)` is `f`."""
        if self.facts.call_name(construction) in _PARTIAL:
            return self.randomness(calls.argument_value(construction, "func", 0), None, depth + 1)
        kind = layer_kind(self.facts, construction)
        if kind is not None:
            return Fact(True, construction) if kind in RANDOM_LAYERS else UNKNOWN_FACT
        model = self.models.model_of(construction)
        if model is not None:
            for path in model.paths:
                for step in path:
                    if step.kind in RANDOM_LAYERS:
                        return Fact(True, step.node)
        return UNKNOWN_FACT

    def _body(self, owner: cst.CSTNode, body: cst.CSTNode, depth: int) -> Fact:
        key = id(owner)
        if key not in self._cache:
            self._cache[key] = UNKNOWN_FACT  # recursion guard
            self._cache[key] = self._scan(body, depth)
        return self._cache[key]

    def _scan(self, body: cst.CSTNode, depth: int) -> Fact:
        """The first random call that runs on every call of the function (not under a branch
        or loop, not in a nested def)."""
        stack: list[tuple[cst.CSTNode, bool]] = [(body, False)]
        while stack:
            node, conditional = stack.pop()
            if isinstance(node, _NESTED):
                continue
            if isinstance(node, cst.Call) and not conditional:
                found = self._random_call(node, depth)
                if found.value:
                    return found
            inner = conditional or isinstance(node, _CONDITIONAL)
            skipped = node.func if isinstance(node, cst.Call) and _training_off(node) else None
            stack.extend((child, inner) for child in reversed(list(children(node)))
                         if child is not skipped)
        return UNKNOWN_FACT

    def _random_call(self, call: cst.Call, depth: int) -> Fact:
        name = self.facts.call_name(call)
        if name is not None:
            if name in NOT_RANDOM or STATELESS_MARK in name:
                return UNKNOWN_FACT
            if name.startswith(RANDOM_PREFIXES):
                return Fact(True, call)
            if layer_kind(self.facts, call) in RANDOM_LAYERS:
                return Fact(True, call)  # built in the function to be applied there
            return UNKNOWN_FACT
        if _training_off(call):
            return UNKNOWN_FACT
        if isinstance(call.func, cst.Call):  # `RandomFlip()(x)` is found at its construction
            return UNKNOWN_FACT
        if isinstance(call.func, cst.Name):
            found = self.randomness(call.func, None, depth + 1)
            if found.value:
                return Fact(True, call)
        return UNKNOWN_FACT


def _training_off(call: cst.Call) -> bool:
    """`augment(x, training=False)`: Keras random layers then pass their input through."""
    arg = calls.argument(call, "training")
    return arg is not None and isinstance(arg.value, cst.Name) and arg.value.value == "False"
