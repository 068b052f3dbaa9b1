"""Layer facts: what one layer construction call (or activation op) does to the last axis.

`describe(call)` answers: which layer (canonical kind), how many units it produces, and
which activation it applies ("softmax", "sigmoid", "linear", another name, or None when the
code does not say for certain). Values are resolved through names, builder defaults and the
arguments of a builder's call site (`Context`), so `Dense(n_classes, activation=act)` inside
`def build(n_classes, act="softmax")` called as `build(10)` reads as 10 units of softmax.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.scopes import CLASS, FUNCTION, IMPORT, PARAM
from keraslint.analysis.values import UNKNOWN

_MAX_DEPTH = 12

# What a step does to the last axis of the tensor flowing through it.
UNITS = "units"  # produces `units` features and applies its own activation (Dense, Conv2D...)
ACTIVATION = "activation"  # applies an activation only (Activation, Softmax, tf.nn.softmax...)
PRESERVING = "preserving"  # keeps the last axis (Dropout, BatchNormalization...)
OTHER = "other"  # a known Keras layer that reshapes or mixes (Flatten, pooling, Concatenate...)
UNKNOWN_LAYER = "unknown"  # custom, hub or unrecognised layers: anything may happen

# Layers with their own `activation=`: (position of the units argument, position of
# `activation` when passed positionally or None, default activation).
_OWN_ACTIVATION = {
    "Dense": (0, 1, "linear"),
    "Conv1D": (0, None, "linear"),
    "Conv2D": (0, None, "linear"),
    "Conv3D": (0, None, "linear"),
    "Conv1DTranspose": (0, None, "linear"),
    "Conv2DTranspose": (0, None, "linear"),
    "Conv3DTranspose": (0, None, "linear"),
    "Convolution1D": (0, None, "linear"),
    "Convolution2D": (0, None, "linear"),
    "Convolution3D": (0, None, "linear"),
    "SeparableConv1D": (0, None, "linear"),
    "SeparableConv2D": (0, None, "linear"),
    "DepthwiseConv1D": (None, None, "linear"),
    "DepthwiseConv2D": (None, None, "linear"),
    "EinsumDense": (None, None, "linear"),
    "LocallyConnected1D": (0, None, "linear"),
    "LocallyConnected2D": (0, None, "linear"),
    "SimpleRNN": (0, 1, "tanh"),
    "LSTM": (0, 1, "tanh"),
    "GRU": (0, 1, "tanh"),
}
# Canonical names of those layers, for `facts.calls_to(...)`.
OWN_ACTIVATION_LAYERS = tuple(f"keras.layers.{kind}" for kind in _OWN_ACTIVATION)
_UNITS_KEYWORD = {"Dense": "units", "SimpleRNN": "units", "LSTM": "units", "GRU": "units"}
# Convolutions take `activation` after at least six positional parameters (filters, kernel,
# strides, padding, data_format, dilation_rate); more positionals than that may include it.
_SAFE_POSITIONAL = 6

_ACTIVATION_LAYERS = {
    "Softmax": "softmax", "ReLU": "relu", "LeakyReLU": "leaky_relu", "PReLU": "prelu",
    "ELU": "elu", "ThresholdedReLU": "thresholded_relu",
}
_PRESERVING_LAYERS = frozenset({
    "Dropout", "AlphaDropout", "GaussianDropout", "GaussianNoise", "SpatialDropout1D",
    "SpatialDropout2D", "SpatialDropout3D", "BatchNormalization", "LayerNormalization",
    "GroupNormalization", "UnitNormalization", "ActivityRegularization", "Identity",
})

# Activation functions and ops by canonical name.
_ACTIVATION_FUNCTIONS = {
    **{f"keras.activations.{n}": n for n in (
        "softmax", "sigmoid", "linear", "relu", "tanh", "elu", "selu", "gelu", "swish", "silu",
        "softplus", "softsign", "exponential", "hard_sigmoid", "log_softmax", "relu6", "mish",
        "leaky_relu")},
    "keras.ops.softmax": "softmax", "keras.ops.sigmoid": "sigmoid",
    "keras.ops.nn.softmax": "softmax", "keras.ops.nn.sigmoid": "sigmoid",
    "keras.ops.relu": "relu", "keras.ops.tanh": "tanh", "keras.ops.log_softmax": "log_softmax",
    "keras.backend.softmax": "softmax", "keras.backend.sigmoid": "sigmoid",
    "tensorflow.nn.softmax": "softmax", "tensorflow.math.softmax": "softmax",
    "tensorflow.nn.sigmoid": "sigmoid", "tensorflow.math.sigmoid": "sigmoid",
    "tensorflow.sigmoid": "sigmoid", "tensorflow.nn.relu": "relu", "tensorflow.nn.tanh": "tanh",
    "tensorflow.math.tanh": "tanh", "tensorflow.tanh": "tanh",
    "tensorflow.nn.log_softmax": "log_softmax", "tensorflow.math.log_softmax": "log_softmax",
    "tensorflow.identity": "linear",
}
SOFTMAX_OPS = tuple(name for name, act in _ACTIVATION_FUNCTIONS.items() if act == "softmax")
# Ops applied to a tensor (not passed as `activation=`): the input's parameter name.
def _op_input_keyword(name: str) -> str:
    if name == "tensorflow.identity":
        return "input"
    return "logits" if name.startswith("tensorflow.") and "softmax" in name else "x"


_OP_INPUT = {name: _op_input_keyword(name) for name in _ACTIVATION_FUNCTIONS}


@dataclass(frozen=True)
class Context:
    """Argument values a builder received at its call site, and the `self.x = ...` of a class.

    `env` maps a builder's parameters to the expressions passed for them (or to None when the
    call may pass anything, e.g. through `**kwargs`). `attrs` maps `self` attribute names to
    their single assignment in the model class being traced.
    """

    env: dict = field(default_factory=dict)
    attrs: Optional[dict] = None
    self_name: Optional[str] = None


def bind_arguments(function: cst.FunctionDef, call: cst.Call,
                   is_method: Optional[bool] = None) -> dict:
    """Parameter -> expression passed at `call` (its default when absent, None if unknowable).

    `is_method`: the first parameter is bound implicitly (`self` of `obj.m(...)` or of a
    class instantiation calling `__init__`); by default guessed from `obj.m(...)` and its name.
    """
    params = function.params
    positional = list(params.posonly_params) + list(params.params)
    bound: dict = {}
    if is_method is None:
        is_method = isinstance(call.func, cst.Attribute) and bool(positional) and (
            positional[0].name.value in ("self", "cls"))
    if is_method:
        positional = positional[1:]
    unpacking = calls.has_unpacking(call)
    given = [a for a in call.args if a.keyword is None and not a.star]
    keywords = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
    for i, param in enumerate(positional + list(params.kwonly_params)):
        name = param.name.value
        if i < len(positional) and i < len(given):
            bound[param] = given[i].value
        elif name in keywords:
            bound[param] = keywords[name]
        elif unpacking:
            bound[param] = None
        else:
            bound[param] = param.default
    return bound


def resolve(facts: CoreFacts, expr: Optional[cst.BaseExpression], ctx: Optional[Context] = None,
            depth: int = 0) -> Optional[cst.BaseExpression]:
    """Follow names (and parameters, through `ctx` or a unique caller) to their expression."""
    ctx = ctx or Context()
    while isinstance(expr, cst.Name) and depth < _MAX_DEPTH:
        depth += 1
        binding = facts.values.binding_of(expr)
        if binding is None:
            return expr if expr.value in ("None", "True", "False") else None
        if binding.kind == PARAM:
            expr = _param_value(facts, binding.node, ctx)  # type: ignore[arg-type]
            continue
        value = facts.values.binding_value(binding)
        if value is None:
            return expr if binding.kind in (IMPORT, FUNCTION, CLASS) else None
        expr = value
    return expr


def _param_value(facts: CoreFacts, param: cst.Param,
                 ctx: Context) -> Optional[cst.BaseExpression]:
    if param in ctx.env:
        return ctx.env[param]
    default = facts.values.param_value(param)
    if default is not None:
        return default
    return unique_caller_argument(facts, param)


def unique_caller_argument(facts: CoreFacts, param: cst.Param) -> Optional[cst.BaseExpression]:
    """What the only call in this module passes for `param` of a plain (non-method) function."""
    function = facts.index.function_of_param.get(param)
    if function is None:
        return None
    cls = facts.index.enclosing_class.get(function)
    if cls is not None:
        return _unique_instantiation_argument(facts, cls, function, param)
    callers = facts.values.callers(function.name.value)
    if len(callers) != 1:
        return None
    (site,) = callers
    if not isinstance(site.func, cst.Name) or facts.definition(site.func) is not function:
        return None
    return bind_arguments(function, site).get(param)


def _unique_instantiation_argument(facts: CoreFacts, cls: cst.ClassDef, function: cst.FunctionDef,
                                   param: cst.Param) -> Optional[cst.BaseExpression]:
    """`__init__`'s parameter when the class is instantiated exactly once in the module."""
    if function.name.value != "__init__" or len(facts.index.classes.get(cls.name.value, ())) != 1:
        return None
    sites = facts.values.callers(cls.name.value)
    if len(sites) != 1 or not isinstance(sites[0].func, cst.Name):
        return None
    if facts.definition(sites[0].func) is not cls:
        return None
    return bind_arguments(function, sites[0], is_method=True).get(param)


