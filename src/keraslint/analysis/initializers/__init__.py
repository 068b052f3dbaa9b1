"""Initializer facts: where kernels get their initial values, and what distribution that is.

Two questions, shared by KL101-KL103:

1. *Kernel uses* (`kernel_uses`): every place a kernel initializer is given. Kernels are the
   weight matrices a layer multiplies its input by, so their distribution decides how activations
   grow from layer to layer:
   - `kernel_initializer=` on any layer call (Keras layers, user layers, wrappers),
     `recurrent_initializer=` on recurrent layers, `depthwise_initializer=` /
     `pointwise_initializer=` on separable and depthwise convolutions;
   - `add_weight(shape=..., initializer=...)` and `tf.Variable(<sampler>(shape))` in a custom
     layer, when the shape has two or more dimensions *and* the weight is multiplied
     (`tf.matmul`, `@`, `tf.nn.conv2d`, ...) somewhere in the class. Without that evidence a 2-D
     weight may be a positional table, a CLS token or a Bayesian `rho` fed to softplus.
   Not kernels: bias, `gamma`/`beta`/`moving_*`, `alpha` (PReLU) initializers, and
   `embeddings_initializer`: an embedding row is looked up, not summed over a fan-in, so its
   mean and scale do not compound through layers (`RandomNormal(stddev=1.0)` is standard there).
   An initializer passed through a builder function's parameter is followed one level to each
   caller; the finding still sits on the `kernel_initializer=` argument (the catalogue's
   primary line), once per argument however many callers pass a bad value.

2. *Distribution* (`describe`): what an initializer expression draws, through names, for
   built-ins (Keras classes and string names, TF-native `tf.random_normal_initializer` & co),
   `def`/`lambda` initializers returning a sampler (`tf.random.normal`, `np.random.random`,
   `keras.random.uniform`, `np.ones(shape) * 0.5`, ...) through simple arithmetic and wrappers
   (`tf.cast`, `.astype`, `tf.Variable`), `functools.partial` of a sampler or function, and local
   `Initializer`-like classes whose `__call__` returns a sampler (with `self.x` read from
   `__init__` and the constructor call). Anything else is `None`: the rules stay quiet.

3. *Where the kernel sits*, for the rules' exemptions: units/filters, the activation the
   layer's output goes through (its own `activation=`, recurrent layers' default `tanh`, or an
   `Activation`/`ReLU` layer right after a linear layer), the fan-in when the code states it,
   a following normalization layer, a sign constraint, and whether the layer is *hidden*
   (its output certainly reaches another kernel layer: not a head or a residual branch).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Iterator, Optional

import libcst as cst

from keraslint.analysis.calls import argument, has_unpacking
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.names import leaf
from keraslint.analysis.scopes import CLASS, FUNCTION, IMPORT, PARAM
from keraslint.analysis.values import UNKNOWN
from keraslint.analysis.walk import descendants

NORMAL = "normal"
UNIFORM = "uniform"
CONSTANT = "constant"
SCALED = "scaled"  # Glorot/He/LeCun/VarianceScaling/Orthogonal/Identity: fan-based, zero-mean

_MAX_DEPTH = 8
_TRUNCATED_STD = 0.8796  # std of a normal truncated at two standard deviations, per unit stddev


# -- the facts ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Distribution:
    """What an initializer draws. `mean`/`std` are None when only their ratio is known
    (a sampler multiplied by a run-time factor such as `np.sqrt(2 / fan_in)`)."""

    kind: str
    mean: Optional[float] = None
    std: Optional[float] = None
    low: Optional[float] = None
    high: Optional[float] = None
    ratio: Optional[float] = None  # |mean| / std, scale-free
    display: str = ""
    # The `stddev=` parameter as written (a truncated normal's real spread is 0.88x smaller):
    # thresholds users read as "stddev >= 1" compare against this.
    stddev: Optional[float] = None

    @property
    def written_std(self) -> Optional[float]:
        return self.stddev if self.stddev is not None else self.std

    @property
    def scale_known(self) -> bool:
        return self.mean is not None and self.std is not None

    def describe_mean(self) -> str:
        return _fmt(self.mean)

    def describe_values(self) -> str:
        """'mean 5 and standard deviation 0.05', for messages."""
        if self.kind == UNIFORM and self.low is not None and self.high is not None:
            return (f"a uniform range [{_fmt(self.low)}, {_fmt(self.high)}] (mean "
                    f"{_fmt(self.mean)}, standard deviation {_fmt(self.std)})")
        if self.scale_known:
            return f"mean {_fmt(self.mean)} and standard deviation {_fmt(self.std)}"
        return f"a {self.kind} distribution of run-time scale"


@dataclass(frozen=True)
class KernelUse:
    """One place a kernel gets an initializer.

    `arg` is the argument whose line is the finding's primary line; `layer` the call that owns
    the kernel (layer constructor, `add_weight`, `tf.Variable`). `units`, `activation` and
    `fan_in` are None when unknown; `activation` is a lower-case name, "linear" for none.
    """

    arg: cst.Arg
    layer: cst.Call
    layer_name: Optional[str]
    role: str  # "kernel", "recurrent", "depthwise", "pointwise", "weight" (add_weight/Variable)
    value: cst.BaseExpression
    distribution: Optional[Distribution]
    units: Optional[int] = None
    activation: Optional[str] = None
    fan_in: Optional[int] = None
    sign_constrained: bool = False  # NonNeg or an unknown kernel constraint
    hidden: bool = False  # its output certainly feeds another kernel layer
    normalized_next: bool = False  # the next layer is a BatchNormalization-like layer


def _fmt(value: Optional[float]) -> str:
    if value is None:
        return "?"
    return f"{value:.3g}"


# -- tables --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Spec:
    """A distribution-producing callable: which parameters (by position) give its values."""

    kind: str
    params: tuple[str, ...] = ()  # positional order
    first: Optional[str] = None  # mean / low / value parameter
    second: Optional[str] = None  # stddev / high parameter
    defaults: tuple[Optional[float], Optional[float]] = (None, None)
    truncated: bool = False
    varargs_shape: bool = False  # np.random.rand(*dims): every positional is a dimension


def _normal(params, mean, std, dmean=0.0, dstd=1.0, truncated=False) -> _Spec:
    return _Spec(NORMAL, tuple(params), mean, std, (dmean, dstd), truncated)


def _uniform(params, low, high, dlow=0.0, dhigh=1.0) -> _Spec:
    return _Spec(UNIFORM, tuple(params), low, high, (dlow, dhigh))


def _constant(params=(), key=None, value=0.0) -> _Spec:
    return _Spec(CONSTANT, tuple(params), key, None, (value, None))


_SCALED = _Spec(SCALED)
_KI = "keras.initializers."

# Initializer objects (called later with a shape).
INITIALIZERS: dict[str, _Spec] = {}
for _n in ("RandomNormal", "random_normal", "normal", "RandomNormalV2"):
    INITIALIZERS[_KI + _n] = _normal(("mean", "stddev", "seed"), "mean", "stddev", 0.0, 0.05)
for _n in ("TruncatedNormal", "truncated_normal", "TruncatedNormalV2"):
    INITIALIZERS[_KI + _n] = _normal(("mean", "stddev", "seed"), "mean", "stddev", 0.0, 0.05, True)
for _n in ("RandomUniform", "random_uniform", "uniform", "RandomUniformV2"):
    INITIALIZERS[_KI + _n] = _uniform(("minval", "maxval", "seed"), "minval", "maxval", -0.05, 0.05)
for _n in ("Zeros", "zeros", "zero", "ZerosV2"):
    INITIALIZERS[_KI + _n] = _constant(value=0.0)
for _n in ("Ones", "ones", "one", "OnesV2"):
    INITIALIZERS[_KI + _n] = _constant(value=1.0)
for _n in ("Constant", "constant", "ConstantV2"):
    INITIALIZERS[_KI + _n] = _constant(("value",), "value", 0.0)
for _n in ("Identity", "identity", "Orthogonal", "orthogonal", "VarianceScaling", "variance_scaling",
           "GlorotUniform", "glorot_uniform", "GlorotNormal", "glorot_normal", "HeNormal", "he_normal",
           "HeUniform", "he_uniform", "LecunNormal", "lecun_normal", "LecunUniform", "lecun_uniform",
           "STFT", "IdentityInitializer", "OrthogonalInitializer"):
    INITIALIZERS[_KI + _n] = _SCALED
INITIALIZERS.update({
    # TF 2 defaults; `tf.compat.v1` spellings keep TF 1's (stddev 1.0, uniform [0, 1)).
    "tensorflow.random_normal_initializer": _normal(("mean", "stddev", "seed"), "mean", "stddev", 0.0, 0.05),
    "tensorflow.random_uniform_initializer": _uniform(("minval", "maxval", "seed"), "minval", "maxval", -0.05, 0.05),
    "tensorflow.compat.v1.random_normal_initializer": _normal(("mean", "stddev", "seed"), "mean", "stddev"),
    "tensorflow.compat.v1.truncated_normal_initializer": _normal(("mean", "stddev", "seed"), "mean", "stddev", truncated=True),
    "tensorflow.truncated_normal_initializer": _normal(("mean", "stddev", "seed"), "mean", "stddev", truncated=True),
    "tensorflow.compat.v1.random_uniform_initializer": _uniform(("minval", "maxval", "seed"), "minval", "maxval"),
    "tensorflow.constant_initializer": _constant(("value",), "value"),
    "tensorflow.compat.v1.constant_initializer": _constant(("value",), "value"),
    "tensorflow.zeros_initializer": _constant(),
    "tensorflow.compat.v1.zeros_initializer": _constant(),
    "tensorflow.ones_initializer": _constant(value=1.0),
    "tensorflow.compat.v1.ones_initializer": _constant(value=1.0),
})
for _n in ("glorot_uniform_initializer", "glorot_normal_initializer", "orthogonal_initializer",
           "variance_scaling_initializer", "he_normal", "he_uniform", "lecun_normal", "lecun_uniform"):
    INITIALIZERS["tensorflow." + _n] = _SCALED
    INITIALIZERS["tensorflow.compat.v1." + _n] = _SCALED

# String identifiers accepted by `keras.initializers.get`.
STRING_INITIALIZERS: dict[str, _Spec] = {
    name.lower(): INITIALIZERS[_KI + name]
    for name in ("random_normal", "normal", "truncated_normal", "random_uniform", "uniform", "zeros",
                 "zero", "ones", "one", "constant", "identity", "orthogonal", "variance_scaling",
                 "glorot_uniform", "glorot_normal", "he_normal", "he_uniform", "lecun_normal",
                 "lecun_uniform", "RandomNormal", "TruncatedNormal", "RandomUniform", "Zeros", "Ones",
                 "Constant", "Identity", "Orthogonal", "VarianceScaling", "GlorotUniform",
                 "GlorotNormal", "HeNormal", "HeUniform", "LecunNormal", "LecunUniform")
}

# Samplers: calls that return an array drawn from a distribution (first parameter: the shape).
_TF_NORMAL = _normal(("shape", "mean", "stddev"), "mean", "stddev")
_TF_TRUNC = _normal(("shape", "mean", "stddev"), "mean", "stddev", truncated=True)
_TF_UNIFORM = _uniform(("shape", "minval", "maxval"), "minval", "maxval")
_NP_UNIT_UNIFORM = _uniform(("size",), None, None)
_NP_STD_NORMAL = _normal(("size",), None, None)
SAMPLERS: dict[str, _Spec] = {
    "numpy.random.random": _NP_UNIT_UNIFORM,
    "numpy.random.random_sample": _NP_UNIT_UNIFORM,
    "numpy.random.sample": _NP_UNIT_UNIFORM,
    "numpy.random.ranf": _NP_UNIT_UNIFORM,
    "numpy.random.rand": replace(_NP_UNIT_UNIFORM, varargs_shape=True),
    "numpy.random.uniform": _uniform(("low", "high", "size"), "low", "high"),
    "numpy.random.normal": _normal(("loc", "scale", "size"), "loc", "scale"),
    "numpy.random.randn": replace(_NP_STD_NORMAL, varargs_shape=True),
    "numpy.random.standard_normal": _NP_STD_NORMAL,
    "numpy.ones": _constant(("shape",), None, 1.0),
    "numpy.zeros": _constant(("shape",), None, 0.0),
    "numpy.full": _constant(("shape", "fill_value"), "fill_value"),
    "keras.backend.random_normal": _TF_NORMAL,
    "keras.backend.truncated_normal": _TF_TRUNC,
    "keras.backend.random_uniform": _TF_UNIFORM,
    "keras.backend.random_normal_variable": _normal(("shape", "mean", "scale"), "mean", "scale", None, None),
    "keras.backend.random_uniform_variable": _uniform(("shape", "low", "high"), "low", "high", None, None),
    "keras.backend.ones": _constant(("shape",), None, 1.0),
    "keras.backend.zeros": _constant(("shape",), None, 0.0),
    "keras.random.normal": _TF_NORMAL,
    "keras.random.truncated_normal": _TF_TRUNC,
    "keras.random.uniform": _TF_UNIFORM,
    "keras.ops.ones": _constant(("shape",), None, 1.0),
    "keras.ops.zeros": _constant(("shape",), None, 0.0),
    "keras.ops.full": _constant(("shape", "fill_value"), "fill_value"),
    "tensorflow.fill": _constant(("dims", "value"), "value"),
}
for _prefix in ("tensorflow.", "tensorflow.compat.v1.", "tensorflow.compat.v1.random.", "tensorflow.random."):
    SAMPLERS[_prefix + "random_normal"] = _TF_NORMAL
    SAMPLERS[_prefix + "truncated_normal"] = _TF_TRUNC
    SAMPLERS[_prefix + "random_uniform"] = _TF_UNIFORM
SAMPLERS.update({
    "tensorflow.random.normal": _TF_NORMAL,
    "tensorflow.random.uniform": _TF_UNIFORM,
    "tensorflow.compat.v1.random.normal": _TF_NORMAL,
    "tensorflow.compat.v1.random.uniform": _TF_UNIFORM,
    "tensorflow.ones": _constant(("shape",), None, 1.0),
    "tensorflow.zeros": _constant(("shape",), None, 0.0),
})
# Methods of `np.random.default_rng()` / `np.random.RandomState()` objects.
_RNG_FACTORIES = {"numpy.random.default_rng", "numpy.random.RandomState", "numpy.random.Generator"}
_RNG_METHODS = {m: SAMPLERS["numpy.random." + m] for m in
                ("random", "random_sample", "rand", "uniform", "normal", "randn", "standard_normal")}

# Calls that pass their first argument's values through unchanged.
_WRAPPERS = {
    "tensorflow.cast", "tensorflow.Variable", "tensorflow.convert_to_tensor", "tensorflow.identity",
    "tensorflow.constant", "numpy.asarray", "numpy.array", "numpy.float32", "numpy.float64",
    "keras.backend.cast", "keras.backend.variable", "keras.backend.constant", "keras.ops.cast",
    "keras.ops.convert_to_tensor", "keras.Variable", "keras.backend.cast_to_floatx",
}
_PASSTHROUGH_METHODS = {"astype", "numpy"}

# -- layers --------------------------------------------------------------------------------------
_KL = "keras.layers."
_DENSE = {_KL + n for n in ("Dense",)}
_CONV = {_KL + n: d for n, d in (
    ("Conv1D", 1), ("Conv2D", 2), ("Conv3D", 3), ("Convolution1D", 1), ("Convolution2D", 2),
    ("Convolution3D", 3), ("Conv1DTranspose", 1), ("Conv2DTranspose", 2), ("Conv3DTranspose", 3),
    ("Convolution2DTranspose", 2), ("Convolution3DTranspose", 3), ("SeparableConv1D", 1),
    ("SeparableConv2D", 2), ("SeparableConvolution1D", 1), ("SeparableConvolution2D", 2),
    ("LocallyConnected1D", 1), ("LocallyConnected2D", 2),
)}
_DEPTHWISE = {_KL + n: d for n, d in (("DepthwiseConv1D", 1), ("DepthwiseConv2D", 2))}
_SEPARABLE = {_KL + n for n in ("SeparableConv1D", "SeparableConv2D", "SeparableConvolution1D",
                                "SeparableConvolution2D")}
_RNN = {_KL + n for n in ("SimpleRNN", "LSTM", "GRU", "SimpleRNNCell", "LSTMCell", "GRUCell",
                          "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D", "CuDNNLSTM", "CuDNNGRU")}
_UNIT_LAYERS = _DENSE | set(_CONV) | _RNN  # first positional parameter is units / filters
_DEFAULT_LINEAR = _DENSE | set(_CONV) | set(_DEPTHWISE)
_LAYERS_WITH_KERNEL = _UNIT_LAYERS | set(_DEPTHWISE) | {
    _KL + n for n in ("EinsumDense", "MultiHeadAttention", "Attention", "AdditiveAttention")}
_ROLE_KEYWORDS = {"kernel_initializer": "kernel", "recurrent_initializer": "recurrent",
                  "depthwise_initializer": "depthwise", "pointwise_initializer": "pointwise"}

_ACTIVATION_LAYERS = {_KL + "ReLU": "relu", _KL + "LeakyReLU": "leaky_relu", _KL + "PReLU": "prelu",
                      _KL + "ELU": "elu", _KL + "Softmax": "softmax",
                      _KL + "ThresholdedReLU": "thresholded_relu"}
_ACTIVATION_ALIASES = {"swish": "silu", "hard_swish": "hard_silu", "leakyrelu": "leaky_relu"}
_INPUTS = {"keras.Input", "keras.layers.InputLayer"}
_PASS_THROUGH_LAYERS = {_KL + n for n in (
    "Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianNoise",
    "GaussianDropout", "AlphaDropout", "Flatten", "Reshape", "Permute", "RepeatVector",
    "MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "AveragePooling1D", "AveragePooling2D",
    "AveragePooling3D", "MaxPool1D", "MaxPool2D", "MaxPool3D", "AvgPool1D", "AvgPool2D", "AvgPool3D",
    "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalAveragePooling3D",
    "GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalMaxPooling3D", "GlobalAvgPool1D",
    "GlobalAvgPool2D", "GlobalMaxPool1D", "GlobalMaxPool2D", "ZeroPadding1D", "ZeroPadding2D",
    "ZeroPadding3D", "UpSampling1D", "UpSampling2D", "UpSampling3D", "Cropping1D", "Cropping2D",
    "Cropping3D", "Masking")}
_NORMALIZATIONS = {_KL + n for n in ("BatchNormalization", "LayerNormalization", "GroupNormalization",
                                     "UnitNormalization", "SyncBatchNormalization")}
_MATMUL = {
    "tensorflow.matmul", "tensorflow.linalg.matmul", "tensorflow.tensordot", "tensorflow.einsum",
    "tensorflow.linalg.einsum", "tensorflow.nn.conv1d", "tensorflow.nn.conv2d", "tensorflow.nn.conv3d",
    "tensorflow.nn.conv2d_transpose", "tensorflow.nn.conv1d_transpose", "tensorflow.nn.conv3d_transpose",
    "tensorflow.nn.depthwise_conv2d", "tensorflow.nn.separable_conv2d", "tensorflow.nn.convolution",
    "tensorflow.nn.xw_plus_b", "tensorflow.compat.v1.matmul", "keras.backend.dot",
    "keras.backend.batch_dot", "keras.backend.conv1d", "keras.backend.conv2d", "keras.backend.conv3d",
    "keras.ops.matmul", "keras.ops.dot", "keras.ops.einsum", "keras.ops.tensordot", "keras.ops.conv",
    "keras.ops.conv_transpose", "keras.ops.depthwise_conv", "numpy.dot", "numpy.matmul",
}
# Activation functions applied as ops in a custom layer's `call` (by leaf name, under these).
_ACTIVATION_OP_PREFIXES = ("tensorflow.nn.", "tensorflow.math.", "tensorflow.", "keras.activations.",
                           "keras.ops.", "keras.backend.")
_ACTIVATION_OPS = {"relu", "relu6", "leaky_relu", "elu", "selu", "gelu", "silu", "swish", "mish",
                   "softplus", "softsign", "tanh", "sigmoid", "hard_sigmoid", "softmax",
                   "log_softmax", "hard_silu", "hard_swish", "log_sigmoid"}
_BIAS_ADDS = {"tensorflow.nn.bias_add", "tensorflow.add", "tensorflow.math.add", "keras.ops.add",
              "keras.backend.bias_add"}
_SIGN_FREE_CONSTRAINTS = {"keras.constraints." + n for n in (
    "MaxNorm", "max_norm", "maxnorm", "UnitNorm", "unit_norm", "unitnorm", "MinMaxNorm",
    "min_max_norm", "RadialConstraint", "radial_constraint")}
_SIGN_FREE_CONSTRAINT_STRINGS = {"max_norm", "unit_norm", "min_max_norm", "radial_constraint",
                                 "maxnorm", "unitnorm"}
_LAYER_BASES = {"keras.layers.Layer", "keras.Model", "tensorflow.Module", "keras.layers.Wrapper",
                "keras.layers.AbstractRNNCell"}


@dataclass
class _Context:
    """Substitutions for names a describing walk cannot resolve alone.

    `env` maps parameters (by node identity) to the expressions a call passes for them;
    `instance` is (class, constructor call) while reading an initializer object's `__call__`.
    """

    env: dict[int, Optional[cst.BaseExpression]] = field(default_factory=dict)
    instance: Optional[tuple[cst.ClassDef, Optional[cst.Call]]] = None
    depth: int = 0

    def deeper(self, **changes) -> "_Context":
        return replace(self, depth=self.depth + 1, **changes)


_ROOT = _Context()


class InitializerFacts:
    def __init__(self, facts: CoreFacts) -> None:
        self.facts = facts
        self.values = facts.values
        self._multiplied_cache: dict[int, set[str]] = {}

    # -- public ----------------------------------------------------------------------------------
    @cached_property
    def kernel_uses(self) -> list[KernelUse]:
        """Every kernel initializer use in the file, in source order, one per argument and value."""
        uses: dict[tuple[int, int], KernelUse] = {}
        for use in list(self._layer_uses()) + list(self._weight_uses()):
            key = (id(use.arg), id(use.value))  # a builder's argument: one use per value passed
            seen = uses.get(key)
            # A builder's caller is also an unknown callee with `kernel_initializer=`: keep the
            # use that knows the layer the initializer reaches.
            if seen is None or (seen.layer_name not in _LAYERS_WITH_KERNEL
                                and use.layer_name in _LAYERS_WITH_KERNEL):
                uses[key] = use
        return list(uses.values())

    def describe(self, expr: Optional[cst.BaseExpression]) -> Optional[Distribution]:
        """The distribution an initializer expression draws, or None when not certain."""
        dist = self._describe(expr, _ROOT)
        if dist is not None and expr is not None:
            dist = replace(dist, display=self._display(expr))
        return dist

    def activation_name(self, expr: Optional[cst.BaseExpression]) -> Optional[str]:
        """'relu', 'linear', ... for an `activation=` value; None when unknown."""
        return self._activation(expr, _ROOT)

    # -- describing initializers -----------------------------------------------------------------
    def _describe(self, expr: Optional[cst.BaseExpression], ctx: _Context) -> Optional[Distribution]:
        if ctx.depth > _MAX_DEPTH:
            return None
        target = self._resolve(expr, ctx)
        if target is None:
            return None
        text = self.values.string(target) if isinstance(
            target, (cst.SimpleString, cst.ConcatenatedString)) else None
        if text is not None:
            spec = STRING_INITIALIZERS.get(text.lower())
            return None if spec is None else self._from_spec(spec, None, ctx)
        if isinstance(target, cst.Lambda):
            return self._sample(target.body, ctx.deeper())
        if isinstance(target, cst.Call):
            return self._describe_call(target, ctx)
        local = self._local_definition(target)
        if isinstance(local, cst.FunctionDef):
            return self._describe_function(local, ctx.deeper(env=dict(ctx.env)))
        name = self.facts.qualified_name(target)
        if name in INITIALIZERS:  # a class passed uncalled: Keras instantiates it
            return self._from_spec(INITIALIZERS[name], None, ctx)
        if name in SAMPLERS:  # `kernel_initializer=tf.random.normal`
            return self._from_spec(SAMPLERS[name], None, ctx)
        return None

    def _describe_call(self, call: cst.Call, ctx: _Context) -> Optional[Distribution]:
        name = self.facts.call_name(call)
        if name in INITIALIZERS:
            return self._from_spec(INITIALIZERS[name], _Bound.of(call), ctx)
        if name == "keras.initializers.get" and call.args:
            return self._describe(call.args[0].value, ctx.deeper())
        if name == "functools.partial" and call.args and not call.args[0].star:
            return self._describe_partial(call, ctx)
        local = self._local_definition(call.func)
        if isinstance(local, cst.ClassDef):
            return self._describe_instance(local, call, ctx)
        if isinstance(local, cst.FunctionDef):  # a factory: `kernel_initializer=make_init(5.0)`
            env = dict(ctx.env)
            env.update(self._call_env(local, call, is_method=False))
            return self._same(self._describe(v, ctx.deeper(env=env))
                              for v in self.facts.returned_values(local))
        return None

    def _describe_partial(self, call: cst.Call, ctx: _Context) -> Optional[Distribution]:
        bound = _Bound.of(call, skip=1, shape_last=True)
        func = self._resolve(call.args[0].value, ctx)
        name = self.facts.qualified_name(func)
        if name in SAMPLERS:
            return self._from_spec(SAMPLERS[name], bound, ctx)
        local = self._local_definition(func)
        if isinstance(local, cst.FunctionDef) and len(bound.positional) == 1:
            env = dict(ctx.env)
            for param in _params(local):
                if param.name.value in bound.keywords:
                    env[id(param)] = bound.keywords[param.name.value]
            return self._describe_function(local, ctx.deeper(env=env))
        return None

    def _describe_instance(self, cls: cst.ClassDef, call: cst.Call, ctx: _Context) -> Optional[Distribution]:
        method = _method(cls, "__call__")
        if method is None:
            return None
        return self._describe_function(method, ctx.deeper(instance=(cls, call)))

    def _describe_function(self, function: cst.FunctionDef, ctx: _Context) -> Optional[Distribution]:
        return self._same(self._sample(value, ctx) for value in self.facts.returned_values(function))

    @staticmethod
    def _same(found) -> Optional[Distribution]:
        """The one distribution every `return` agrees on (None if any differs or is unknown)."""
        found = list(found)
        if not found or any(d is None for d in found) or any(d != found[0] for d in found[1:]):
            return None
        return found[0]

    # -- describing sampled arrays (bodies of custom initializers) --------------------------------
    def _sample(self, expr: Optional[cst.BaseExpression], ctx: _Context) -> Optional[Distribution]:
        if ctx.depth > _MAX_DEPTH:
            return None
        target = self._resolve(expr, ctx)
        if isinstance(target, cst.BinaryOperation):
            return self._arithmetic(target, ctx)
        if isinstance(target, cst.UnaryOperation) and isinstance(target.operator, cst.Minus):
            inner = self._sample(target.expression, ctx.deeper())
            return None if inner is None else _scaled(inner, -1.0)
        if not isinstance(target, cst.Call):
            return None
        return self._sample_call(target, ctx)

    def _sample_call(self, call: cst.Call, ctx: _Context) -> Optional[Distribution]:
        name = self.facts.call_name(call)
        if name in SAMPLERS:
            return self._from_spec(SAMPLERS[name], _Bound.of(call), ctx)
        if name in _WRAPPERS and call.args and not call.args[0].star:
            first = call.args[0]
            if first.keyword is None or first.keyword.value in ("x", "value", "initial_value", "object", "a"):
                return self._sample(first.value, ctx.deeper())
            return None
        if isinstance(call.func, cst.Attribute):
            method = call.func.attr.value
            if method in _PASSTHROUGH_METHODS:
                return self._sample(call.func.value, ctx.deeper())
            if method in _RNG_METHODS and self._is_rng(call.func.value, ctx):
                return self._from_spec(_RNG_METHODS[method], _Bound.of(call), ctx)
        # `init(shape)` where `init` is itself an initializer (object, class or function).
        return self._describe(call.func, ctx.deeper())

    def _is_rng(self, expr: cst.BaseExpression, ctx: _Context) -> bool:
        target = self._resolve(expr, ctx)
        if isinstance(target, cst.Call):
            return self.facts.call_name(target) in _RNG_FACTORIES
        return self.facts.qualified_name(target) == "numpy.random"

    def _arithmetic(self, op: cst.BinaryOperation, ctx: _Context) -> Optional[Distribution]:
        left = self._sample(op.left, ctx.deeper())
        right = self._sample(op.right, ctx.deeper()) if left is None else None
        if (left is None) == (right is None):
            return None
        dist = left or right
        other = op.right if left is not None else op.left
        number = self._number(other, ctx)
        operator = op.operator
        if isinstance(operator, cst.Multiply):
            return _scaled(dist, number)
        if isinstance(operator, cst.Divide) and left is not None:
            return _scaled(dist, None if number is None else (1.0 / number if number else None),
                           zero_ok=False)
        if isinstance(operator, (cst.Add, cst.Subtract)) and number is not None:
            if isinstance(operator, cst.Subtract):
                if left is not None:
                    number = -number
                else:
                    dist = _scaled(dist, -1.0)
            return _shifted(dist, number)
        return None

    # -- specs and bound arguments ---------------------------------------------------------------
    def _from_spec(self, spec: _Spec, bound: Optional["_Bound"], ctx: _Context) -> Optional[Distribution]:
        if spec.kind == SCALED:
            return Distribution(SCALED, mean=0.0, ratio=0.0)
        first = self._param(spec, spec.first, 0, bound, ctx)
        second = self._param(spec, spec.second, 1, bound, ctx)
        if spec.kind == CONSTANT:
            if first is UNKNOWN:
                return None
            return Distribution(CONSTANT, mean=first, std=0.0, low=first, high=first)
        if first is UNKNOWN or second is UNKNOWN:
            return None
        if spec.kind == NORMAL:
            return _normal_dist(first, abs(second) * (_TRUNCATED_STD if spec.truncated else 1.0),
                                abs(second))
        return _uniform_dist(first, second)

    def _param(self, spec: _Spec, key: Optional[str], which: int, bound: Optional["_Bound"],
               ctx: _Context):
        """A spec parameter's number: passed, else the default; UNKNOWN when it cannot be read."""
        default = spec.defaults[which]
        if key is None:
            return default if default is not None else UNKNOWN
        if bound is not None:
            if bound.unpacked:
                return UNKNOWN
            expr = bound.get(key, spec.params.index(key))
            if expr is not None:
                if self._is_none(expr, ctx):
                    return default if default is not None else UNKNOWN
                value = self._number(expr, ctx)
                return UNKNOWN if value is None else value
        return default if default is not None else UNKNOWN

    def _is_none(self, expr: cst.BaseExpression, ctx: _Context) -> bool:
        target = self._resolve(expr, ctx)
        return isinstance(target, cst.Name) and target.value == "None"

    # -- names, numbers and self attributes -------------------------------------------------------
    def _resolve(self, expr: Optional[cst.BaseExpression], ctx: _Context) -> Optional[cst.BaseExpression]:
        """Follow names (and `self.x` of an initializer object) to the expression they stand for."""
        for _ in range(_MAX_DEPTH):
            if isinstance(expr, cst.Name):
                binding = self.values.binding_of(expr)
                if binding is None:
                    return expr if expr.value in ("None", "True", "False") else None
                if binding.kind == PARAM and id(binding.node) in ctx.env:
                    expr = ctx.env[id(binding.node)]
                    continue
                value = self.values.binding_value(binding)
                if value is None:
                    return expr if binding.kind in (IMPORT, FUNCTION, CLASS) else None
                expr = value
                continue
            if _is_self_attribute(expr) and ctx.instance is not None:
                found = self._instance_attribute(expr.attr.value, ctx)  # type: ignore[union-attr]
                if found is None:
                    return None
                expr, ctx = found
                continue
            return expr
        return None

    def _instance_attribute(self, attr: str, ctx: _Context):
        """`self.attr` of an object built by `ctx.instance`'s constructor call, with its env."""
        cls, call = ctx.instance  # type: ignore[misc]
        assigned = _self_assignments(cls).get(attr)
        if assigned is None or len(assigned) != 1:
            return None
        method, value = assigned[0]
        if method.name.value != "__init__":
            return None
        env = dict(ctx.env)
        env.update(self._call_env(method, call, is_method=True))
        return value, replace(ctx, env=env, instance=None)

    def _call_env(self, function: cst.FunctionDef, call: Optional[cst.Call], is_method: bool
                  ) -> dict[int, Optional[cst.BaseExpression]]:
        """What each parameter of `function` receives from `call` (None: unknown)."""
        params = _params(function)
        if is_method and params and params[0].name.value in ("self", "cls"):
            params = params[1:]
        env: dict[int, Optional[cst.BaseExpression]] = {}
        positional = [a for a in call.args if a.keyword is None] if call is not None else []
        keywords = {a.keyword.value: a for a in call.args if a.keyword is not None} if call else {}
        unpacked = call is not None and has_unpacking(call)
        for i, param in enumerate(params):
            if param.name.value in keywords:
                env[id(param)] = keywords[param.name.value].value
            elif i < len(positional) and param in function.params.params + function.params.posonly_params:
                env[id(param)] = positional[i].value
            elif unpacked:
                env[id(param)] = None
            else:
                env[id(param)] = param.default
        return env

    def _number(self, expr: Optional[cst.BaseExpression], ctx: _Context) -> Optional[float]:
        target = self._resolve(expr, ctx)
        if target is None:
            return None
        if isinstance(target, cst.UnaryOperation) and isinstance(target.operator, cst.Minus):
            inner = self._number(target.expression, ctx)
            return None if inner is None else -inner
        if isinstance(target, cst.Call) and self.facts.call_name(target) in ("float", "numpy.float32"):
            return self._number(target.args[0].value, ctx) if len(target.args) == 1 else None
        if isinstance(target, cst.BinaryOperation) and ctx.env:
            left, right = self._number(target.left, ctx), self._number(target.right, ctx)
            if left is None or right is None:
                return None
            try:
                return {cst.Add: left + right, cst.Subtract: left - right,
                        cst.Multiply: left * right}.get(type(target.operator),
                        left / right if isinstance(target.operator, cst.Divide) and right else None)
            except ArithmeticError:
                return None
        return self.values.number(target)

    def _local_definition(self, expr: Optional[cst.BaseExpression]):
        if isinstance(expr, (cst.FunctionDef, cst.ClassDef)):
            return expr
        return self.facts.definition(expr)

    def _display(self, expr: cst.BaseExpression) -> str:
        text = self.facts.module.code_for_node(expr).strip()
        if isinstance(expr, cst.Name):
            target = self.values.resolve(expr)
            if isinstance(target, cst.Call):
                shown = self.facts.module.code_for_node(target).strip()
                if len(shown) <= 60 and "\n" not in shown:
                    return f"{text} = {shown}"
        text = " ".join(text.split())
        return text if len(text) <= 70 else text[:67] + "..."

    # -- kernel uses: layer constructors -------------------------------------------------------
    def _layer_uses(self) -> Iterator[KernelUse]:
        for call in self.facts.index.calls:
            keywords = {a.keyword.value: a for a in call.args if a.keyword is not None}
            if not any(k in keywords for k in _ROLE_KEYWORDS):
                continue
            name = self.facts.call_name(call)
            for keyword, role in _ROLE_KEYWORDS.items():
                arg = keywords.get(keyword)
                if arg is None or not self._has_role(name, role):
                    continue
                yield from self._uses_of(arg, call, name, role)

    def _has_role(self, layer: Optional[str], role: str) -> bool:
        if role == "kernel":
            return True
        if role == "recurrent":
            return layer in _RNN
        if role == "pointwise":
            return layer in _SEPARABLE
        return layer in _SEPARABLE or layer in _DEPTHWISE

    def _uses_of(self, arg: cst.Arg, call: cst.Call, name: Optional[str], role: str) -> Iterator[KernelUse]:
        """The use at `arg`, or (when `arg` is a builder's parameter) one use per caller."""
        param = self._enclosing_param(arg.value, call)
        if param is None:
            yield self._make_use(arg, call, name, role, arg.value, self.describe(arg.value))
            return
        function, p = param
        defaulted = False
        for caller in self.values.callers(function.name.value):
            if has_unpacking(caller):
                continue
            passed = self._argument_for(caller, function, p)
            if passed is None:
                defaulted = True
            else:  # the catalogue's primary line stays the `kernel_initializer=` argument
                yield self._make_use(arg, call, name, role, passed.value, self.describe(passed.value))
        if (defaulted or not self.values.callers(function.name.value)) and p.default is not None:
            yield self._make_use(arg, call, name, role, p.default, self.describe(p.default))

    def _enclosing_param(self, expr: cst.BaseExpression, call: cst.Call):
        """(function, param) when `expr` is a parameter of the function around `call`."""
        if not isinstance(expr, cst.Name):
            return None
        binding = self.values.binding_of(expr)
        if binding is None or binding.kind != PARAM:
            return None
        function = self.facts.index.enclosing_function.get(call)
        if function is None or not any(p is binding.node for p in _params(function)):
            return None
        if self.values.param_value(binding.node) is not None:
            return None  # no caller passes it: the default is the value, read at the layer
        return function, binding.node

    def _argument_for(self, caller: cst.Call, function: cst.FunctionDef, param: cst.Param) -> Optional[cst.Arg]:
        positional = list(function.params.posonly_params) + list(function.params.params)
        index = next((i for i, p in enumerate(positional) if p is param), None)
        if index is not None and isinstance(caller.func, cst.Attribute) and positional \
                and positional[0].name.value in ("self", "cls"):
            index -= 1
        return argument(caller, param.name.value, index)

    def _make_use(self, arg: cst.Arg, call: cst.Call, name: Optional[str], role: str,
                  value: cst.BaseExpression, dist: Optional[Distribution]) -> KernelUse:
        known = name in _LAYERS_WITH_KERNEL
        units = self._units(call, name) if known else None
        fan_in = self._fan_in(call, name, role, units) if known else None
        return KernelUse(
            arg=arg, layer=call, layer_name=name, role=role, value=value, distribution=dist,
            units=units, activation=self._layer_activation(call, name) if known else None,
            fan_in=fan_in, sign_constrained=self._sign_constrained(call, "kernel_constraint")
            if role == "kernel" else False,
            hidden=self._feeds_kernel(call), normalized_next=self._normalized_next(call),
        )

    def _units(self, call: cst.Call, name: Optional[str]) -> Optional[int]:
        if name not in _UNIT_LAYERS:
            return None
        keyword = "filters" if name in _CONV or name.startswith(_KL + "ConvLSTM") else "units"
        return self._int_over_callers(argument(call, keyword, 0), call)

    def _int_over_callers(self, arg: Optional[cst.Arg], call: cst.Call) -> Optional[int]:
        """An integer argument; through a builder's parameter, the smallest any caller passes."""
        if arg is None:
            return None
        value = self.values.number(arg.value)
        if value is not None:
            return int(value)
        param = self._enclosing_param(arg.value, call)
        if param is None:
            cls = self._method_owner(call)
            return None if cls is None else self._dimension(arg.value, cls)
        function, p = param
        found = []
        for caller in self.values.callers(function.name.value):
            passed = self._argument_for(caller, function, p)
            number = self.values.number(passed.value if passed else p.default)
            if has_unpacking(caller) or number is None:
                return None
            found.append(int(number))
        return min(found) if found else None

    def _layer_activation(self, call: cst.Call, name: Optional[str]) -> Optional[str]:
        arg = argument(call, "activation", 1 if name in _DENSE else None)
        if arg is not None:
            own = self._activation(arg.value, _ROOT)
        elif has_unpacking(call):
            return None
        elif name in _RNN:
            return "tanh"
        elif name in _DEFAULT_LINEAR:
            own = "linear"
        else:
            return None
        if own == "linear":
            following = self._following_activation(call)
            if following is not None:
                return following
        return own

    def _activation(self, expr: Optional[cst.BaseExpression], ctx: _Context) -> Optional[str]:
        target = self._resolve(expr, ctx)
        if target is None:
            return None
        if isinstance(target, cst.Name) and target.value == "None":
            return "linear"
        if isinstance(target, (cst.SimpleString, cst.ConcatenatedString)):
            text = self.values.string(target)
            return None if text is None else _ACTIVATION_ALIASES.get(text.lower(), text.lower())
        if isinstance(target, cst.Call):
            name = self.facts.call_name(target)
            if name in _ACTIVATION_LAYERS:
                return _ACTIVATION_LAYERS[name]
            if name in ("keras.layers.Activation", "keras.activations.get") and target.args:
                return self._activation(target.args[0].value, ctx)
            return None
        name = self.facts.qualified_name(target)
        if name is None:
            return None
        if name.startswith(("keras.activations.", "tensorflow.nn.", "tensorflow.math.", "keras.ops.")) \
                or name in ("tensorflow.tanh", "tensorflow.sigmoid"):
            short = leaf(name) or ""
            return _ACTIVATION_ALIASES.get(short, short)
        return None

    # -- where a layer sits: Sequential lists, model.add, functional applications ----------------
    @cached_property
    def _sequential_slots(self) -> dict[int, "_Slot"]:
        """Each layer call in a `Sequential([...])` list or a `model.add` chain, with its neighbours."""
        lists: list[list[cst.BaseExpression]] = []
        for seq in self.facts.calls_to("keras.Sequential"):
            layers = argument(seq, "layers", 0)
            listed = self.values.resolve(layers.value) if layers is not None else None
            if isinstance(listed, (cst.List, cst.Tuple)) and not any(
                    isinstance(e, cst.StarredElement) for e in listed.elements):
                lists.append([e.value for e in listed.elements])
        chains: dict[tuple[int, str], list[cst.BaseExpression]] = {}
        for add in self.facts.method_calls("add"):
            owner = add.func.value  # type: ignore[attr-defined]
            if isinstance(owner, cst.Name) and len(add.args) == 1 and not add.args[0].star:
                scope = id(self.facts.index.call_scopes.get(add))
                chains.setdefault((scope, owner.value), []).append(add.args[0].value)
        table: dict[int, _Slot] = {}
        for items in lists + list(chains.values()):
            for i, item in enumerate(items):
                table.setdefault(id(item), _Slot(items[i - 1] if i else None, tuple(items[i + 1:])))
        return table

    @cached_property
    def _applications(self) -> dict[int, cst.Call]:
        """Layer constructor call -> the call applying it to a tensor: `Dense(4)` -> `Dense(4)(x)`."""
        return {id(c.func): c for c in self.facts.index.calls if isinstance(c.func, cst.Call)}

    @cached_property
    def _consumers(self) -> dict[int, list[cst.Call]]:
        """Application call -> layer applications that take its result as first input."""
        table: dict[int, list[cst.Call]] = {}
        for call in self._applications.values():
            if call.args and not call.args[0].star:
                source = self.values.resolve(call.args[0].value)
                if isinstance(source, cst.Call):
                    table.setdefault(id(source), []).append(call)
        return table

    def _following_activation(self, call: cst.Call) -> Optional[str]:
        """A linear layer's activation applied by the very next layer (`Activation("relu")`)."""
        following = self._next_layer(call)
        return None if following is None else self._activation_layer(following)

    def _next_layer(self, call: cst.Call) -> Optional[cst.Call]:
        slot = self._sequential_slots.get(id(call))
        if slot is not None:
            following = slot.later[0] if slot.later else None
            return following if isinstance(following, cst.Call) else None
        application = self._applications.get(id(call))
        consumers = self._consumers.get(id(application), []) if application is not None else []
        return consumers[0].func if len(consumers) == 1 else None  # type: ignore[return-value]

    def _normalized_next(self, call: cst.Call) -> bool:
        following = self._next_layer(call)
        return following is not None and self.facts.call_name(following) in _NORMALIZATIONS

    def _activation_layer(self, layer: cst.BaseExpression) -> Optional[str]:
        if not isinstance(layer, cst.Call):
            return None
        name = self.facts.call_name(layer)
        if name in _ACTIVATION_LAYERS or name == "keras.layers.Activation":
            return self._activation(layer, _ROOT)
        return None

    def _feeds_kernel(self, call: cst.Call, depth: int = 0) -> bool:
        """The layer's output certainly reaches another kernel layer: it is a hidden layer.

        Through activation, dropout, normalization, pooling and reshaping layers only; an
        `Add`/`Concatenate`, a model output or a builder's return value stops the search, so
        zero-initialized heads and residual branches (Fixup, Glow) are not hidden layers.
        """
        slot = self._sequential_slots.get(id(call))
        if slot is not None:
            return any(isinstance(item, cst.Call) and self.facts.call_name(item) in _LAYERS_WITH_KERNEL
                       for item in slot.later)
        application = self._applications.get(id(call))
        if application is None or depth > _MAX_DEPTH:
            return False
        if id(application) in self._loop_fed:
            return True
        for consumer in self._consumers.get(id(application), []):
            name = self.facts.call_name(consumer.func)  # type: ignore[arg-type]
            if name in _LAYERS_WITH_KERNEL:
                return True
            if name in _PASS_THROUGH_LAYERS or name in _NORMALIZATIONS or name in _ACTIVATION_LAYERS \
                    or name == "keras.layers.Activation":
                if self._feeds_kernel(consumer.func, depth + 1):  # type: ignore[arg-type]
                    return True
        return False

    @cached_property
    def _loop_fed(self) -> set[int]:
        """Applications whose result certainly enters a kernel layer through a loop:

            x = Dense(64, ...)(inputs)
            for units in sizes:
                x = Dense(units, ...)(x)
            outputs = Dense(1)(x)

        Neither later read of `x` has a single reaching binding, but together they are certain:
        the loop's first iteration reads the first `x`, and if the loop runs zero times the
        statement after it does. Only this exact shape: consecutive statements, a `for` without
        `else` whose target does not rebind `x`, and kernel layers at both reads (after the
        loop, as the statement's value or a call argument in it: `return Model(i, Dense(1)(x))`).
        """
        found: set[int] = set()
        for node in descendants(self.facts.module):
            body = node.body if isinstance(node, (cst.Module, cst.IndentedBlock)) else None
            if not isinstance(body, (list, tuple)):
                continue
            for first, loop, after in zip(body, body[1:], body[2:]):
                assigned = _simple_assignment(first)
                if assigned is None or not isinstance(loop, cst.For) or loop.orelse is not None:
                    continue
                name, application = assigned
                if isinstance(application, cst.Call) and id(application) in self._application_ids \
                        and self._loop_reads_first(loop, name) \
                        and any(self._kernel_reads(part, name)
                                for part in _eager_parts(_statement_value(after))):
                    found.add(id(application))
        return found

    @cached_property
    def _application_ids(self) -> set[int]:
        return {id(c) for c in self._applications.values()}

    def _loop_reads_first(self, loop: cst.For, name: str) -> bool:
        """The loop's first statement is `name = KernelLayer(...)(name)`, and nothing in the
        loop header rebinds `name`."""
        if any(isinstance(n, cst.Name) and n.value == name for n in descendants(loop.target)) \
                or any(isinstance(n, cst.NamedExpr) for n in descendants(loop.iter)):
            return False
        if not isinstance(loop.body, cst.IndentedBlock) or not loop.body.body:
            return False
        assigned = _simple_assignment(loop.body.body[0])
        return assigned is not None and assigned[0] == name and self._kernel_reads(assigned[1], name)

    def _kernel_reads(self, value: Optional[cst.BaseExpression], name: str) -> bool:
        """`value` is `KernelLayer(...)(name, ...)`."""
        if not isinstance(value, cst.Call) or not isinstance(value.func, cst.Call) or not value.args:
            return False
        first = value.args[0]
        return (first.keyword is None and not first.star and isinstance(first.value, cst.Name)
                and first.value.value == name
                and self.facts.call_name(value.func) in _LAYERS_WITH_KERNEL)

    def _fan_in(self, call: cst.Call, name: Optional[str], role: str, units: Optional[int]) -> Optional[int]:
        if role == "recurrent":
            return units
        features = self._input_features(call)
        if role == "pointwise" or name in _DENSE or (
                name in _RNN and not name.startswith(_KL + "ConvLSTM")):
            return features
        dims = _CONV.get(name) or _DEPTHWISE.get(name)  # type: ignore[arg-type]
        area = self._kernel_area(call, dims) if dims is not None else None
        if area is None or (features is None and role != "depthwise"):
            return None
        return area if role == "depthwise" else area * features  # type: ignore[operator]

    def _kernel_area(self, call: cst.Call, dims: int) -> Optional[int]:
        arg = argument(call, "kernel_size", 1 if argument(call, "filters", 0) is not None
                       or len([a for a in call.args if a.keyword is None]) > 1 else 0)
        size = self.values.literal(arg.value) if arg is not None else UNKNOWN
        if isinstance(size, int) and not isinstance(size, bool):
            return size ** dims
        if isinstance(size, (tuple, list)) and all(isinstance(s, int) for s in size):
            return math.prod(size)
        return None

    def _input_features(self, call: cst.Call) -> Optional[int]:
        """The size of the last axis of the layer's input, when the code states it."""
        own = self._declared_features(call)
        if own is not None:
            return own
        slot = self._sequential_slots.get(id(call))
        if slot is not None:
            return self._output_features(slot.previous)
        application = self._applications.get(id(call))
        if application is None or not application.args:
            return None
        return self._output_features(self.values.resolve(application.args[0].value))

    def _declared_features(self, call: cst.Call) -> Optional[int]:
        dim = argument(call, "input_dim")
        if dim is not None:
            value = self.values.number(dim.value)
            return None if value is None else int(value)
        for keyword in ("input_shape", "shape", "batch_input_shape", "batch_shape"):
            arg = argument(call, keyword, 0 if keyword == "shape" and
                           self.facts.call_name(call) in _INPUTS else None)
            if arg is not None:
                shape = self.values.literal(arg.value)
                if isinstance(shape, int) and not isinstance(shape, bool):
                    return shape
                if isinstance(shape, (tuple, list)) and shape and isinstance(shape[-1], int):
                    return shape[-1]
                return None
        return None

    def _output_features(self, producer: Optional[cst.BaseExpression]) -> Optional[int]:
        if not isinstance(producer, cst.Call):
            return None
        layer = producer.func if isinstance(producer.func, cst.Call) else producer
        name = self.facts.call_name(layer)  # type: ignore[arg-type]
        if name in _INPUTS:
            return self._declared_features(layer)  # type: ignore[arg-type]
        if name in _UNIT_LAYERS:
            return self._units(layer, name)  # type: ignore[arg-type]
        return None

    def _sign_constrained(self, call: cst.Call, keyword: str) -> bool:
        """A constraint that may keep weights positive (NonNeg, or one we cannot read)."""
        arg = argument(call, keyword)
        if arg is None:
            return has_unpacking(call)
        target = self.values.resolve(arg.value)
        if isinstance(target, cst.Name) and target.value == "None":
            return False
        if isinstance(target, (cst.SimpleString, cst.ConcatenatedString)):
            return (self.values.string(target) or "").lower() not in _SIGN_FREE_CONSTRAINT_STRINGS
        name = self.facts.call_name(target) if isinstance(target, cst.Call) else None
        return name not in _SIGN_FREE_CONSTRAINTS

    # -- kernel uses: add_weight and tf.Variable in custom layers --------------------------------
    def _weight_uses(self) -> Iterator[KernelUse]:
        for call in self.facts.method_calls("add_weight") + self.facts.method_calls("add_variable"):
            initializer = argument(call, "initializer")
            shape = argument(call, "shape")
            if shape is None and call.args and call.args[0].keyword is None and not call.args[0].star:
                shape = call.args[0]
            if initializer is None or shape is None:
                continue
            yield from self._weight_use(call, initializer, shape.value,
                                        self.describe(initializer.value), "constraint")
        for call in self.facts.calls_to("tensorflow.Variable", "tensorflow.compat.v1.Variable"):
            initial = argument(call, "initial_value", 0)
            if initial is None:
                continue
            value = self.values.resolve(initial.value)
            shape = self._sampled_shape(value)
            if shape is None:
                continue
            dist = self._sample(initial.value, _ROOT)
            if dist is not None:
                dist = replace(dist, display=self._display(initial.value))
            yield from self._weight_use(call, initial, shape, dist, "constraint")

    def _weight_use(self, call: cst.Call, arg: cst.Arg, shape: cst.BaseExpression,
                    dist: Optional[Distribution], constraint: str) -> Iterator[KernelUse]:
        cls = self._owning_layer_class(call)
        if cls is None:
            return
        dims = self._shape_dims(shape)
        if dims is None or len(dims) < 2 or not self._multiplied(call, cls):
            return
        units = self._dimension(dims[-1], cls)
        inputs = [self._dimension(d, cls) for d in dims[:-1]]
        fan_in = math.prod(inputs) if all(i is not None for i in inputs) else None  # type: ignore[arg-type]
        yield KernelUse(arg=arg, layer=call, layer_name=self.facts.call_name(call), role="weight",
                        value=arg.value, distribution=dist, units=units,
                        activation=self._weight_activation(call, cls),
                        fan_in=fan_in, sign_constrained=self._sign_constrained(call, constraint),
                        hidden=self._weight_is_hidden(call, cls))

    def _weight_activation(self, call: cst.Call, cls: cst.ClassDef) -> Optional[str]:
        """The activation the layer's `call` applies to every product with this weight.

        Certain only in two shapes: the activation op wraps the product directly
        (`tf.nn.relu(x @ self.w + self.b)`), or `call` has a single `return act(z)` where `z`
        certainly stands for the product (`z = tf.matmul(x, self.w) + self.b`). Every product
        of the weight in the class must be in `call` and agree; otherwise None.
        """
        attr = _assigned_attribute(cls, call)
        method = _method(cls, "call") or _method(cls, "__call__")
        if attr is None or method is None:
            return None
        inside = {id(n) for n in descendants(method)}
        products = [p for p, attrs in _products(self.facts, cls) if attr in attrs]
        if not products or any(id(p) not in inside for p in products):
            return None
        found = {self._product_activation(p, method, cls) for p in products}
        return found.pop() if len(found) == 1 else None

    def _product_activation(self, product: cst.BaseExpression, method: cst.FunctionDef,
                            cls: cst.ClassDef) -> Optional[str]:
        for node in descendants(method):
            if isinstance(node, cst.Call) and node.args and self._pre_activation(
                    node.args[0], product, follow=False):
                name = self._activation_op(node, cls)
                if name is not None:
                    return name
        returned = self.facts.returned_values(method)
        if len(returned) != 1:
            return None
        value = self.values.resolve(returned[0])
        if isinstance(value, cst.Call) and value.args and self._pre_activation(
                value.args[0], product, follow=True):
            return self._activation_op(value, cls)
        return None

    def _pre_activation(self, arg: cst.Arg, product: cst.BaseExpression, follow: bool) -> bool:
        """`arg` is the first positional argument and is the product, possibly plus a bias
        (`+ self.b`, `tf.nn.bias_add(..., self.b)`); `follow` also follows local names."""
        return arg.keyword is None and not arg.star and self._reaches(arg.value, product, follow, 0)

    def _reaches(self, expr: Optional[cst.BaseExpression], product: cst.BaseExpression,
                 follow: bool, depth: int) -> bool:
        if follow:
            expr = self.values.resolve(expr)
        if expr is product:
            return True
        if expr is None or depth > _MAX_DEPTH:
            return False
        if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Add):
            pairs = [(expr.left, expr.right), (expr.right, expr.left)]
        elif isinstance(expr, cst.Call) and self.facts.call_name(expr) in _BIAS_ADDS \
                and len(expr.args) == 2 and not has_unpacking(expr):
            pairs = [(expr.args[0].value, expr.args[1].value)]
        else:
            return False
        return any(self._is_bias(bias, follow) and self._reaches(inner, product, follow, depth + 1)
                   for inner, bias in pairs)

    def _is_bias(self, expr: cst.BaseExpression, follow: bool) -> bool:
        return _is_self_attribute(self.values.resolve(expr) if follow else expr)

    def _activation_op(self, call: cst.Call, cls: cst.ClassDef) -> Optional[str]:
        """'relu' for `tf.nn.relu(...)`, `keras.ops.relu(...)`, ...; for `self.activation(...)`,
        the activation every instance of the class in the file gives that attribute."""
        if _is_self_attribute(call.func):
            return self._attribute_activation(call.func.attr.value, cls)  # type: ignore[union-attr]
        name = self.facts.call_name(call)
        short = leaf(name) if name and name.startswith(_ACTIVATION_OP_PREFIXES) else None
        if short not in _ACTIVATION_OPS:
            return None
        return _ACTIVATION_ALIASES.get(short, short)  # type: ignore[arg-type]

    def _attribute_activation(self, attr: str, cls: cst.ClassDef) -> Optional[str]:
        if not self._attribute_set_only_in_init(cls, attr):
            return None
        found = set()
        for instance in self._certain_instances(cls):
            assigned = self._instance_attribute(attr, _Context(instance=(cls, instance)))
            found.add(None if assigned is None else self._activation(*assigned))
        return found.pop() if len(found) == 1 else None

    def _weight_is_hidden(self, call: cst.Call, cls: cst.ClassDef) -> bool:
        """A custom layer whose every instance feeds a kernel layer, or a weight of a model class
        that is not the last one it multiplies (W1 of W1, W2)."""
        if self.facts.class_bases(cls) & {"keras.Model", "tensorflow.Module"}:
            multiplied = self._multiplied_attributes(cls)
            weights = [attr for attr, assignments in _self_assignments(cls).items()
                       if attr in multiplied and any(isinstance(v, cst.Call) for _, v in assignments)]
            return len(weights) > 1 and weights[-1] != _assigned_attribute(cls, call)
        instances = self._instances(cls)
        return bool(instances) and all(self._feeds_kernel(i) for i in instances)

    def _sampled_shape(self, value: Optional[cst.BaseExpression]) -> Optional[cst.BaseExpression]:
        """The shape argument of `tf.random.normal([a, b])` or `init(shape=(a, b))`."""
        while isinstance(value, cst.Call) and self.facts.call_name(value) in _WRAPPERS and value.args:
            value = self.values.resolve(value.args[0].value)
        if not isinstance(value, cst.Call):
            return None
        name = self.facts.call_name(value)
        spec = SAMPLERS.get(name) if name else None
        if spec is not None and spec.params and not spec.varargs_shape:
            arg = argument(value, spec.params[0], 0)
            return None if arg is None else arg.value
        arg = argument(value, "shape", 0)
        return None if arg is None else arg.value

    def _shape_dims(self, shape: cst.BaseExpression) -> Optional[list[cst.BaseExpression]]:
        target = self.values.resolve(shape)
        if isinstance(target, (cst.Tuple, cst.List)) and not any(
                isinstance(e, cst.StarredElement) for e in target.elements):
            return [e.value for e in target.elements]
        return None

    def _dimension(self, expr: cst.BaseExpression, cls: cst.ClassDef) -> Optional[int]:
        """A size: a number, or `self.units` / `self.hidden[0]` set from the constructor, read
        for every instance of the class in the file (the smallest one; None if any is unknown)."""
        value = self.values.number(expr)
        if value is not None:
            return int(value)
        index = _literal_index(expr)
        attribute = expr.value if index is not None else expr  # type: ignore[union-attr]
        if not _is_self_attribute(attribute) or not self._attribute_set_only_in_init(
                cls, attribute.attr.value):  # type: ignore[union-attr]
            return None
        sizes = []
        for instance in self._certain_instances(cls):
            found = self._instance_attribute(attribute.attr.value, _Context(instance=(cls, instance)))  # type: ignore[union-attr]
            if found is not None and index is not None:
                found = self._element(found[0], index, found[1])
            number = None if found is None else self._number(*found)
            if number is None:
                return None
            sizes.append(int(number))
        return min(sizes) if sizes else None

    def _element(self, expr: cst.BaseExpression, index: int, ctx: _Context):
        """`expr[index]` for a tuple or list display, with the context to read it in."""
        container = self._resolve(expr, ctx)
        if not isinstance(container, (cst.Tuple, cst.List)) or any(
                isinstance(e, cst.StarredElement) for e in container.elements):
            return None
        if not -len(container.elements) <= index < len(container.elements):
            return None
        return container.elements[index].value, ctx

    def _certain_instances(self, cls: cst.ClassDef) -> list[cst.Call]:
        """The class's constructor calls, when they are all its instances in the file: a local
        subclass may pass its own constructor arguments, so then there are none."""
        if any(self.facts.definition(base.value) is cls
               for others in self.facts.index.classes.values() for other in others
               for base in other.bases):
            return []
        return self._instances(cls)

    def _attribute_set_only_in_init(self, cls: cst.ClassDef, attr: str) -> bool:
        """`self.attr` is assigned once, in `__init__`, and never from outside (`obj.attr = ...`)
        nor changed in place through a method (`self.hidden.append(...)`)."""
        assigned = _self_assignments(cls).get(attr)
        if assigned is None or len(assigned) != 1 or assigned[0][0].name.value != "__init__":
            return False
        return attr not in self._attributes_set_or_mutated(cls)

    def _attributes_set_or_mutated(self, cls: cst.ClassDef) -> set[str]:
        """Attribute names assigned on a non-`self` object anywhere in the file, or whose
        `self.x` value has a method called on it inside the class."""
        found = set(self._foreign_attribute_targets)
        for node in descendants(cls):
            if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) \
                    and _is_self_attribute(node.func.value):
                found.add(node.func.value.attr.value)  # type: ignore[attr-defined]
            for target in _assign_targets(node):
                if isinstance(target, cst.Subscript) and _is_self_attribute(target.value):
                    found.add(target.value.attr.value)  # type: ignore[attr-defined]
        return found

    @cached_property
    def _foreign_attribute_targets(self) -> frozenset[str]:
        names = set()
        for node in descendants(self.facts.module):
            for target in _assign_targets(node):
                for part in descendants(target):
                    if isinstance(part, cst.Attribute) and not _is_self_attribute(part):
                        names.add(part.attr.value)
        return frozenset(names)

    def _instances(self, cls: cst.ClassDef) -> list[cst.Call]:
        """Constructor calls of a local class, found once per file."""
        return self._instances_by_class.get(id(cls), [])

    @cached_property
    def _instances_by_class(self) -> dict[int, list[cst.Call]]:
        table: dict[int, list[cst.Call]] = {}
        for call in self.facts.index.calls:
            if isinstance(call.func, cst.Name) and call.func.value in self.facts.index.classes:
                cls = self.facts.definition(call.func)
                if isinstance(cls, cst.ClassDef):
                    table.setdefault(id(cls), []).append(call)
        return table

    def _method_owner(self, call: cst.Call) -> Optional[cst.ClassDef]:
        """The class of the instance method (first parameter `self`) `call` sits in."""
        function = self.facts.index.enclosing_function.get(call)
        cls = self.facts.index.enclosing_class.get(function) if function is not None else None
        if cls is None or any(isinstance(d.decorator, cst.Name) and d.decorator.value in (
                "staticmethod", "classmethod") for d in function.decorators):  # type: ignore[union-attr]
            return None
        params = list(function.params.posonly_params) + list(function.params.params)  # type: ignore[union-attr]
        return cls if params and params[0].name.value == "self" else None

    def _owning_layer_class(self, call: cst.Call) -> Optional[cst.ClassDef]:
        function = self.facts.index.enclosing_function.get(call)
        cls = self.facts.index.enclosing_class.get(function) if function is not None else None
        if cls is None or not (self.facts.class_bases(cls) & _LAYER_BASES):
            return None
        return cls

    def _multiplied(self, call: cst.Call, cls: cst.ClassDef) -> bool:
        """The weight is stored as `self.w` and `self.w` is multiplied somewhere in the class."""
        attr = _assigned_attribute(cls, call)
        return attr is not None and attr in self._multiplied_attributes(cls)

    def _multiplied_attributes(self, cls: cst.ClassDef) -> set[str]:
        if id(cls) not in self._multiplied_cache:
            self._multiplied_cache[id(cls)] = _matmul_operands(self.facts, cls)
        return self._multiplied_cache[id(cls)]


