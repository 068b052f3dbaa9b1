"""What each finding is about, re-derived from its line with the rules' own analysis calls.

A `Target` names the nodes the slice must produce: the model construction, the flagged layer
and initializer (KL1xx), the loss (the `loss=` of `compile`, or the loss object of a custom
loop), and the training call whose `x`/`y` give a realistic batch. It also carries the static
facts the experiments read (`protocol.py`, brief's list of keys).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.layers import (
    ACTIVATION,
    BATCH_NORMALIZATIONS,
    INFERENCE_IDENTITIES,
    UNITS,
)
from keraslint.analysis.losses import BINARY, CALL, CATEGORICAL, CATEGORICAL_KINDS, OP, SPARSE
from keraslint.analysis.models import FitFact, LossUse, ModelFact
from keraslint.verifier.slicing.units import SliceError

INITIALIZER_RULES = ("KL101", "KL102", "KL103")
MODEL_RULES = ("KL201", "KL202", "KL203", "KL204", "KL205")
FED_MODEL_RULES = ("KL306",)
CLASS_RULES = ("KL802", "KL803", "KL804", "KL808")
TRAINABLE_RULES = ("KL801",)
# Errors a slice may raise that are the finding's own claim (matched against "Type: message"):
# the program's construction of the model is where Keras reports them.
CONFIRMING_ERRORS = {
    "KL802": r"You cannot add new elements of state|could not be lifted out of a `?tf\.function|"
             r"singleton tf\.Variables",
    "KL803": r"forgot to call `?super\(\)\.__init__\(\)`?|You must call `?super\(\)\.__init__",
}
# Rules about one layer of a model's graph (and the layer it feeds), found at the layer's line.
STRUCTURE_RULES = {"KL806": None, "KL807": "Dense", "KL810": "BatchNormalization",
                   "KL811": "BatchNormalization"}
# Rules about a model's output and the labels it is trained on, found at the output layer.
OUTPUT_RULES = ("KL209", "KL210")
# Rules for which a dimension of data read at run time may be replaced by a stated stand-in:
# their fault does not depend on the input width or the number of classes, or (KL102) it only
# grows with the width, which the caveat below says.
DIMENSION_FREE = frozenset({"KL101", "KL102", "KL103", "KL201", "KL202", "KL203", "KL204",
                            "KL205", "KL306", "KL209", "KL210", "KL806", "KL807", "KL810", "KL811"})
# What a stand-in means for a rule whose effect does depend on it, added to the slice's notes.
STAND_IN_CAVEATS = {
    "KL102": ("the input width is a stand-in, not the real one: KL102's effect grows with the "
              "fan-in (activations scale with stddev x sqrt(fan-in)), so a fan-in of 32 is "
              "conservative for wider data; a narrower input would show less"),
}


@dataclass
class Target:
    code: str
    model: Optional[ModelFact] = None
    layer: Optional[cst.CSTNode] = None  # the layer construction to mark as SLOT_LAYER
    partner: Optional[cst.CSTNode] = None  # the layer it feeds, marked as SLOT_PARTNER
    layer_class: Optional[cst.ClassDef] = None  # add_weight: instances of this class
    initializer: Optional[cst.BaseExpression] = None  # the flagged argument's value
    compile_call: Optional[cst.Call] = None
    loss_expr: Optional[cst.BaseExpression] = None  # `loss=` of compile, evaluated there
    loss_node: Optional[cst.CSTNode] = None  # a custom loop's loss object, marked
    fit: Optional[FitFact] = None
    x_hint: Optional[cst.BaseExpression] = None  # a custom loop's inputs (from_tensor_slices)
    keep_labels: bool = True  # False: the labels' own encoding bug (KL205) would mask this one
    loss_text: Optional[str] = None  # a Keras loss equal to a loss op of a custom loop
    facts: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    # Custom loops (slicing/loops.py): module-level defs kept as written for the experiment to
    # call (a training step may train: it runs on stand-in data, once or twice), expressions
    # bound as `name = lambda: (expression)`, and findings whose facts need no program.
    runnable: list[cst.FunctionDef] = field(default_factory=list)
    factories: dict[str, cst.CSTNode] = field(default_factory=dict)
    draw_only: bool = False

    def seeds(self) -> list[cst.CSTNode]:
        nodes = [self.model.node if self.model else None, self.layer, self.partner,
                 self.initializer, self.compile_call, self.loss_node]
        return [n for n in nodes if n is not None]


def parents_of_facts(facts) -> dict[int, cst.CSTNode]:
    """The module's parent map, built once per file (kept on the facts object)."""
    parents = facts.__dict__.get("_slice_parents")
    if parents is None:
        parents = facts.__dict__["_slice_parents"] = parents_of(facts.module)
    return parents


