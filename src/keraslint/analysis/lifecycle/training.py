"""`.trainable` changes and the `compile`/`fit` calls around them.

Keras decides which variables `fit` trains at two moments, and the two Kerases differ:
- legacy `tf_keras` freezes the trainable state at `compile`: `fit` puts every layer back to
  its compile-time `trainable` for the run (`RespectCompiledTrainableState`), so any change
  after `compile` is ignored until the model is compiled again;
- Keras 3 (TensorFlow backend) reads `trainable_variables` when `fit` first traces its train
  step after a `compile` and keeps that traced step until the next `compile`: a change after
  `compile` but before the first `fit` takes effect; a change after a `fit` does not (measured
  with Keras 3.15.1 / TF 2.21: a layer frozen after `fit` kept training, one unfrozen kept
  still; `run_eagerly=True` and `train_on_batch` picked the change up).
`ignored_changes` pairs each change with the `compile` and `fit` calls that make it ineffective.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.classes import KERAS3, LEGACY
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.lifecycle.objects import Objects, Position
from keraslint.analysis.scopes import Binding
from keraslint.analysis.values import UNKNOWN

COMPILE, FIT = "compile", "fit"
# Calls through which a model's parts are named when a model is built from them.
_PART_ATTRIBUTES = frozenset({"output", "outputs", "input", "inputs", "layers"})


@dataclass(frozen=True)
class TrainableChange:
    """`<owner>.trainable = <value>`: `root` is the binding of the object changed (`base` for
    `base.layers[0].trainable`), `value` True/False or UNKNOWN, `conditional` when the
    statement sits in an `if` (e.g. a BatchNormalization guard in a loop over layers)."""

    statement: cst.Assign = field(repr=False)
    owner: cst.BaseExpression = field(repr=False)
    root: Optional[Binding] = field(repr=False)
    value: Any
    position: Position = field(repr=False)
    through_layers: bool  # the change reaches layers one by one (a loop, `layers[i]`, `get_layer`)


@dataclass(frozen=True)
class ModelCall:
    """A `compile` or `fit` call on a model bound to a name."""

    kind: str
    call: cst.Call = field(repr=False)
    model: Binding = field(repr=False)
    position: Position = field(repr=False)


@dataclass(frozen=True)
class IgnoredChange:
    """A `.trainable` change that the following `fit` does not see: `compiled` is the compile
    before it, `fitted` the `fit` that traced the train step after that compile (Keras 3 only,
    None for tf_keras), `fit` the later `fit` run without compiling again."""

    change: TrainableChange
    model: Binding = field(repr=False)
    compiled: ModelCall
    fitted: Optional[ModelCall]
    fit: ModelCall
    flavour: str


class TrainingState:
    def __init__(self, facts: CoreFacts, objects: Objects, flavour: Optional[str]) -> None:
        self.facts = facts
        self.objects = objects
        self.flavour = flavour

    @cached_property
    def trainable_changes(self) -> list[TrainableChange]:
        found = []
        for statement in self._trainable_assignments():
            for target in statement.targets:
                if not (isinstance(target.target, cst.Attribute)
                        and target.target.attr.value == "trainable"):
                    continue
                owner = target.target.value
                position = self.objects.position(owner)
                if position is None:
                    continue
                value = self.facts.values.literal(statement.value)
                found.append(TrainableChange(
                    statement, owner, self.objects.root_binding(owner),
                    value if isinstance(value, bool) else UNKNOWN, position,
                    not isinstance(owner, cst.Name) or self.objects.root_binding(owner)
                    is not self.facts.values.binding_of(owner)))
        return sorted(found, key=lambda c: c.position.order)

    def _trainable_assignments(self) -> list[cst.Assign]:
        """Every `X.trainable = ...` statement, from the index's attribute table."""
        stores = self.facts.index.attribute_stores
        found = [stores.get(id(node)) for node in self.facts.index.attributes.get("trainable", ())]
        unique = {id(s): s for s in found if isinstance(s, cst.Assign)}
        return list(unique.values())

    @cached_property
    def model_calls(self) -> list[ModelCall]:
        """`compile` and `fit` calls on a receiver that is a plain name, in source order."""
        found = []
        for kind in (COMPILE, FIT):
            for call in self.facts.method_calls(kind):
                receiver = calls.receiver(call)
                if not isinstance(receiver, cst.Name):
                    continue
                binding = self.objects.root_binding(receiver)
                position = self.objects.position(receiver)
                if binding is not None and position is not None:
                    found.append(ModelCall(kind, call, binding, position))
        return sorted(found, key=lambda c: c.position.order)

    @cached_property
    def _all_compiles(self) -> list[cst.Call]:
        return self.facts.method_calls("compile")

    def ignored_changes(self) -> list[IgnoredChange]:
        """Changes that a later `fit` of the same model ignores, per the flavour's rule (see
        the module docstring). None found when the flavour is unknown."""
        if self.flavour not in (KERAS3, LEGACY):
            return []
        found = []
        for change in self.trainable_changes:
            if change.root is None or change.value is UNKNOWN:
                continue
            for model in self._models_containing(change):
                ignored = self._ignored(change, model)
                if ignored is not None:
                    found.append(ignored)
                    break
        return found

    def _ignored(self, change: TrainableChange, model: Binding) -> Optional[IgnoredChange]:
        events = [c for c in self.model_calls if c.model is model]
        before = [c for c in events if c.position.certainly_before(change.position)]
        compiles = [c for c in before if c.kind == COMPILE]
        if not compiles:
            return None
        compiled = compiles[-1]
        fitted = None
        if self.flavour == KERAS3:
            fits = [c for c in before
                    if c.kind == FIT and c.position.order > compiled.position.order]
            if not fits or self._eager(compiled.call):
                return None
            fitted = fits[0]
        later = [c for c in events if c.position.order > change.position.order
                 and change.position.same_path(c.position)]
        if not later or later[0].kind != FIT:
            return None
        fit = later[0]
        if self._recompiled_between(change.position.order, fit.position.order):
            return None
        return IgnoredChange(change, model, compiled, fitted, fit,
                             self.flavour)  # type: ignore[arg-type]

    def _eager(self, call: cst.Call) -> bool:
        """`compile(run_eagerly=...)` not certainly False: the step is not traced."""
        arg = calls.argument(call, "run_eagerly")
        if arg is None:
            return calls.has_unpacking(call)
        return self.facts.values.literal(arg.value) is not False

    def _recompiled_between(self, start: int, end: int) -> bool:
        """Any `compile` (of any model: a GAN freezes the discriminator for the combined model's
        compile), or a call of a local function that compiles, between two positions."""
        for call in self._all_compiles:
            position = self.objects.position(calls.receiver(call) or call.func)
            if position is None or start < position.order < end:
                return True
        for call in self._compiling_function_calls:
            use = self.facts.index.uses.get(call.func)  # type: ignore[arg-type]
            if use is not None and start < use.order < end:
                return True
        return False

    @cached_property
    def _compiling_function_calls(self) -> list[cst.Call]:
        """Calls of local functions whose body compiles a model (`recompile(model)`)."""
        compiling = {id(f) for c in self._all_compiles
                     for f in [self.facts.index.enclosing_function.get(c)] if f is not None}
        return [c for c in self.facts.index.calls if isinstance(c.func, cst.Name)
                and id(self.facts.definition(c.func)) in compiling]

    def _models_containing(self, change: TrainableChange) -> list[Binding]:
        """Models compiled in the file that the changed object is, or is part of: the model
        itself, or an object used to build it (called as a layer, listed in its
        `Sequential([...])`, `.add`ed, or its `.output`/`.input` used) before it was built."""
        compiled = {id(c.model): c.model for c in self.model_calls if c.kind == COMPILE}
        root = change.root
        if id(root) in compiled:
            return [root]  # type: ignore[list-item]
        return [m for m in compiled.values() if self._builds(root, m)]  # type: ignore[arg-type]

    def _builds(self, part: Binding, model: Binding) -> bool:
        value = model.node
        if not isinstance(value, cst.Call):
            return False
        inside = _descendant_ids(value)
        for use, use_fact in self._uses_of(part):
            if id(use) in inside:
                return True
            if use_fact.scope is model.scope and use_fact.order < model.order \
                    and self._used_as_part(use):
                return True
        return False

    def _uses_of(self, binding: Binding):
        return [(name, use) for name, use in self._uses_by_name.get(binding.name, [])
                if self.facts.values.binding_of(name) is binding]

    @cached_property
    def _uses_by_name(self) -> dict[str, list]:
        table: dict[str, list] = {}
        for name, use in self.facts.index.uses.items():
            table.setdefault(name.value, []).append((name, use))
        return table

    @cached_property
    def _called_names(self) -> set[int]:
        return {id(c.func) for c in self.facts.index.calls if isinstance(c.func, cst.Name)}

    @cached_property
    def _part_reads(self) -> set[int]:
        """Names read as `<name>.output`/`.input`/`.layers`, or passed to `.add(...)`."""
        found: set[int] = set()
        for call in self.facts.method_calls("add"):
            for arg in call.args:
                if isinstance(arg.value, cst.Name):
                    found.add(id(arg.value))
        return found

    def _used_as_part(self, use: cst.Name) -> bool:
        return id(use) in self._called_names or id(use) in self._part_reads or \
            id(use) in self._attribute_part_reads

    @cached_property
    def _attribute_part_reads(self) -> set[int]:
        found: set[int] = set()
        for call in self.facts.index.calls:
            for arg in call.args:
                value = arg.value
                if isinstance(value, cst.Attribute) and isinstance(value.value, cst.Name) \
                        and value.attr.value in _PART_ATTRIBUTES:
                    found.add(id(value.value))
        return found


def _descendant_ids(node: cst.CSTNode) -> set[int]:
    from keraslint.analysis.walk import descendants

    return {id(n) for n in descendants(node)}