@dataclass(frozen=True)
class _Slot:
    """A layer's place in a Sequential list or `model.add` chain."""

    previous: Optional[cst.BaseExpression]
    later: tuple[cst.BaseExpression, ...]


# -- distributions -------------------------------------------------------------------------------
def _normal_dist(mean: float, std: float, stddev: Optional[float] = None) -> Distribution:
    """`stddev` is the parameter as written, when truncation makes the real spread smaller."""
    if std == 0:
        return Distribution(CONSTANT, mean=mean, std=0.0, low=mean, high=mean)
    return Distribution(NORMAL, mean=mean, std=std, ratio=abs(mean) / std,
                        stddev=std if stddev is None else stddev)


def _uniform_dist(low: float, high: float) -> Distribution:
    low, high = min(low, high), max(low, high)
    if low == high:
        return Distribution(CONSTANT, mean=low, std=0.0, low=low, high=low)
    mean, std = (low + high) / 2, (high - low) / math.sqrt(12)
    return Distribution(UNIFORM, mean=mean, std=std, low=low, high=high, ratio=abs(mean) / std)


def _scaled(dist: Distribution, factor: Optional[float], zero_ok: bool = True) -> Optional[Distribution]:
    """`dist * factor`; an unknown factor keeps the kind and the mean/spread ratio only."""
    if factor is None:
        if dist.kind == CONSTANT:
            return Distribution(CONSTANT)
        return Distribution(dist.kind, ratio=dist.ratio)
    if factor == 0:
        return Distribution(CONSTANT, mean=0.0, std=0.0, low=0.0, high=0.0) if zero_ok else None
    if not dist.scale_known:
        return dist
    low = dist.low * factor if dist.low is not None else None
    high = dist.high * factor if dist.high is not None else None
    if low is not None and high is not None and low > high:
        low, high = high, low
    return replace(dist, mean=dist.mean * factor, std=dist.std * abs(factor), low=low, high=high)


