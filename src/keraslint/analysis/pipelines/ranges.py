"""Pixel value ranges: which images are raw (0-255), scaled to [0, 1] or [-1, 1], or passed
through a `keras.applications` `preprocess_input`, on their way to a model.

`PixelRange` is an interval (`lo`, `hi`) with where the pixels come from; arithmetic with
literals moves it (`x / 255.0` turns 0-255 into [0, 1], `x / 127.5 - 1` into [-1, 1]), layers
and ops that only move pixels keep it (`tf.image.resize`, `RandomFlip`, `astype`), `Rescaling`
applies its literal scale and offset. Anything else that changes values (a mean subtraction,
`Normalization`, a function we cannot read) gives `CHANGED` (values changed, range unknown) or
None (unknown), and rules stay quiet on both.

Raw sources: `keras.datasets.{mnist,fashion_mnist,cifar10,cifar100}.load_data()` images,
`tf.io.decode_*`, `keras.utils.load_img` (+ `img_to_array`), `PIL.Image.open`, `cv2.imread`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Optional, Union

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.arrays import ArrayFacts
from keraslint.analysis.arrays.dtypes import dtype_of, is_float_dtype
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.layers import layer_kind, literal, resolve
from keraslint.analysis.models import ModelFacts
from keraslint.analysis.pipelines.catalogue import (
    IMAGE_DATASETS,
    RANDOM_LAYERS,
    RAW_IMAGE_READERS,
    VALUE_PRESERVING_LAYERS,
    VALUE_PRESERVING_METHODS,
    VALUE_PRESERVING_OPS,
    FLOAT_RESULT_OPS,
)
from keraslint.analysis.scopes import ASSIGN, PARAM
from keraslint.analysis.values import UNKNOWN

_MAX_DEPTH = 24


@dataclass(frozen=True)
class PixelRange:
    """What is known of image values: an interval, or `preprocessed` by a `preprocess_input`
    (its module), or changed in a way we do not follow (`lo`/`hi` None, `changed`)."""

    lo: Optional[float]
    hi: Optional[float]
    dtype: Optional[str] = None  # "uint8", "float" or None
    source: Optional[cst.CSTNode] = field(default=None, repr=False, compare=False)
    origin: str = ""  # what made the raw pixels, for messages: "`mnist.load_data()`"
    preprocessed: Optional[str] = None  # `keras.applications.<module>.preprocess_input`
    changed: bool = False
    scaled_by: Optional[cst.CSTNode] = field(default=None, repr=False, compare=False)

    @property
    def is_raw(self) -> bool:
        return self.lo is not None and self.hi is not None and abs(self.lo) < 1e-6 and \
            254.0 <= self.hi <= 256.0

    @property
    def is_unit(self) -> bool:
        return self.lo is not None and self.hi is not None and abs(self.lo) < 1e-6 and \
            abs(self.hi - 1.0) < 0.01

    def describe(self) -> str:
        if self.preprocessed:
            return f"preprocessed by `{self.preprocessed}.preprocess_input`"
        if self.lo is None or self.hi is None:
            return "changed"
        return f"in [{_num(self.lo)}, {_num(self.hi)}]"

    def moved(self, scale: float, offset: float, by: Optional[cst.CSTNode] = None) -> "PixelRange":
        """The range after `x * scale + offset`, done by `by` (kept for messages)."""
        lo, hi = sorted((self.lo * scale + offset, self.hi * scale + offset))  # type: ignore[operator]
        return replace(self, lo=lo, hi=hi, dtype="float", scaled_by=by or self.scaled_by)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def raw(node: cst.CSTNode, origin: str, dtype: Optional[str] = "uint8") -> PixelRange:
    return PixelRange(0.0, 255.0, dtype, node, origin)


def changed(node: Optional[cst.CSTNode] = None) -> PixelRange:
    return PixelRange(None, None, None, node, changed=True)


# What a name or a dict element stands for inside a function a pipeline maps: a range, or a
# dict of ranges (a tfds feature dict).
Value = Union[PixelRange, dict, None]
Env = dict  # cst.Param -> Value


class PixelRanges:
    def __init__(self, facts: CoreFacts, arrays: ArrayFacts, models: ModelFacts) -> None:
        self.facts = facts
        self.values = facts.values
        self.arrays = arrays
        self.models = models

    # -- entry points -----------------------------------------------------------------------------
    def range_of(self, expr: Optional[cst.BaseExpression], env: Optional[Env] = None,
                 depth: int = 0) -> Optional[PixelRange]:
        value = self.value_of(expr, env or {}, depth)
        return value if isinstance(value, PixelRange) else None

    def value_of(self, expr: Optional[cst.BaseExpression], env: Env, depth: int = 0) -> Value:
        if expr is None or depth > _MAX_DEPTH:
            return None
        if isinstance(expr, cst.Name):
            return self._name(expr, env, depth)
        if isinstance(expr, cst.Call):
            return self._call(expr, env, depth)
        if isinstance(expr, cst.BinaryOperation):
            return self._arithmetic(expr, env, depth)
        if isinstance(expr, cst.Subscript):
            return self._subscript(expr, env, depth)
        if isinstance(expr, cst.IfExp):
            return _merge(self.value_of(expr.body, env, depth + 1),
                          self.value_of(expr.orelse, env, depth + 1))
        if isinstance(expr, cst.Attribute) and expr.attr.value == "T":
            return self.value_of(expr.value, env, depth + 1)
        return None

    def apply(self, function: Optional[cst.BaseExpression], arguments: list[Value],
              depth: int = 0) -> tuple[Value, ...] | Value:
        """What `function(*arguments)` returns: a tuple of values for a tuple return, else one
        value. `function` is a lambda, a local def, or a layer/model applied to one tensor."""
        if function is None or depth > _MAX_DEPTH:
            return None
        target = function
        if isinstance(function, cst.Name):
            definition = self.facts.definition(function)
            target = definition if definition is not None else resolve(self.facts, function)
        if isinstance(target, cst.Lambda):
            env = _bind(target.params, arguments)
            return None if env is None else self._returned(target.body, env, depth)
        if isinstance(target, cst.FunctionDef):
            env = _bind(target.params, arguments)
            returned = self.facts.returned_values(target)
            if env is None or len(returned) != 1 or returned[0] is None:
                return None
            return self._returned(returned[0], env, depth)
        if isinstance(target, cst.Call) and len(arguments) == 1:
            first = arguments[0]
            return self.through_object(target, first if isinstance(first, PixelRange) else None,
                                       depth)
        return None

    def through_object(self, construction: cst.Call, given: Optional[PixelRange],
                       depth: int = 0) -> Optional[PixelRange]:
        """A layer or a model (by its construction) applied to images in `given`."""
        if given is None:
            return None
        kind = layer_kind(self.facts, construction)
        if kind is not None:
            return self.through_layer(kind, construction, given)
        model = self.models.model_of(construction)
        if model is None or not model.complete or len(model.paths) != 1:
            return None
        current: Optional[PixelRange] = given
        for step in model.steps:
            if current is None or not isinstance(step.node, cst.Call) or step.kind is None:
                return None
            current = self.through_layer(step.kind, step.node, current)
        return current

    def through_layer(self, kind: str, construction: cst.Call,
                      given: PixelRange) -> Optional[PixelRange]:
        """Pixels after one Keras layer: moved by `Rescaling`, kept by layers that only move
        pixels, changed by normalizations; None for layers that learn or that we do not know."""
        if kind == "Rescaling":
            return self.rescaled(construction, given)
        if kind in VALUE_PRESERVING_LAYERS or kind in RANDOM_LAYERS:
            return given
        if kind in ("Normalization", "BatchNormalization", "LayerNormalization"):
            return changed(construction)
        return None

    def rescaled(self, construction: cst.Call, given: PixelRange) -> PixelRange:
        scale = literal(self.facts, calls.argument_value(construction, "scale", 0))
        offset_arg = calls.argument_value(construction, "offset", 1)
        offset = 0.0 if offset_arg is None else literal(self.facts, offset_arg)
        if not (_is_number(scale) and _is_number(offset)) or given.lo is None:
            return changed(construction)
        return given.moved(float(scale), float(offset), construction)

    # -- expressions ---------------------------------------------------------------------------------
    def _returned(self, value: cst.BaseExpression, env: Env, depth: int):
        if isinstance(value, (cst.Tuple, cst.List)) and not any(
                isinstance(e, cst.StarredElement) for e in value.elements):
            return tuple(self.value_of(e.value, env, depth + 1) for e in value.elements)
        return self.value_of(value, env, depth + 1)

    def _name(self, name: cst.Name, env: Env, depth: int) -> Value:
        binding = self.values.binding_of(name)
        if binding is None:
            options = self.values.possible_bindings(name)
            if not options:
                return None
            found = [self._binding(b, name, env, depth) for b in options]
            merged = found[0]
            for other in found[1:]:
                merged = _merge(merged, other)
            return merged
        return self._binding(binding, name, env, depth)

    def _binding(self, binding, name: cst.Name, env: Env, depth: int) -> Value:
        if binding.kind == PARAM:
            if binding.node in env:
                return env[binding.node]
            value = self.values.param_value(binding.node)
            return self.value_of(value, env, depth + 1) if value is not None else None
        if binding.kind != ASSIGN:
            return None
        if binding.path:
            return self._unpacked(binding.node, binding.path, env, depth)
        return self.value_of(binding.node, env, depth + 1)

    def _unpacked(self, value: cst.BaseExpression, path: tuple[int, ...], env: Env,
                  depth: int) -> Value:
        """`(x_train, y_train), _ = mnist.load_data()`, `img, label = pair`."""
        traced = self.arrays.trace(value)
        if traced is not None:
            node, inner = traced
            full = inner + path
            if isinstance(node, cst.Call) and len(full) == 2 and full[1] == 0:
                source = self._dataset_images(node)
                if source is not None:
                    return source
        if isinstance(value, cst.Name) and len(path) == 1:
            whole = self.value_of(value, env, depth + 1)
            if isinstance(whole, tuple) and path[0] < len(whole):
                return whole[path[0]]
        if isinstance(value, cst.Call):
            whole = self._call(value, env, depth)
            if isinstance(whole, tuple) and len(path) == 1 and path[0] < len(whole):
                return whole[path[0]]
        return None

    def _dataset_images(self, call: cst.Call) -> Optional[PixelRange]:
        name = self.facts.call_name(call) or ""
        parts = name.split(".")
        if len(parts) == 4 and parts[:2] == ["keras", "datasets"] and parts[3] == "load_data" \
                and parts[2] in IMAGE_DATASETS:
            return raw(call, f"`{parts[2]}.load_data()`")
        return None

    def _call(self, call: cst.Call, env: Env, depth: int):
        if call in env:  # a model's `keras.Input(...)`, standing for what the model is fed
            return env[call]
        name = self.facts.call_name(call)
        first = calls.argument_value(call, "x", 0) if call.args else None
        if name is not None:
            if name in RAW_IMAGE_READERS:
                dtype = RAW_IMAGE_READERS[name]
                short = name.rsplit(".", 1)[-1]
                return raw(call, f"`{short}(...)`", None if dtype == "image" else dtype)
            if name.startswith("keras.applications.") and name.endswith(".preprocess_input"):
                module = name[len("keras.applications."):-len(".preprocess_input")]
                return PixelRange(None, None, None, call, preprocessed=module)
            if name in ("tensorflow.image.convert_image_dtype", "keras.ops.image.convert_image_dtype"):
                return self._converted(call, env, depth)
            if name in VALUE_PRESERVING_OPS and first is not None:
                inner = self.value_of(first, env, depth + 1)
                if name in FLOAT_RESULT_OPS:
                    return _resized(self.facts, call, inner)
                return _as_float(inner) if _casts_to_float(self.facts, name, call) else inner
            if name.startswith(("tensorflow.image.", "tensorflow.math.", "numpy.", "keras.ops.")):
                return changed(call) if self._is_image(first, env, depth) else None
            if layer_kind(self.facts, call) is not None:
                return None  # a layer constructed, not applied
            return None
        method = calls.method_name(call)
        receiver = calls.receiver(call)
        if method in VALUE_PRESERVING_METHODS and receiver is not None:
            inner = self.value_of(receiver, env, depth + 1)
            if method == "astype" and isinstance(inner, PixelRange):
                return _as_float(inner) if _float_dtype(self.facts, call) else inner
            return inner
        if isinstance(call.func, (cst.Name, cst.Call, cst.Attribute)) and call.args:
            return self._applied(call, env, depth)
        return None

    def _applied(self, call: cst.Call, env: Env, depth: int):
        """`f(x)` for a local function, or a layer or model applied to a tensor."""
        arguments = [self.value_of(a.value, env, depth + 1) for a in call.args
                     if a.keyword is None and not a.star]
        if isinstance(call.func, cst.Call):
            first = arguments[0] if arguments else None
            return self.through_object(call.func, first if isinstance(first, PixelRange)
                                       else None, depth)
        if isinstance(call.func, cst.Name):
            definition = self.facts.definition(call.func)
            if isinstance(definition, cst.FunctionDef):
                if calls.has_unpacking(call) or any(a.keyword is not None for a in call.args):
                    return None
                return self.apply(call.func, arguments, depth + 1)
            target = resolve(self.facts, call.func)
            if isinstance(target, cst.Call) and len(arguments) >= 1:
                first = arguments[0]
                return self.through_object(target, first if isinstance(first, PixelRange)
                                           else None, depth)
        return None

    def _converted(self, call: cst.Call, env: Env, depth: int) -> Optional[PixelRange]:
        """`tf.image.convert_image_dtype(img, tf.float32)`: integers are scaled to [0, 1];
        floats are returned unchanged."""
        inner = self.value_of(calls.argument_value(call, "image", 0), env, depth + 1)
        if not isinstance(inner, PixelRange) or inner.dtype is None:
            return None
        if inner.dtype == "uint8" and inner.is_raw:
            return replace(inner, lo=0.0, hi=1.0, dtype="float", scaled_by=call)
        return inner if inner.dtype == "float" else None

    def _arithmetic(self, node: cst.BinaryOperation, env: Env, depth: int) -> Optional[PixelRange]:
        left_number = self.values.literal(node.left)
        right_number = self.values.literal(node.right)
        op = node.operator
        if _is_number(right_number) and not _is_number(left_number):
            inner, number, image_left = self.value_of(node.left, env, depth + 1), right_number, True
        elif _is_number(left_number) and not _is_number(right_number):
            inner, number, image_left = self.value_of(node.right, env, depth + 1), left_number, False
        else:
            sides = (self.value_of(node.left, env, depth + 1),
                     self.value_of(node.right, env, depth + 1))
            image = next((s for s in sides if isinstance(s, PixelRange)), None)
            return changed(node) if image is not None else None
        if not isinstance(inner, PixelRange):
            return None
        if inner.lo is None:
            return changed(node)
        number = float(number)
        if isinstance(op, cst.Divide) and image_left and number != 0:
            return inner.moved(1.0 / number, 0.0, node)
        if isinstance(op, cst.Multiply):
            return inner.moved(number, 0.0, node)
        if isinstance(op, cst.Add):
            return inner.moved(1.0, number, node)
        if isinstance(op, cst.Subtract):
            return inner.moved(1.0, -number, node) if image_left else inner.moved(-1.0, number, node)
        return changed(node)

    def _subscript(self, node: cst.Subscript, env: Env, depth: int) -> Value:
        """`x[:1000]`, `x[..., None]`, `x[idx]` keep the pixels; `features["image"]` of a
        feature dict is that feature; `pair[0]` of a tuple is its first element."""
        base = self.value_of(node.value, env, depth + 1)
        if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
            key = self.values.literal(node.slice[0].slice.value)
            if isinstance(base, dict):
                return base.get(key) if isinstance(key, str) else None
            if isinstance(base, tuple):
                return base[key] if isinstance(key, int) and 0 <= key < len(base) else None
        if isinstance(base, PixelRange):
            return base
        traced = self.arrays.trace(node)
        if traced is not None and traced[0] is not node:
            node_, path = traced
            if isinstance(node_, cst.Call) and len(path) == 2 and path[1] == 0:
                return self._dataset_images(node_)
        return None

    def _is_image(self, expr: Optional[cst.BaseExpression], env: Env, depth: int) -> bool:
        return isinstance(self.value_of(expr, env, depth + 1), PixelRange)


def _bind(params: cst.Parameters, arguments: list[Value]) -> Optional[Env]:
    """Positional parameters bound to `arguments`; None when the counts cannot match."""
    positional = list(params.posonly_params) + list(params.params)
    if isinstance(params.star_arg, cst.Param):
        return None  # `*args`: which value lands where is not followed
    required = [p for p in positional if p.default is None]
    if len(arguments) < len(required) or len(arguments) > len(positional):
        return None
    return {param: value for param, value in zip(positional, arguments)}


def _merge(first: Value, second: Value) -> Value:
    if isinstance(first, PixelRange) and isinstance(second, PixelRange):
        same = (first.lo, first.hi, first.preprocessed, first.changed) == \
            (second.lo, second.hi, second.preprocessed, second.changed)
        return first if same else None
    return first if first is second else None


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value is not UNKNOWN


def _as_float(value: Value) -> Value:
    return replace(value, dtype="float") if isinstance(value, PixelRange) else value


def _resized(facts: CoreFacts, call: cst.Call, inner: Value) -> Value:
    """`tf.image.resize` returns float32 (nearest-neighbour keeps the dtype)."""
    if not isinstance(inner, PixelRange):
        return inner
    if "resize" not in (facts.call_name(call) or ""):
        return _as_float(inner)  # img_to_array
    method = calls.argument(call, "method", 2)
    if method is None:
        return _as_float(inner)
    text = facts.values.string(method.value) or facts.qualified_name(method.value) or ""
    return replace(inner, dtype=None) if "nearest" in text.lower() or not text else _as_float(inner)


def _casts_to_float(facts: CoreFacts, name: str, call: cst.Call) -> bool:
    if name not in ("tensorflow.cast", "keras.ops.cast"):
        return False
    return _float_dtype(facts, call, "dtype", 1)


def _float_dtype(facts: CoreFacts, call: cst.Call, keyword: str = "dtype",
                 position: int = 0) -> bool:
    return is_float_dtype(dtype_of(facts, calls.argument_value(call, keyword, position)))
