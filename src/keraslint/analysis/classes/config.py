"""Whether Keras can write a custom class's config without a `get_config` of its own.

Both Kerases record the constructor arguments of every layer or model instance (in `__new__`)
and use them as its config when the class defines no `get_config`, but only when every value
is a basic Python value: `str`, `int`, `float`, `bool`, `None`, or lists, tuples and dicts of
them. Otherwise `get_config()` raises NotImplementedError ("... was created by passing
non-serializable argument values in `__init__()` ..."), so saving a model that contains the
instance fails. The two differ in which values count:
- Keras 3 (`keras/src/ops/operation.py`) binds the call to the signature and *applies the
  defaults*: a non-basic default (`activation=tf.nn.relu`) blocks every instance; positional-
  only parameters, or values passed through `*args`, block it too;
- `tf_keras` (`engine/base_layer.py`) records only the arguments actually passed.

`config_blocker` answers for one constructor call: the first argument (or default) whose value
is certainly not basic, or None when every value is basic or some value is unknown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import libcst as cst

from keraslint.analysis.classes.flavour import KERAS3
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.scopes import CLASS, FUNCTION
from keraslint.analysis.values import UNKNOWN

_BASIC_CALLS = frozenset({"int", "float", "str", "bool", "len", "round", "abs", "min", "max",
                          "sum"})
# Canonical prefixes of calls that build objects (layers, initializers, arrays, tensors...).
_OBJECT_PREFIXES = ("keras.", "tensorflow.", "numpy.", "tensorflow_hub.", "keras_hub.",
                    "keras_nlp.", "keras_cv.")
# Canonical names that are functions or dtypes, never basic values, when named bare.
_FUNCTION_PREFIXES = ("keras.activations.", "tensorflow.nn.", "tensorflow.math.",
                      "keras.ops.", "keras.losses.", "keras.initializers.")
_DTYPES = frozenset({"float16", "float32", "float64", "bfloat16", "int8", "int16", "int32",
                     "int64", "uint8", "bool", "string", "complex64"})
BASIC, OBJECT = "basic", "object"


@dataclass(frozen=True)
class ConfigBlocker:
    """A constructor value that stops Keras from inferring the config: `parameter` and the
    value's node (`default` when it is the signature's default, not passed)."""

    parameter: str
    value: cst.BaseExpression = field(repr=False)
    default: bool


def config_blocker(facts: CoreFacts, init: Optional[cst.FunctionDef], instance: cst.Call,
                   flavour: Optional[str]) -> Optional[ConfigBlocker]:
    if init is None:
        return None
    params = init.params
    passed = _bind(init, instance)
    if passed is None:
        return None  # `*args`/`**kwargs` at the call: values unknown
    if flavour == KERAS3 and params.posonly_params[1:] and any(
            p.name.value in passed for p in params.posonly_params[1:]):
        name = params.posonly_params[1].name.value
        return ConfigBlocker(name, passed.get(name, instance), False)  # type: ignore[arg-type]
    for name, value in passed.items():
        if value_kind(facts, value) == OBJECT:
            return ConfigBlocker(name, value, False)
    if flavour == KERAS3:
        for param in _named_params(init):
            if param.name.value not in passed and param.default is not None \
                    and value_kind(facts, param.default) == OBJECT:
                return ConfigBlocker(param.name.value, param.default, True)
    return None


def _named_params(init: cst.FunctionDef) -> list[cst.Param]:
    """The constructor's parameters after `self`, positional and keyword-only."""
    params = init.params
    return [*params.posonly_params, *params.params][1:] + list(params.kwonly_params)


def _bind(init: cst.FunctionDef, call: cst.Call) -> Optional[dict[str, cst.BaseExpression]]:
    """Parameter name -> passed value, for a call without unpacking; extra keywords land in
    `**kwargs` under their own names."""
    if any(arg.star for arg in call.args):
        return None
    params = init.params
    positional = [*params.posonly_params, *params.params][1:]  # without `self`
    bound: dict[str, cst.BaseExpression] = {}
    index = 0
    for arg in call.args:
        if arg.keyword is None:
            if index >= len(positional):
                return None  # into `*args`
            bound[positional[index].name.value] = arg.value
            index += 1
        else:
            bound[arg.keyword.value] = arg.value
    return bound


def value_kind(facts: CoreFacts, expr: Optional[cst.BaseExpression], depth: int = 0
               ) -> Optional[str]:
    """BASIC for values Keras can put in an auto config, OBJECT for values certainly not
    basic (layers, functions, initializers, arrays, tensors, dtypes, lambdas), None unknown."""
    if expr is None or depth > 8:
        return None
    if facts.values.literal(expr) is not UNKNOWN:
        return BASIC
    if isinstance(expr, cst.Lambda):
        return OBJECT
    if isinstance(expr, (cst.List, cst.Tuple, cst.Set, cst.Dict)):
        return _container_kind(facts, expr, depth)
    if isinstance(expr, cst.Call):
        return _call_kind(facts, expr)
    if isinstance(expr, (cst.Name, cst.Attribute)):
        return _name_kind(facts, expr, depth)
    return None


def _container_kind(facts: CoreFacts, expr: cst.BaseExpression, depth: int) -> Optional[str]:
    if isinstance(expr, cst.Dict):
        items = [e.value for e in expr.elements if isinstance(e, cst.DictElement)]
        if len(items) != len(expr.elements):
            return None
    else:
        items = [e.value for e in expr.elements if not isinstance(e, cst.StarredElement)]
        if len(items) != len(expr.elements):
            return None
    kinds = {value_kind(facts, item, depth + 1) for item in items}
    if OBJECT in kinds:
        return OBJECT
    return BASIC if kinds <= {BASIC} else None


def _call_kind(facts: CoreFacts, call: cst.Call) -> Optional[str]:
    if isinstance(call.func, cst.Name) and call.func.value in _BASIC_CALLS \
            and facts.values.binding_of(call.func) is None:
        return BASIC
    name = facts.call_name(call)
    if name is not None:
        return OBJECT if name.startswith(_OBJECT_PREFIXES) else None
    definition = facts.definition(call.func)
    return OBJECT if isinstance(definition, cst.ClassDef) else None


def _name_kind(facts: CoreFacts, expr: cst.BaseExpression, depth: int) -> Optional[str]:
    name = facts.qualified_name(expr)
    if name is not None:
        if name.startswith(_FUNCTION_PREFIXES):
            return OBJECT
        parts = name.split(".")
        if parts[0] in ("tensorflow", "numpy") and len(parts) == 2 and parts[1] in _DTYPES:
            return OBJECT
        return None
    if isinstance(expr, cst.Name):
        binding = facts.values.binding_of(expr)
        if binding is not None and binding.kind in (FUNCTION, CLASS):
            return OBJECT
        value = facts.values.resolve(expr)
        if value is not None and value is not expr:
            return value_kind(facts, value, depth + 1)
    return None
