"""Value ranges of arrays the code builds: where regression targets certainly lie.

`value_range(y)` answers `ValueRange(low, high)` when the code fixes where (almost) all of the
array's values lie, else None:

- samplers: `rand`/`random` in [0, 1], `uniform(a, b)`, `randint(a, b)` / `integers(a, b)` in
  [a, b - 1], `normal(loc, scale)` / `randn` about loc +- 3 scale (99.7 % of the values);
- constructors: `linspace(a, b)`, `arange(a, b)`, `zeros`, `ones`, `full(shape, v)`, literal
  arrays; bundled regression targets (`boston_housing`: 5 to 50 thousand dollars,
  `california_housing`: about 25,000 to 500,000 dollars);
- arithmetic with scalars and between ranges (`50 + 950 * rand(n)`, `3 * x + noise`), monotone
  functions (`exp`, `log`, `sqrt`, `abs`, `clip`, `tanh`, `sin`...), concatenations, casts,
  reshapes, indexing and row-selecting splits; `MinMaxScaler().fit_transform(x)` in [0, 1].

Anything else (a file, a data frame, a division by a value computed at run time) is unknown.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.arrays import ArrayFacts
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.shapes.sources import bundled_part, origin

_MAX_DEPTH = 16
SIGMAS = 3.0  # a normal sample's range: loc +- 3 scale


@dataclass(frozen=True)
class ValueRange:
    """Values lie in [low, high] (infinite bounds allowed); `typical` when the bounds hold for
    almost all values (a normal sample), not for all of them."""

    low: float
    high: float
    typical: bool = False

    def __or__(self, other: "ValueRange") -> "ValueRange":
        return ValueRange(min(self.low, other.low), max(self.high, other.high),
                          self.typical or other.typical)

    def describe(self) -> str:
        text = f"[{_number(self.low)}, {_number(self.high)}]"
        return f"about {text}" if self.typical else text


def _number(value: float) -> str:
    if math.isinf(value):
        return "-inf" if value < 0 else "inf"
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}" if abs(value) >= 10000 else str(int(value))
    return f"{value:.3g}"


# Bundled regression data sets: (train, test) targets.
_BUNDLED = {
    "boston_housing": ValueRange(5.0, 50.0),
    "california_housing": ValueRange(25000.0, 500000.0, typical=True),
}

_UNIT = ValueRange(0.0, 1.0)
_SAMPLERS_01 = frozenset({"rand", "random", "random_sample", "ranf", "sample"})
_NORMALS = frozenset({"randn", "standard_normal", "normal"})
_MONOTONE: dict[str, Callable[[float], float]] = {
    "exp": math.exp, "log": lambda v: math.log(v) if v > 0 else -math.inf,
    "log1p": lambda v: math.log1p(v) if v > -1 else -math.inf,
    "sqrt": math.sqrt, "tanh": math.tanh, "arctan": math.atan, "floor": math.floor,
    "ceil": math.ceil, "round": round, "rint": round, "expm1": math.expm1,
}
_PRESERVING_METHODS = frozenset({"astype", "reshape", "flatten", "ravel", "copy", "squeeze",
                                 "to_numpy"})
_PRESERVING_FUNCTIONS = frozenset({
    "numpy.asarray", "numpy.array", "numpy.copy", "numpy.reshape", "numpy.ravel",
    "numpy.squeeze", "numpy.expand_dims", "numpy.float32", "numpy.float64",
    "tensorflow.constant", "tensorflow.convert_to_tensor", "tensorflow.cast",
    "keras.ops.convert_to_tensor", "keras.ops.cast",
})
_JOINS = frozenset({"numpy.concatenate", "numpy.stack", "numpy.vstack", "numpy.hstack",
                    "numpy.column_stack", "numpy.append"})


class ValueRanges:
    def __init__(self, facts: CoreFacts, arrays: ArrayFacts) -> None:
        self.facts = facts
        self.values = facts.values
        self.arrays = arrays
        self._cache: dict[int, Optional[ValueRange]] = {}

    def value_range(self, expr: Optional[cst.BaseExpression]) -> Optional[ValueRange]:
        """Where the values of array `expr` lie, or None when the code does not fix it."""
        if expr is None:
            return None
        key = id(expr)
        if key not in self._cache:
            self._cache[key] = self._range(expr, 0)
        return self._cache[key]

    def _range(self, expr: Optional[cst.BaseExpression], depth: int) -> Optional[ValueRange]:
        if expr is None or depth > _MAX_DEPTH:
            return None
        number = self.values.number(expr)
        if number is not None:
            return ValueRange(number, number)
        traced = origin(self.arrays, expr)
        if traced is None:
            return None
        node, path = traced
        if path:
            return _BUNDLED.get(bundled_part(self.facts, node, path) or "")
        if isinstance(node, cst.Call):
            return self._call(node, depth)
        if isinstance(node, cst.BinaryOperation):
            return self._binary(node, depth)
        if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
            inner = self._range(node.expression, depth + 1)
            return None if inner is None else ValueRange(-inner.high, -inner.low, inner.typical)
        if isinstance(node, cst.Subscript):
            return self._range(node.value, depth + 1)
        if isinstance(node, cst.Attribute) and node.attr.value == "T":
            return self._range(node.value, depth + 1)
        return None

    # -- calls -------------------------------------------------------------------------------
    def _call(self, call: cst.Call, depth: int) -> Optional[ValueRange]:
        if calls.has_unpacking(call) and not _star_dims(call):
            return None
        name = self.facts.call_name(call)
        if name is not None:
            return self._named(call, name, depth)
        method = calls.method_name(call)
        target = calls.receiver(call)
        if method is None or target is None:
            return None
        source = self.values.resolve(target)
        source_name = self.facts.call_name(source) if isinstance(source, cst.Call) else None
        if source_name in ("numpy.random.default_rng", "numpy.random.Generator",
                           "numpy.random.RandomState"):
            return self._sampler(method, call, legacy=source_name == "numpy.random.RandomState")
        if method in ("fit_transform", "transform") and source_name == \
                "sklearn.preprocessing.MinMaxScaler":
            return self._min_max(source)  # type: ignore[arg-type]
        if method in _PRESERVING_METHODS:
            return self._range(target, depth + 1)
        if method in ("sum", "mean", "min", "max"):
            return self._reduced(method, target, calls.argument_value(call, "axis", 0), depth)
        if method == "clip":
            return self._clipped(self._range(target, depth + 1), call, 0)
        return None

    def _named(self, call: cst.Call, name: str, depth: int) -> Optional[ValueRange]:
        first = calls.argument_value(call, "a", 0) or calls.argument_value(call, "x", 0)
        if name.startswith("numpy.random."):
            return self._sampler(name.rsplit(".", 1)[-1], call, legacy=True)
        if name in _PRESERVING_FUNCTIONS:
            literal = self._literal(first)
            return literal if literal is not None else self._range(first, depth + 1)
        if name in ("numpy.zeros", "numpy.zeros_like"):
            return ValueRange(0.0, 0.0)
        if name in ("numpy.ones", "numpy.ones_like"):
            return ValueRange(1.0, 1.0)
        if name in ("numpy.full", "numpy.full_like"):
            value = self.values.number(calls.argument_value(call, "fill_value", 1))
            return None if value is None else ValueRange(value, value)
        if name == "numpy.linspace":
            return self._bounds(call, ("start", 0), ("stop", 1), closed=True)
        if name == "numpy.arange":
            return self._arange(call)
        if name in _JOINS:
            return self._joined(call, depth)
        if name in ("numpy.sum", "numpy.mean", "numpy.min", "numpy.max", "numpy.amin",
                    "numpy.amax"):
            leaf = name.rsplit(".", 1)[-1].lstrip("a") if name.endswith(("amin", "amax")) \
                else name.rsplit(".", 1)[-1]
            return self._reduced(leaf, first, calls.argument_value(call, "axis", 1), depth)
        if name == "numpy.clip":
            return self._clipped(self._range(first, depth + 1), call, 1)
        if name in ("numpy.sin", "numpy.cos", "tensorflow.sin", "tensorflow.cos"):
            return ValueRange(-1.0, 1.0) if self._range(first, depth + 1) is not None else None
        if name in ("numpy.abs", "numpy.absolute", "numpy.square"):
            inner = self._range(first, depth + 1)
            if inner is None:
                return None
            return _power(_absolute(inner), 2) if name.endswith("square") else _absolute(inner)
        leaf = name.rsplit(".", 1)[-1]
        if name.startswith("numpy.") and leaf in _MONOTONE:
            inner = self._range(first, depth + 1)
            return None if inner is None else _monotone(inner, _MONOTONE[leaf])
        return None

    def _sampler(self, function: str, call: cst.Call, legacy: bool) -> Optional[ValueRange]:
        if function in _SAMPLERS_01:
            return _UNIT
        if function == "uniform":
            return self._bounds(call, ("low", 0), ("high", 1), closed=True, defaults=(0.0, 1.0))
        if function in ("randint", "integers"):
            low = self.values.number(calls.argument_value(call, "low", 0))
            high_arg = calls.argument_value(call, "high", 1)
            if low is None:
                return None
            if high_arg is None:
                return ValueRange(0.0, low - 1)
            high = self.values.number(high_arg)
            if high is None:
                return None
            endpoint = calls.argument_value(call, "endpoint")
            closed = endpoint is not None and self.values.literal(endpoint) is True
            return ValueRange(low, high if closed else high - 1)
        if function in _NORMALS:
            loc, scale = 0.0, 1.0
            if function == "normal":
                loc_arg = calls.argument_value(call, "loc", 0)
                scale_arg = calls.argument_value(call, "scale", 1)
                loc = 0.0 if loc_arg is None else self.values.number(loc_arg)
                scale = 1.0 if scale_arg is None else self.values.number(scale_arg)
                if loc is None or scale is None or scale < 0:
                    return None
            return ValueRange(loc - SIGMAS * scale, loc + SIGMAS * scale, typical=scale > 0)
        if function in ("exponential", "poisson", "gamma", "chisquare", "lognormal",
                        "rayleigh", "weibull", "pareto"):
            return ValueRange(0.0, math.inf)
        if function == "binomial":
            n = self.values.number(calls.argument_value(call, "n", 0))
            return None if n is None else ValueRange(0.0, n)
        if function == "choice":
            return self._literal(calls.argument_value(call, "a", 0))
        return None

    def _bounds(self, call: cst.Call, low: tuple[str, int], high: tuple[str, int], closed: bool,
                defaults: Optional[tuple[float, float]] = None) -> Optional[ValueRange]:
        found = []
        for (keyword, position), default in zip((low, high), defaults or (None, None)):
            arg = calls.argument_value(call, keyword, position)
            value = default if arg is None else self.values.number(arg)
            if value is None:
                return None
            found.append(value)
        return ValueRange(min(found), max(found))

    def _arange(self, call: cst.Call) -> Optional[ValueRange]:
        bounds = [self.values.number(a.value) for a in call.args if a.keyword is None]
        if not 1 <= len(bounds) <= 3 or any(b is None for b in bounds) or any(
                a.keyword is not None for a in call.args):
            return None
        start, stop = (0.0, bounds[0]) if len(bounds) == 1 else (bounds[0], bounds[1])
        step = bounds[2] if len(bounds) == 3 else 1.0
        if not step or (stop - start) / step <= 0:  # type: ignore[operator]
            return None
        last = start + (math.ceil((stop - start) / step) - 1) * step  # type: ignore[operator]
        return ValueRange(min(start, last), max(start, last))  # type: ignore[type-var]

    def _literal(self, expr: Optional[cst.BaseExpression]) -> Optional[ValueRange]:
        value = self.values.literal(expr)
        numbers = list(_flatten(value)) if isinstance(value, (list, tuple)) else None
        if not numbers or any(n is None for n in numbers):
            return None
        return ValueRange(float(min(numbers)), float(max(numbers)))

    def _joined(self, call: cst.Call, depth: int) -> Optional[ValueRange]:
        parts = self.values.resolve(calls.argument_value(call, "arrays", 0)
                                    or calls.argument_value(call, "tup", 0)
                                    or calls.argument_value(call, "arr", 0))
        if not isinstance(parts, (cst.List, cst.Tuple)) or not parts.elements:
            return None
        found = None
        for element in parts.elements:
            if isinstance(element, cst.StarredElement):
                return None
            inner = self._range(element.value, depth + 1)
            if inner is None:
                return None
            found = inner if found is None else found | inner
        return found

    def _reduced(self, how: str, array: Optional[cst.BaseExpression],
                 axis: Optional[cst.BaseExpression], depth: int) -> Optional[ValueRange]:
        """`x.mean(axis=1)`, `x.max()`: within x's range; `x.sum(axis=1)`: the count of
        values summed (from x's shape) times x's bounds."""
        inner = self._range(array, depth + 1)
        if inner is None or how != "sum":
            return inner
        info = self.arrays.info(array)
        shape = info.shape if info is not None else None
        if shape is None:
            return None
        if axis is None:
            count = 1
            for d in shape:
                count *= d
        else:
            index = self.values.literal(axis)
            if not isinstance(index, int) or not -len(shape) <= index < len(shape):
                return None
            count = shape[index]
        return ValueRange(inner.low * count, inner.high * count, inner.typical)

    def _clipped(self, inner: Optional[ValueRange], call: cst.Call, offset: int
                 ) -> Optional[ValueRange]:
        low = self.values.number(calls.argument_value(call, "a_min", offset) or
                                 calls.argument_value(call, "min", offset))
        high = self.values.number(calls.argument_value(call, "a_max", offset + 1) or
                                  calls.argument_value(call, "max", offset + 1))
        if low is None or high is None:
            return None
        if inner is None:
            return ValueRange(low, high)
        return ValueRange(max(low, min(inner.low, high)), min(high, max(inner.high, low)))

    def _min_max(self, scaler: cst.Call) -> Optional[ValueRange]:
        given = calls.argument_value(scaler, "feature_range", 0)
        if given is None:
            return None if calls.has_unpacking(scaler) else _UNIT
        value = self.values.literal(given)
        if isinstance(value, tuple) and len(value) == 2 and all(
                isinstance(v, (int, float)) for v in value):
            return ValueRange(float(value[0]), float(value[1]))
        return None

    # -- arithmetic ---------------------------------------------------------------------------
    def _binary(self, node: cst.BinaryOperation, depth: int) -> Optional[ValueRange]:
        left = self._range(node.left, depth + 1)
        right = self._range(node.right, depth + 1)
        if left is None or right is None:
            return None
        operator = node.operator
        typical = left.typical or right.typical
        if isinstance(operator, cst.Add):
            return ValueRange(left.low + right.low, left.high + right.high, typical)
        if isinstance(operator, cst.Subtract):
            return ValueRange(left.low - right.high, left.high - right.low, typical)
        if isinstance(operator, cst.Multiply):
            return _product(left, right, typical)
        if isinstance(operator, cst.Divide):
            if right.low <= 0 <= right.high:
                return None
            return _product(left, ValueRange(1 / right.high, 1 / right.low), typical)
        if isinstance(operator, cst.Power) and right.low == right.high \
                and float(right.low).is_integer() and 0 <= right.low <= 8:
            return _power(left, int(right.low))
        return None


def _product(a: ValueRange, b: ValueRange, typical: bool) -> Optional[ValueRange]:
    corners = []
    for x in (a.low, a.high):
        for y in (b.low, b.high):
            if (math.isinf(x) and y == 0) or (math.isinf(y) and x == 0):
                corners.append(0.0)
            else:
                corners.append(x * y)
    if any(math.isnan(c) for c in corners):
        return None
    return ValueRange(min(corners), max(corners), typical)


def _power(a: ValueRange, n: int) -> ValueRange:
    if n == 0:
        return ValueRange(1.0, 1.0)
    values = [a.low ** n, a.high ** n]
    if n % 2 == 0 and a.low < 0 < a.high:
        values.append(0.0)
    return ValueRange(min(values), max(values), a.typical)


def _absolute(a: ValueRange) -> ValueRange:
    if a.low >= 0:
        return a
    if a.high <= 0:
        return ValueRange(-a.high, -a.low, a.typical)
    return ValueRange(0.0, max(-a.low, a.high), a.typical)


def _monotone(a: ValueRange, function: Callable[[float], float]) -> Optional[ValueRange]:
    try:
        low, high = function(a.low), function(a.high)
    except (ValueError, OverflowError):
        return None
    return ValueRange(min(low, high), max(low, high), a.typical)


def _flatten(value):
    for item in value:
        if isinstance(item, (list, tuple)):
            yield from _flatten(item)
        elif isinstance(item, (int, float)) and not isinstance(item, bool):
            yield item
        else:
            yield None


def _star_dims(call: cst.Call) -> bool:
    return len(call.args) == 1 and call.args[0].star == "*"