def literal(facts: CoreFacts, expr: Optional[cst.BaseExpression],
            ctx: Optional[Context] = None) -> Any:
    """The Python value of `expr` (through names and builder arguments), or UNKNOWN."""
    resolved = resolve(facts, expr, ctx)
    return UNKNOWN if resolved is None else facts.values.literal(resolved)


# -- layers ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LayerInfo:
    """One step of a model: a layer construction call, or an activation op applied to a tensor.

    `units` is the size of the last axis it produces (None: unknown or not applicable);
    `activation` is None when uncertain; `is_op` marks `tf.nn.softmax(x)`-style ops.
    """

    node: cst.CSTNode = field(repr=False)
    kind: Optional[str]
    category: str
    units: Optional[int] = None
    activation: Optional[str] = None
    activation_node: Optional[cst.CSTNode] = field(default=None, repr=False)
    is_op: bool = False

def layer_kind(facts: CoreFacts, call: cst.Call) -> Optional[str]:
    """`Dense` for any spelling of `keras.layers.Dense(...)`; None for non-Keras layers."""
    name = facts.call_name(call)
    if name is None or not name.startswith("keras.layers."):
        return None
    return name.rsplit(".", 1)[-1]


def describe(facts: CoreFacts, call: cst.Call, ctx: Optional[Context] = None) -> LayerInfo:
    """Describe a layer construction call; unknown layers get category UNKNOWN_LAYER."""
    kind = layer_kind(facts, call)
    if kind is None:
        return LayerInfo(call, None, UNKNOWN_LAYER)
    if kind in _OWN_ACTIVATION:
        return _describe_own(facts, call, kind, ctx)
    if kind == "Activation":
        arg = calls.argument_value(call, "activation", 0)
        return LayerInfo(call, kind, ACTIVATION, activation=activation_name(facts, arg, ctx),
                         activation_node=arg or call)
    if kind in _ACTIVATION_LAYERS:
        return LayerInfo(call, kind, ACTIVATION, activation=_ACTIVATION_LAYERS[kind],
                         activation_node=call)
    if kind in _PRESERVING_LAYERS:
        return LayerInfo(call, kind, PRESERVING)
    if kind in ("Layer", "Lambda", "TFSMLayer", "InputLayer") or kind[:1].islower():
        return LayerInfo(call, kind, UNKNOWN_LAYER)
    return LayerInfo(call, kind, OTHER)