def line_of(facts, node: cst.CSTNode) -> int:
    return facts.code_range(node).start.line


def find(facts, finding) -> Target:
    if finding.code in INITIALIZER_RULES:
        return _initializer_target(facts, finding)
    if finding.code in MODEL_RULES:
        return _model_target(facts, finding)
    if finding.code in FED_MODEL_RULES:
        return _fed_model_target(facts, finding)
    from keraslint.verifier.slicing import loops  # noqa: PLC0415 - loops imports this module

    if finding.code in loops.LOOP_RULES:
        return loops.find(facts, finding)
    if finding.code in CLASS_RULES:
        return _class_target(facts, finding)
    if finding.code in TRAINABLE_RULES:
        return _trainable_target(facts, finding)
    if finding.code in STRUCTURE_RULES:
        return _layer_target(facts, finding)
    if finding.code in OUTPUT_RULES:
        return _output_target(facts, finding)
    raise SliceError(f"no slice is defined for {finding.code}")


# -- KL306: the model a training call feeds ----------------------------------------------------------

def _fed_model_target(facts, finding) -> Target:
    """The model of the `fit`/`evaluate`/`predict` on the finding's line, and that call's `x`
    (probed when the slice can compute it: a bundled data set's stub keeps its 0-255 pixels)."""
    line = finding.start.line
    for call in facts.pipelines.training_calls:
        if line_of(facts, calls.anchor(call)) != line:
            continue
        model = facts.models.model_of(calls.receiver(call), call)
        if model is None:
            break
        fit = FitFact(call, model, calls.argument_value(call, "x", 0), None)
        target = Target(finding.code, model=model, fit=fit, keep_labels=False)
        target.facts.update(_model_facts(facts, model, None))
        pixels = facts.pipelines.fed_pixels(call)
        if pixels is not None:
            target.facts.update(pixels_origin=pixels.origin, pixels_low=pixels.lo,
                                pixels_high=pixels.hi, method=calls.method_name(call))
        return target
    raise SliceError(f"could not find the model fed on line {line}")


# -- KL1xx -----------------------------------------------------------------------------------------

def _initializer_target(facts, finding) -> Target:
    line, column = finding.start.line, finding.start.column
    uses = [u for u in facts.initializers.kernel_uses if line_of(facts, u.arg) == line]
    if not uses:
        raise SliceError(f"could not find the flagged initializer argument on line {line}")
    use = min(uses, key=lambda u: abs(facts.code_range(u.arg).start.column + 1 - column))
    target = Target(finding.code, initializer=use.arg.value)
    if use.role == "weight":
        target.layer_class = _enclosing_class(facts, use.layer)
    else:
        target.layer = use.layer
    target.model = _model_containing(facts, target)
    dist = use.distribution
    target.facts.update(initializer=facts.module.code_for_node(use.value).strip(),
                        mean=dist.mean if dist else None, stddev=dist.std if dist else None,
                        layer_activation=use.activation)
    if target.model is not None:
        compiled = next((c for c in facts.models.compiles
                         if c.model is not None and c.model.same_as(target.model)), None) \
            or _compile_beside(facts, target.model)
        if compiled is not None and compiled.loss_expr is not None:
            target.compile_call, target.loss_expr = compiled.call, compiled.loss_expr
            target.facts.update(_loss_facts(compiled.loss))
        target.fit = _fit_of(facts, target.model)
        target.facts.update(_model_facts(facts, target.model, target.fit))
    return target


def _compile_beside(facts, model: ModelFact):
    """A trainer class's one `self.model.compile(...)` whose model the static analysis cannot
    follow (`self.model = self._build()`), in the class that builds the model."""
    cls = _enclosing_class(facts, model.node)
    if cls is None:
        return None
    found = [c for c in facts.models.compiles if c.model is None and c.loss_expr is not None
             and _enclosing_class(facts, c.call) is cls]
    return found[0] if len(found) == 1 else None


def _enclosing_class(facts, node: cst.CSTNode) -> Optional[cst.ClassDef]:
    function = facts.index.enclosing_function.get(node)
    return facts.index.enclosing_class.get(function) if function is not None else None