def _shifted(dist: Distribution, offset: float) -> Optional[Distribution]:
    if not dist.scale_known:
        return None
    mean = dist.mean + offset
    low = dist.low + offset if dist.low is not None else None
    high = dist.high + offset if dist.high is not None else None
    ratio = abs(mean) / dist.std if dist.std else None
    return replace(dist, mean=mean, low=low, high=high, ratio=ratio)


# -- argument binding ----------------------------------------------------------------------------
@dataclass
class _Bound:
    """Arguments a spec receives: from a call, or a `partial` plus the shape Keras passes later."""

    positional: list[Optional[cst.BaseExpression]]
    keywords: dict[str, cst.BaseExpression]
    unpacked: bool = False

    @classmethod
    def of(cls, call: cst.Call, skip: int = 0, shape_last: bool = False) -> "_Bound":
        args = list(call.args)[skip:]
        positional = [a.value for a in args if a.keyword is None and not a.star]
        if shape_last:
            positional.append(_SHAPE)  # Keras calls `initializer(shape, dtype=...)`
        keywords = {a.keyword.value: a.value for a in args if a.keyword is not None}
        return cls(positional, keywords, any(a.star for a in args))

    def get(self, key: str, index: int) -> Optional[cst.BaseExpression]:
        """The expression passed for parameter `key` at `index`; None when not passed."""
        if key in self.keywords:
            return self.keywords[key]
        return self.positional[index] if index < len(self.positional) else None


