"""The facts the models domain answers with: a model, its outputs, its compile and fit calls,
and the losses paired with its outputs.

Where the output activation comes from matters (Keras 3 on TensorFlow reuses the pre-softmax
logits, with a warning, when a cross-entropy loss is told `from_logits=True`), so it is kept in
`activation_source`: OWN (the output layer's own `activation=`), LAYER (a following
`Activation`/`Softmax` layer) or OP (`tf.nn.softmax(x)` and friends).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import libcst as cst

from keraslint.analysis.core import CoreFacts
from keraslint.analysis.layers import ACTIVATION, PRESERVING, UNITS, LayerInfo, line_of, snippet
from keraslint.analysis.losses import LossFact

# How deep nested models, builder functions and helper functions are followed.
MAX_DEPTH = 8

# Model styles.
SEQUENTIAL, FUNCTIONAL, SUBCLASSED, APPLICATION, LOADED = (
    "sequential", "functional", "subclassed", "application", "loaded")
# Where the output activation is applied.
OWN, LAYER, OP_SOURCE = "own", "layer", "op"


@dataclass(frozen=True)
class OutputFacts:
    """The model's (single) output.

    `activation` is None when unknown; `units` is the size of the output's last axis (None:
    unknown); `layer` is the step applying the final activation (the output layer itself for
    OWN) and `units_layer` the step producing the units; `activation_node` is where the
    activation is written (the `activation=` argument, the `Activation(...)` call, the op).
    """

    units: Optional[int]
    activation: Optional[str]
    activation_source: Optional[str]
    activation_node: Optional[cst.CSTNode] = field(repr=False)
    layer: LayerInfo
    units_layer: Optional[LayerInfo]

    @property
    def node(self) -> cst.CSTNode:
        return self.layer.node


@dataclass(frozen=True)
class ModelOutput:
    """One output of a model, in the order the code lists them.

    `name` is what a loss dict is keyed by: the key of `outputs={...}` (or of the dict `call`
    returns), else the output layer's `name="..."` literal; None when unknown. `facts` is None
    when the output is not understood; `steps` run from input to this output.
    """

    name: Optional[str]
    facts: Optional[OutputFacts]
    steps: tuple[LayerInfo, ...] = field(default=(), repr=False)
    complete: bool = False


@dataclass(eq=False)
class ModelFact:
    """One model the code builds.

    `node` is the construction (`Sequential(...)`, `Model(...)`, `MyModel(...)`, the
    application call); two facts with the same `node` are the same model. `steps` runs from
    input to output along the main path; `complete` says whether it is every layer of that path.
    `output` is the output of a single-output model. `outputs` lists every output (one for a
    single-output model; None when the code does not fix how many there are); `keyed` says they
    are a dict (Keras flattens those in sorted key order, so a loss list does not pair).
    A model with several outputs has no main path: `steps` is empty, each output has its own.
    `graph` is the model's layer graph (`graph.ModelGraph`; None when the code does not say
    which layers it has): the steps are its main path.
    """

    node: cst.CSTNode = field(repr=False)
    style: str
    steps: tuple[LayerInfo, ...] = ()
    complete: bool = False
    output: Optional[OutputFacts] = None
    outputs: Optional[tuple[ModelOutput, ...]] = None
    keyed: bool = False
    graph: Optional["ModelGraph"] = field(default=None, repr=False)  # noqa: F821 - graph.py

    @property
    def paths(self) -> tuple[tuple[LayerInfo, ...], ...]:
        """The steps of every output (input first), or the main path when outputs are unknown."""
        if self.outputs and len(self.outputs) > 1:
            return tuple(o.steps for o in self.outputs)
        return (self.steps,)

    def same_as(self, other: Optional["ModelFact"]) -> bool:
        return other is not None and other.node is self.node


@dataclass(frozen=True)
class CompileFact:
    call: cst.Call = field(repr=False)
    model: Optional[ModelFact]
    loss_expr: Optional[cst.BaseExpression] = field(repr=False)
    loss: Optional[LossFact]


@dataclass(frozen=True)
class FitFact:
    call: cst.Call = field(repr=False)
    model: Optional[ModelFact]
    x: Optional[cst.BaseExpression] = field(repr=False)
    y: Optional[cst.BaseExpression] = field(repr=False)


@dataclass(frozen=True)
class LossUse:
    """A loss paired with the model whose output it receives.

    From `compile` (`compile` set, `anchor` the `.compile` attribute) or from a custom
    training loop (`loss_fn(y, model(x))`, anchor the node that builds the loss). `labels` are
    the targets: the `y` of the model's `fit` calls after this compile, or the loss call's
    first argument. `output` is the output the loss trains. For a model with several outputs a
    compile gives one use per (output, loss) pair, all with the same `node`; `output_label`
    then names the output for messages ("output `is_spam`", "output 2 of 3") and `labels` are
    that output's own targets (`y=[y1, y2]`, `y={"name": ...}`); it is None for one output.
    """

    model: ModelFact
    loss: LossFact
    node: cst.CSTNode = field(repr=False)
    anchor: cst.CSTNode = field(repr=False)
    compile: Optional[CompileFact] = field(repr=False)
    labels: tuple[cst.BaseExpression, ...] = field(default=(), repr=False)
    output: Optional[OutputFacts] = None
    output_label: Optional[str] = None


def output_facts(steps: list[LayerInfo]) -> Optional[OutputFacts]:
    """Output facts from steps listed output first; None when the last step is not understood."""
    i = 0
    while i < len(steps) and steps[i].category == ACTIVATION and steps[i].activation == "linear":
        i += 1  # Activation("linear") / tf.identity change nothing
    if i >= len(steps):
        return None
    last = steps[i]
    if last.category == UNITS:
        source = OWN if last.activation is not None else None
        return OutputFacts(last.units, last.activation, source, last.activation_node, last, last)
    if last.category != ACTIVATION:
        return None
    units_layer = units_before(steps[i + 1:])
    return OutputFacts(units_layer.units if units_layer else None, last.activation,
                       OP_SOURCE if last.is_op else LAYER, last.activation_node, last, units_layer)


def units_before(steps: list[LayerInfo]) -> Optional[LayerInfo]:
    """The step that produced the last axis, through Dropout/BatchNormalization/activations."""
    for step in steps:
        if step.category == UNITS:
            return step
        if step.category not in (PRESERVING, ACTIVATION):
            return None
    return None


def units_feeding(steps_backward: list[LayerInfo]) -> Optional[LayerInfo]:
    """Public: the step producing the last axis of `steps_backward[0]`'s input."""
    return units_before(steps_backward)


def named_output(facts: CoreFacts, use: LossUse) -> Optional[str]:
    """How a message names the output of a use among several: "output `is_spam`
    (`Dense(1, name="is_spam")`, line 31)"; None for a model with one output."""
    if use.output_label is None or use.output is None:
        return None
    node = use.output.layer.node
    return f"{use.output_label} (`{snippet(facts, node)}`, line {line_of(facts, node)})"
