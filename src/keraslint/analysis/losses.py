"""Loss facts: which loss an expression builds and whether it expects logits.

`describe_loss(facts, expr)` reads every way code names a Keras loss: a string
(`"categorical_crossentropy"`, `"bce"`, `"CategoricalCrossentropy"`), a class instance
(`CategoricalCrossentropy(from_logits=True)`), a function object
(`keras.losses.binary_crossentropy`), a direct call of a loss function with its arguments, and
TensorFlow's `tf.nn.*_cross_entropy_with_logits` ops, which always expect logits.
`from_logits` is None when the code does not fix it (`from_logits=flag`, `**kwargs`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.layers import Context, literal, resolve

CATEGORICAL = "categorical_crossentropy"
SPARSE = "sparse_categorical_crossentropy"
BINARY = "binary_crossentropy"
BINARY_FOCAL = "binary_focal_crossentropy"
CATEGORICAL_FOCAL = "categorical_focal_crossentropy"

CROSSENTROPY = frozenset({CATEGORICAL, SPARSE, BINARY, BINARY_FOCAL, CATEGORICAL_FOCAL})
BINARY_KINDS = frozenset({BINARY, BINARY_FOCAL})
CATEGORICAL_KINDS = frozenset({CATEGORICAL, CATEGORICAL_FOCAL})  # one-hot targets
MULTICLASS_KINDS = CATEGORICAL_KINDS | {SPARSE}  # a softmax over classes is expected
REGRESSION = frozenset({
    "mean_squared_error", "mean_absolute_error", "mean_absolute_percentage_error",
    "mean_squared_logarithmic_error", "huber", "log_cosh",
})

# Function name -> kind. Keras 3 accepts function names, class names and a few aliases
# (keras.losses.ALL_OBJECTS_DICT); tf_keras adds the older spellings below.
_FUNCTIONS = {
    "categorical_crossentropy": CATEGORICAL,
    "sparse_categorical_crossentropy": SPARSE,
    "binary_crossentropy": BINARY,
    "binary_focal_crossentropy": BINARY_FOCAL,
    "categorical_focal_crossentropy": CATEGORICAL_FOCAL,
    "mean_squared_error": "mean_squared_error",
    "mean_absolute_error": "mean_absolute_error",
    "mean_absolute_percentage_error": "mean_absolute_percentage_error",
    "mean_squared_logarithmic_error": "mean_squared_logarithmic_error",
    "huber": "huber", "huber_loss": "huber",
    "log_cosh": "log_cosh", "logcosh": "log_cosh",
    "kl_divergence": "kl_divergence", "kullback_leibler_divergence": "kl_divergence",
    "poisson": "poisson", "cosine_similarity": "cosine_similarity",
    "hinge": "hinge", "squared_hinge": "squared_hinge", "categorical_hinge": "categorical_hinge",
}
_ALIASES = {
    "bce": BINARY, "mse": "mean_squared_error", "mae": "mean_absolute_error",
    "mape": "mean_absolute_percentage_error", "msle": "mean_squared_logarithmic_error",
    "kld": "kl_divergence",
}
# Class name -> (kind, position of `from_logits` when passed positionally).
_CLASSES = {
    "CategoricalCrossentropy": (CATEGORICAL, 0),
    "SparseCategoricalCrossentropy": (SPARSE, 0),
    "BinaryCrossentropy": (BINARY, 0),
    "BinaryFocalCrossentropy": (BINARY_FOCAL, 3),
    "CategoricalFocalCrossentropy": (CATEGORICAL_FOCAL, 2),
    "MeanSquaredError": ("mean_squared_error", None),
    "MeanAbsoluteError": ("mean_absolute_error", None),
    "MeanAbsolutePercentageError": ("mean_absolute_percentage_error", None),
    "MeanSquaredLogarithmicError": ("mean_squared_logarithmic_error", None),
    "Huber": ("huber", None), "LogCosh": ("log_cosh", None),
    "KLDivergence": ("kl_divergence", None), "Poisson": ("poisson", None),
    "CosineSimilarity": ("cosine_similarity", None), "Hinge": ("hinge", None),
    "SquaredHinge": ("squared_hinge", None), "CategoricalHinge": ("categorical_hinge", None),
}
# Position of `from_logits` in a direct call of a loss function: f(y_true, y_pred, from_logits).
_FUNCTION_FROM_LOGITS = {CATEGORICAL: 2, SPARSE: 2, BINARY: 2, BINARY_FOCAL: 4,
                         CATEGORICAL_FOCAL: 4}
# TensorFlow ops that take logits: name -> (kind, labels keyword, logits keyword).
_TF_OPS = {
    "tensorflow.nn.softmax_cross_entropy_with_logits": CATEGORICAL,
    "tensorflow.nn.softmax_cross_entropy_with_logits_v2": CATEGORICAL,
    "tensorflow.nn.sparse_softmax_cross_entropy_with_logits": SPARSE,
    "tensorflow.nn.sigmoid_cross_entropy_with_logits": BINARY,
}
_LOSS_MODULES = ("keras.losses.", "keras.metrics.", "keras.backend.")

STRING, INSTANCE, FUNCTION, CALL, OP = "string", "instance", "function", "call", "op"

# Canonical names of calls that build a loss object or compute a loss, for `facts.calls_to`.
LOSS_CLASSES = tuple(f"keras.losses.{name}" for name in _CLASSES)
LOSS_COMPUTATIONS = tuple(_TF_OPS) + tuple(
    f"{module}{name}" for module in _LOSS_MODULES for name in _FUNCTIONS)


@dataclass(frozen=True)
class LossFact:
    """A loss as the code builds it.

    `node` is the expression that builds it (the primary line of a finding without `compile`);
    `form` says how: a string, a class instance, a function object, a direct call of a loss
    function (`CALL`) or a TensorFlow `*_with_logits` op (`OP`).
    """

    kind: str
    from_logits: Optional[bool]
    node: cst.CSTNode = field(repr=False)
    form: str = STRING
    from_logits_node: Optional[cst.CSTNode] = field(default=None, repr=False)  # explicit argument

    @property
    def is_crossentropy(self) -> bool:
        return self.kind in CROSSENTROPY

    @property
    def is_binary(self) -> bool:
        return self.kind in BINARY_KINDS

    @property
    def is_multiclass(self) -> bool:
        return self.kind in MULTICLASS_KINDS

    @property
    def is_regression(self) -> bool:
        return self.kind in REGRESSION

    @property
    def spelling(self) -> str:
        """How the message names the loss: `CategoricalCrossentropy`, `"mse"`, ..."""
        if self.form == STRING and isinstance(self.node, cst.SimpleString):
            return f'"{self.node.evaluated_value}"'
        if isinstance(self.node, cst.Call):
            return _callee_leaf(self.node)
        if isinstance(self.node, (cst.Name, cst.Attribute)):
            return _dotted_leaf(self.node)
        return self.kind


def describe_loss(facts: CoreFacts, expr: Optional[cst.BaseExpression],
                  ctx: Optional[Context] = None) -> Optional[LossFact]:
    """The loss `expr` stands for (through names), or None if it is not a known loss."""
    resolved = resolve(facts, expr, ctx)
    if resolved is None:
        return None
    if isinstance(resolved, (cst.SimpleString, cst.ConcatenatedString)):
        return _from_string(facts.values.literal(resolved), resolved)
    if isinstance(resolved, cst.Call):
        return _from_call(facts, resolved, ctx)
    return _from_function(facts.qualified_name(resolved), resolved)


def _from_string(name: object, node: cst.CSTNode) -> Optional[LossFact]:
    if not isinstance(name, str):
        return None
    kind = _FUNCTIONS.get(name) or _ALIASES.get(name.lower()) or (
        _CLASSES[name][0] if name in _CLASSES else None)
    return None if kind is None else LossFact(kind, False, node, STRING)


def _from_function(name: Optional[str], node: cst.CSTNode) -> Optional[LossFact]:
    kind = _loss_function_kind(name)
    return None if kind is None else LossFact(kind, False, node, FUNCTION)


def _loss_function_kind(name: Optional[str]) -> Optional[str]:
    if name is None or not name.startswith(_LOSS_MODULES):
        return None
    leaf = name.rsplit(".", 1)[-1]
    if leaf in _FUNCTIONS:
        return _FUNCTIONS[leaf]
    return _ALIASES.get(leaf) if name.startswith("keras.losses.") else None


def _from_call(facts: CoreFacts, call: cst.Call, ctx: Optional[Context]) -> Optional[LossFact]:
    name = facts.call_name(call)
    if name is None:
        return None
    if name in _TF_OPS:
        return LossFact(_TF_OPS[name], True, call, OP)
    if name == "keras.losses.get":
        return describe_loss(facts, calls.argument_value(call, "identifier", 0), ctx)
    leaf = name.rsplit(".", 1)[-1]
    if name.startswith("keras.losses.") and leaf in _CLASSES:
        kind, position = _CLASSES[leaf]
        return LossFact(kind, *_from_logits(facts, call, position, ctx, INSTANCE))
    kind = _loss_function_kind(name)
    if kind is not None:
        position = _FUNCTION_FROM_LOGITS.get(kind)
        return LossFact(kind, *_from_logits(facts, call, position, ctx, CALL))
    return None


def _from_logits(facts: CoreFacts, call: cst.Call, position: Optional[int],
                 ctx: Optional[Context], form: str) -> tuple:
    """(from_logits, node, form, argument) for LossFact; unknown through `**kwargs`."""
    arg = calls.argument(call, "from_logits", position)
    if arg is None:
        return (None if calls.has_unpacking(call) else False), call, form, None
    value = literal(facts, arg.value, ctx)
    return (value if isinstance(value, bool) else None), call, form, arg


def loss_call_operands(facts: CoreFacts, call: cst.Call, loss: LossFact
                       ) -> tuple[Optional[cst.BaseExpression], Optional[cst.BaseExpression]]:
    """(labels, predictions) of a call that computes a loss: `loss_fn(y, p)` or a TF op."""
    if loss.form == OP:  # TF 2 signature: (labels, logits, ...)
        return calls.argument_value(call, "labels", 0), calls.argument_value(call, "logits", 1)
    return (calls.argument_value(call, "y_true", 0), calls.argument_value(call, "y_pred", 1))


def _callee_leaf(call: cst.Call) -> str:
    return _dotted_leaf(call.func) if isinstance(call.func, (cst.Name, cst.Attribute)) else "loss"


def _dotted_leaf(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Attribute):
        return node.attr.value
    return node.value if isinstance(node, cst.Name) else "loss"
