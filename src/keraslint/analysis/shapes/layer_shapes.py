"""What one Keras layer does to the shape of its input: `output_shape(layer, inputs)`.

Each rule reads the layer's arguments as Keras binds them (keyword or position, defaults when
absent, unknown under `**kwargs`) and follows Keras 3's own shape arithmetic, channels-last
unless `data_format="channels_first"` is stated. A layer this module does not know (custom
layers, `Lambda`, hub layers) has an unknown output; so has a known layer whose arguments the
code does not fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.layers import Context
from keraslint.analysis.shapes.dims import (
    Dim,
    Evaluator,
    Shape,
    conv_length,
    is_int,
    merge_dims,
    product,
    transpose_length,
)
from keraslint.analysis.values import UNKNOWN

_ABSENT: Any = object()


@dataclass(frozen=True)
class Args:
    """A layer construction's arguments, read as Keras binds them."""

    evaluator: Evaluator
    call: cst.Call
    ctx: Optional[Context]

    def get(self, keyword: str, position: Optional[int] = None, default: Any = _ABSENT) -> Any:
        arg = calls.argument(self.call, keyword, position)
        if arg is None:
            if calls.has_unpacking(self.call) or default is _ABSENT:
                return UNKNOWN
            return default
        return self.evaluator.value(arg.value, self.ctx)

    def given(self, keyword: str, position: Optional[int] = None) -> bool:
        return calls.argument(self.call, keyword, position) is not None

    def ints(self, keyword: str, position: Optional[int], default: Any, n: int
             ) -> Optional[tuple[int, ...]]:
        """An int-or-tuple argument (`kernel_size=3`, `strides=(2, 2)`) as n ints."""
        value = self.get(keyword, position, default)
        if is_int(value):
            return (value,) * n
        if isinstance(value, (tuple, list)) and len(value) == n and all(is_int(v) for v in value):
            return tuple(value)
        return None

    def string(self, keyword: str, position: Optional[int], default: Optional[str]
               ) -> Optional[str]:
        value = self.get(keyword, position, default)
        if value is None:
            return default
        return value.lower() if isinstance(value, str) else None


Rule = Callable[[Args, list[Shape], str], Shape]


def output_shape(kind: str, args: Args, inputs: list[Shape]) -> Shape:
    """The output shape of layer `kind` built with `args` and applied to `inputs`."""
    rule = _RULES.get(kind)
    if rule is None:
        return None
    try:
        return rule(args, inputs, kind)
    except (ArithmeticError, ValueError, TypeError, IndexError):
        return None


def spatial_rank(kind: str) -> Optional[int]:
    """1, 2 or 3 for `Conv2D`, `MaxPooling1D`, `GlobalAveragePooling3D`...; None otherwise."""
    for n in (1, 2, 3):
        if kind.endswith(f"{n}D") or kind.endswith(f"{n}DTranspose"):
            return n
    return None


def channels_first(args: Args, position: Optional[int]) -> Optional[bool]:
    """`data_format="channels_first"`: True; channels-last (the default): False; None unknown."""
    value = args.get("data_format", position, None)
    if value is None:
        return False
    if isinstance(value, str):
        return value.lower() == "channels_first"
    return None


def split_spatial(shape: Shape, n: int, first: Optional[bool]
                  ) -> Optional[tuple[Dim, list[Dim], Dim]]:
    """(batch, spatial dims, channels) of a rank-(n+2) input, or None; with an unknown data
    format only the batch dimension is known."""
    if shape is None or len(shape) != n + 2:
        return None
    if first is None:
        return shape[0], [None] * n, None
    if first:
        return shape[0], list(shape[2:]), shape[1]
    return shape[0], list(shape[1:-1]), shape[-1]


def join_spatial(batch: Dim, spatial: list[Dim], channels: Dim, first: Optional[bool]
                 ) -> Shape:
    if first is None:  # the data format is unknown: only the rank is
        return (batch, *([None] * (len(spatial) + 1)))
    if first:
        return (batch, channels, *spatial)
    return (batch, *spatial, channels)


# -- rules -------------------------------------------------------------------------------------
def _single(inputs: list[Shape]) -> Shape:
    return inputs[0] if len(inputs) == 1 else None


def _preserve(args: Args, inputs: list[Shape], kind: str) -> Shape:
    return _single(inputs)


def _dense(args: Args, inputs: list[Shape], kind: str) -> Shape:
    shape = _single(inputs)
    units = args.get("units", 0)
    if shape is None or len(shape) < 2:
        return None
    return shape[:-1] + ((units if is_int(units) else None),)


# Positions of (strides, padding, data_format, dilation_rate) after the first argument(s).
_CONV_POSITIONS = {"conv": (2, 3, 4, 5), "depthwise": (1, 2, 4, 5), "transpose": (2, 3, 5, 6)}


