"""Functional tracing: the steps that produce a tensor, followed backwards to an `Input`.

`outputs = Dense(3, activation="softmax")(Dropout(0.2)(x))` is read from the output towards
the input, through `x = Layer(...)(x)` chains, activation ops (`tf.nn.softmax(x)`), layers
stored in `self.<name>` attributes, helper functions returning a layer application and models
applied as layers.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.layers import (
    UNKNOWN_LAYER,
    Context,
    LayerInfo,
    bind_arguments,
    describe,
    describe_op,
    layer_kind,
    op_input,
    resolve,
)
from keraslint.analysis.models.model import MAX_DEPTH
from keraslint.analysis.models.nested import NestedModels

_MAX_STEPS = 200
INPUTS = frozenset({"keras.Input", "keras.layers.InputLayer"})


class Tracer:
    def __init__(self, facts: CoreFacts, nested: NestedModels) -> None:
        self.facts = facts
        self.nested = nested

    def trace(self, tensor, ctx: Context, depth: int) -> tuple[list[LayerInfo], bool]:
        steps: list[LayerInfo] = []
        for _ in range(_MAX_STEPS):
            tensor = resolve(self.facts, tensor, ctx)
            if not isinstance(tensor, cst.Call):
                return steps, False
            if self.facts.call_name(tensor) in INPUTS:
                return steps, True
            op = describe_op(self.facts, tensor, ctx)
            if op is not None:
                steps.append(op)
                tensor = op_input(self.facts, tensor)
                continue
            layer_call = self.callee_construction(tensor.func, ctx)
            if layer_call is None:
                return steps + self._traced_helper(tensor, ctx, depth), False
            if layer_kind(self.facts, layer_call) is None:
                nested = self.nested.model_from(layer_call, ctx, None, depth + 1)
                if nested is not None and nested.steps:
                    return steps + list(reversed(nested.steps)), False
            layer = describe(self.facts, layer_call, ctx)
            steps.append(layer)
            if layer.category == UNKNOWN_LAYER:
                return steps, False
            tensor = calls.argument_value(tensor, "inputs", 0)
        return steps, False

    def callee_construction(self, func: cst.BaseExpression, ctx: Context) -> Optional[cst.Call]:
        """The construction of the layer applied: `Dense(3)(x)`, `head(x)`, `self.out(x)`."""
        if isinstance(func, cst.Call):
            return func
        if (isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name)
                and ctx.attrs is not None and func.value.value == ctx.self_name):
            value = ctx.attrs.get(func.attr.value)
            resolved = resolve(self.facts, value, ctx) if value is not None else None
            return resolved if isinstance(resolved, cst.Call) else None
        resolved = resolve(self.facts, func, ctx)
        return resolved if isinstance(resolved, cst.Call) else None

    def _traced_helper(self, tensor: cst.Call, ctx: Context, depth: int) -> list[LayerInfo]:
        """`outputs = head(x)` with `def head(x): return Dense(...)(x)`: trace the return."""
        function = self.facts.definition(tensor.func)
        if not isinstance(function, cst.FunctionDef) or depth > MAX_DEPTH:
            return [LayerInfo(tensor, None, UNKNOWN_LAYER)]
        returned = self.facts.returned_values(function)
        if len(returned) != 1 or returned[0] is None:
            return [LayerInfo(tensor, None, UNKNOWN_LAYER)]
        inner = Context(dict(ctx.env) | bind_arguments(function, tensor), ctx.attrs, ctx.self_name)
        steps, _ = self.trace(returned[0], inner, depth + 1)
        return steps or [LayerInfo(tensor, None, UNKNOWN_LAYER)]
