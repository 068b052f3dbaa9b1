"""Optimizers: where they are built, their learning rates, and which compiles receive them.

An optimizer is a construction call of a Keras optimizer class (any spelling: `keras`,
`tf.keras`, `tf.optimizers`, `tf_keras`, the `optimizers.legacy` classes) or of a TensorFlow 1
`tf.compat.v1.train.*Optimizer`. Its learning rate is read from `learning_rate=` (or the first
positional argument, or the `lr=` alias of Keras 2): a number the code fixes, a learning-rate
schedule's initial rate (its warm-up target when it warms up), or unknown. A compile receives an
optimizer through its `optimizer=` argument, through names; strings (`"adam"`) build a new
optimizer per compile.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.layers import resolve
from keraslint.analysis.models import CompileFact, ModelFacts

# Keras optimizer classes by leaf name; the canonical name is `keras.optimizers.<leaf>`.
KERAS_OPTIMIZERS = frozenset({
    "SGD", "Adam", "AdamW", "Adamax", "Nadam", "RMSprop", "Adagrad", "Adadelta", "Adafactor",
    "Ftrl", "Lion", "Lamb", "LossScaleOptimizer", "Muon",
})
# TensorFlow 1 optimizers -> the Keras optimizer they correspond to.
TF1_OPTIMIZERS = {
    "GradientDescentOptimizer": "SGD", "MomentumOptimizer": "SGD", "AdamOptimizer": "Adam",
    "RMSPropOptimizer": "RMSprop", "AdagradOptimizer": "Adagrad",
    "AdadeltaOptimizer": "Adadelta", "FtrlOptimizer": "Ftrl",
}
_TF1_PREFIXES = ("tensorflow.compat.v1.train.", "tensorflow.train.")
# Schedules: leaf -> (keyword, position) of the rate they start from.
SCHEDULES = {
    "ExponentialDecay": ("initial_learning_rate", 0),
    "InverseTimeDecay": ("initial_learning_rate", 0),
    "PolynomialDecay": ("initial_learning_rate", 0),
    "CosineDecay": ("initial_learning_rate", 0),
    "CosineDecayRestarts": ("initial_learning_rate", 0),
    "PiecewiseConstantDecay": ("values", 1),
}
_SCHEDULE_PREFIXES = ("keras.optimizers.", "keras.optimizers.schedules.")

ARGUMENT, SCHEDULE, DEFAULT = "argument", "schedule", "default"


@dataclass(frozen=True)
class LearningRate:
    """A learning rate as the code gives it.

    `value` is None when unknown; `source` says where it comes from (ARGUMENT: a number passed
    to the optimizer; SCHEDULE: a schedule's initial rate or warm-up target; DEFAULT: the
    optimizer's own default); `node` is the expression holding the number (the argument, or
    the schedule's argument), `argument` the optimizer's own argument (None for DEFAULT).
    """

    value: Optional[float]
    source: str
    node: Optional[cst.CSTNode] = field(default=None, repr=False)
    argument: Optional[cst.Arg] = field(default=None, repr=False)
    schedule: Optional[str] = None


@dataclass(frozen=True)
class OptimizerFact:
    """One optimizer construction: `kind` is the Keras class it is (`Adam`, `SGD`...), `raw`
    its dotted name as spelled, `legacy` True for `optimizers.legacy.*` and TF1 optimizers."""

    call: cst.Call = field(repr=False)
    kind: str
    raw: str
    legacy: bool
    learning_rate: LearningRate

    @property
    def is_tf1(self) -> bool:
        return self.raw.startswith(_TF1_PREFIXES)


@dataclass(frozen=True)
class CompiledOptimizer:
    """An optimizer given to a compile: `argument` is the `optimizer=` expression as written."""

    compile: CompileFact = field(repr=False)
    optimizer: OptimizerFact
    argument: cst.BaseExpression = field(repr=False)


class Optimizers:
    def __init__(self, facts: CoreFacts, models: ModelFacts) -> None:
        self.facts = facts
        self.models = models

    @cached_property
    def all(self) -> list[OptimizerFact]:
        """Every optimizer construction in the file, in source order."""
        names = [f"keras.optimizers.{leaf}" for leaf in KERAS_OPTIMIZERS]
        names += [f"{prefix}{leaf}" for prefix in _TF1_PREFIXES for leaf in TF1_OPTIMIZERS]
        found = []
        for call in self.facts.calls_to(*names):
            fact = self._describe(call)
            if fact is not None:
                found.append(fact)
        return found

    @cached_property
    def _by_call(self) -> dict[cst.Call, OptimizerFact]:
        return {fact.call: fact for fact in self.all}

    def of(self, expr: Optional[cst.BaseExpression]) -> Optional[OptimizerFact]:
        """The optimizer construction `expr` certainly stands for (through names), or None."""
        value = resolve(self.facts, expr)
        return self._by_call.get(value) if isinstance(value, cst.Call) else None

    @cached_property
    def compiled(self) -> list[CompiledOptimizer]:
        """(compile, optimizer) for every compile whose optimizer is a known construction."""
        found = []
        for compiled in self.models.compiles:
            argument = calls.argument_value(compiled.call, "optimizer", 0)
            optimizer = self.of(argument) if argument is not None else None
            if optimizer is not None:
                found.append(CompiledOptimizer(compiled, optimizer, argument))  # type: ignore[arg-type]
        return found

    # -- one construction ------------------------------------------------------------------------
    def _describe(self, call: cst.Call) -> Optional[OptimizerFact]:
        raw = self.facts.raw_name(call.func) or self.facts.call_name(call) or ""
        leaf = raw.rsplit(".", 1)[-1]
        if raw.startswith(_TF1_PREFIXES):
            kind = TF1_OPTIMIZERS.get(leaf)
            legacy = True
        else:
            kind = leaf if leaf in KERAS_OPTIMIZERS else None
            legacy = ".optimizers.legacy." in raw or ".optimizer_v2." in raw
        if kind is None:
            return None
        return OptimizerFact(call, kind, raw, legacy, self._learning_rate(call))

    def _learning_rate(self, call: cst.Call) -> LearningRate:
        arg = calls.argument(call, "learning_rate", 0) or calls.argument(call, "lr")
        if arg is None:
            if calls.has_unpacking(call):
                return LearningRate(None, ARGUMENT)
            return LearningRate(None, DEFAULT)
        value = resolve(self.facts, arg.value)
        number = self.facts.values.number(value) if value is not None else None
        if number is not None:
            return LearningRate(number, ARGUMENT, arg.value, arg)
        if isinstance(value, cst.Call):
            return self._schedule_rate(value, arg)
        return LearningRate(None, ARGUMENT, arg.value, arg)

    def _schedule_rate(self, call: cst.Call, arg: cst.Arg) -> LearningRate:
        name = self.facts.call_name(call) or ""
        leaf = name.rsplit(".", 1)[-1]
        if not name.startswith(_SCHEDULE_PREFIXES) or leaf not in SCHEDULES:
            return LearningRate(None, SCHEDULE, arg.value, arg)
        warmup = calls.argument_value(call, "warmup_target")
        if warmup is not None:
            target = self.facts.values.number(resolve(self.facts, warmup))
            return LearningRate(target, SCHEDULE, warmup, arg, leaf)
        keyword, position = SCHEDULES[leaf]
        node = calls.argument_value(call, keyword, position)
        if leaf == "PiecewiseConstantDecay":
            values = self.facts.values.literal(resolve(self.facts, node))
            if isinstance(values, (list, tuple)) and values and all(
                    isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
                return LearningRate(float(values[0]), SCHEDULE, node, arg, leaf)
            return LearningRate(None, SCHEDULE, node, arg, leaf)
        return LearningRate(self.facts.values.number(resolve(self.facts, node)), SCHEDULE, node,
                            arg, leaf)
