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

Where the output activation comes from matters (Keras 3 on TensorFlow reuses the pre-softmax
logits, with a warning, when a cross-entropy loss is told `from_logits=True`), so it is kept in
`activation_source`: OWN (the output layer's own `activation=`), LAYER (a following
`Activation`/`Softmax` layer) or OP (`tf.nn.softmax(x)` and friends).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterator, NamedTuple, Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.arrays import ArrayFacts
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.layers import (
    ACTIVATION,
    PRESERVING,
    UNITS,
    UNKNOWN_LAYER,
    Context,
    LayerInfo,
    _param_value,
    activation_name,
    bind_arguments,
    describe,
    describe_op,
    layer_kind,
    line_of,
    literal,
    op_input,
    resolve,
    snippet,
)
from keraslint.analysis.losses import (
    CALL,
    INSTANCE,
    LOSS_CLASSES,
    LOSS_COMPUTATIONS,
    OP,
    LossFact,
    describe_loss,
    loss_call_operands,
)
from keraslint.analysis.scopes import ASSIGN, IMPORT, PARAM, Binding

_MAX_DEPTH = 8
_MAX_STEPS = 200

# Model styles.
SEQUENTIAL, FUNCTIONAL, SUBCLASSED, APPLICATION, LOADED = (
    "sequential", "functional", "subclassed", "application", "loaded")
# Where the output activation is applied.
OWN, LAYER, OP_SOURCE = "own", "layer", "op"

_LOADERS = frozenset({
    "keras.models.load_model", "keras.saving.load_model", "keras.models.clone_model",
    "keras.models.model_from_json", "keras.models.model_from_config",
    "keras.models.model_from_yaml",
})
_INPUTS = frozenset({"keras.Input", "keras.layers.InputLayer"})
_MUTATING_METHODS = frozenset({"append", "extend", "insert", "pop", "remove", "clear", "reverse",
                               "sort", "__setitem__", "update", "setdefault", "popitem"})