# Stands for the run-time shape argument: it resolves to nothing, so reading it as a number fails.
_SHAPE = cst.Name("__keraslint_shape__")


# -- small syntax helpers ------------------------------------------------------------------------
def _params(function: cst.FunctionDef) -> list[cst.Param]:
    p = function.params
    return list(p.posonly_params) + list(p.params) + list(p.kwonly_params)


def _method(cls: cst.ClassDef, name: str) -> Optional[cst.FunctionDef]:
    found = [s for s in cls.body.body if isinstance(s, cst.FunctionDef) and s.name.value == name]
    return found[0] if len(found) == 1 else None


def _is_self_attribute(expr: Optional[cst.BaseExpression]) -> bool:
    return (isinstance(expr, cst.Attribute) and isinstance(expr.value, cst.Name)
            and expr.value.value == "self")


def _self_assignments(cls: cst.ClassDef) -> dict[str, list[tuple[cst.FunctionDef, cst.BaseExpression]]]:
    """`self.x = value` statements in the class's methods, by attribute name."""
    found: dict[str, list] = {}
    for statement in cls.body.body:
        if isinstance(statement, cst.FunctionDef):
            for node in descendants(statement.body):
                for attr, value in _self_targets(node):
                    found.setdefault(attr, []).append((statement, value))
    return found