def _describe_own(facts: CoreFacts, call: cst.Call, kind: str,
                  ctx: Optional[Context]) -> LayerInfo:
    units_position, activation_position, default = _OWN_ACTIVATION[kind]
    units = None
    if units_position is not None:
        value = literal(facts, calls.argument_value(
            call, _UNITS_KEYWORD.get(kind, "filters"), units_position), ctx)
        units = value if isinstance(value, int) and not isinstance(value, bool) else None
    arg = calls.argument(call, "activation", activation_position)
    if arg is not None:
        activation = activation_name(facts, arg.value, ctx)
        node: cst.CSTNode = arg
    elif calls.has_unpacking(call) or (
            activation_position is None and _positional_count(call) > _SAFE_POSITIONAL):
        activation, node = None, call
    else:
        activation, node = default, call
    return LayerInfo(call, kind, UNITS, units, activation, node)


def _positional_count(call: cst.Call) -> int:
    return sum(1 for a in call.args if a.keyword is None and not a.star)


def activation_name(facts: CoreFacts, expr: Optional[cst.BaseExpression],
                    ctx: Optional[Context] = None) -> Optional[str]:
    """"softmax", "sigmoid", "linear", another activation name, or None when uncertain."""
    if expr is None:
        return None
    resolved = resolve(facts, expr, ctx)
    if resolved is None:
        return None
    value = facts.values.literal(resolved)
    if value is None:
        return "linear"
    if isinstance(value, str):
        return value.lower()
    name = facts.qualified_name(resolved)
    if name is not None:
        return _ACTIVATION_FUNCTIONS.get(name)
    if isinstance(resolved, cst.Call) and layer_kind(facts, resolved) in _ACTIVATION_LAYERS:
        return _ACTIVATION_LAYERS[layer_kind(facts, resolved)]  # activation=layers.ReLU()
    return None


