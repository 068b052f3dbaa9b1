"""Static shapes: what the code fixes about the tensors flowing through a model and the data
fed to it. `ShapeFacts` (`facts.shapes`) is the one object rules and the verifier ask.

A shape is a tuple, batch dimension first, whose entries are ints or None (not fixed by the
code: the batch size, a dimension read from a file or a parameter); a whole shape is None when
even the rank is unknown. Every answer may be None, and a rule stays quiet on it.

The API (nodes are `LayerNode`s of `facts.models.graphs` / `ModelFact.graph`):

- `facts.shapes.output_shape(node)`: the shape `node` produces, e.g. `(None, 13, 13, 32)`;
  `facts.shapes.output_dtype(node)`;
- `facts.shapes.input_shapes(node)`: the shapes of what `node` receives, in argument order
  (`input_shape(node)`: the first one); `window(node)`: a convolution's or pooling layer's
  window (size, strides, padding) over the spatial dimensions it receives;
- `facts.shapes.input_shape(model)`: the shape a single-input model is fed: declared
  (`Input(shape=...)`, a first layer's `input_shape=`, `model.build(...)`) or, when nothing is
  declared, the data its `fit`/`evaluate`/`predict` receive; `declared_input_shape(model)`
  only what is declared; `output_shape(model)` of a single-output model;
- `facts.shapes.features_shape(x)`: the shape of what `fit(x)` hands the model (an array, a
  `tf.data` pipeline, a directory dataset), leading (sample or batch) dimension first;
  `target_shapes(model)`: the known shapes of the targets its `fit` calls train it on;
- `facts.shapes.value_range(y)`: `ValueRange(low, high)` where an array's values lie
  (`50 + 950 * np.random.rand(n)` -> [50, 1000]);
- `facts.shapes.class_count(y)`: `ClassCount(count, exact, node, how)`, the classes labels have
  as the code states them (`to_categorical(y, num_classes=7)`, a literal class list, the largest
  label of `randint(0, 7, n)`, a bundled data set).

Modules, lowest first: `dims` (dimension values and arithmetic), `layer_shapes` (one layer's
rule), `data` (shapes of fed data), `ranges`, `classes`, `propagation` (through a graph).
"""

from __future__ import annotations

from functools import cached_property
from typing import Optional, Union

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.arrays import ArrayFacts
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.models import GraphFact, LayerNode, ModelFact, ModelFacts
from keraslint.analysis.shapes.classes import ClassCount, ClassCounts
from keraslint.analysis.shapes.data import DataShapes
from keraslint.analysis.shapes.dims import Evaluator, Shape, describe_shape
from keraslint.analysis.shapes.layer_shapes import Args, Window, spatial_rank, window
from keraslint.analysis.shapes.propagation import GraphShapes, TensorFacts
from keraslint.analysis.shapes.ranges import ValueRange, ValueRanges

__all__ = ["ClassCount", "Shape", "ShapeFacts", "TensorFacts", "ValueRange", "Window",
           "describe_shape", "spatial_rank"]

_UNKNOWN = TensorFacts(None)