def _self_targets(node: cst.CSTNode) -> Iterator[tuple[str, Optional[cst.BaseExpression]]]:
    if isinstance(node, cst.Assign):
        for target in node.targets:
            yield from _self_target(target.target, node.value)
    elif isinstance(node, cst.AnnAssign):
        yield from _self_target(node.target, node.value)
    elif isinstance(node, cst.AugAssign):
        yield from _self_target(node.target, None)


def _self_target(target: cst.BaseExpression, value: Optional[cst.BaseExpression]):
    if _is_self_attribute(target):
        yield target.attr.value, value  # type: ignore[attr-defined]
    elif isinstance(target, (cst.Tuple, cst.List)):
        for element in target.elements:
            yield from _self_target(element.value, None)


def _simple_assignment(statement: cst.CSTNode) -> Optional[tuple[str, cst.BaseExpression]]:
    """(name, value) for a statement line that is only `name = value`."""
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return None
    assign = statement.body[0]
    if not isinstance(assign, cst.Assign) or len(assign.targets) != 1:
        return None
    target = assign.targets[0].target
    return (target.value, assign.value) if isinstance(target, cst.Name) else None


def _statement_value(statement: cst.CSTNode) -> Optional[cst.BaseExpression]:
    """The expression a one-statement line evaluates: `y = <value>`, `return <value>`, `<value>`."""
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return None
    small = statement.body[0]
    if isinstance(small, (cst.Assign, cst.AnnAssign, cst.Return, cst.Expr)):
        return small.value
    return None