def describe_op(facts: CoreFacts, call: cst.Call,
                ctx: Optional[Context] = None) -> Optional[LayerInfo]:
    """`tf.nn.softmax(x)`, `keras.activations.sigmoid(x)`... applied to a tensor, else None."""
    name = facts.call_name(call)
    activation = _ACTIVATION_FUNCTIONS.get(name) if name is not None else None
    if activation is None:
        return None
    return LayerInfo(call, name.rsplit(".", 1)[-1], ACTIVATION, activation=activation,
                     activation_node=call, is_op=True)


def op_input(facts: CoreFacts, call: cst.Call) -> Optional[cst.BaseExpression]:
    """The tensor an activation op is applied to."""
    name = facts.call_name(call)
    return calls.argument_value(call, _OP_INPUT.get(name or "", "x"), 0)


def snippet(facts: CoreFacts, node: cst.CSTNode, limit: int = 60) -> str:
    """The source of `node` on one line, shortened for messages."""
    text = " ".join(facts.module.code_for_node(node).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def line_of(facts: CoreFacts, node: cst.CSTNode) -> int:
    return facts.code_range(node).start.line


# -- layer families (canonical kinds), for rules reading a model's structure -------------------
def kinds_of_ranks(*names: str) -> frozenset[str]:
    return frozenset(f"{name}{n}D" for name in names for n in (1, 2, 3))


CONVOLUTIONS = kinds_of_ranks("Conv", "Convolution", "SeparableConv", "SeparableConvolution",
                           "DepthwiseConv")
TRANSPOSED_CONVOLUTIONS = frozenset(f"Conv{n}DTranspose" for n in (1, 2, 3)) | frozenset(
    f"Convolution{n}DTranspose" for n in (1, 2, 3))
POOLINGS = kinds_of_ranks("MaxPooling", "AveragePooling", "MaxPool", "AvgPool")
MAX_POOLINGS = kinds_of_ranks("MaxPooling", "MaxPool")
GLOBAL_POOLINGS = kinds_of_ranks("GlobalMaxPooling", "GlobalAveragePooling", "GlobalMaxPool",
                              "GlobalAvgPool")
UPSAMPLINGS = kinds_of_ranks("UpSampling")
DROPOUTS = frozenset({"Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D"})
# Layers that are the identity at inference (dropout and noise).
INFERENCE_IDENTITIES = DROPOUTS | {"GaussianDropout", "GaussianNoise", "AlphaDropout"}
BATCH_NORMALIZATIONS = frozenset({"BatchNormalization", "SyncBatchNormalization"})


def over_last_axis(facts: CoreFacts, node: cst.CSTNode) -> bool:
    """Whether a softmax-style layer or op call works on the last axis: no `axis=` or
    `axis=-1` (`Softmax(axis)`, `tf.nn.softmax(x, axis)`); other calls have no axis (True)."""
    if not isinstance(node, cst.Call):
        return True
    position = 0 if layer_kind(facts, node) == "Softmax" else 1
    arg = calls.argument(node, "axis", position)
    if arg is None:
        return not calls.has_unpacking(node)
    return facts.values.literal(arg.value) == -1


def drops(facts: CoreFacts, call: cst.CSTNode, ctx: Optional[Context] = None) -> bool:
    """A dropout layer that may drop something: its `rate` is not a literal 0."""
    if not isinstance(call, cst.Call):
        return False
    return literal(facts, calls.argument_value(call, "rate", 0), ctx) != 0
