"""Describing an initializer expression: the distribution it draws, or None when not certain.

Through names, for built-ins (Keras classes and string names, TF-native initializers),
`def`/`lambda` initializers returning a sampler through simple arithmetic and wrappers
(`tf.cast`, `.astype`, `tf.Variable`), `functools.partial` of a sampler or function, and local
`Initializer`-like classes whose `__call__` returns a sampler (with `self.x` read from
`__init__` and the constructor call). Also what an `activation=` value names.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Optional

import libcst as cst

from keraslint.analysis.calls import has_unpacking
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.initializers.catalogue import (
    INITIALIZERS,
    PASSTHROUGH_METHODS,
    RNG_FACTORIES,
    RNG_METHODS,
    SAMPLERS,
    STRING_INITIALIZERS,
    WRAPPERS,
    Spec,
)
from keraslint.analysis.initializers.distributions import (
    CONSTANT,
    NORMAL,
    SCALED,
    TRUNCATED_STD,
    Distribution,
    normal_dist,
    scaled,
    shifted,
    uniform_dist,
)
from keraslint.analysis.initializers.keras_layers import ACTIVATION_ALIASES, ACTIVATION_LAYERS
from keraslint.analysis.initializers.syntax import (
    ClassBodies,
    MAX_DEPTH,
    is_self_attribute,
    parameters_of,
)
from keraslint.analysis.names import leaf
from keraslint.analysis.scopes import CLASS, FUNCTION, IMPORT, PARAM
from keraslint.analysis.values import UNKNOWN


@dataclass
class Substitutions:
    """Substitutions for names a describing walk cannot resolve alone.

    `env` maps parameters (by node identity) to the expressions a call passes for them;
    `instance` is (class, constructor call) while reading an initializer object's `__call__`.
    """

    env: dict[int, Optional[cst.BaseExpression]] = field(default_factory=dict)
    instance: Optional[tuple[cst.ClassDef, Optional[cst.Call]]] = None
    depth: int = 0

    def deeper(self, **changes) -> "Substitutions":
        return replace(self, depth=self.depth + 1, **changes)


ROOT = Substitutions()



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



class Describer:
    """Initializer and activation expressions -> what they stand for."""

    def __init__(self, facts: CoreFacts) -> None:
        self.facts = facts
        self.values = facts.values
        self.bodies = ClassBodies()

    def describe(self, expr: Optional[cst.BaseExpression]) -> Optional[Distribution]:
        """The distribution an initializer expression draws, or None when not certain."""
        dist = self._describe(expr, ROOT)
        if dist is not None and expr is not None:
            dist = replace(dist, display=self.display(expr))
        return dist

    def _describe(self, expr: Optional[cst.BaseExpression], ctx: Substitutions) -> Optional[Distribution]:
        if ctx.depth > MAX_DEPTH:
            return None
        target = self.resolve(expr, ctx)
        if target is None:
            return None
        text = self.values.string(target) if isinstance(
            target, (cst.SimpleString, cst.ConcatenatedString)) else None
        if text is not None:
            spec = STRING_INITIALIZERS.get(text.lower())
            return None if spec is None else self._from_spec(spec, None, ctx)
        if isinstance(target, cst.Lambda):
            return self.sample(target.body, ctx.deeper())
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

    def _describe_call(self, call: cst.Call, ctx: Substitutions) -> Optional[Distribution]:
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

    def _describe_partial(self, call: cst.Call, ctx: Substitutions) -> Optional[Distribution]:
        bound = _Bound.of(call, skip=1, shape_last=True)
        func = self.resolve(call.args[0].value, ctx)
        name = self.facts.qualified_name(func)
        if name in SAMPLERS:
            return self._from_spec(SAMPLERS[name], bound, ctx)
        local = self._local_definition(func)
        if isinstance(local, cst.FunctionDef) and len(bound.positional) == 1:
            env = dict(ctx.env)
            for param in parameters_of(local):
                if param.name.value in bound.keywords:
                    env[id(param)] = bound.keywords[param.name.value]
            return self._describe_function(local, ctx.deeper(env=env))
        return None

    def _describe_instance(self, cls: cst.ClassDef, call: cst.Call, ctx: Substitutions) -> Optional[Distribution]:
        method = self.bodies.method(cls, "__call__")
        if method is None:
            return None
        return self._describe_function(method, ctx.deeper(instance=(cls, call)))

    def _describe_function(self, function: cst.FunctionDef, ctx: Substitutions) -> Optional[Distribution]:
        return self._same(self.sample(value, ctx) for value in self.facts.returned_values(function))

    @staticmethod
    def _same(found) -> Optional[Distribution]:
        """The one distribution every `return` agrees on (None if any differs or is unknown)."""
        found = list(found)
        if not found or any(d is None for d in found) or any(d != found[0] for d in found[1:]):
            return None
        return found[0]

    def sample(self, expr: Optional[cst.BaseExpression], ctx: Substitutions) -> Optional[Distribution]:
        if ctx.depth > MAX_DEPTH:
            return None
        target = self.resolve(expr, ctx)
        if isinstance(target, cst.BinaryOperation):
            return self._arithmetic(target, ctx)
        if isinstance(target, cst.UnaryOperation) and isinstance(target.operator, cst.Minus):
            inner = self.sample(target.expression, ctx.deeper())
            return None if inner is None else scaled(inner, -1.0)
        if not isinstance(target, cst.Call):
            return None
        return self._sample_call(target, ctx)

    def _sample_call(self, call: cst.Call, ctx: Substitutions) -> Optional[Distribution]:
        name = self.facts.call_name(call)
        if name in SAMPLERS:
            return self._from_spec(SAMPLERS[name], _Bound.of(call), ctx)
        if name in WRAPPERS and call.args and not call.args[0].star:
            first = call.args[0]
            if first.keyword is None or first.keyword.value in ("x", "value", "initial_value", "object", "a"):
                return self.sample(first.value, ctx.deeper())
            return None
        if isinstance(call.func, cst.Attribute):
            method = call.func.attr.value
            if method in PASSTHROUGH_METHODS:
                return self.sample(call.func.value, ctx.deeper())
            if method in RNG_METHODS and self._is_rng(call.func.value, ctx):
                return self._from_spec(RNG_METHODS[method], _Bound.of(call), ctx)
        # `init(shape)` where `init` is itself an initializer (object, class or function).
        return self._describe(call.func, ctx.deeper())

    def _is_rng(self, expr: cst.BaseExpression, ctx: Substitutions) -> bool:
        target = self.resolve(expr, ctx)
        if isinstance(target, cst.Call):
            return self.facts.call_name(target) in RNG_FACTORIES
        return self.facts.qualified_name(target) == "numpy.random"

    def _arithmetic(self, op: cst.BinaryOperation, ctx: Substitutions) -> Optional[Distribution]:
        left = self.sample(op.left, ctx.deeper())
        right = self.sample(op.right, ctx.deeper()) if left is None else None
        if (left is None) == (right is None):
            return None
        dist = left or right
        other = op.right if left is not None else op.left
        number = self.number(other, ctx)
        operator = op.operator
        if isinstance(operator, cst.Multiply):
            return scaled(dist, number)
        if isinstance(operator, cst.Divide) and left is not None:
            return scaled(dist, None if number is None else (1.0 / number if number else None),
                           zero_ok=False)
        if isinstance(operator, (cst.Add, cst.Subtract)) and number is not None:
            if isinstance(operator, cst.Subtract):
                if left is not None:
                    number = -number
                else:
                    dist = scaled(dist, -1.0)
            return shifted(dist, number)
        return None

    def _from_spec(self, spec: Spec, bound: Optional["_Bound"], ctx: Substitutions) -> Optional[Distribution]:
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
            return normal_dist(first, abs(second) * (TRUNCATED_STD if spec.truncated else 1.0),
                                abs(second))
        return uniform_dist(first, second)

    def _param(self, spec: Spec, key: Optional[str], which: int, bound: Optional["_Bound"],
               ctx: Substitutions):
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
                value = self.number(expr, ctx)
                return UNKNOWN if value is None else value
        return default if default is not None else UNKNOWN

    def _is_none(self, expr: cst.BaseExpression, ctx: Substitutions) -> bool:
        target = self.resolve(expr, ctx)
        return isinstance(target, cst.Name) and target.value == "None"

    def resolve(self, expr: Optional[cst.BaseExpression], ctx: Substitutions) -> Optional[cst.BaseExpression]:
        """Follow names (and `self.x` of an initializer object) to the expression they stand for."""
        for _ in range(MAX_DEPTH):
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
            if is_self_attribute(expr) and ctx.instance is not None:
                found = self.instance_attribute(expr.attr.value, ctx)  # type: ignore[union-attr]
                if found is None:
                    return None
                expr, ctx = found
                continue
            return expr
        return None

    def instance_attribute(self, attr: str, ctx: Substitutions):
        """`self.attr` of an object built by `ctx.instance`'s constructor call, with its env."""
        cls, call = ctx.instance  # type: ignore[misc]
        assigned = self.bodies.self_assignments(cls).get(attr)
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
        params = parameters_of(function)
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

    def number(self, expr: Optional[cst.BaseExpression], ctx: Substitutions) -> Optional[float]:
        target = self.resolve(expr, ctx)
        if target is None:
            return None
        if isinstance(target, cst.UnaryOperation) and isinstance(target.operator, cst.Minus):
            inner = self.number(target.expression, ctx)
            return None if inner is None else -inner
        if isinstance(target, cst.Call) and self.facts.call_name(target) in ("float", "numpy.float32"):
            return self.number(target.args[0].value, ctx) if len(target.args) == 1 else None
        if isinstance(target, cst.BinaryOperation) and ctx.env:
            left, right = self.number(target.left, ctx), self.number(target.right, ctx)
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

    def display(self, expr: cst.BaseExpression) -> str:
        text = self.facts.module.code_for_node(expr).strip()
        if isinstance(expr, cst.Name):
            target = self.values.resolve(expr)
            if isinstance(target, cst.Call):
                shown = self.facts.module.code_for_node(target).strip()
                if len(shown) <= 60 and "\n" not in shown:
                    return f"{text} = {shown}"
        text = " ".join(text.split())
        return text if len(text) <= 70 else text[:67] + "..."

    def activation(self, expr: Optional[cst.BaseExpression], ctx: Substitutions) -> Optional[str]:
        target = self.resolve(expr, ctx)
        if target is None:
            return None
        if isinstance(target, cst.Name) and target.value == "None":
            return "linear"
        if isinstance(target, (cst.SimpleString, cst.ConcatenatedString)):
            text = self.values.string(target)
            return None if text is None else ACTIVATION_ALIASES.get(text.lower(), text.lower())
        if isinstance(target, cst.Call):
            name = self.facts.call_name(target)
            if name in ACTIVATION_LAYERS:
                return ACTIVATION_LAYERS[name]
            if name in ("keras.layers.Activation", "keras.activations.get") and target.args:
                return self.activation(target.args[0].value, ctx)
            return None
        name = self.facts.qualified_name(target)
        if name is None:
            return None
        if name.startswith(("keras.activations.", "tensorflow.nn.", "tensorflow.math.", "keras.ops.")) \
                or name in ("tensorflow.tanh", "tensorflow.sigmoid"):
            short = leaf(name) or ""
            return ACTIVATION_ALIASES.get(short, short)
        return None