def _eager_parts(expr: Optional[cst.BaseExpression], depth: int = 0) -> Iterator[cst.BaseExpression]:
    """`expr` and the call arguments and list/tuple items inside it: the parts certainly
    evaluated with it (not lambda bodies, conditional branches or `and`/`or` operands)."""
    if expr is None or depth > _MAX_DEPTH:
        return
    yield expr
    if isinstance(expr, cst.Call):
        items = [a.value for a in expr.args if not a.star]
    elif isinstance(expr, (cst.Tuple, cst.List)):
        items = [e.value for e in expr.elements if not isinstance(e, cst.StarredElement)]
    else:
        return
    for item in items:
        yield from _eager_parts(item, depth + 1)


def _assign_targets(node: cst.CSTNode) -> list[cst.BaseExpression]:
    if isinstance(node, cst.Assign):
        return [t.target for t in node.targets]
    if isinstance(node, (cst.AnnAssign, cst.AugAssign)):
        return [node.target]
    return []


def _literal_index(expr: cst.BaseExpression) -> Optional[int]:
    """`k` for `value[k]` with a literal integer `k` (possibly negative)."""
    if not isinstance(expr, cst.Subscript) or len(expr.slice) != 1:
        return None
    index = expr.slice[0].slice
    if not isinstance(index, cst.Index) or index.star is not None:
        return None
    value = index.value
    sign = 1
    if isinstance(value, cst.UnaryOperation) and isinstance(value.operator, cst.Minus):
        value, sign = value.expression, -1
    return sign * int(value.evaluated_value) if isinstance(value, cst.Integer) else None