def _conv(args: Args, inputs: list[Shape], kind: str) -> Shape:
    n = spatial_rank(kind)
    style = ("transpose" if kind.endswith("Transpose")
             else "depthwise" if kind.startswith("Depthwise") else "conv")
    strides_at, padding_at, format_at, dilation_at = _CONV_POSITIONS[style]
    first = channels_first(args, format_at)
    parts = split_spatial(_single(inputs), n or 0, first)
    if n is None or parts is None:
        return None
    batch, spatial, channels = parts
    kernel_at = 0 if style == "depthwise" else 1
    kernel = args.ints("kernel_size", kernel_at, _ABSENT, n)
    strides = args.ints("strides", strides_at, 1, n)
    dilation = args.ints("dilation_rate", dilation_at, 1, n)
    padding = args.string("padding", padding_at, "valid")
    if kernel is None or strides is None or dilation is None or padding is None:
        out_spatial: list[Dim] = [None] * n
    elif style == "transpose":
        output_padding = args.ints("output_padding", 4, None, n) if args.get(
            "output_padding", 4, None) is not None else None
        out_spatial = [transpose_length(d, k, s, padding, None if output_padding is None
                                        else output_padding[i], r)
                       for i, (d, k, s, r) in enumerate(zip(spatial, kernel, strides, dilation))]
    else:
        out_spatial = [conv_length(d, k, s, padding, r)
                       for d, k, s, r in zip(spatial, kernel, strides, dilation)]
    if style == "depthwise":
        multiplier = args.get("depth_multiplier", 3, 1)
        filters = channels * multiplier if channels is not None and is_int(multiplier) else None
    else:
        value = args.get("filters", 0)
        filters = value if is_int(value) else None
    return join_spatial(batch, out_spatial, filters, first)


def _pool(args: Args, inputs: list[Shape], kind: str) -> Shape:
    n = spatial_rank(kind)
    first = channels_first(args, 3)
    parts = split_spatial(_single(inputs), n or 0, first)
    if n is None or parts is None:
        return None
    batch, spatial, channels = parts
    pool = args.ints("pool_size", 0, 2, n)
    strides_given = args.get("strides", 1, None)
    strides = pool if strides_given is None else args.ints("strides", 1, None, n)
    padding = args.string("padding", 2, "valid")
    if pool is None or strides is None or padding is None:
        return join_spatial(batch, [None] * n, channels, first)
    out = [conv_length(d, p, s, padding) for d, p, s in zip(spatial, pool, strides)]
    return join_spatial(batch, out, channels, first)


def _global_pool(args: Args, inputs: list[Shape], kind: str) -> Shape:
    n = spatial_rank(kind)
    first = channels_first(args, 0)
    parts = split_spatial(_single(inputs), n or 0, bool(first))
    if n is None or first is None or parts is None:
        return None
    batch, _, channels = parts
    keepdims = args.get("keepdims", 1, False)
    if keepdims is True:
        return join_spatial(batch, [1] * n, channels, bool(first))
    return (batch, channels) if keepdims is False else None


def _flatten(args: Args, inputs: list[Shape], kind: str) -> Shape:
    shape = _single(inputs)
    if shape is None or len(shape) < 2:
        return None
    return (shape[0], product(shape[1:]))


def _reshape(args: Args, inputs: list[Shape], kind: str) -> Shape:
    shape = _single(inputs)
    target = args.get("target_shape", 0)
    if not isinstance(target, tuple) or not all(is_int(d) and d >= -1 for d in target):
        return None
    batch = shape[0] if shape is not None else None
    if -1 in target:
        if target.count(-1) > 1:
            return None
        size = product(shape[1:]) if shape is not None else None
        known = product(tuple(d for d in target if d != -1))
        fill = size // known if size is not None and known else None
        target = tuple(fill if d == -1 else d for d in target)
    return (batch, *target)


def _embedding(args: Args, inputs: list[Shape], kind: str) -> Shape:
    shape = _single(inputs)
    dim = args.get("output_dim", 1)
    if shape is None:
        return None
    return shape + ((dim if is_int(dim) else None),)


def _rnn(args: Args, inputs: list[Shape], kind: str) -> Shape:
    shape = _single(inputs)
    if shape is None or len(shape) != 3:
        return None
    if args.get("return_state", None, False) is not False:
        return None  # a list of tensors
    units = args.get("units", 0)
    units = units if is_int(units) else None
    sequences = args.get("return_sequences", None, False)
    if sequences is True:
        return (shape[0], shape[1], units)
    return (shape[0], units) if sequences is False else None


def _concatenate(args: Args, inputs: list[Shape], kind: str) -> Shape:
    axis = args.get("axis", 0, -1)
    return concatenated(inputs, axis)


