"""Graphs the file defines without building a model of them: its own `Layer` and `Model`
classes, and helper functions that apply layers to a tensor.

Library code defines blocks and models that other files instantiate: a residual block whose
`call` runs `self.conv` then `self.bn`, a backbone whose `__init__` wires a functional graph and
hands it to `super().__init__(inputs=..., outputs=...)`, a `def conv_bn(x, filters)` helper.
Their structure is still in the source:

- `call_graph(cls)`: what `call` returns, traced like a subclassed model's (layers read from the
  class's single `self.<attr> = ...`, the first parameter after `self` as the input);
- `init_graph(cls)`: the functional graph a `keras.Model` subclass passes to `super().__init__`;
- `function_graph(function)`: what a helper returns, its parameters as inputs.

Arguments with no call site are unknown here, so sizes read from them are unknown.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.layers import Context, layer_kind
from keraslint.analysis.models.graph import ModelGraph
from keraslint.analysis.models.resolution import Resolver, first_param, own_method
from keraslint.analysis.models.tracing import Tracer

# Parameters of `call` that are flags, not tensors.
_NOT_TENSORS = frozenset({"training", "mask", "return_attention_scores", "use_causal_mask"})
LAYER_BASES = frozenset({"keras.layers.Layer", "keras.Model", "keras.Sequential"})


class LocalGraphs:
    def __init__(self, facts: CoreFacts, resolver: Resolver, tracer: Tracer) -> None:
        self.facts = facts
        self.resolver = resolver
        self.tracer = tracer

    def classes(self) -> list[cst.ClassDef]:
        """Local classes deriving (through local bases too) from a Keras layer or model."""
        return [cls for defs in self.facts.index.classes.values() for cls in defs
                if self.facts.class_bases(cls) & LAYER_BASES]

    def call_graph(self, cls: cst.ClassDef) -> Optional[ModelGraph]:
        method = own_method(cls, "call")
        if method is None:
            return None
        returned = self.facts.returned_values(method)
        if len(returned) != 1 or returned[0] is None:
            return None
        params = list(method.params.posonly_params) + list(method.params.params)
        inputs = tuple(p for p in params[1:] if p.name.value not in _NOT_TENSORS)
        ctx = Context({}, self.resolver.self_attributes(cls), first_param(method))
        graph, _ = self.tracer.graph([returned[0]], ctx, 0, inputs)
        return graph

    def init_graph(self, cls: cst.ClassDef) -> Optional[ModelGraph]:
        """`super().__init__(inputs=inputs, outputs=outputs)` in a model class's `__init__`."""
        if "keras.Model" not in self.facts.class_bases(cls):
            return None
        init = own_method(cls, "__init__")
        if init is None:
            return None
        for call in self.facts.index.calls:
            if self.facts.index.enclosing_function.get(call) is not init:
                continue
            if calls.method_name(call) != "__init__" or not _is_super(call):
                continue
            outputs = calls.argument_value(call, "outputs", 1)
            if outputs is None:
                return None
            value = self.facts.values.resolve(outputs)
            tensors = ([e.value for e in value.elements if not isinstance(e, cst.StarredElement)]
                       if isinstance(value, (cst.List, cst.Tuple)) else [outputs])
            graph, _ = self.tracer.graph(tensors, Context(), 0)
            return graph
        return None


    def helpers(self) -> list[cst.FunctionDef]:
        """Module-level or nested functions (not methods) that apply a Keras layer to a
        tensor (`layers.Conv2D(...)(x)`) and return one value."""
        found = []
        seen: set[int] = set()
        for call in self.facts.index.calls:
            if not isinstance(call.func, cst.Call) or layer_kind(self.facts, call.func) is None:
                continue
            function = self.facts.index.enclosing_function.get(call)
            if function is None or id(function) in seen:
                continue
            seen.add(id(function))
            if function in self.facts.index.enclosing_class:
                continue
            returned = self.facts.returned_values(function)
            if len(returned) == 1 and returned[0] is not None:
                found.append(function)
        return found

    def function_graph(self, function: cst.FunctionDef) -> Optional[ModelGraph]:
        returned = self.facts.returned_values(function)
        if len(returned) != 1 or returned[0] is None:
            return None
        params = function.params
        inputs = tuple(list(params.posonly_params) + list(params.params)
                       + list(params.kwonly_params))
        graph, _ = self.tracer.graph([returned[0]], Context(), 0, inputs)
        return graph if any(not n.is_input and not n.opaque for n in graph.nodes) else None


def _is_super(call: cst.Call) -> bool:
    target = calls.receiver(call)
    return isinstance(target, cst.Call) and isinstance(target.func, cst.Name) \
        and target.func.value == "super"
