"""Functional and subclassed models: what `Model(inputs, outputs)` and a `call` return.

The outputs are one tensor, a list/tuple or a dict of tensors; each is traced back to its
steps. Several outputs are named the way Keras names them (dict keys, else the output layer's
`name=` for functional models) so that a loss dict can be paired with them.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.layers import (
    Context,
    bind_arguments,
    describe_op,
    layer_kind,
    literal,
    resolve,
)
from keraslint.analysis.models.changes import Changes
from keraslint.analysis.models.model import (
    FUNCTIONAL,
    SUBCLASSED,
    ModelFact,
    ModelOutput,
    output_facts,
)
from keraslint.analysis.models.graph import ModelGraph
from keraslint.analysis.models.resolution import Resolver, first_param, own_method
from keraslint.analysis.models.tracing import Tracer

# Keyword arguments that make a built-in layer return several tensors.
_SEVERAL_TENSORS = ("return_state", "return_attention_scores")


class FunctionalModels:
    def __init__(self, facts: CoreFacts, resolver: Resolver, changes: Changes,
                 tracer: Tracer) -> None:
        self.facts = facts
        self.resolver = resolver
        self.changes = changes
        self.tracer = tracer

    def functional(self, call: cst.Call, ctx: Context, depth: int) -> ModelFact:
        outputs = calls.argument_value(call, "outputs", 1)
        if outputs is None:
            return ModelFact(call, FUNCTIONAL)
        return self._with_outputs(call, FUNCTIONAL, outputs, ctx, depth, layer_names=True)

    def subclassed(self, call: cst.Call, cls: cst.ClassDef, ctx: Context, depth: int) -> ModelFact:
        method = own_method(cls, "call")
        if method is None or len(self.facts.returned_values(method)) != 1:
            return ModelFact(call, SUBCLASSED)
        returned = self.facts.returned_values(method)[0]
        if returned is None:
            return ModelFact(call, SUBCLASSED)
        init = own_method(cls, "__init__")
        env = dict(ctx.env)
        if init is not None:
            env |= bind_arguments(init, call, is_method=True)
        self_name = first_param(method)
        inner = Context(env, self.resolver.self_attributes(cls), self_name)
        # Keras names a subclassed model's outputs itself: only dict keys name them here.
        return self._with_outputs(call, SUBCLASSED, returned, inner, depth, layer_names=False,
                                  input_params=call_inputs(method))

    def _with_outputs(self, call: cst.Call, style: str, outputs: cst.BaseExpression,
                      ctx: Context, depth: int, layer_names: bool,
                      input_params: tuple[cst.Param, ...] = ()) -> ModelFact:
        """The model whose outputs are `outputs`: one tensor, a list/tuple, or a dict."""
        value = self.changes.stable_value(outputs, ctx)
        if isinstance(value, cst.Dict):
            keyed = self._keyed_outputs(value, ctx)
            if not keyed:
                return ModelFact(call, style)
            heads, graph = self._heads(keyed, ctx, depth, input_params)
            return ModelFact(call, style, outputs=heads, keyed=True, graph=graph)
        if isinstance(value, (cst.List, cst.Tuple)):
            if not value.elements or any(isinstance(e, cst.StarredElement) for e in value.elements):
                return ModelFact(call, style)
            tensors = [e.value for e in value.elements]
        elif value is None:
            return ModelFact(call, style)
        else:
            tensors = [value]
        if len(tensors) > 1 and not all(self._one_tensor(t, ctx) for t in tensors):
            return ModelFact(call, style)  # an output may be several tensors: positions shift
        named = [(self._layer_name(t, ctx) if layer_names else None, t) for t in tensors]
        heads, graph = self._heads(named, ctx, depth, input_params)
        if len(heads) > 1:
            return ModelFact(call, style, outputs=heads, graph=graph)
        (head,) = heads
        return ModelFact(call, style, head.steps, head.complete, head.facts, heads, graph=graph)

    def _keyed_outputs(self, value: cst.Dict, ctx: Context
                       ) -> Optional[list[tuple[Optional[str], cst.BaseExpression]]]:
        """`outputs={"name": tensor, ...}`: each output named by its key (string literals only)."""
        named = []
        for element in value.elements:
            if not isinstance(element, cst.DictElement):
                return None
            key = literal(self.facts, element.key, ctx)
            named.append((key if isinstance(key, str) else None, element.value))
        names = [name for name, _ in named if name is not None]
        return named if named and len(names) == len(set(names)) else None

    def _heads(self, named: list[tuple[Optional[str], cst.BaseExpression]], ctx: Context,
               depth: int, input_params: tuple[cst.Param, ...]
               ) -> tuple[tuple[ModelOutput, ...], ModelGraph]:
        """One graph for every output; each output's steps are its main path in it."""
        graph, paths = self.tracer.graph([t for _, t in named], ctx, depth, input_params)
        heads = tuple(ModelOutput(name, output_facts(steps), tuple(reversed(steps)), complete)
                      for (name, _), (steps, complete) in zip(named, paths))
        return heads, graph

    def _one_tensor(self, tensor: cst.BaseExpression, ctx: Context) -> bool:
        """The output certainly is one tensor: an activation op or a built-in layer's result
        (helpers, custom layers and nested models may return several)."""
        value = resolve(self.facts, tensor, ctx)
        if not isinstance(value, cst.Call):
            return False
        if describe_op(self.facts, value, ctx) is not None:
            return True
        layer_call = self.tracer.callee_construction(value.func, ctx)
        if layer_call is None or layer_kind(self.facts, layer_call) is None:
            return False
        return not calls.has_unpacking(layer_call) and not any(
            calls.argument(layer_call, keyword) is not None for keyword in _SEVERAL_TENSORS)

    def _layer_name(self, tensor: cst.BaseExpression, ctx: Context) -> Optional[str]:
        """`name="..."` of the built-in layer producing `tensor` (the output's name in Keras)."""
        value = resolve(self.facts, tensor, ctx)
        if not isinstance(value, cst.Call) or describe_op(self.facts, value, ctx) is not None:
            return None
        layer_call = self.tracer.callee_construction(value.func, ctx)
        if layer_call is None or layer_kind(self.facts, layer_call) is None:
            return None
        name = literal(self.facts, calls.argument_value(layer_call, "name", None), ctx)
        return name if isinstance(name, str) else None


def call_inputs(method: cst.FunctionDef) -> tuple[cst.Param, ...]:
    """The parameter of `call(self, inputs, training=None)` that receives the model's input."""
    params = list(method.params.posonly_params) + list(method.params.params)
    return (params[1],) if len(params) >= 2 else ()