# Keyword arguments that make a built-in layer return several tensors.
_SEVERAL_TENSORS = ("return_state", "return_attention_scores")


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
    """

    node: cst.CSTNode = field(repr=False)
    style: str
    steps: tuple[LayerInfo, ...] = ()
    complete: bool = False
    output: Optional[OutputFacts] = None
    outputs: Optional[tuple[ModelOutput, ...]] = None
    keyed: bool = False

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


# Constructors of Keras models; `keras.applications.<Net>` is matched by prefix.
_MODEL_FACTORIES = frozenset({
    "keras.Sequential", "keras.Model", "keras.models.load_model", "keras.saving.load_model",
    "keras.models.clone_model", "keras.models.model_from_json", "keras.models.model_from_yaml",
    "keras.models.model_from_config",
})
_MODEL_BASES = frozenset({"keras.Model", "keras.Sequential"})
# Libraries whose estimators also have `.fit(X, y)`: an unresolved receiver in a file that
# imports one of them may well be theirs.
_OTHER_ESTIMATOR_LIBRARIES = (
    "sklearn", "xgboost", "lightgbm", "catboost", "statsmodels", "scikeras", "cuml", "pyspark",
    "imblearn", "skorch", "prophet", "sktime", "pmdarima", "hmmlearn", "umap", "gensim", "torch",
)


class ModelFacts:
    def __init__(self, facts: CoreFacts, arrays: ArrayFacts) -> None:
        self.facts = facts
        self.arrays = arrays
        self._cache: dict[tuple[int, int], Optional[ModelFact]] = {}
        self._attrs_cache: dict[cst.ClassDef, dict] = {}

    # -- public questions ---------------------------------------------------------------------
    def model_of(self, expr: Optional[cst.BaseExpression], site: Optional[cst.Call] = None
                 ) -> Optional[ModelFact]:
        """The model `expr` certainly stands for (a name, a builder call...), or None.

        `site` is the call `expr` appears in (`model.compile(...)`): inside a method it lets
        `self.model` resolve to the class's single `self.model = ...` assignment.
        """
        if isinstance(expr, cst.Attribute) and site is not None:
            expr = self._self_attribute_value(expr, site)
        target, origin = self._resolve_binding(expr, Context())
        if not isinstance(target, cst.Call):
            return None
        key = (id(target), origin and (id(origin.binding), origin.cutoff))
        if key not in self._cache:
            self._cache[key] = self._model_from(target, Context(), origin, 0)
        return self._cache[key]

    @cached_property
    def compiles(self) -> list[CompileFact]:
        """Every `<model>.compile(...)` call, with its model (if known) and loss (if known)."""
        found = []
        for call in self.facts.method_calls("compile"):
            model = self.model_of(calls.receiver(call), call)
            loss_expr = _single(calls.argument_value(call, "loss", 1))
            loss = describe_loss(self.facts, loss_expr) if loss_expr is not None else None
            found.append(CompileFact(call, model, loss_expr, loss))
        return found

    @cached_property
    def fits(self) -> list[FitFact]:
        found = []
        for call in self.facts.method_calls("fit"):
            model = self.model_of(calls.receiver(call), call)
            if model is not None:
                found.append(FitFact(call, model, calls.argument_value(call, "x", 0),
                                     calls.argument_value(call, "y", 1)))
        return found

    @cached_property
    def loss_uses(self) -> list[LossUse]:
        """Losses paired with a known model: by `compile`, then by custom training loops."""
        uses = []
        for compiled in self.compiles:
            if compiled.model is not None:
                uses.extend(self._compile_uses(compiled))
        uses.extend(self._loop_uses())
        return uses

    def _compile_uses(self, compiled: CompileFact) -> Iterator[LossUse]:
        """One use per (output, loss) pair the compile certainly makes."""
        model = compiled.model
        labels = tuple(y for fit in self._fits_after(compiled)
                       if (y := self.fit_labels(fit)) is not None)
        anchor = calls.anchor(compiled.call)
        if not model.outputs:  # how many outputs is unknown: only a single loss is judged
            if compiled.loss is not None:
                yield LossUse(model, compiled.loss, compiled.call, anchor, compiled, labels,
                              model.output)
            return
        count = len(model.outputs)
        loss_argument = calls.argument_value(compiled.call, "loss", 1)
        for index, loss in self.paired_losses(model, loss_argument):
            head = model.outputs[index]
            if count == 1:
                yield LossUse(model, loss, compiled.call, anchor, compiled, labels, head.facts)
                continue
            own = tuple(y for given in labels
                        if (y := self._output_labels(given, model, index)) is not None)
            label = f"output `{head.name}`" if head.name else f"output {index + 1} of {count}"
            yield LossUse(model, loss, compiled.call, anchor, compiled, own, head.facts, label)

    def paired_losses(self, model: ModelFact, loss: Optional[cst.BaseExpression]
                      ) -> list[tuple[int, LossFact]]:
        """(output index, loss) for each pairing Keras certainly makes from `compile(loss=...)`:
        a list by position (same length only), a dict by output name (keys that match), a
        single loss for every output. Empty when the pairing is uncertain."""
        if not model.outputs or loss is None:
            return []
        value = self._stable_value(loss)
        if isinstance(value, cst.Dict):
            return self._losses_by_name(model.outputs, value)
        if isinstance(value, (cst.List, cst.Tuple)):
            return self._losses_by_position(model, value)
        if value is None:
            return []
        fact = describe_loss(self.facts, loss)
        return [] if fact is None else [(i, fact) for i in range(len(model.outputs))]

    def _losses_by_position(self, model: ModelFact, value: cst.List | cst.Tuple
                            ) -> list[tuple[int, LossFact]]:
        elements = value.elements
        if any(isinstance(e, cst.StarredElement) for e in elements):
            return []
        if len(elements) != len(model.outputs) or (model.keyed and len(elements) > 1):
            return []  # dict outputs flatten in sorted key order: not the order written
        return [(i, fact) for i, e in enumerate(elements)
                if (fact := describe_loss(self.facts, e.value)) is not None]

    def _losses_by_name(self, outputs: tuple[ModelOutput, ...], value: cst.Dict
                        ) -> list[tuple[int, LossFact]]:
        given = self._literal_keys(value)
        if given is None:
            return []
        names = [o.name for o in outputs]
        return [(i, fact) for i, name in enumerate(names)
                if name is not None and names.count(name) == 1 and name in given
                and (fact := describe_loss(self.facts, given[name])) is not None]

    def _literal_keys(self, value: cst.Dict, ctx: Optional[Context] = None
                      ) -> Optional[dict[str, cst.BaseExpression]]:
        """Key -> value of a dict whose keys are all string literals (the last one wins)."""
        found: dict[str, cst.BaseExpression] = {}
        for element in value.elements:
            if not isinstance(element, cst.DictElement):
                return None  # `**other`
            key = literal(self.facts, element.key, ctx)
            if not isinstance(key, str):
                return None
            found[key] = element.value
        return found

    def _output_labels(self, labels: cst.BaseExpression, model: ModelFact,
                       index: int) -> Optional[cst.BaseExpression]:
        """The targets of output `index` in `fit(y=[...])` or `fit(y={...})`, else None."""
        value = self._stable_value(labels)
        outputs = model.outputs or ()
        if isinstance(value, (cst.List, cst.Tuple)):
            elements = value.elements
            if (model.keyed or len(elements) != len(outputs)
                    or any(isinstance(e, cst.StarredElement) for e in elements)):
                return None
            return elements[index].value
        if isinstance(value, cst.Dict) and outputs[index].name is not None:
            names = [o.name for o in outputs]
            if names.count(outputs[index].name) == 1:
                return (self._literal_keys(value) or {}).get(outputs[index].name)
        return None

    @cached_property
    def all_models(self) -> list[ModelFact]:
        """Every model construction in the file (builder calls excluded: their body counts)."""
        found = []
        for call in self._constructions():
            binding = self._binding_by_value.get(call)
            model = self._model_from(call, Context(), binding and _Origin(binding, None), 0)
            if model is not None:
                found.append(model)
        return found

    def _constructions(self) -> list[cst.Call]:
        calls_found = self.facts.calls_to("keras.Sequential", "keras.Model")
        calls_found += [c for c in self.facts.calls_with_prefix("keras.applications.")
                        if _is_application(self.facts.call_name(c) or "")]
        classes = {name for name, defs in self.facts.index.classes.items()
                   if any(_is_model_class(self.facts, d) for d in defs)}
        calls_found += [c for c in self.facts.index.calls
                        if isinstance(c.func, cst.Name) and c.func.value in classes
                        and isinstance(self.facts.definition(c.func), cst.ClassDef)]
        order = {id(c): i for i, c in enumerate(self.facts.index.calls)}
        return sorted(calls_found, key=lambda c: order[id(c)])

    def is_keras_model(self, expr: Optional[cst.BaseExpression], depth: int = 0) -> Optional[bool]:
        """True if `expr` certainly holds a Keras model, False if certainly something else.

        A model is the result of `keras.Sequential`/`keras.Model`/`load_model`/
        `keras.applications.<Net>`, of a local subclass of `keras.Model`, or of a local function
        all of whose returns are models. Any other library call (`LogisticRegression()`,
        `ImageDataGenerator()`) or local class is certainly not one. None when unresolved.
        """
        if depth > 6:
            return None
        value = self.facts.values.resolve(expr)
        if not isinstance(value, cst.Call):
            return None
        name = self.facts.call_name(value)
        if name is not None:
            return name in _MODEL_FACTORIES or _is_application(name)
        local = self.facts.definition(value.func)
        if isinstance(local, cst.ClassDef):
            bases = self.facts.class_bases(local)
            if bases & _MODEL_BASES:
                return True
            unresolved = any(self.facts.qualified_name(b.value) is None and self.facts.definition(b.value) is None
                             for b in local.bases)
            return None if unresolved else False
        if isinstance(local, cst.FunctionDef):
            verdicts = {self.is_keras_model(v, depth + 1) for v in self.facts.returned_values(local)}
            if verdicts == {True}:
                return True
            return False if verdicts == {False} else None
        return None

    def trains_keras_model(self, call: cst.Call) -> bool:
        """Whether a `<receiver>.fit(...)` call plausibly trains a Keras model.

        Certain models count; certain non-models do not; an unresolved receiver (a parameter,
        `self.model`) counts unless the file imports a library with its own `.fit` (sklearn,
        xgboost, ...), where the receiver may well be one of theirs.
        """
        target = calls.receiver(call)
        if target is None:
            return False
        verdict = self.is_keras_model(target)
        if verdict is not None:
            return verdict
        if self.facts.qualified_name(target) is not None:
            return False  # `module.fit(...)`: a function of some module, not a model
        return not self._imports_other_estimators

    @cached_property
    def _imports_other_estimators(self) -> bool:
        libraries = _OTHER_ESTIMATOR_LIBRARIES
        imported = any(binding.kind == IMPORT and (binding.module or "").split(".", 1)[0] in libraries
                       for scope in self.facts.index.scopes for bindings in scope.bindings.values()
                       for binding in bindings)
        return imported or any(star.split(".", 1)[0] in libraries
                               for star in self.facts.index.star_imports)

    def trace(self, tensor: Optional[cst.BaseExpression], ctx: Optional[Context] = None
              ) -> tuple[list[LayerInfo], bool]:
        """Steps producing a functional tensor, output first, and whether it reached an Input."""
        return self._trace(tensor, ctx or Context(), 0)

    def output_of(self, steps_backward: list[LayerInfo]) -> Optional[OutputFacts]:
        return _output(steps_backward)

    def fit_labels(self, fit: FitFact) -> Optional[cst.BaseExpression]:
        """The labels a `fit` trains on: `y`, the `y` of `from_tensor_slices((x, y))`, or the
        dataset itself (`label_encoding` of a dataset describes its labels)."""
        if fit.y is not None:
            return fit.y
        return self._dataset_labels(fit.x) or fit.x

    def label_encoding(self, labels: Optional[cst.BaseExpression]) -> Optional[str]:
        """"one_hot", "integer" or None for labels (answered by `facts.arrays`)."""
        return self.arrays.label_encoding(labels)

    # -- resolution helpers -------------------------------------------------------------------
    def _self_attribute_value(self, expr: cst.Attribute,
                              site: cst.Call) -> Optional[cst.BaseExpression]:
        """`self.model` inside a method: the class's only assignment to it, else None."""
        function = self.facts.index.enclosing_function.get(site)
        cls = self.facts.index.enclosing_class.get(function) if function is not None else None
        if cls is None:
            return None
        if not isinstance(expr.value, cst.Name) or expr.value.value != _first_param(function):
            return None
        return self._self_attributes(cls).get(expr.attr.value)

    def _resolve_binding(self, expr, ctx: Context
                         ) -> tuple[Optional[cst.BaseExpression], Optional["_Origin"]]:
        """Follow names to an expression, remembering the assignment that bound it and the
        position of the use (layers `.add`ed after the use do not count)."""
        origin = None
        for _ in range(12):
            if not isinstance(expr, cst.Name):
                return expr, origin
            found = self.facts.values.binding_of(expr)
            if found is None:
                return None, None
            if found.kind == PARAM:
                expr, origin = _param_value(self.facts, found.node, ctx), None  # type: ignore[arg-type]
            elif found.kind == ASSIGN and not found.path:
                origin = _Origin(found, self.facts.index.uses[expr].order)
                expr = found.node  # type: ignore[assignment]
            else:
                return None, None
        return None, None

    @cached_property
    def _binding_by_value(self) -> dict[cst.CSTNode, Binding]:
        table: dict[cst.CSTNode, Binding] = {}
        for scope in self.facts.index.scopes:
            for bindings in scope.bindings.values():
                for binding in bindings:
                    if binding.kind == ASSIGN and not binding.path and binding.node is not None:
                        table.setdefault(binding.node, binding)
        return table

    # -- building model facts -----------------------------------------------------------------
    def _model_from(self, call: cst.Call, ctx: Context, origin: Optional["_Origin"],
                    depth: int) -> Optional[ModelFact]:
        if depth > _MAX_DEPTH:
            return None
        name = self.facts.call_name(call)
        if name == "keras.Sequential":
            return self._sequential(call, ctx, origin, depth)
        if name == "keras.Model":
            return self._functional(call, ctx, depth)
        if name in _LOADERS:
            return ModelFact(call, LOADED)
        if name is not None and _is_application(name):
            return self._application(call, ctx)
        definition = self.facts.definition(call.func)
        if isinstance(definition, cst.ClassDef) and _is_model_class(self.facts, definition):
            return self._subclassed(call, definition, ctx, depth)
        if isinstance(definition, cst.FunctionDef):
            return self._builder(call, definition, ctx, depth)
        return None

    def _builder(self, call: cst.Call, function: cst.FunctionDef, ctx: Context,
                 depth: int) -> Optional[ModelFact]:
        returned = self.facts.returned_values(function)
        if len(returned) != 1 or returned[0] is None:
            return None
        inner = Context(dict(ctx.env) | bind_arguments(function, call))
        target, origin = self._resolve_binding(returned[0], inner)
        if not isinstance(target, cst.Call):
            return None
        return self._model_from(target, inner, origin, depth + 1)

    def _sequential(self, call: cst.Call, ctx: Context, origin: Optional["_Origin"],
                    depth: int) -> ModelFact:
        items, certain = self._sequential_items(call, ctx, origin)
        if items is None:
            return ModelFact(call, SEQUENTIAL, outputs=(ModelOutput(None, None),))
        steps: list[LayerInfo] = []
        complete = certain
        for item in items:
            if item is None:
                steps.append(LayerInfo(call, None, UNKNOWN_LAYER))
                complete = False
                continue
            layer, nested = self._layer_or_model(item, ctx, depth)
            if nested is not None:
                steps.extend(nested.steps)
                complete = complete and nested.complete
            elif layer is not None:
                steps.append(layer)
        output = _output(list(reversed(steps))) if items and items[-1] is not None else None
        head = ModelOutput(None, output, tuple(steps), complete)
        return ModelFact(call, SEQUENTIAL, tuple(steps), complete, output, (head,))

    def _sequential_items(self, call: cst.Call, ctx: Context, origin: Optional["_Origin"]
                          ) -> tuple[Optional[list], bool]:
        """The layer expressions in order (None: unknown ones), and whether the list is certain."""
        items: list = []
        certain = True
        arg = calls.argument_value(call, "layers", 0)
        if arg is None and calls.has_unpacking(call):
            return None, False
        if arg is not None:
            listed = resolve(self.facts, arg, ctx)
            if not isinstance(listed, (cst.List, cst.Tuple)) or self._is_mutated(arg):
                return None, False
            for element in listed.elements:
                if isinstance(element, cst.StarredElement):
                    items.append(None)
                elif not self._is_input(element.value, ctx):
                    items.append(element.value)
        if origin is not None:
            added = self._added_layers(origin)
            if added is None:
                return None, False
            for layer, conditional in added:
                items.append(None if conditional else layer)
                certain = certain and not conditional
        return items, certain

    def _is_input(self, expr: cst.BaseExpression, ctx: Context) -> bool:
        value = resolve(self.facts, expr, ctx)
        return isinstance(value, cst.Call) and self.facts.call_name(value) in _INPUTS

    def _added_layers(self, origin: "_Origin") -> Optional[list[tuple[cst.BaseExpression, bool]]]:
        """`model.add(layer)` calls on this binding before the use: (layer, under a condition?)."""
        added = []
        binding = origin.binding
        for call in self.facts.index.calls:
            target = call.func.value if isinstance(call.func, cst.Attribute) else None
            if isinstance(target, cst.Name) and self.facts.values.binding_of(target) is binding:
                order = self.facts.index.uses[target].order
                if origin.cutoff is not None and order > origin.cutoff:
                    continue
                method = call.func.attr.value  # type: ignore[union-attr]
                if method == "pop":
                    return None
                if method == "add":
                    layer = calls.argument_value(call, "layer", 0)
                    if layer is None:
                        return None
                    use = self.facts.index.uses[target]
                    elsewhere = use.scope is not binding.scope  # a function that may not run
                    added.append((layer, elsewhere or len(use.blocks) > len(binding.blocks)))
            elif self._passes_to_local_function(call, binding):
                return None  # a helper may add layers we cannot see
        return added

    def _passes_to_local_function(self, call: cst.Call, binding: Binding) -> bool:
        if not isinstance(self.facts.definition(call.func), cst.FunctionDef):
            return False
        return any(isinstance(a.value, cst.Name)
                   and self.facts.values.binding_of(a.value) is binding for a in call.args)

    def _is_mutated(self, expr: cst.BaseExpression) -> bool:
        """A list variable later changed by `.append(...)`, `.insert(...)`..."""
        if not isinstance(expr, cst.Name):
            return False
        binding = self.facts.values.binding_of(expr)
        if binding is None:
            return True
        for call in self.facts.index.calls:
            target = call.func.value if isinstance(call.func, cst.Attribute) else None
            if (isinstance(target, cst.Name) and target.value == expr.value
                    and call.func.attr.value in _MUTATING_METHODS  # type: ignore[union-attr]
                    and self.facts.values.binding_of(target) is binding):
                return True
        return False

    def _layer_or_model(self, expr: cst.BaseExpression, ctx: Context, depth: int
                        ) -> tuple[Optional[LayerInfo], Optional[ModelFact]]:
        """A Sequential item: a layer (construction or name bound to one) or a nested model."""
        target, origin = self._resolve_binding(expr, ctx)
        if not isinstance(target, cst.Call):
            return LayerInfo(expr, None, UNKNOWN_LAYER), None
        if layer_kind(self.facts, target) is not None:
            return describe(self.facts, target, ctx), None
        nested = self._model_from(target, ctx, origin, depth + 1)
        if nested is not None and nested.steps:
            return None, nested
        return LayerInfo(target, None, UNKNOWN_LAYER), None

    def _functional(self, call: cst.Call, ctx: Context, depth: int) -> ModelFact:
        outputs = calls.argument_value(call, "outputs", 1)
        if outputs is None:
            return ModelFact(call, FUNCTIONAL)
        return self._with_outputs(call, FUNCTIONAL, outputs, ctx, depth, layer_names=True)

    def _subclassed(self, call: cst.Call, cls: cst.ClassDef, ctx: Context, depth: int) -> ModelFact:
        method = _method(cls, "call")
        if method is None or len(self.facts.returned_values(method)) != 1:
            return ModelFact(call, SUBCLASSED)
        returned = self.facts.returned_values(method)[0]
        if returned is None:
            return ModelFact(call, SUBCLASSED)
        init = _method(cls, "__init__")
        env = dict(ctx.env)
        if init is not None:
            env |= bind_arguments(init, call, is_method=True)
        self_name = _first_param(method)
        inner = Context(env, self._self_attributes(cls), self_name)
        # Keras names a subclassed model's outputs itself: only dict keys name them here.
        return self._with_outputs(call, SUBCLASSED, returned, inner, depth, layer_names=False)

    def _with_outputs(self, call: cst.Call, style: str, outputs: cst.BaseExpression,
                      ctx: Context, depth: int, layer_names: bool) -> ModelFact:
        """The model whose outputs are `outputs`: one tensor, a list/tuple, or a dict."""
        value = self._stable_value(outputs, ctx)
        if isinstance(value, cst.Dict):
            heads = self._keyed_outputs(value, ctx, depth)
            if not heads:
                return ModelFact(call, style)
            return ModelFact(call, style, outputs=heads, keyed=True)
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
        heads = tuple(self._head(t, self._layer_name(t, ctx) if layer_names else None, ctx, depth)
                      for t in tensors)
        if len(heads) > 1:
            return ModelFact(call, style, outputs=heads)
        (head,) = heads
        return ModelFact(call, style, head.steps, head.complete, head.facts, heads)

    def _keyed_outputs(self, value: cst.Dict, ctx: Context, depth: int
                       ) -> Optional[tuple[ModelOutput, ...]]:
        """`outputs={"name": tensor, ...}`: each output named by its key (string literals only)."""
        heads = []
        for element in value.elements:
            if not isinstance(element, cst.DictElement):
                return None
            key = literal(self.facts, element.key, ctx)
            heads.append(self._head(element.value, key if isinstance(key, str) else None,
                                    ctx, depth))
        names = [h.name for h in heads if h.name is not None]
        return tuple(heads) if heads and len(names) == len(set(names)) else None

    def _head(self, tensor: cst.BaseExpression, name: Optional[str], ctx: Context,
              depth: int) -> ModelOutput:
        steps, complete = self._trace(tensor, ctx, depth)
        return ModelOutput(name, _output(steps), tuple(reversed(steps)), complete)

    def _one_tensor(self, tensor: cst.BaseExpression, ctx: Context) -> bool:
        """The output certainly is one tensor: an activation op or a built-in layer's result
        (helpers, custom layers and nested models may return several)."""
        value = resolve(self.facts, tensor, ctx)
        if not isinstance(value, cst.Call):
            return False
        if describe_op(self.facts, value, ctx) is not None:
            return True
        layer_call = self._callee_construction(value.func, ctx)
        if layer_call is None or layer_kind(self.facts, layer_call) is None:
            return False
        return not calls.has_unpacking(layer_call) and not any(
            calls.argument(layer_call, keyword) is not None for keyword in _SEVERAL_TENSORS)

    def _layer_name(self, tensor: cst.BaseExpression, ctx: Context) -> Optional[str]:
        """`name="..."` of the built-in layer producing `tensor` (the output's name in Keras)."""
        value = resolve(self.facts, tensor, ctx)
        if not isinstance(value, cst.Call) or describe_op(self.facts, value, ctx) is not None:
            return None
        layer_call = self._callee_construction(value.func, ctx)
        if layer_call is None or layer_kind(self.facts, layer_call) is None:
            return None
        name = literal(self.facts, calls.argument_value(layer_call, "name", None), ctx)
        return name if isinstance(name, str) else None

    def _stable_value(self, expr: cst.BaseExpression, ctx: Optional[Context] = None
                      ) -> Optional[cst.BaseExpression]:
        """What `expr` stands for; None for a list/tuple/dict reached through a name the code
        changes afterwards (`losses["x"] = ...`, `outs.append(y)`): its contents are unsure."""
        value = resolve(self.facts, expr, ctx)
        if isinstance(value, (cst.List, cst.Tuple, cst.Dict)) and self._changed_on_the_way(expr):
            return None
        return value

    def _changed_on_the_way(self, expr: cst.BaseExpression) -> bool:
        for _ in range(12):
            if not isinstance(expr, cst.Name):
                return False
            binding = self.facts.values.binding_of(expr)
            if binding is None or self._is_changed(expr, binding):
                return True
            if binding.kind != ASSIGN or binding.path:
                return False
            expr = binding.node  # type: ignore[assignment]
        return True

    def _is_changed(self, name: cst.Name, binding: Binding) -> bool:
        """A container changed in place: a mutating method, an item assigned or deleted, or
        handed to a local function (which may do either)."""
        if self._is_mutated(name):
            return True
        if any(self.facts.values.binding_of(n) is binding
               for n in self._item_targets.get(name.value, ())):
            return True
        return any(self._passes_to_local_function(c, binding) for c in self.facts.index.calls)

    @cached_property
    def _item_targets(self) -> dict[str, list[cst.Name]]:
        """Names whose items are assigned or deleted: `x[k] = v`, `x[k] += v`, `del x[k]`."""
        found: dict[str, list[cst.Name]] = {}
        for target in _subscript_targets(self.facts.module):
            found.setdefault(target.value, []).append(target)
        return found

    def _application(self, call: cst.Call, ctx: Context) -> ModelFact:
        include_top = _argument_literal(self.facts, call, "include_top", 0, True, ctx)
        if include_top is not True:
            return ModelFact(call, APPLICATION)
        arg = calls.argument(call, "classifier_activation")
        if arg is not None:
            activation, node = activation_name(self.facts, arg.value, ctx), arg
        elif calls.has_unpacking(call):
            activation, node = None, call
        else:
            activation, node = "softmax", call
        units = _argument_literal(self.facts, call, "classes", None, 1000, ctx)
        units = units if isinstance(units, int) and not isinstance(units, bool) else None
        name = self.facts.call_name(call) or "application"
        step = LayerInfo(call, name.rsplit(".", 1)[-1], UNITS, units, activation, node)
        head = ModelOutput(None, _output([step]), (step,), True)
        return ModelFact(call, APPLICATION, (step,), True, head.facts, (head,))

    # -- functional tracing -------------------------------------------------------------------
    def _trace(self, tensor, ctx: Context, depth: int) -> tuple[list[LayerInfo], bool]:
        steps: list[LayerInfo] = []
        for _ in range(_MAX_STEPS):
            tensor = resolve(self.facts, tensor, ctx)
            if not isinstance(tensor, cst.Call):
                return steps, False
            if self.facts.call_name(tensor) in _INPUTS:
                return steps, True
            op = describe_op(self.facts, tensor, ctx)
            if op is not None:
                steps.append(op)
                tensor = op_input(self.facts, tensor)
                continue
            layer_call = self._callee_construction(tensor.func, ctx)
            if layer_call is None:
                return steps + self._traced_helper(tensor, ctx, depth), False
            if layer_kind(self.facts, layer_call) is None:
                nested = self._model_from(layer_call, ctx, None, depth + 1)
                if nested is not None and nested.steps:
                    return steps + list(reversed(nested.steps)), False
            layer = describe(self.facts, layer_call, ctx)
            steps.append(layer)
            if layer.category == UNKNOWN_LAYER:
                return steps, False
            tensor = calls.argument_value(tensor, "inputs", 0)
        return steps, False

    def _callee_construction(self, func: cst.BaseExpression, ctx: Context) -> Optional[cst.Call]:
        """The construction of the layer applied: `Dense(3)(x)`, `head(x)`, `self.out(x)`."""
        if isinstance(func, cst.Call):
            return func
        if (isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name)
                and ctx.attrs is not None and func.value.value == ctx.self_name):
            value = ctx.attrs.get(func.attr.value)
            resolved = resolve(self.facts, value, ctx) if value is not None else None
            return resolved if isinstance(resolved, cst.Call) else None
        resolved = resolve(self.facts, func, ctx)
        return resolved if isinstance(resolved, cst.Call) else None

    def _traced_helper(self, tensor: cst.Call, ctx: Context, depth: int) -> list[LayerInfo]:
        """`outputs = head(x)` with `def head(x): return Dense(...)(x)`: trace the return."""
        function = self.facts.definition(tensor.func)
        if not isinstance(function, cst.FunctionDef) or depth > _MAX_DEPTH:
            return [LayerInfo(tensor, None, UNKNOWN_LAYER)]
        returned = self.facts.returned_values(function)
        if len(returned) != 1 or returned[0] is None:
            return [LayerInfo(tensor, None, UNKNOWN_LAYER)]
        inner = Context(dict(ctx.env) | bind_arguments(function, tensor), ctx.attrs, ctx.self_name)
        steps, _ = self._trace(returned[0], inner, depth + 1)
        return steps or [LayerInfo(tensor, None, UNKNOWN_LAYER)]

    def _self_attributes(self, cls: cst.ClassDef) -> dict:
        """`self.<name> = <expr>` assignments in the class's methods; None if assigned twice."""
        if cls not in self._attrs_cache:
            found: dict = {}
            for method in cls.body.body:
                if isinstance(method, cst.FunctionDef):
                    _collect_self_assignments(method.body, _first_param(method), found)
            self._attrs_cache[cls] = found
        return self._attrs_cache[cls]

    # -- fit and custom loops -----------------------------------------------------------------
    def _fits_after(self, compiled: CompileFact) -> list[FitFact]:
        """The model's `fit` calls after this compile and before its next compile."""
        order = {id(c): i for i, c in enumerate(self.facts.index.calls)}
        start = order[id(compiled.call)]
        later = [order[id(c.call)] for c in self.compiles
                 if compiled.model.same_as(c.model) and order[id(c.call)] > start]
        end = min(later, default=len(order))
        return [f for f in self.fits
                if compiled.model.same_as(f.model) and start < order[id(f.call)] < end]

    def _dataset_labels(self, x: Optional[cst.BaseExpression]) -> Optional[cst.BaseExpression]:
        dataset = resolve(self.facts, x)
        for _ in range(12):
            if not isinstance(dataset, cst.Call):
                return None
            name = self.facts.call_name(dataset)
            if name == "tensorflow.data.Dataset.from_tensor_slices":
                pair = resolve(self.facts, calls.argument_value(dataset, "tensors", 0))
                if isinstance(pair, cst.Tuple) and len(pair.elements) == 2:
                    return pair.elements[1].value
                return None
            if calls.method_name(dataset) not in _ORDER_ONLY_METHODS:
                return None
            dataset = resolve(self.facts, calls.receiver(dataset))
        return None

    def _loop_uses(self) -> Iterator[LossUse]:
        seen = set()
        for call, loss in self._loss_computations():
            labels, predictions = loss_call_operands(self.facts, call, loss)
            model = self._model_predicting(predictions)
            if model is None or (id(loss.node), id(model.node)) in seen:
                continue
            seen.add((id(loss.node), id(model.node)))
            yield LossUse(model, loss, loss.node, loss.node, None,
                          (labels,) if labels is not None else (), model.output)

    def _loss_computations(self) -> Iterator[tuple[cst.Call, LossFact]]:
        """Calls computing a loss: `categorical_crossentropy(y, p)`, TF ops, `loss_fn(y, p)`."""
        for call in self.facts.calls_to(*LOSS_COMPUTATIONS):
            loss = describe_loss(self.facts, call)
            if loss is not None and loss.form in (OP, CALL):
                yield call, loss
        constructed = self.facts.calls_to(*LOSS_CLASSES)
        if not constructed:
            return
        instances = {binding.name for call in constructed
                     if (binding := self._binding_by_value.get(call)) is not None}
        for call in self.facts.index.calls:
            if isinstance(call.func, cst.Name) and call.func.value in instances:
                loss = describe_loss(self.facts, call.func)
            elif isinstance(call.func, cst.Attribute):
                loss = describe_loss(self.facts, self._self_attribute_value(call.func, call))
            else:
                continue
            if loss is not None and loss.form == INSTANCE:
                yield call, loss

    def _model_predicting(self, predictions: Optional[cst.BaseExpression]) -> Optional[ModelFact]:
        """The model whose forward pass `predictions` is: `model(x, training=True)`."""
        value = resolve(self.facts, predictions)
        if not isinstance(value, cst.Call) or isinstance(value.func, cst.Call):
            return None
        return self.model_of(value.func, value)