def concatenated(inputs: list[Shape], axis: Any) -> Shape:
    if not inputs or any(s is None for s in inputs) or not is_int(axis):
        return None
    rank = len(inputs[0])  # type: ignore[arg-type]
    if any(len(s) != rank for s in inputs) or not -rank <= axis < rank:  # type: ignore[arg-type]
        return None
    axis %= rank
    out: list[Dim] = []
    for i in range(rank):
        column = [s[i] for s in inputs]  # type: ignore[index]
        if i == axis:
            out.append(None if any(d is None for d in column) else sum(column))  # type: ignore[arg-type]
        else:
            known = {d for d in column if d is not None}
            out.append(known.pop() if len(known) == 1 else None)
    return tuple(out)


def elementwise(inputs: list[Shape]) -> Shape:
    """`Add`, `Multiply`, `a + b`: the broadcast shape of same-rank inputs."""
    if not inputs or any(s is None for s in inputs):
        return None
    rank = len(inputs[0])  # type: ignore[arg-type]
    if any(len(s) != rank for s in inputs):  # type: ignore[arg-type]
        return None
    out = list(inputs[0])  # type: ignore[arg-type]
    for shape in inputs[1:]:
        out = [merge_dims(a, b) for a, b in zip(out, shape)]  # type: ignore[arg-type]
    return tuple(out)


def _merge(args: Args, inputs: list[Shape], kind: str) -> Shape:
    return elementwise(inputs)


def _upsampling(args: Args, inputs: list[Shape], kind: str) -> Shape:
    n = spatial_rank(kind)
    first = channels_first(args, 1) if n != 1 else False
    parts = split_spatial(_single(inputs), n or 0, bool(first))
    if n is None or first is None or parts is None:
        return None
    batch, spatial, channels = parts
    size = args.ints("size", 0, 2, n)
    if size is None:
        return join_spatial(batch, [None] * n, channels, bool(first))
    out = [None if d is None else d * s for d, s in zip(spatial, size)]
    return join_spatial(batch, out, channels, bool(first))


def _padding(args: Args, inputs: list[Shape], kind: str, sign: int) -> Shape:
    n = spatial_rank(kind)
    first = channels_first(args, 1) if n != 1 else False
    parts = split_spatial(_single(inputs), n or 0, bool(first))
    if n is None or first is None or parts is None:
        return None
    batch, spatial, channels = parts
    name = "padding" if sign > 0 else "cropping"
    value = args.get(name, 0, 1 if sign > 0 else 0)
    totals = _pad_totals(value, n)
    if totals is None:
        return join_spatial(batch, [None] * n, channels, bool(first))
    out = [None if d is None else d + sign * t for d, t in zip(spatial, totals)]
    return join_spatial(batch, out, channels, bool(first))


def _pad_totals(value: Any, n: int) -> Optional[list[int]]:
    """`1`, `(1, 2)` or `((1, 1), (2, 2))` padding -> total added per spatial axis."""
    if is_int(value):
        return [2 * value] * n
    if not isinstance(value, tuple):
        return None
    if n == 1 and len(value) == 2 and all(is_int(v) for v in value):
        return [value[0] + value[1]]
    if len(value) != n:
        return None
    totals = []
    for item in value:
        if is_int(item):
            totals.append(2 * item)
        elif isinstance(item, tuple) and len(item) == 2 and all(is_int(v) for v in item):
            totals.append(item[0] + item[1])
        else:
            return None
    return totals


def _resizing(args: Args, inputs: list[Shape], kind: str) -> Shape:
    shape = _single(inputs)
    height, width = args.get("height", 0), args.get("width", 1)
    if shape is None or len(shape) != 4 or not (is_int(height) and is_int(width)):
        return None
    if channels_first(args, None):
        return None
    return (shape[0], height, width, shape[3])


def _repeat_vector(args: Args, inputs: list[Shape], kind: str) -> Shape:
    shape = _single(inputs)
    n = args.get("n", 0)
    if shape is None or len(shape) != 2:
        return None
    return (shape[0], n if is_int(n) else None, shape[1])


def _permute(args: Args, inputs: list[Shape], kind: str) -> Shape:
    shape = _single(inputs)
    dims = args.get("dims", 0)
    if shape is None or not isinstance(dims, tuple) or sorted(dims) != list(
            range(1, len(shape))):
        return None
    return (shape[0], *(shape[d] for d in dims))


def _attention(args: Args, inputs: list[Shape], kind: str) -> Shape:
    if not inputs or inputs[0] is None:
        return None
    if kind == "MultiHeadAttention" and args.get("output_shape", None, None) is not None:
        return None
    return inputs[0]


def _padding_rule(sign: int) -> Rule:
    return lambda args, inputs, kind: _padding(args, inputs, kind, sign)