def _assigned_attribute(cls: cst.ClassDef, call: cst.Call) -> Optional[str]:
    for attr, assignments in _self_assignments(cls).items():
        if any(value is call for _, value in assignments):
            return attr
    return None


def _matmul_operands(facts: CoreFacts, cls: cst.ClassDef) -> set[str]:
    """Names of `self.x` attributes used as an operand of `@` or a matmul/conv call."""
    return {attr for _, attrs in _products(facts, cls) for attr in attrs}


def _products(facts: CoreFacts, cls: cst.ClassDef) -> Iterator[tuple[cst.BaseExpression, set[str]]]:
    """Each `@` or matmul/conv call in the class, with the `self.x` attributes among its operands."""
    for node in descendants(cls):
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.MatrixMultiply):
            operands = [node.left, node.right]
        elif isinstance(node, cst.Call) and facts.call_name(node) in _MATMUL:
            operands = [arg.value for arg in node.args]
        else:
            continue
        attributes = set()
        for expr in operands:
            while isinstance(expr, cst.Call) and facts.call_name(expr) in _WRAPPERS and expr.args:
                expr = expr.args[0].value
            if _is_self_attribute(expr):
                attributes.add(expr.attr.value)  # type: ignore[attr-defined]
        if attributes:
            yield node, attributes