class _Origin(NamedTuple):
    """The assignment that bound a model and the order of the use that reached it (None: all)."""

    binding: Binding
    cutoff: Optional[int]


_ORDER_ONLY_METHODS = frozenset({"batch", "shuffle", "prefetch", "cache", "repeat", "take",
                                 "skip", "padded_batch", "unbatch", "with_options"})


def _collect_self_assignments(body: cst.BaseSuite, self_name: Optional[str], found: dict) -> None:
    """Record `self.x = value` statements (walking statements only, not expressions: cheap)."""
    for statement in getattr(body, "body", ()):
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.Assign):
                    for target in small.targets:
                        _record_self(target.target, small.value, self_name, found)
                elif isinstance(small, (cst.AnnAssign, cst.AugAssign)):
                    value = small.value if isinstance(small, cst.AnnAssign) else None
                    _record_self(small.target, value, self_name, found)
        elif isinstance(statement, cst.FunctionDef | cst.ClassDef):
            continue  # another scope: its `self` is not ours
        else:
            for suite in _suites(statement):
                _collect_self_assignments(suite, self_name, found)


def _suites(statement: cst.CSTNode) -> Iterator[cst.BaseSuite]:
    for name in ("body", "orelse", "finalbody"):
        part = getattr(statement, name, None)
        if isinstance(part, (cst.Else, cst.Finally)):
            part = part.body
        elif isinstance(part, cst.If):  # elif
            yield from _suites(part)
            continue
        if isinstance(part, cst.BaseSuite):
            yield part
    for handler in (*getattr(statement, "handlers", ()), *getattr(statement, "cases", ())):
        yield handler.body


