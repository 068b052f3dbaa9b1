"""Graphs of the file's own `Layer` and `Model` classes, whether or not the file builds them.

Library code defines blocks and models that other files instantiate: a residual block whose
`call` runs `self.conv` then `self.bn`, a backbone whose `__init__` wires a functional graph and
hands it to `super().__init__(inputs=..., outputs=...)`. Their structure is still in the source:

- `call_graph(cls)`: what `call` returns, traced like a subclassed model's (layers read from the
  class's single `self.<attr> = ...`, the first parameter after `self` as the input);
- `init_graph(cls)`: the functional graph a `keras.Model` subclass passes to `super().__init__`.

Arguments of `__init__` are unknown here (no call site), so sizes read from them are unknown.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.layers import Context
from keraslint.analysis.models.graph import ModelGraph
from keraslint.analysis.models.resolution import Resolver, first_param, own_method
from keraslint.analysis.models.tracing import Tracer

LAYER_BASES = frozenset({"keras.layers.Layer", "keras.Model", "keras.Sequential"})


class LayerClasses:
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
        inputs = (params[1],) if len(params) >= 2 else ()
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


def _is_super(call: cst.Call) -> bool:
    target = calls.receiver(call)
    return isinstance(target, cst.Call) and isinstance(target.func, cst.Name) \
        and target.func.value == "super"
