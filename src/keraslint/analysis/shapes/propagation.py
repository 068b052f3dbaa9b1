"""Shapes through a layer graph: each node's output shape (and dtype) from its inputs.

A graph's input nodes get their shape from what the code declares (`Input(shape=...)`, a
first layer's `input_shape=`/`input_dim=`/`batch_input_shape=`, `model.build(shape)`) or, when
a model declares nothing, from the data `fit`/`evaluate`/`predict` hand it (Keras builds such a
model on its first batch). Then every node in topological order: its layer rule
(`layer_shapes`), activation ops and arithmetic preserving the shape, merge ops, layers wrapping
a layer (`Bidirectional`, `TimeDistributed`), models applied as layers (their own graph).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.arrays import ArrayFacts
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.layers import ACTIVATION, Context, layer_kind, resolve
from keraslint.analysis.models import APPLICATION, ModelFact, ModelFacts
from keraslint.analysis.models.graph import LayerNode, ModelGraph
from keraslint.analysis.shapes.data import DataShapes
from keraslint.analysis.shapes.dims import Evaluator, Shape, is_int
from keraslint.analysis.shapes.layer_shapes import (
    PRESERVING_KINDS,
    Args,
    concatenated,
    elementwise,
    output_shape,
)

_WRAPPERS = frozenset({"Bidirectional", "TimeDistributed"})
# Axis of the functional and op spellings of concatenation, when not given.
_CONCAT_AXIS = {"keras.layers.concatenate": -1, "keras.ops.concatenate": 0,
                "keras.backend.concatenate": -1}
_MAX_NESTING = 6


@dataclass(frozen=True)
class TensorFacts:
    """A tensor's static shape (batch dimension first; None: rank unknown) and dtype."""

    shape: Shape
    dtype: Optional[str] = None


_UNKNOWN = TensorFacts(None)


