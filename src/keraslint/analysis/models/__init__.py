"""Model facts: how a model is built, what its output applies, and which loss trains it.

A model is recognised when the code certainly builds it: a `Sequential` (layer list, a list in
a variable, `.add` calls on the same variable), a functional `Model(inputs, outputs)` traced
back from `outputs` through `x = Layer(...)(x)` chains and activation ops, a `keras.Model`
subclass whose `call` returns `self.<layer>(x)` or an op, a builder function returning one of
these (its parameters bound to the call site's arguments), or a `keras.applications` model.

The output is described by `OutputFacts`; whatever the code leaves open (custom or hub layers,
layers added under a condition, a model passed in as a parameter or loaded from disk) makes the
answer None, and every rule then stays quiet. A model with several outputs (`Model(inputs,
[a, b])`, `outputs={"x": a}`, a `call` returning a tuple or dict) has no single `output`; its
`outputs` list each one with its name, and `loss_uses` pairs each with its loss the way Keras
does: a list by position, a dict by output name, a single loss for every output.

`ModelFacts` is the one object rules ask (`facts.models`); the package's modules, lowest first:

- `model`: the facts answered with (`ModelFact`, `OutputFacts`, `LossUse`...), outputs from steps;
- `resolution`: names, parameters and `self.x` -> the construction they stand for;
- `changes`: whether a model or container is changed after it is built (`.add`, `.append`...);
- `nested`: the protocol through which model styles ask for models nested in models;
- `tracing`: functional tensors followed back to an `Input`;
- `sequential`, `functional`: the model styles;
- `construction`: `ModelBuilder`, one construction call -> its `ModelFact`, by style;
- `discovery`: which expressions and calls are models (`model_of`, `all_models`);
- `training`: `compile`/`fit` and loss-output pairing; `loops`: losses in custom training loops;
- `weights`: the fate of a layer's initial kernel (replaced before training, the only kernel);
- `composition`: layers that act only in training, and layers that add regularization losses.
- `graph`: the layer graph of a model (`ModelFact.graph`; its main path is `steps`);
  `local_graphs`: the graphs of the file's own layer and model classes and layer helpers.

`graphs` lists every layer graph of the file (`GraphFact`): each model's, then the `call` and
functional `__init__` graphs of local layer/model classes the file does not build a model of,
then those of helper functions applying layers to a tensor.
"""

from __future__ import annotations

from functools import cached_property
from typing import Iterator, Optional

import libcst as cst

from keraslint.analysis.arrays import ArrayFacts
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.layers import Context, LayerInfo
from keraslint.analysis.losses import LossFact
from keraslint.analysis.models.changes import Changes
from keraslint.analysis.models.composition import Component, Composition
from keraslint.analysis.models.construction import ModelBuilder
from keraslint.analysis.models.discovery import ModelDiscovery
from keraslint.analysis.models.graph import GraphFact, LayerNode, ModelGraph, node_text
from keraslint.analysis.models.local_graphs import LocalGraphs
from keraslint.analysis.models.loops import TrainingLoops
from keraslint.analysis.models.model import (
    APPLICATION,
    FUNCTIONAL,
    LAYER,
    LOADED,
    OP_SOURCE,
    OWN,
    SEQUENTIAL,
    SUBCLASSED,
    CompileFact,
    FitFact,
    LossUse,
    ModelFact,
    ModelOutput,
    OutputFacts,
    named_output,
    output_facts,
    units_feeding,
)
from keraslint.analysis.models.resolution import Resolver
from keraslint.analysis.models.training import CompileAndFit
from keraslint.analysis.models.weights import WeightFates

__all__ = [
    "APPLICATION", "FUNCTIONAL", "LAYER", "LOADED", "OP_SOURCE", "OWN", "SEQUENTIAL", "SUBCLASSED",
    "CompileFact", "Component", "FitFact", "GraphFact", "LayerNode", "LossUse", "ModelFact",
    "ModelFacts", "ModelGraph", "ModelOutput", "OutputFacts", "named_output", "node_text",
    "units_feeding",
]