def _model_containing(facts, target: Target) -> Optional[ModelFact]:
    """The model whose construction or layer steps contain the flagged layer."""
    parents = parents_of_facts(facts)
    for holders in (_layer_holders(facts, target), [target.layer]):
        for model in facts.models.all_models:
            roots = {id(model.node)} | {id(step.node) for step in model.steps}
            for holder in holders:
                if holder is not None and any(id(n) in roots for n in _ancestors(holder, parents)):
                    return model
    if isinstance(target.layer, cst.Call):  # a layer appended to a list in a loop
        held = facts.models.holders(target.layer)
        if len(held) == 1:
            return held[0]
    return _model_beside(facts, target.layer, parents)


def _model_beside(facts, layer: Optional[cst.CSTNode], parents, depth: int = 0
                  ) -> Optional[ModelFact]:
    """The one model a function builds after creating the flagged layer in it (a layer in a
    loop or behind a branch is not among the traced steps, but the function builds one model);
    when the layer's function builds none (a `block(x, filters)` helper), the one model built
    after the calls of that function, if they all sit in one function."""
    if layer is None or depth > 3:
        return None
    function = next((n for n in _ancestors(layer, parents) if isinstance(n, cst.FunctionDef)), None)
    if function is None:
        return None
    order = {id(c): i for i, c in enumerate(facts.index.calls)}
    built = [m for m in facts.models.all_models
             if any(n is function for n in _ancestors(m.node, parents))
             and order.get(id(m.node), -1) > order.get(id(layer), 0)]
    if built:
        return built[0] if len(built) == 1 else None
    callers = [c for c in facts.index.calls if isinstance(c.func, cst.Name)
               and facts.definition(c.func) is function]
    found = {id(m.node): m for m in
             (_model_beside(facts, c, parents, depth + 1) for c in callers) if m is not None}
    return next(iter(found.values())) if callers and len(found) == 1 else None


def _layer_holders(facts, target: Target) -> list[cst.CSTNode]:
    """Nodes whose evaluation creates the flagged layer: its call, or instances of its class."""
    cls = target.layer_class
    if cls is None and target.layer is not None:
        cls = _enclosing_class(facts, target.layer)
        if cls is None:
            return [target.layer]
    if cls is None:
        return []
    return [c for c in facts.index.calls if isinstance(c.func, cst.Name)
            and c.func.value == cls.name.value and facts.definition(c.func) is cls]


def instances_of(facts, cls: cst.ClassDef) -> list[cst.Call]:
    return [c for c in facts.index.calls if isinstance(c.func, cst.Name)
            and c.func.value == cls.name.value and facts.definition(c.func) is cls]


def _ancestors(node: cst.CSTNode, parents: dict[int, cst.CSTNode]):
    current: Optional[cst.CSTNode] = node
    while current is not None:
        yield current
        current = parents.get(id(current))


def parents_of(module: cst.Module) -> dict[int, cst.CSTNode]:
    """Parent of every node of the module (LibCST nodes do not know their parents)."""
    parents: dict[int, cst.CSTNode] = {}
    stack: list[cst.CSTNode] = [module]
    while stack:
        node = stack.pop()
        for child in node.children:
            parents[id(child)] = node
            stack.append(child)
    return parents


# -- KL8xx: custom classes -------------------------------------------------------------------------

def _class_target(facts, finding) -> Target:
    """The flagged class, its instances marked as SLOT_LAYER, and the model holding one (for
    KL804 the model the program saves): the experiment builds, calls or saves them."""
    cls = _flagged_class(facts, finding)
    if cls is None:
        raise SliceError(f"could not find the class the finding on line {finding.start.line} "
                         "is about")
    known = facts.classes.of(cls)
    instances = instances_of(facts, cls)
    if known is None or not instances:
        raise SliceError(f"the program never creates an instance of `{cls.name.value}`")
    target = Target(finding.code, layer_class=cls)
    if finding.code == "KL804":
        saved = next((s for s in map(facts.lifecycle.serialization_of, instances) if s), None)
        if saved is None:
            raise SliceError("no saved model contains an instance of the class")
        target.model = saved.model
        target.facts["serialization"] = saved.how
    else:
        target.model = _model_containing(facts, target)
    if target.model is None:
        target.layer = instances[0]
    else:
        target.facts.update(_model_facts(facts, target.model, None))
    target.facts["class_name"] = cls.name.value
    target.facts["variables"] = sorted({v.attribute for v in known.members.variables
                                        if v.attribute is not None})
    if finding.code in CONFIRMING_ERRORS:
        target.facts["confirming_error"] = CONFIRMING_ERRORS[finding.code]
    return target