def _record_self(target: cst.BaseExpression, value: Optional[cst.BaseExpression],
                 self_name: Optional[str], found: dict) -> None:
    if (isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name)
            and target.value.value == self_name):
        name = target.attr.value
        found[name] = None if name in found else value
    elif isinstance(target, (cst.Tuple, cst.List)):
        for element in target.elements:
            _record_self(element.value, None, self_name, found)


def _subscript_targets(module: cst.Module) -> Iterator[cst.Name]:
    """Names subscripted in an assignment or `del` target, anywhere in the module."""
    collector = _SubscriptTargets()
    module.visit(collector)
    return iter(collector.found)


class _SubscriptTargets(cst.CSTVisitor):
    def __init__(self) -> None:
        self.found: list[cst.Name] = []

    def _add(self, target: cst.BaseExpression) -> None:
        if isinstance(target, cst.Subscript) and isinstance(target.value, cst.Name):
            self.found.append(target.value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._add(element.value)

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._add(target.target)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._add(node.target)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._add(node.target)

    def visit_Del(self, node: cst.Del) -> None:
        self._add(node.target)


def _output(steps: list[LayerInfo]) -> Optional[OutputFacts]:
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
    units_layer = _units_before(steps[i + 1:])
    return OutputFacts(units_layer.units if units_layer else None, last.activation,
                       OP_SOURCE if last.is_op else LAYER, last.activation_node, last, units_layer)


def _units_before(steps: list[LayerInfo]) -> Optional[LayerInfo]:
    """The step that produced the last axis, through Dropout/BatchNormalization/activations."""
    for step in steps:
        if step.category == UNITS:
            return step
        if step.category not in (PRESERVING, ACTIVATION):
            return None
    return None


def named_output(facts: CoreFacts, use: LossUse) -> Optional[str]:
    """How a message names the output of a use among several: "output `is_spam`
    (`Dense(1, name="is_spam")`, line 31)"; None for a model with one output."""
    if use.output_label is None or use.output is None:
        return None
    node = use.output.layer.node
    return f"{use.output_label} (`{snippet(facts, node)}`, line {line_of(facts, node)})"


def units_feeding(steps_backward: list[LayerInfo]) -> Optional[LayerInfo]:
    """Public: the step producing the last axis of `steps_backward[0]`'s input."""
    return _units_before(steps_backward)


def _single(loss: Optional[cst.BaseExpression]) -> Optional[cst.BaseExpression]:
    """`loss=[x]` means `x` for a single-output model; dicts and longer lists stay unknown."""
    if isinstance(loss, (cst.List, cst.Tuple)):
        if len(loss.elements) == 1 and not isinstance(loss.elements[0], cst.StarredElement):
            return loss.elements[0].value
        return None
    if isinstance(loss, cst.Dict):
        return None
    return loss


def _is_application(name: str) -> bool:
    parts = name.split(".")
    return len(parts) >= 3 and parts[:2] == ["keras", "applications"] and parts[-1][:1].isupper()


def _is_model_class(facts: CoreFacts, cls: cst.ClassDef) -> bool:
    bases = facts.class_bases(cls)
    return "keras.Model" in bases and "keras.Sequential" not in bases


def _method(cls: cst.ClassDef, name: str) -> Optional[cst.FunctionDef]:
    found = [s for s in cls.body.body if isinstance(s, cst.FunctionDef) and s.name.value == name]
    return found[0] if len(found) == 1 else None


def _first_param(function: cst.FunctionDef) -> Optional[str]:
    params = list(function.params.posonly_params) + list(function.params.params)
    return params[0].name.value if params else None


def _argument_literal(facts: CoreFacts, call: cst.Call, keyword: str, position: Optional[int],
                      default: object, ctx: Context) -> object:
    from keraslint.analysis.values import UNKNOWN

    arg = calls.argument(call, keyword, position)
    if arg is None:
        return UNKNOWN if calls.has_unpacking(call) else default
    return literal(facts, arg.value, ctx)