class ShapeFacts:
    """The questions rules ask about shapes, answered by the collaborators of this package."""

    def __init__(self, facts: CoreFacts, models: ModelFacts, arrays: ArrayFacts) -> None:
        self.facts = facts
        self.models = models
        self.arrays = arrays
        self.evaluator = Evaluator(facts, arrays)
        self.data = DataShapes(facts, arrays, self.evaluator)
        self._ranges = ValueRanges(facts, arrays)
        self._classes = ClassCounts(facts, arrays, self.evaluator, self._ranges)
        self._graphs = GraphShapes(facts, models, arrays, self.evaluator, self.data)

    # -- tensors in graphs -----------------------------------------------------------------------
    def output_shape(self, target: Union[LayerNode, ModelFact]) -> Shape:
        """The shape a node (or a single-output model) produces; None if unknown."""
        if isinstance(target, ModelFact):
            graph = target.graph
            if graph is None or len(graph.outputs) != 1:
                return None
            return self.output_shape(graph.outputs[0])
        return self.tensor(target).shape

    def output_dtype(self, node: LayerNode) -> Optional[str]:
        return self.tensor(node).dtype

    def input_shapes(self, node: LayerNode) -> list[Shape]:
        """The shapes of the tensors `node` receives, in argument order."""
        return [self.tensor(source).shape for source in node.inputs]

    def window(self, node: LayerNode) -> Optional[Window]:
        """A convolution's or local pooling layer's window over the input it receives (its
        spatial dimensions None where unknown); None for other layers or unknown arguments."""
        call = node.info.node
        if node.op is not None or node.kind is None or not isinstance(call, cst.Call):
            return None
        return window(node.kind, Args(self.evaluator, call, node.ctx), self.input_shape(node))

    def tensor(self, node: LayerNode) -> TensorFacts:
        owner = self._owners.get(id(node))
        if owner is None:
            return _UNKNOWN
        return self._shapes_of(owner).get(id(node), _UNKNOWN)

    # -- models ------------------------------------------------------------------------------
    def input_shape(self, target: Union[LayerNode, ModelFact]) -> Shape:
        """A node's first input's shape; a single-input model's input shape, declared or fed."""
        if isinstance(target, LayerNode):
            shapes = self.input_shapes(target)
            return shapes[0] if shapes else None
        graph = target.graph
        if graph is None or len(graph.inputs) != 1:
            return None
        return self.tensor(graph.inputs[0]).shape

    def declared_input_shape(self, model: ModelFact) -> Shape:
        """What the code declares for a single-input model's input (`Input(shape=...)`, a
        first layer's `input_shape=`, `model.build(...)`), never the data."""
        found = self.input_declaration(model)
        return None if found is None else found[0]

    def input_declaration(self, model: ModelFact) -> Optional[tuple[tuple, cst.CSTNode]]:
        """(declared input shape, the node declaring it: the `Input(...)` call, the first
        layer's `input_shape=`/`input_dim=` argument, the `build(...)` call), or None."""
        graph = model.graph
        if graph is None or len(graph.inputs) != 1:
            return None
        node = graph.inputs[0]
        declared = self._graphs.declared_input(node, graph).shape
        if declared is not None:
            if node.info.kind == "InputLayer":
                return declared, node.info.node
            first = graph.consumers(node)[0].info.node
            arg = next((a for k in ("input_shape", "input_dim", "batch_input_shape",
                                    "batch_shape", "input_length")
                        if isinstance(first, cst.Call) and (a := calls.argument(first, k))),
                       None)
            return declared, arg or first
        for call in self._build_calls(model):
            built = self.evaluator.dims(calls.argument_value(call, "input_shape", 0))
            return (built, call) if built is not None else None
        return None

    def features_shape(self, expr: Optional[cst.BaseExpression]) -> Shape:
        """What `fit(expr)` hands the model, leading (sample or batch) dimension first."""
        return self.data.features_shape(expr)

    def target_shapes(self, model: ModelFact) -> list[tuple]:
        """The known shapes of the targets the model's `fit` calls train it on (sample
        dimension first); targets of unknown shape are left out."""
        found = []
        for fit in self.models.fits:
            if not model.same_as(fit.model):
                continue
            info = self.arrays.info(self.models.fit_labels(fit))
            if info is not None and info.shape is not None:
                found.append(tuple(info.shape))
        return found

    # -- data ----------------------------------------------------------------------------------
    def value_range(self, expr: Optional[cst.BaseExpression]) -> Optional[ValueRange]:
        return self._ranges.value_range(expr)

    def class_count(self, expr: Optional[cst.BaseExpression]) -> Optional[ClassCount]:
        return self._classes.class_count(expr)

    # -- internals -----------------------------------------------------------------------------
    @cached_property
    def _owners(self) -> dict[int, GraphFact]:
        owners: dict[int, GraphFact] = {}
        for fact in self.models.graphs:
            for node in fact.graph.nodes:
                owners.setdefault(id(node), fact)
        return owners

    def _shapes_of(self, fact: GraphFact) -> dict[int, TensorFacts]:
        return self._graphs.shapes(fact.graph, self._given_inputs(fact))

    def _given_inputs(self, fact: GraphFact) -> dict[int, TensorFacts]:
        """A model whose code declares no input shape: `model.build(shape)`, else the data."""
        graph, model = fact.graph, fact.model
        if model is None or len(graph.inputs) != 1:
            return {}
        node = graph.inputs[0]
        if self._graphs.declared_input(node, graph).shape is not None:
            return {}
        built = self._built_shape(model)
        if built is not None:
            return {id(node): TensorFacts(built, "float32")}
        fed = self._fed_shape(model)
        return {id(node): TensorFacts(fed, "float32")} if fed is not None else {}

    def _built_shape(self, model: ModelFact) -> Shape:
        for call in self._build_calls(model):
            return self.evaluator.dims(calls.argument_value(call, "input_shape", 0))
        return None

    def _build_calls(self, model: ModelFact) -> list[cst.Call]:
        return self._calls_by_model.get(("build", id(model.node)), [])

    def _fed_shape(self, model: ModelFact) -> Shape:
        """The one shape every `fit`/`evaluate`/`predict` of the model is fed (batch free)."""
        found = set()
        for call in self._training_calls(model):
            shape = self.features_shape(calls.argument_value(call, "x", 0))
            if shape is None or not shape:
                return None
            found.add((None, *shape[1:]))
        return found.pop() if len(found) == 1 else None

    def _training_calls(self, model: ModelFact) -> list[cst.Call]:
        return [c for method in ("fit", "evaluate", "predict")
                for c in self._calls_by_model.get((method, id(model.node)), [])]

    @cached_property
    def _calls_by_model(self) -> dict[tuple[str, int], list[cst.Call]]:
        """(method, id of the model's construction) -> its `build`/`fit`/`evaluate`/`predict`
        calls, found once per file."""
        table: dict[tuple[str, int], list[cst.Call]] = {}
        for method in ("build", "fit", "evaluate", "predict"):
            for call in self.facts.method_calls(method):
                model = self.models.model_of(calls.receiver(call), call)
                if model is not None:
                    table.setdefault((method, id(model.node)), []).append(call)
        return table