def _trainable_target(facts, finding) -> Target:
    """KL801: the compiled model, the object whose `trainable` changes (SLOT_LAYER when it is
    not the model itself) and the compile's loss; the experiment replays compile, fit, the
    change and a second fit on a stand-in batch."""
    line = finding.start.line
    ignored = next((i for i in facts.lifecycle.ignored_trainable_changes
                    if line_of(facts, i.change.statement) == line), None)
    if ignored is None:
        raise SliceError(f"could not find the trainable change on line {line}")
    receiver = calls.receiver(ignored.fit.call)
    model = facts.models.model_of(receiver, ignored.fit.call)
    if model is None:
        raise SliceError("the model the change is about is not one the slice can build")
    target = Target(finding.code, model=model)
    root = ignored.change.root
    if root is not None and isinstance(root.node, cst.Call) and root.node is not model.node:
        target.layer = root.node
    compiled = next((c for c in facts.models.compiles if c.call is ignored.compiled.call), None)
    if compiled is not None and compiled.loss_expr is not None:
        target.compile_call, target.loss_expr = compiled.call, compiled.loss_expr
        target.facts.update(_loss_facts(compiled.loss))
    target.facts.update(_model_facts(facts, model, None))
    target.facts.update(trainable_value=ignored.change.value, flavour=ignored.flavour,
                        through_layers=ignored.change.through_layers,
                        changed=root.name if root is not None else "the model")
    return target


def _flagged_class(facts, finding) -> Optional[cst.ClassDef]:
    line = finding.start.line
    for cls in facts.classes.all:
        node = cls.node
        if finding.code == "KL804" and line_of(facts, node.name) == line:
            return node
        init = cls.members.methods.get("__init__")
        if finding.code == "KL803" and init is not None and line_of(facts, init.name) == line:
            return node
        if finding.code in ("KL802", "KL808") and any(
                line_of(facts, v.call) == line for v in cls.members.variables):
            return node
    return None


# -- KL2xx -----------------------------------------------------------------------------------------

def _model_target(facts, finding) -> Target:
    line = finding.start.line
    uses = [u for u in facts.models.loss_uses if line_of(facts, u.anchor) == line]
    if not uses:
        return _untrained_target(facts, finding)
    use = next((u for u in uses if u.output_label and u.output_label in finding.message), uses[0])
    return _use_target(facts, finding, use)


def _use_target(facts, finding, use: LossUse) -> Target:
    """The model, loss, fit and output facts of one loss use (a compile or a custom loop)."""
    target = Target(finding.code, model=use.model)
    if use.compile is not None:
        target.compile_call, target.loss_expr = use.compile.call, use.compile.loss_expr
        if use.output_label is not None:  # one head of several: its own loss
            target.loss_expr = use.loss.node
        target.fit = _fit_of(facts, use.model, use.compile.call)
    else:
        target.loss_node = use.loss.node
        target.x_hint = _dataset_inputs(facts)
        _loss_as_keras_class(facts, target, use.loss)
    target.facts.update(_loss_facts(use.loss))
    target.facts.update(_model_facts(facts, use.model, target.fit, use.output))
    target.facts.update(_output_facts(use))
    encoding = next((e for labels in use.labels
                     if (e := facts.models.label_encoding(labels)) is not None), None)
    target.facts["label_encoding"] = encoding
    if finding.code != "KL205" and _encoding_mismatch(use.loss.kind, encoding):
        target.keep_labels = False  # synthetic labels in the loss's encoding instead
    if finding.code == "KL203":
        target.layer = _single_softmax_layer(use.model)
    return target


_KERAS_LOSSES = {CATEGORICAL: "CategoricalCrossentropy", SPARSE: "SparseCategoricalCrossentropy",
                 BINARY: "BinaryCrossentropy"}


