"""Traced code: which defs TensorFlow turns into graphs, and how.

- `@tf.function` (with or without arguments: `input_signature`, `reduce_retracing`,
  `jit_compile`), and `f = tf.function(g)` wrappers (of a def, or of a method by name);
- `train_step`/`test_step`/`predict_step` overrides of a `keras.Model` subclass: Keras traces
  them in `fit`/`evaluate`/`predict` (unless the file asks for `run_eagerly=True`);
- the `call` of a `Layer`/`Model` subclass: traced when the layer runs inside traced code
  (always in `fit`), eager only when called from eager code;
- a def referenced from a traced def's body (called, or passed as `strategy.run(step)`) runs
  traced too.

`tf.config.run_functions_eagerly(True)` anywhere in the file turns tracing off for debugging;
`eager_forced` says so and rules about tracing stay quiet on such files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.training.statements import own_nodes

TF_FUNCTION = ("tensorflow.function", "tensorflow.compat.v1.function")
KERAS_STEPS = frozenset({"train_step", "test_step", "predict_step"})
LAYER_BASES = frozenset({"keras.layers.Layer", "keras.Model", "keras.Sequential"})
MODEL_BASES = frozenset({"keras.Model", "keras.Sequential"})

# How a def is traced.
DECORATED, WRAPPED, KERAS_STEP, LAYER_CALL, CALLED_FROM_TRACED = (
    "decorated", "wrapped", "keras step", "layer call", "called from traced code")


@dataclass(frozen=True)
class Trace:
    """How one def is traced. `function_call` is the `tf.function(...)` call that traces it
    (decorator or wrapper; None for Keras steps and layer calls). `input_signature` and
    `reduce_retracing` say whether Python arguments still retrace it (None: unknown)."""

    kind: str
    function_call: Optional[cst.Call] = field(default=None, repr=False)
    input_signature: Optional[bool] = False
    reduce_retracing: Optional[bool] = False
    via: Optional[cst.FunctionDef] = field(default=None, repr=False)  # the traced caller

    @property
    def may_retrace_on_python_values(self) -> Optional[bool]:
        """True when new Python argument values certainly make a new trace: any traced
        function without an `input_signature`. `reduce_retracing=True` relaxes shapes only:
        measured with TensorFlow 2.21, 12 Python ints still trace it 12 times."""
        if self.kind not in (DECORATED, WRAPPED):
            return False
        if self.input_signature is None:
            return None
        return not self.input_signature


class TracedCode:
    def __init__(self, facts: CoreFacts) -> None:
        self.facts = facts

    @cached_property
    def eager_forced(self) -> bool:
        """`tf.config.run_functions_eagerly(True)` (or the experimental spelling) in the file,
        or a TF1 graph program (`disable_eager_execution`): tracing questions have no answer."""
        for call in self.facts.calls_to("tensorflow.config.run_functions_eagerly",
                                        "tensorflow.config.experimental_run_functions_eagerly"):
            value = self.facts.values.literal(calls.argument_value(call, "run_eagerly", 0))
            if value is not False:
                return True
        return bool(self.facts.calls_to("tensorflow.compat.v1.disable_eager_execution",
                                        "tensorflow.compat.v1.disable_v2_behavior"))

    @cached_property
    def _direct(self) -> dict[int, Trace]:
        """Defs traced by themselves: decorated, wrapped, Keras steps, layer calls."""
        table: dict[int, Trace] = {}
        for functions in self.facts.index.functions.values():
            for function in functions:
                trace = self._decorated(function) or self._by_keras(function)
                if trace is not None:
                    table[id(function)] = trace
        for call in self.facts.calls_to(*TF_FUNCTION):
            for function in self._wrapped_defs(call):
                table.setdefault(id(function), _trace(self.facts, WRAPPED, call))
        return table

    @cached_property
    def _all(self) -> dict[int, Trace]:
        """Direct traces plus defs referenced from traced bodies (transitively)."""
        table = dict(self._direct)
        work = [f for functions in self.facts.index.functions.values() for f in functions
                if id(f) in table and table[id(f)].kind != LAYER_CALL]
        while work:
            function = work.pop()
            for callee in self._referenced_defs(function):
                if id(callee) not in table:
                    table[id(callee)] = Trace(CALLED_FROM_TRACED, via=function)
                    work.append(callee)
        return table

    def trace(self, function: cst.FunctionDef) -> Optional[Trace]:
        """How `function` is traced, or None when nothing in the file traces it."""
        return self._all.get(id(function))

    def direct_trace(self, function: cst.FunctionDef) -> Optional[Trace]:
        """The same, counting only the def's own decorator, wrapper or Keras role."""
        return self._direct.get(id(function))

    # -- how ---------------------------------------------------------------------------------
    def _decorated(self, function: cst.FunctionDef) -> Optional[Trace]:
        for decorator in function.decorators:
            expr = decorator.decorator
            call = expr if isinstance(expr, cst.Call) else None
            name = self.facts.qualified_name(call.func if call is not None else expr)
            if name in TF_FUNCTION:
                return _trace(self.facts, DECORATED, call)
        return None

    def _by_keras(self, function: cst.FunctionDef) -> Optional[Trace]:
        cls = self.facts.index.enclosing_class.get(function)
        if cls is None:
            return None
        name = function.name.value
        if name not in KERAS_STEPS and name != "call":
            return None
        bases = self.facts.class_bases(cls)
        if name in KERAS_STEPS and bases & MODEL_BASES:
            return Trace(KERAS_STEP)
        if name == "call" and bases & LAYER_BASES:
            return Trace(LAYER_CALL)
        return None

    def _wrapped_defs(self, call: cst.Call) -> list[cst.FunctionDef]:
        """`tf.function(step)` -> the def `step`; `tf.function(self.step)` /
        `tf.function(model.train_step)` -> the methods of that name."""
        target = calls.argument_value(call, "func", 0)
        if isinstance(target, cst.Name):
            local = self.facts.definition(target)
            return [local] if isinstance(local, cst.FunctionDef) else []
        if isinstance(target, cst.Attribute):
            return [f for f in self.facts.index.functions.get(target.attr.value, ())
                    if self.facts.index.enclosing_class.get(f) is not None]
        return []

    def _referenced_defs(self, function: cst.FunctionDef) -> list[cst.FunctionDef]:
        """Local defs a body calls or passes on (`step(x)`, `strategy.run(step, ...)`,
        `self.helper(x)`)."""
        found = []
        cls = self.facts.index.enclosing_class.get(function)
        for node in own_nodes(function.body):
            if isinstance(node, cst.Name) and node.value in self.facts.index.functions:
                local = self.facts.definition(node)
                if isinstance(local, cst.FunctionDef) and local is not function:
                    found.append(local)
            elif cls is not None and isinstance(node, cst.Attribute) \
                    and isinstance(node.value, cst.Name) and node.value.value == "self":
                for method in self.facts.index.functions.get(node.attr.value, ()):
                    if self.facts.index.enclosing_class.get(method) is cls \
                            and method is not function:
                        found.append(method)
        return found


def _trace(facts: CoreFacts, kind: str, call: Optional[cst.Call]) -> Trace:
    if call is None:  # bare `@tf.function`
        return Trace(kind)
    if calls.has_unpacking(call):
        return Trace(kind, call, None, None)
    signature = calls.argument(call, "input_signature", 1)
    retracing = calls.argument(call, "reduce_retracing") or \
        calls.argument(call, "experimental_relax_shapes")
    has_signature: Optional[bool] = False
    if signature is not None:
        value = facts.values.literal(signature.value)
        has_signature = False if value is None else True
    reduce: Optional[bool] = False
    if retracing is not None:
        value = facts.values.literal(retracing.value)
        reduce = value if isinstance(value, bool) else None
    return Trace(kind, call, has_signature, reduce)
