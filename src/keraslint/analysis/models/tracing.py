"""Functional tracing: the steps that produce a tensor, followed backwards to an `Input`.

`outputs = Dense(3, activation="softmax")(Dropout(0.2)(x))` is read from the output towards
the input, through `x = Layer(...)(x)` chains, activation ops (`tf.nn.softmax(x)`), layers
stored in `self.<name>` attributes, helper functions returning a layer application and models
applied as layers. The reading is the layer graph's (`graph.py`): `trace` is the graph's main
path from the tensor, so a model's steps and its graph never disagree.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from keraslint.analysis.core import CoreFacts
from keraslint.analysis.layers import Context, LayerInfo
from keraslint.analysis.models.graph import INPUTS, GraphBuilder, ModelGraph, main_path
from keraslint.analysis.models.nested import NestedModels

__all__ = ["INPUTS", "Tracer"]


class Tracer:
    def __init__(self, facts: CoreFacts, nested: NestedModels) -> None:
        self.facts = facts
        self.nested = nested

    def trace(self, tensor, ctx: Context, depth: int) -> tuple[list[LayerInfo], bool]:
        """The steps producing `tensor`, output first, and whether they reached an `Input`."""
        builder = GraphBuilder(self.facts, self.nested, depth)
        root = builder.root(ctx)
        graph = builder.build([tensor], root)
        return main_path(graph.outputs[0], root)

    def graph(self, tensors: list[cst.BaseExpression], ctx: Context, depth: int,
              input_params: tuple[cst.Param, ...] = ()
              ) -> tuple[ModelGraph, list[tuple[list[LayerInfo], bool]]]:
        """The graph producing `tensors` and, for each, its main path (as `trace` gives it)."""
        builder = GraphBuilder(self.facts, self.nested, depth, input_params)
        root = builder.root(ctx)
        graph = builder.build(list(tensors), root)
        return graph, [main_path(out, root) for out in graph.outputs]

    def callee_construction(self, func: cst.BaseExpression, ctx: Context) -> Optional[cst.Call]:
        """The construction of the layer applied: `Dense(3)(x)`, `head(x)`, `self.out(x)`."""
        builder = GraphBuilder(self.facts, self.nested)
        found = builder.construction_of(func, builder.root(ctx))
        return None if found is None else found[0]