class ModelFacts:
    """The questions rules ask about models, answered by the collaborators of this package."""

    def __init__(self, facts: CoreFacts, arrays: ArrayFacts) -> None:
        self.facts = facts
        self.arrays = arrays
        resolver = Resolver(facts)
        changes = Changes(facts)
        builder = ModelBuilder(facts, resolver, changes)
        self._builder = builder
        self._discovery = ModelDiscovery(facts, resolver, changes, builder)
        self._training = CompileAndFit(facts, self._discovery, changes)
        self._loops = TrainingLoops(facts, resolver, self._discovery)
        self._weights = WeightFates(facts, self._discovery)
        self._composition = Composition(facts, resolver, self._discovery)
        self.resolver = resolver
        self._local = LocalGraphs(facts, resolver, builder.tracer)

    # -- models ----------------------------------------------------------------------------------
    def model_of(self, expr: Optional[cst.BaseExpression], site: Optional[cst.Call] = None
                 ) -> Optional[ModelFact]:
        """The model `expr` certainly stands for (a name, a builder call...), or None."""
        return self._discovery.model_of(expr, site)

    @property
    def all_models(self) -> list[ModelFact]:
        """Every model construction in the file (builder calls excluded: their body counts)."""
        return self._discovery.all_models

    def is_keras_model(self, expr: Optional[cst.BaseExpression], depth: int = 0) -> Optional[bool]:
        """True if `expr` certainly holds a Keras model, False if certainly something else."""
        return self._discovery.is_keras_model(expr, depth)

    def trains_keras_model(self, call: cst.Call) -> bool:
        """Whether a `<receiver>.fit(...)` call plausibly trains a Keras model."""
        return self._discovery.trains_keras_model(call)

    @cached_property
    def graphs(self) -> list[GraphFact]:
        """Every layer graph of the file: each model's, then those of local layer/model classes
        that no model of the file is built from (their `call`, their functional `__init__`),
        then those of helper functions that apply layers to a tensor."""
        found = [GraphFact(m.graph, m) for m in self.all_models if m.graph is not None]
        built = {id(self.facts.definition(m.node.func)) for m in self.all_models
                 if m.style == SUBCLASSED and isinstance(m.node, cst.Call)}
        for cls in self._local.classes():
            if id(cls) in built:
                continue
            for graph in (self._local.call_graph(cls), self._local.init_graph(cls)):
                if graph is not None:
                    found.append(GraphFact(graph, None, cls))
        for function in self._local.helpers():
            graph = self._local.function_graph(function)
            if graph is not None:
                found.append(GraphFact(graph, None, None, function))
        return found

    def layer_nodes(self) -> Iterator[tuple[GraphFact, LayerNode]]:
        """(graph, node) for every layer or op node of every graph. A layer built once may
        appear several times (a helper called three times, a layer applied twice): rules
        report a construction once (`node.construction`), where the code builds it."""
        for fact in self.graphs:
            for node in fact.graph.layer_nodes():
                yield fact, node

    def trace(self, tensor: Optional[cst.BaseExpression], ctx: Optional[Context] = None
              ) -> tuple[list[LayerInfo], bool]:
        """Steps producing a functional tensor, output first, and whether it reached an Input."""
        return self._builder.tracer.trace(tensor, ctx or Context(), 0)

    def output_of(self, steps_backward: list[LayerInfo]) -> Optional[OutputFacts]:
        return output_facts(steps_backward)

    # -- the fate of initial weights --------------------------------------------------------------
    def kernel_replaced_by(self, layer: cst.Call) -> Optional[cst.Call]:
        """The call that certainly overwrites this layer's kernel before any training
        (`set_weights`, `load_weights`, `kernel.assign`, a checkpoint restore), or None."""
        return self._weights.replaced_before_training(layer)

    def holders(self, layer: cst.Call) -> list[ModelFact]:
        """The models this layer is certainly or possibly a part of (a Sequential list built
        with `append` in a loop included), outermost last."""
        nodes = self._weights.holders(layer)
        return [m for m in self.all_models if any(m.node is n for n in nodes)]

    def only_kernel(self, layer: cst.Call) -> bool:
        """Is this the only kernel layer of a model that is not part of another model?"""
        return self._weights.only_kernel(layer)

    # -- what models are made of -----------------------------------------------------------------
    def training_layers(self, model: ModelFact) -> list[Component]:
        """Layers of `model` that act only with `training=True` (Dropout, BatchNormalization,
        noise, augmentation, RNN/attention dropout, custom layers reading `training`); empty
        when none is found (which does not mean there is none)."""
        return self._composition.training_layers(model)

    def class_training_layers(self, cls: cst.ClassDef) -> list[Component]:
        """The same for a model class (`self(x)` inside its own methods)."""
        return self._composition.class_training_layers(cls)

    def loss_layers(self, model: ModelFact) -> list[Component]:
        """Layers of `model` that add to `model.losses` (regularizer arguments,
        `ActivityRegularization`, `self.add_loss`); empty when none is found."""
        return self._composition.loss_layers(model)

    def class_loss_layers(self, cls: cst.ClassDef) -> list[Component]:
        return self._composition.class_loss_layers(cls)

    # -- training --------------------------------------------------------------------------------
    @property
    def compiles(self) -> list[CompileFact]:
        """Every `<model>.compile(...)` call, with its model (if known) and loss (if known)."""
        return self._training.compiles

    @property
    def fits(self) -> list[FitFact]:
        return self._training.fits

    @cached_property
    def loss_uses(self) -> list[LossUse]:
        """Losses paired with a known model: by `compile`, then by custom training loops."""
        uses = []
        for compiled in self.compiles:
            if compiled.model is not None:
                uses.extend(self._training.compile_uses(compiled))
        uses.extend(self._loops.uses())
        return uses

    @cached_property
    def loss_computations(self) -> list[tuple[cst.Call, LossFact]]:
        """Calls that compute a loss on values (`loss_fn(y, p)`, `categorical_crossentropy(y,
        p)`, `tf.nn.*_with_logits(labels=y, logits=p)`), with the loss each computes."""
        return self._loops.computations

    def paired_losses(self, model: ModelFact, loss: Optional[cst.BaseExpression]
                      ) -> list[tuple[int, LossFact]]:
        """(output index, loss) for each pairing Keras certainly makes from `compile(loss=...)`."""
        return self._training.paired_losses(model, loss)

    def fit_labels(self, fit: FitFact) -> Optional[cst.BaseExpression]:
        """The labels a `fit` trains on (see `CompileAndFit.fit_labels`)."""
        return self._training.fit_labels(fit)

    def label_encoding(self, labels: Optional[cst.BaseExpression]) -> Optional[str]:
        """"one_hot", "integer" or None for labels (answered by `facts.arrays`)."""
        return self.arrays.label_encoding(labels)
