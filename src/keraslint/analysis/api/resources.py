"""Work repeated in Python loops, and whether a run is seeded.

- `predict_in_loops`: `model.predict(<one sample>)` inside a `for`/`while` loop or a
  comprehension. One sample is what the code makes one: `x[i:i + 1]`, `x[i][None]`,
  `np.expand_dims(x, 0)`, `x.reshape(1, ...)`, `np.array([x])`, `tf.expand_dims(x, 0)` (also
  through a name bound in the loop). `predict` builds a data pipeline and runs a step per call.
- `models_in_loops`: a model built inside a loop that compiles or trains models (a
  `Sequential`/`Model`/application construction, a local class subclassing `Model`, or a call
  of a local function that certainly returns one) with no `clear_session()` in that loop or in
  the function it calls. Loops building the blocks of one model (no `compile`/`fit` in them)
  are not this.
- `seeds` / `training_calls`: the calls that seed the random generators, and the `fit` calls of
  Keras models.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Optional, Union

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.layers import literal, resolve
from keraslint.analysis.models import ModelFacts
from keraslint.analysis.walk import descendants

LoopNode = Union[cst.For, cst.While, cst.BaseComp]

CLEAR_SESSION = ("keras.backend.clear_session", "keras.utils.clear_session",
                 "tensorflow.compat.v1.reset_default_graph", "tensorflow.reset_default_graph")
SEEDING = (
    "keras.utils.set_random_seed", "tensorflow.random.set_seed", "tensorflow.set_random_seed",
    "tensorflow.compat.v1.set_random_seed", "tensorflow.compat.v1.random.set_random_seed",
    "numpy.random.seed", "random.seed", "torch.manual_seed",
    "tensorflow.config.experimental.enable_op_determinism", "keras.random.SeedGenerator",
    "numpy.random.default_rng", "numpy.random.RandomState",
)
_EXPAND = frozenset({"numpy.expand_dims", "tensorflow.expand_dims", "keras.ops.expand_dims",
                     "numpy.newaxis"})
_RESHAPE = frozenset({"numpy.reshape", "tensorflow.reshape", "keras.ops.reshape"})
_ARRAY = frozenset({"numpy.array", "numpy.asarray", "tensorflow.constant",
                    "tensorflow.convert_to_tensor"})
_TRAINING_METHODS = frozenset({"compile", "fit", "train_on_batch", "fit_generator"})
# Loops that run a few times: `for x in [a, b, c]` / `range(3)`: the cost does not add up.
FEW = 3


@dataclass(frozen=True)
class LoopedCall:
    """A call that runs once per iteration of `loop` (`sample`: the one-sample argument)."""

    call: cst.Call = field(repr=False)
    loop: LoopNode = field(repr=False)
    sample: Optional[cst.BaseExpression] = field(default=None, repr=False)


class Resources:
    def __init__(self, facts: CoreFacts, models: ModelFacts) -> None:
        self.facts = facts
        self.models = models

    # -- loops -----------------------------------------------------------------------------------
    def loop_of(self, call: cst.Call) -> Optional[LoopNode]:
        """The innermost loop (or comprehension) running `call` in its own function."""
        scope = self.facts.index.call_scopes.get(call)
        if scope is not None and isinstance(scope.node, cst.BaseComp):
            return scope.node
        loops = self.facts.loops_around(call)
        return loops[-1] if loops else None

    def runs_few_times(self, loop: LoopNode) -> bool:
        """A `for` over a literal collection or `range` of at most FEW items."""
        iterable = loop.iter if isinstance(loop, cst.For) else (
            loop.for_in.iter if isinstance(loop, cst.BaseComp) else None)
        value = resolve(self.facts, iterable) if iterable is not None else None
        if isinstance(value, (cst.List, cst.Tuple, cst.Set)):
            return len(value.elements) <= FEW and not any(
                isinstance(e, cst.StarredElement) for e in value.elements)
        if isinstance(value, cst.Call) and isinstance(value.func, cst.Name) \
                and value.func.value == "range":
            args = [a for a in value.args if a.keyword is None]
            bounds = [literal(self.facts, a.value) for a in args]
            if bounds and all(isinstance(b, int) and not isinstance(b, bool) for b in bounds):
                start, stop = (0, bounds[0]) if len(bounds) == 1 else (bounds[0], bounds[1])
                step = bounds[2] if len(bounds) > 2 else 1
                return step > 0 and len(range(start, stop, step)) <= FEW
        return False

    # -- predict ---------------------------------------------------------------------------------
    @cached_property
    def predict_in_loops(self) -> list[LoopedCall]:
        found = []
        for call in self.facts.method_calls("predict"):
            loop = self.loop_of(call)
            if loop is None or self.runs_few_times(loop):
                continue
            x = calls.argument_value(call, "x", 0)
            sample = self._one_sample(x, 0)
            if sample is None or not self._is_model(call):
                continue
            found.append(LoopedCall(call, loop, sample))
        return found

    def _is_model(self, call: cst.Call) -> bool:
        receiver = calls.receiver(call)
        verdict = self.models.is_keras_model(receiver)
        if verdict is not None:
            return verdict
        return self.models.trains_keras_model(call)

    def _one_sample(self, expr: Optional[cst.BaseExpression], depth: int) -> Optional[cst.BaseExpression]:
        """`expr` itself when it certainly holds a batch of one sample, else None."""
        if expr is None or depth > 3:
            return None
        value = expr
        if isinstance(expr, cst.Name):
            value = resolve(self.facts, expr)
            if value is None:
                return None
        if isinstance(value, cst.Subscript):
            return expr if self._one_row_subscript(value) else None
        if not isinstance(value, cst.Call):
            return None
        name = self.facts.call_name(value)
        if name in _EXPAND:
            axis = literal(self.facts, calls.argument_value(value, "axis", 1))
            return expr if axis == 0 else None
        if name in _ARRAY:
            inner = value.args[0].value if value.args else None
            return expr if isinstance(inner, cst.List) and len(inner.elements) == 1 \
                and not isinstance(inner.elements[0], cst.StarredElement) else None
        shape = None
        if name in _RESHAPE:
            shape = calls.argument_value(value, "newshape", 1) or calls.argument_value(
                value, "shape", 1)
        elif calls.method_name(value) == "reshape" and value.args:
            shape = value.args[0].value
        first = literal(self.facts, shape) if shape is not None else None
        if first == 1 or (isinstance(first, (tuple, list)) and first[:1] in ((1,), [1])):
            return expr
        return None

    def _one_row_subscript(self, node: cst.Subscript) -> bool:
        """`x[i:i + 1]`, `x[None]`, `x[np.newaxis, ...]`, `x[i][None]`."""
        if not node.slice:
            return False
        first = node.slice[0].slice
        if isinstance(first, cst.Index):
            value = first.value
            if isinstance(value, cst.Name) and value.value == "None":
                return True
            return self.facts.qualified_name(value) == "numpy.newaxis"
        if isinstance(first, cst.Slice) and first.lower is not None and first.upper is not None \
                and first.step is None and len(node.slice) == 1:
            upper = first.upper
            if isinstance(upper, cst.BinaryOperation) and isinstance(upper.operator, cst.Add):
                same = self.facts.module.code_for_node(upper.left) == \
                    self.facts.module.code_for_node(first.lower)
                return same and literal(self.facts, upper.right) == 1
        return False

    # -- models built in loops --------------------------------------------------------------------
    @cached_property
    def models_in_loops(self) -> list[LoopedCall]:
        found = []
        seen: set[int] = set()
        for call in self._constructions():
            loop = self.loop_of(call)
            if loop is None or isinstance(loop, cst.BaseComp) or id(loop) in seen:
                continue
            if self.runs_few_times(loop) or not self._trains_in(loop) \
                    or self._kept(loop, call) or self._clears_session(loop, call):
                continue
            seen.add(id(loop))
            found.append(LoopedCall(call, loop))
        return found

    def _constructions(self) -> list[cst.Call]:
        candidates = list(self.facts.calls_to("keras.Sequential", "keras.Model"))
        candidates += self.facts.calls_with_prefix("keras.applications.")
        for call in self.facts.index.calls:
            if isinstance(call.func, cst.Name) and isinstance(
                    self.facts.definition(call.func), (cst.FunctionDef, cst.ClassDef)):
                if self.models.is_keras_model(call) is True:
                    candidates.append(call)
        names = [c for c in candidates if self.facts.call_name(c) is None
                 or not (self.facts.call_name(c) or "").startswith("keras.applications.")
                 or self.models.is_keras_model(c)]
        return sorted(set(names), key=self.facts.call_order.__getitem__)

    def _trains_in(self, loop: cst.CSTNode) -> bool:
        """The loop compiles or trains a model: it builds whole models one after another, not
        the blocks of one model (`for i in range(depth): blocks.append(make_block(i))`)."""
        return any(isinstance(node, cst.Call) and calls.method_name(node) in _TRAINING_METHODS
                   for node in descendants(loop))

    def _kept(self, loop: cst.CSTNode, construction: cst.Call) -> bool:
        """The model is kept past its iteration (`ensemble.append(model)`): an ensemble meant
        to hold every model, where clearing the session is not the point."""
        names: set[str] = set()
        appended: set[str] = set()
        for node in descendants(loop):
            if isinstance(node, cst.Assign) and node.value is construction:
                names |= {t.target.value for t in node.targets if isinstance(t.target, cst.Name)}
            elif isinstance(node, cst.Call) and calls.method_name(node) in ("append", "extend",
                                                                              "insert", "add"):
                appended |= {a.value.value for a in node.args if isinstance(a.value, cst.Name)}
        return bool(names & appended)

    def _clears_session(self, loop: cst.CSTNode, construction: cst.Call) -> bool:
        clears = self.facts.calls_to(*CLEAR_SESSION)
        if not clears:
            return False
        inside = {id(node) for node in descendants(loop) if isinstance(node, cst.Call)}
        if any(id(call) in inside for call in clears):
            return True
        # a local function called in the loop that clears the session (`build_model()`)
        local_bodies = set()
        for node in descendants(loop):
            if isinstance(node, cst.Call):
                local = self.facts.definition(node.func)
                if isinstance(local, cst.FunctionDef):
                    local_bodies.add(local)
        return any(self.facts.index.enclosing_function.get(call) in local_bodies for call in clears)

    # -- seeds -----------------------------------------------------------------------------------
    @cached_property
    def seeds(self) -> list[cst.Call]:
        return self.facts.calls_to(*SEEDING)

    @cached_property
    def training_calls(self) -> list[cst.Call]:
        """`fit` calls that plausibly train a Keras model."""
        return [call for call in self.facts.method_calls("fit")
                if self.models.trains_keras_model(call)]