def _loss_as_keras_class(facts, target: Target, loss) -> None:
    """A custom loop computing its loss with an op or a direct call (`tf.nn.softmax_cross_
    entropy_with_logits(labels=y, logits=out)` inside a training step): the value is a tensor
    of data the slice does not have, so SLOT_LOSS is the Keras loss that computes the same."""
    name = _KERAS_LOSSES.get(loss.kind)
    if loss.form not in (OP, CALL) or name is None or loss.from_logits is None:
        return
    target.loss_node = None
    target.loss_text = f"keras.losses.{name}(from_logits={bool(loss.from_logits)})"
    written = " ".join(facts.module.code_for_node(loss.node).split())
    written = written if len(written) <= 60 else written[:57] + "..."
    target.notes.append(f"`{written}` computed as `{target.loss_text}` (the same loss)")


def _encoding_mismatch(kind: Optional[str], encoding: Optional[str]) -> bool:
    """The labels KL205 would flag: integer ids for a one-hot loss or the reverse."""
    if kind == SPARSE:
        return encoding == "one_hot"
    return kind in CATEGORICAL_KINDS and encoding == "integer"


def _untrained_target(facts, finding) -> Target:
    """KL203 on a model that is never compiled: the model whose softmax step is on the line."""
    line = finding.start.line
    for model in facts.models.all_models:
        if any(line_of(facts, step.node) == line for step in model.steps):
            target = Target(finding.code, model=model, layer=_single_softmax_layer(model))
            target.facts.update(_model_facts(facts, model, None))
            return target
    raise SliceError(f"could not find the model or loss the finding on line {line} is about")


def _layer_target(facts, finding) -> Target:
    """KL806/KL807/KL810/KL811: the model whose graph holds the flagged layer on the finding's
    line, the layer marked as SLOT_LAYER and the layer it feeds as SLOT_PARTNER."""
    line = finding.start.line
    partner_kind = STRUCTURE_RULES[finding.code]
    for fact, node in facts.models.layer_nodes():
        if fact.model is None or not _spans(facts, node.construction, line):
            continue
        partner = None
        if partner_kind is not None:
            partner = _fed_layer(fact.graph, node, partner_kind)
            if partner is None:
                continue
        target = Target(finding.code, model=fact.model, layer=node.construction,
                        partner=partner.construction if partner is not None else None)
        compiled = next((c for c in facts.models.compiles
                         if c.model is not None and c.model.same_as(fact.model)), None)
        if compiled is not None and compiled.loss_expr is not None:
            # the model as compiled (not a later rebinding of its name, e.g. a reloaded copy)
            target.compile_call, target.loss_expr = compiled.call, compiled.loss_expr
        target.fit = _fit_of(facts, fact.model, target.compile_call)
        target.facts.update(_model_facts(facts, fact.model, target.fit))
        return target
    raise SliceError(f"the layer on line {line} is not part of a model the file builds")


def _spans(facts, node: cst.CSTNode, line: int) -> bool:
    where = facts.code_range(node)
    return where.start.line <= line <= where.end.line


def _fed_layer(graph, node, kind: str):
    """The layer of `kind` (`"Dense"`, or any batch normalization) `node` feeds, directly or
    through layers that are the identity at inference."""
    for after in graph.downstream(node, lambda n: n.kind in INFERENCE_IDENTITIES):
        if after.kind == kind or (kind == "BatchNormalization" and after.kind in
                                  BATCH_NORMALIZATIONS):
            return after
    return None


def _output_target(facts, finding) -> Target:
    """KL209/KL210: the loss use whose output layer (KL209) or output activation (KL210) is on
    the finding's line, with the class count or the target range the finding states."""
    line = finding.start.line
    for use in facts.models.loss_uses:
        output = use.output
        if output is None:
            continue
        node = output.units_layer.node if finding.code == "KL209" and output.units_layer \
            else output.activation_node
        if node is None or not _spans(facts, node, line):
            continue
        target = _use_target(facts, finding, use)
        for labels in use.labels:
            if finding.code == "KL209" and (found := facts.shapes.class_count(labels)):
                target.facts.update(class_count=found.count, class_count_exact=found.exact)
                break
            if finding.code == "KL210" and (found := facts.shapes.value_range(labels)):
                target.facts.update(target_low=found.low, target_high=found.high)
                break
        return target
    raise SliceError(f"could not find the model output the finding on line {line} is about")


