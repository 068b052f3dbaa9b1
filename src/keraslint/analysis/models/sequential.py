"""Sequential models: a layer list (literal or in a variable) and `.add` calls on the variable.

The layers are certain only when the list is not changed afterwards and every `.add` runs
unconditionally before the model is used; a layer added under a condition, in another
function, or by a helper the model is passed to makes the steps incomplete or unknown.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.containers import Item, list_items
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.layers import (
    OTHER,
    UNKNOWN_LAYER,
    Context,
    LayerInfo,
    bind_arguments,
    describe,
    layer_kind,
    resolve,
)
from keraslint.analysis.models.changes import Added, Changes
from keraslint.analysis.models.graph import INPUTS, Frame, LayerNode, chain
from keraslint.analysis.models.model import (
    SEQUENTIAL,
    ModelFact,
    ModelOutput,
    output_facts,
)
from keraslint.analysis.models.nested import NestedModels
from keraslint.analysis.models.resolution import Origin, Resolver


class SequentialModels:
    def __init__(self, facts: CoreFacts, resolver: Resolver, changes: Changes,
                 nested: NestedModels) -> None:
        self.facts = facts
        self.resolver = resolver
        self.changes = changes
        self.nested = nested

    def build(self, call: cst.Call, ctx: Context, origin: Optional["Origin"],
                    depth: int) -> ModelFact:
        items, certain, declared = self._items(call, ctx, origin)
        if items is None:
            return ModelFact(call, SEQUENTIAL, outputs=(ModelOutput(None, None),))
        steps: list[LayerInfo] = []
        frame = Frame(ctx, bound=dict(ctx.env))
        nodes = [LayerNode(LayerInfo(declared or call, "InputLayer" if declared else "Input",
                                     OTHER), frame, is_input=True)]
        complete = certain
        for item in items:
            if item is None:
                steps.append(LayerInfo(call, None, UNKNOWN_LAYER))
                nodes.append(LayerNode(steps[-1], frame, opaque=True))
                complete = False
                continue
            item_frame = self._helper_frame(item.helper, frame)
            layer, nested = self._layer_or_model(item.layer, item_frame.ctx, depth)
            if nested is not None and nested.steps:
                steps.extend(nested.steps)
                complete = complete and nested.complete
                nodes.extend(_inlined(nested, item_frame))
            elif layer is not None:
                steps.append(layer)
                nodes.append(LayerNode(layer, item_frame, model=nested))
        output = output_facts(list(reversed(steps))) if items and items[-1] is not None else None
        head = ModelOutput(None, output, tuple(steps), complete)
        return ModelFact(call, SEQUENTIAL, tuple(steps), complete, output, (head,),
                         graph=chain(nodes))

    def _items(self, call: cst.Call, ctx: Context, origin: Optional["Origin"]
               ) -> tuple[Optional[list], bool, Optional[cst.Call]]:
        """The layer expressions in order (None: unknown ones), whether the list is certain,
        and the `Input`/`InputLayer` item declaring the input, if any."""
        items: list = []
        certain = True
        declared: Optional[cst.Call] = None
        arg = calls.argument_value(call, "layers", 0)
        if arg is None and calls.has_unpacking(call):
            return None, False, None
        if arg is not None:
            listed = resolve(self.facts, arg, ctx)
            if isinstance(listed, (cst.List, cst.Tuple)) and not self.changes.is_mutated(arg):
                built = [Item(None if isinstance(e, cst.StarredElement) else e.value, True)
                         for e in listed.elements]
            else:  # a list built with append/extend: elements added in a loop are uncertain
                built = list_items(self.facts, arg)
                if built is None:
                    return None, False, None
            for item in built:
                if item.expr is None or not item.certain:
                    items.append(None)
                    certain = False
                elif not self._is_input(item.expr, ctx):
                    items.append(Added(item.expr, False))
                elif not items and declared is None:
                    declared = resolve(self.facts, item.expr, ctx)  # type: ignore[assignment]
        if origin is not None:
            added = self.changes.added_layers(origin)
            if added is None:
                return None, False, None
            for item in added:
                if not items and declared is None and not item.conditional \
                        and item.helper is None and self._is_input(item.layer, ctx):
                    declared = resolve(self.facts, item.layer, ctx)  # type: ignore[assignment]
                    continue
                items.append(None if item.conditional else item)
                certain = certain and not item.conditional
        return items, certain, declared

    def _helper_frame(self, helper: Optional[cst.Call], frame: Frame) -> Frame:
        """The frame a layer added by `add_block(model, 64)` is read in: the helper's
        parameters bound to that call's arguments."""
        function = self.facts.definition(helper.func) if helper is not None else None
        if not isinstance(function, cst.FunctionDef):
            return frame
        bound = bind_arguments(function, helper)  # type: ignore[arg-type]
        ctx = Context(dict(frame.ctx.env) | bound, frame.ctx.attrs, frame.ctx.self_name)
        return Frame(ctx, frame, helper, function, bound, frame.depth + 1)

    def _is_input(self, expr: cst.BaseExpression, ctx: Context) -> bool:
        value = resolve(self.facts, expr, ctx)
        return isinstance(value, cst.Call) and self.facts.call_name(value) in INPUTS

    def _layer_or_model(self, expr: cst.BaseExpression, ctx: Context, depth: int
                        ) -> tuple[Optional[LayerInfo], Optional[ModelFact]]:
        """A Sequential item: a layer (construction or name bound to one) or a nested model."""
        target, origin = self.resolver.resolve_binding(expr, ctx)
        if not isinstance(target, cst.Call):
            return LayerInfo(expr, None, UNKNOWN_LAYER), None
        if layer_kind(self.facts, target) is not None:
            return describe(self.facts, target, ctx), None
        nested = self.nested.model_from(target, ctx, origin, depth + 1)
        if nested is not None and nested.steps:
            return None, nested
        return LayerInfo(target, None, UNKNOWN_LAYER), nested


def _inlined(nested: ModelFact, frame: Frame) -> list[LayerNode]:
    """A nested model's layers as nodes of the outer chain: a nested `Sequential`'s own nodes
    (its input dropped), any other model's steps."""
    graph = nested.graph
    if nested.style == SEQUENTIAL and graph is not None:
        return [LayerNode(n.info, n.frame, opaque=n.opaque, model=n.model)
                for n in graph.nodes if not n.is_input]
    return [LayerNode(step, frame) for step in nested.steps]