_RULES: dict[str, Rule] = {
    "Dense": _dense, "Embedding": _embedding, "Flatten": _flatten, "Reshape": _reshape,
    "Concatenate": _concatenate, "RepeatVector": _repeat_vector, "Permute": _permute,
    "Resizing": _resizing, "CenterCrop": _resizing, "RandomCrop": _resizing,
    "MultiHeadAttention": _attention, "Attention": _attention, "AdditiveAttention": _attention,
}
for _n in ("1D", "2D", "3D"):
    for _name in ("Conv", "Convolution", "SeparableConv", "SeparableConvolution", "DepthwiseConv"):
        _RULES[f"{_name}{_n}"] = _conv
    _RULES[f"Conv{_n}Transpose"] = _conv
    _RULES[f"Convolution{_n}Transpose"] = _conv
    for _name in ("MaxPooling", "AveragePooling", "MaxPool", "AvgPool"):
        _RULES[f"{_name}{_n}"] = _pool
    for _name in ("GlobalMaxPooling", "GlobalAveragePooling", "GlobalMaxPool", "GlobalAvgPool"):
        _RULES[f"{_name}{_n}"] = _global_pool
    _RULES[f"UpSampling{_n}"] = _upsampling
    _RULES[f"ZeroPadding{_n}"] = _padding_rule(1)
    _RULES[f"Cropping{_n}"] = _padding_rule(-1)
for _name in ("SimpleRNN", "LSTM", "GRU", "CuDNNLSTM", "CuDNNGRU"):
    _RULES[_name] = _rnn
for _name in ("Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Scale"):
    _RULES[_name] = _merge
for _name in (
    "Dropout", "AlphaDropout", "GaussianDropout", "GaussianNoise", "SpatialDropout1D",
    "SpatialDropout2D", "SpatialDropout3D", "BatchNormalization", "SyncBatchNormalization",
    "LayerNormalization", "GroupNormalization", "UnitNormalization", "RMSNormalization",
    "ActivityRegularization", "Identity", "Activation", "Softmax", "ReLU", "LeakyReLU",
    "PReLU", "ELU", "ThresholdedReLU", "Rescaling", "Normalization", "Masking",
    "RandomFlip", "RandomRotation", "RandomZoom", "RandomContrast", "RandomTranslation",
    "RandomBrightness", "RandomHeight", "RandomWidth",
):
    if _name not in ("RandomHeight", "RandomWidth"):
        _RULES[_name] = _preserve

# Layers whose output keeps every spatial position of their input (a feature map stays one).
PRESERVING_KINDS = frozenset(k for k, rule in _RULES.items() if rule is _preserve)


@dataclass(frozen=True)
class Window:
    """The sliding window of a convolution or pooling layer over its input.

    `size` is the window per spatial axis (a kernel widened by its dilation), `strides` its
    steps, `padding` `"valid"`/`"same"`/`"causal"` (None: unknown) and `spatial` the input's
    spatial dimensions (None where unknown).
    """

    size: tuple[int, ...]
    strides: Optional[tuple[int, ...]]
    padding: Optional[str]
    spatial: tuple[Dim, ...]
    pooling: bool


def window(kind: str, args: Args, shape: Shape) -> Optional[Window]:
    """The window of layer `kind` (a convolution or a local pooling) on input `shape`."""
    n = spatial_rank(kind)
    rule = _RULES.get(kind)
    if n is None or rule not in (_conv, _pool) or kind.endswith("Transpose"):
        return None
    if rule is _pool:
        first = channels_first(args, 3)
        size = args.ints("pool_size", 0, 2, n)
        strides_given = args.get("strides", 1, None)
        strides = size if strides_given is None else args.ints("strides", 1, None, n)
        padding = args.string("padding", 2, "valid")
    else:
        depthwise = kind.startswith("Depthwise")
        strides_at, padding_at, format_at, dilation_at = _CONV_POSITIONS[
            "depthwise" if depthwise else "conv"]
        first = channels_first(args, format_at)
        kernel = args.ints("kernel_size", 0 if depthwise else 1, _ABSENT, n)
        dilation = args.ints("dilation_rate", dilation_at, 1, n)
        if kernel is None or dilation is None:
            return None
        size = tuple(d * (k - 1) + 1 for k, d in zip(kernel, dilation))
        strides = args.ints("strides", strides_at, 1, n)
        padding = args.string("padding", padding_at, "valid")
    if size is None:
        return None
    if shape is None:
        return Window(tuple(size), strides, padding, (None,) * n, rule is _pool)
    parts = split_spatial(shape, n, first)
    if parts is None:
        return None
    return Window(tuple(size), strides, padding, tuple(parts[1]), rule is _pool)