def _single_softmax_layer(model: ModelFact) -> Optional[cst.CSTNode]:
    """KL203's softmax step (the output side first): a one-unit softmax layer, or a softmax
    activation layer after one unit. Ops (`tf.nn.softmax`) are not layers: None."""
    for step in reversed(model.steps):
        if step.is_op:
            continue
        if step.category == UNITS and step.units == 1 and step.activation == "softmax":
            return step.node
        if step.category == ACTIVATION and step.activation == "softmax":
            return step.node
    return None


def _dataset_inputs(facts) -> Optional[cst.BaseExpression]:
    """A custom loop's inputs: the features of the file's single `from_tensor_slices((x, y))`."""
    found = []
    for call in facts.calls_to("tensorflow.data.Dataset.from_tensor_slices"):
        pair = facts.values.resolve(calls.argument_value(call, "tensors", 0))
        if isinstance(pair, cst.Tuple) and len(pair.elements) == 2:
            found.append(pair.elements[0].value)
    texts = {facts.module.code_for_node(e) for e in found}
    return found[0] if len(texts) == 1 else None


# -- shared facts ---------------------------------------------------------------------------------

def _fit_of(facts, model: ModelFact, after: Optional[cst.Call] = None) -> Optional[FitFact]:
    order = {id(c): i for i, c in enumerate(facts.index.calls)}
    start = order.get(id(after), -1) if after is not None else -1
    fits = [f for f in facts.models.fits if f.model is not None and f.model.same_as(model)
            and order.get(id(f.call), 0) > start]
    return fits[0] if fits else None


def _loss_facts(loss) -> dict[str, Any]:
    if loss is None:
        return {}
    return {"loss_kind": loss.kind, "from_logits": loss.from_logits}


def _output_facts(use: LossUse) -> dict[str, Any]:
    """`output_index` / `output_name` of the head a multi-output finding is about (the
    experiments narrow SLOT_MODEL to it); nothing for a single output."""
    if use.output_label is None or not use.model.outputs:
        return {}
    for index, head in enumerate(use.model.outputs):
        if head.facts is use.output:
            return {"output_index": index, "output_name": head.name}
    return {}


def _model_facts(facts, model: ModelFact, fit: Optional[FitFact],
                 output=None) -> dict[str, Any]:
    out: dict[str, Any] = {"input_shape": _input_shape(facts, model)}
    output = output if output is not None else model.output
    if output is not None:
        out.update(output_units=output.units, output_activation=output.activation,
                   activation_source=output.activation_source)
        if output.units and output.units > 1:
            out["num_classes"] = output.units
    if fit is not None and fit.y is not None:
        out["label_encoding"] = facts.models.label_encoding(fit.y)
    return out


def _input_shape(facts, model: ModelFact) -> Optional[list[int]]:
    """The declared input shape (`facts.shapes`: `Input(shape=...)`, `InputLayer(...)`, the first
    layer's `input_shape`/`input_dim`, `model.build(...)`), else the first `Input` written."""
    declared = facts.shapes.declared_input_shape(model)
    if declared is not None and all(isinstance(d, int) for d in declared[1:]):
        return list(declared[1:])
    for step in model.steps[:2]:
        shape = _declared_shape(facts, step.node)
        if shape is not None:
            return shape
    node = model.node
    if isinstance(node, cst.Call):
        for call in _calls_under(node):
            if facts.call_name(call) in ("keras.Input", "keras.layers.Input",
                                         "keras.layers.InputLayer"):
                shape = _declared_shape(facts, call)
                if shape is not None:
                    return shape
    return None


def _calls_under(node: cst.CSTNode):
    if isinstance(node, cst.Call):
        yield node
    for child in node.children:
        yield from _calls_under(child)


def _declared_shape(facts, node: cst.CSTNode) -> Optional[list[int]]:
    if not isinstance(node, cst.Call):
        return None
    name = facts.call_name(node) or ""
    is_input = name in ("keras.Input", "keras.layers.Input", "keras.layers.InputLayer")
    for keyword, position in (("shape", 0 if is_input else None), ("input_shape", None),
                              ("batch_input_shape", None)):
        value = facts.values.literal(calls.argument_value(node, keyword, position))
        if isinstance(value, tuple) and value and all(isinstance(d, int) or d is None
                                                       for d in value):
            dims = list(value[1:] if keyword == "batch_input_shape" else value)
            return dims if all(isinstance(d, int) for d in dims) else None
        if isinstance(value, int) and keyword == "shape":
            return [value]
    dim = facts.values.literal(calls.argument_value(node, "input_dim"))
    return [dim] if isinstance(dim, int) else None
