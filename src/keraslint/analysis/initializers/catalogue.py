"""The catalogue of initializers and samplers: which callables draw which distribution.

`INITIALIZERS` are initializer objects and functions called later with a shape (Keras classes
and string names, TF-native `tf.random_normal_initializer` & co); `SAMPLERS` are calls that
return an array drawn from a distribution (`tf.random.normal(shape)`, `np.random.rand(*dims)`);
each `Spec` says which parameters give the distribution's values and their defaults.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Optional

from keraslint.analysis.initializers.distributions import CONSTANT, NORMAL, SCALED, UNIFORM


@dataclass(frozen=True)
class Spec:
    """A distribution-producing callable: which parameters (by position) give its values."""

    kind: str
    params: tuple[str, ...] = ()  # positional order
    first: Optional[str] = None  # mean / low / value parameter
    second: Optional[str] = None  # stddev / high parameter
    defaults: tuple[Optional[float], Optional[float]] = (None, None)
    truncated: bool = False
    varargs_shape: bool = False  # np.random.rand(*dims): every positional is a dimension


def _normal(params, mean, std, dmean=0.0, dstd=1.0, truncated=False) -> Spec:
    return Spec(NORMAL, tuple(params), mean, std, (dmean, dstd), truncated)


def _uniform(params, low, high, dlow=0.0, dhigh=1.0) -> Spec:
    return Spec(UNIFORM, tuple(params), low, high, (dlow, dhigh))


def _constant(params=(), key=None, value=0.0) -> Spec:
    return Spec(CONSTANT, tuple(params), key, None, (value, None))


_SCALED = Spec(SCALED)
_KI = "keras.initializers."

# Initializer objects (called later with a shape).
INITIALIZERS: dict[str, Spec] = {}
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
STRING_INITIALIZERS: dict[str, Spec] = {
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
SAMPLERS: dict[str, Spec] = {
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
RNG_FACTORIES = {"numpy.random.default_rng", "numpy.random.RandomState", "numpy.random.Generator"}
RNG_METHODS = {m: SAMPLERS["numpy.random." + m] for m in
                ("random", "random_sample", "rand", "uniform", "normal", "randn", "standard_normal")}

# Calls that pass their first argument's values through unchanged.
WRAPPERS = {
    "tensorflow.cast", "tensorflow.Variable", "tensorflow.convert_to_tensor", "tensorflow.identity",
    "tensorflow.constant", "numpy.asarray", "numpy.array", "numpy.float32", "numpy.float64",
    "keras.backend.cast", "keras.backend.variable", "keras.backend.constant", "keras.ops.cast",
    "keras.ops.convert_to_tensor", "keras.Variable", "keras.backend.cast_to_floatx",
}
PASSTHROUGH_METHODS = {"astype", "numpy"}