class GraphShapes:
    """Shapes through graphs; each graph computed once per set of input shapes."""

    def __init__(self, facts: CoreFacts, models: ModelFacts, arrays: ArrayFacts,
                 evaluator: Evaluator, data: DataShapes) -> None:
        self.facts = facts
        self.models = models
        self.arrays = arrays
        self.evaluator = evaluator
        self.data = data
        self._computed: dict[tuple, dict[int, TensorFacts]] = {}

    # -- inputs ------------------------------------------------------------------------------
    def declared_input(self, node: LayerNode, graph: ModelGraph) -> TensorFacts:
        """What the code declares for an input node: `Input(shape=...)`, `InputLayer(...)`, or
        for a `Sequential`'s implicit input, its first layer's `input_shape`/`input_dim`."""
        construction = node.info.node
        if isinstance(construction, cst.Call) and node.info.kind == "InputLayer":
            return self._input_call(construction, node.ctx)
        first = next((c for c in graph.consumers(node)), None)
        if first is None or not isinstance(first.info.node, cst.Call) or first.application:
            return _UNKNOWN
        return self._first_layer_input(first.info.node, first.ctx)

    def _input_call(self, call: cst.Call, ctx: Context) -> TensorFacts:
        dtype_expr = calls.argument_value(call, "dtype", 2)
        dtype = self.arrays.dtype_of(resolve(self.facts, dtype_expr, ctx)) if dtype_expr else None
        if dtype is None and dtype_expr is None and not calls.has_unpacking(call):
            dtype = "float32"
        for keyword, position in (("batch_shape", None), ("batch_input_shape", None)):
            arg = calls.argument(call, keyword, position)
            if arg is not None:
                dims = self.evaluator.dims(arg.value, ctx)
                return TensorFacts(dims, dtype) if dims else _UNKNOWN
        arg = calls.argument(call, "shape", 0) or calls.argument(call, "input_shape")
        if arg is None:
            return _UNKNOWN
        dims = self.evaluator.dims(arg.value, ctx)
        if dims is None:
            return _UNKNOWN
        batch = self.evaluator.int_value(calls.argument_value(call, "batch_size", 1), ctx)
        return TensorFacts((batch, *dims), dtype)

    def _first_layer_input(self, call: cst.Call, ctx: Context) -> TensorFacts:
        for keyword in ("batch_input_shape", "batch_shape"):
            arg = calls.argument(call, keyword)
            if arg is not None:
                dims = self.evaluator.dims(arg.value, ctx)
                return TensorFacts(dims, "float32") if dims else _UNKNOWN
        arg = calls.argument(call, "input_shape")
        if arg is not None:
            dims = self.evaluator.dims(arg.value, ctx)
            return TensorFacts((None, *dims), "float32") if dims is not None else _UNKNOWN
        dim = calls.argument(call, "input_dim")
        if dim is not None and layer_kind(self.facts, call) != "Embedding":
            value = self.evaluator.int_value(dim.value, ctx)
            return TensorFacts((None, value), "float32") if value is not None else _UNKNOWN
        length = calls.argument(call, "input_length")
        if length is not None and layer_kind(self.facts, call) == "Embedding":
            value = self.evaluator.int_value(length.value, ctx)
            return TensorFacts((None, value), "int32") if value is not None else _UNKNOWN
        return _UNKNOWN

    # -- propagation ---------------------------------------------------------------------------
    def shapes(self, graph: ModelGraph, given: Optional[dict[int, TensorFacts]] = None,
               depth: int = 0) -> dict[int, TensorFacts]:
        """id(node) -> its output's facts, for every node of `graph`; `given` overrides the
        input nodes' shapes."""
        key = (id(graph), tuple(sorted((k, v) for k, v in (given or {}).items())))
        found = self._computed.get(key)
        if found is not None:
            return found
        out: dict[int, TensorFacts] = {}
        self._computed[key] = out
        for node in graph.nodes:
            if node.is_input:
                out[id(node)] = (given or {}).get(id(node)) or self.declared_input(node, graph)
            elif node.opaque:
                out[id(node)] = _UNKNOWN
            else:
                inputs = [out.get(id(source), _UNKNOWN) for source in node.inputs]
                out[id(node)] = self._node(node, inputs, depth)
        return out

    def _node(self, node: LayerNode, inputs: list[TensorFacts], depth: int) -> TensorFacts:
        shapes = [t.shape for t in inputs]
        dtype = inputs[0].dtype if inputs else None
        if node.op is not None:
            return TensorFacts(self._op(node, shapes), dtype)
        if node.info.is_op or node.info.category == ACTIVATION and not isinstance(
                node.info.node, cst.Call):
            return TensorFacts(shapes[0] if len(shapes) == 1 else None, dtype)
        if node.model is not None:
            return self._nested(node.model, inputs, depth)
        kind = node.info.kind
        call = node.info.node
        if kind is None or not isinstance(call, cst.Call):
            return _UNKNOWN
        if kind in _WRAPPERS:
            return TensorFacts(self._wrapper(kind, call, node.ctx, shapes), "float32")
        args = Args(self.evaluator, call, node.ctx)
        shape = output_shape(kind, args, shapes)
        if shape is None:
            return _UNKNOWN
        if kind in PRESERVING_KINDS:
            return TensorFacts(shape, dtype)
        return TensorFacts(shape, "float32")

    def _op(self, node: LayerNode, shapes: list[Shape]) -> Shape:
        if node.op == "Concatenate":
            call = node.info.node
            if not isinstance(call, cst.Call):
                return None
            name = self.facts.call_name(call) or ""
            axis_arg = calls.argument_value(call, "axis", 1)
            axis = _CONCAT_AXIS.get(name) if axis_arg is None else self.evaluator.value(
                axis_arg, node.ctx)
            return concatenated(shapes, axis)
        if node.op == "Dot":
            return None
        return elementwise(shapes)

    def _wrapper(self, kind: str, call: cst.Call, ctx: Context, shapes: list[Shape]) -> Shape:
        inner = resolve(self.facts, calls.argument_value(call, "layer", 0), ctx)
        if not isinstance(inner, cst.Call) or len(shapes) != 1 or shapes[0] is None:
            return None
        inner_kind = layer_kind(self.facts, inner)
        if inner_kind is None:
            return None
        shape = shapes[0]
        if kind == "TimeDistributed":
            if len(shape) < 3:
                return None
            out = output_shape(inner_kind, Args(self.evaluator, inner, ctx),
                               [(shape[0], *shape[2:])])
            return None if out is None else (shape[0], shape[1], *out[1:])
        out = output_shape(inner_kind, Args(self.evaluator, inner, ctx), [shape])
        mode = Args(self.evaluator, call, ctx).get("merge_mode", 1, "concat")
        if out is None or mode is None:
            return None
        if mode == "concat":
            last = out[-1]
            return (*out[:-1], None if last is None else 2 * last)
        return out if mode in ("sum", "mul", "ave") else None

    def _nested(self, model: ModelFact, inputs: list[TensorFacts], depth: int) -> TensorFacts:
        if model.style == APPLICATION:
            return TensorFacts(self._application(model), "float32")
        graph = model.graph
        if graph is None or depth > _MAX_NESTING or len(graph.outputs) != 1:
            return _UNKNOWN
        given = {}
        if len(graph.inputs) == 1 and len(inputs) == 1 and inputs[0].shape is not None:
            declared = self.declared_input(graph.inputs[0], graph)
            if declared.shape is None:
                given[id(graph.inputs[0])] = inputs[0]
        return self.shapes(graph, given, depth + 1).get(id(graph.outputs[0]), _UNKNOWN)

    def _application(self, model: ModelFact) -> Shape:
        """`keras.applications.<Net>(...)`: (batch, classes) with its top, a (batch, channels)
        vector with `pooling=`, else a 4-D feature map of unknown size."""
        call = model.node
        if not isinstance(call, cst.Call):
            return None
        args = Args(self.evaluator, call, Context())
        include_top = args.get("include_top", 0, True)
        if include_top is True:
            classes = args.get("classes", None, 1000)
            return (None, classes if is_int(classes) else None)
        if include_top is not False:
            return None
        pooling = args.get("pooling", None, None)
        if pooling is None:
            return (None, None, None, None)
        return (None, None) if pooling in ("avg", "max") else None