# -- judgements shared by the rules --------------------------------------------------------------
OFF_CENTER_RATIO = 1.0  # |mean| >= std: the rank-one mean part of a kernel outweighs its noise
OFF_CENTER_MIN_MEAN = 1e-3


def is_off_center(dist: Optional[Distribution], ratio: float = OFF_CENTER_RATIO,
                  min_abs_mean: float = OFF_CENTER_MIN_MEAN) -> bool:
    """A distribution whose mean is at least `ratio` times its spread: a non-zero constant
    (no spread at all), or a random one.

    Why `ratio` 1: an n x m kernel with mean mu and noise sigma has a rank-one part of norm
    mu*sqrt(n*m) and a random part of norm about sigma*(sqrt(n) + sqrt(m)); at mu >= sigma the
    rank-one part dominates in every layer wider than a handful of units.
    """
    if dist is not None and dist.kind == CONSTANT:
        return dist.mean is not None and abs(dist.mean) >= min_abs_mean
    if dist is None or dist.kind not in (NORMAL, UNIFORM) or dist.ratio is None:
        return False
    if dist.mean is not None and abs(dist.mean) < min_abs_mean:
        return False
    return dist.ratio >= ratio


def format_ratio(ratio: float) -> str:
    return f"{ratio:.0f}" if ratio >= 10 else f"{ratio:.1f}"
