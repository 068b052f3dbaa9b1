"""A layer call's size and constraint arguments: units/filters, kernel size, declared input
features and kernel constraints, followed through a builder's parameters (the smallest value
any caller passes) and a custom layer's constructor attributes.
"""

from __future__ import annotations

import math
from typing import Optional

import libcst as cst

from keraslint.analysis.calls import argument, has_unpacking
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.initializers.classes import LayerClasses
from keraslint.analysis.initializers.keras_layers import (
    CONV,
    INPUTS,
    KL,
    SIGN_FREE_CONSTRAINT_STRINGS,
    SIGN_FREE_CONSTRAINTS,
    UNIT_LAYERS,
)
from keraslint.analysis.initializers.syntax import parameters_of
from keraslint.analysis.scopes import PARAM
from keraslint.analysis.values import UNKNOWN


class LayerArguments:
    """Reads a layer call's arguments where the code fixes them."""

    def __init__(self, facts: CoreFacts, classes: LayerClasses) -> None:
        self.facts = facts
        self.values = facts.values
        self.classes = classes

    def enclosing_param(self, expr: cst.BaseExpression, call: cst.Call):
        """(function, param) when `expr` is a parameter of the function around `call`."""
        if not isinstance(expr, cst.Name):
            return None
        binding = self.values.binding_of(expr)
        if binding is None or binding.kind != PARAM:
            return None
        function = self.facts.index.enclosing_function.get(call)
        if function is None or not any(p is binding.node for p in parameters_of(function)):
            return None
        if self.values.param_value(binding.node) is not None:
            return None  # no caller passes it: the default is the value, read at the layer
        return function, binding.node

    def argument_for(self, caller: cst.Call, function: cst.FunctionDef, param: cst.Param) -> Optional[cst.Arg]:
        positional = list(function.params.posonly_params) + list(function.params.params)
        index = next((i for i, p in enumerate(positional) if p is param), None)
        if index is not None and isinstance(caller.func, cst.Attribute) and positional \
                and positional[0].name.value in ("self", "cls"):
            index -= 1
        return argument(caller, param.name.value, index)

    def units(self, call: cst.Call, name: Optional[str]) -> Optional[int]:
        if name not in UNIT_LAYERS:
            return None
        keyword = "filters" if name in CONV or name.startswith(KL + "ConvLSTM") else "units"
        return self._int_over_callers(argument(call, keyword, 0), call)

    def _int_over_callers(self, arg: Optional[cst.Arg], call: cst.Call) -> Optional[int]:
        """An integer argument; through a builder's parameter, the smallest any caller passes."""
        if arg is None:
            return None
        value = self.values.number(arg.value)
        if value is not None:
            return int(value)
        looped = self.values.loop_values(arg.value) if isinstance(arg.value, cst.Name) else None
        if looped and all(isinstance(v, int) and not isinstance(v, bool) for v in looped):
            return min(looped)  # `for width in [256, 128]: Dense(width)`: the smallest it takes
        param = self.enclosing_param(arg.value, call)
        if param is None:
            cls = self.classes.method_owner(call)
            return None if cls is None else self.classes.dimension(arg.value, cls)
        function, p = param
        found = []
        for caller in self.values.callers(function.name.value):
            passed = self.argument_for(caller, function, p)
            number = self.values.number(passed.value if passed else p.default)
            if has_unpacking(caller) or number is None:
                return None
            found.append(int(number))
        return min(found) if found else None

    def kernel_area(self, call: cst.Call, dims: int) -> Optional[int]:
        arg = argument(call, "kernel_size", 1 if argument(call, "filters", 0) is not None
                       or len([a for a in call.args if a.keyword is None]) > 1 else 0)
        size = self.values.literal(arg.value) if arg is not None else UNKNOWN
        if isinstance(size, int) and not isinstance(size, bool):
            return size ** dims
        if isinstance(size, (tuple, list)) and all(isinstance(s, int) for s in size):
            return math.prod(size)
        return None

    def declared_features(self, call: cst.Call) -> Optional[int]:
        dim = argument(call, "input_dim")
        if dim is not None:
            value = self.values.number(dim.value)
            return None if value is None else int(value)
        for keyword in ("input_shape", "shape", "batch_input_shape", "batch_shape"):
            arg = argument(call, keyword, 0 if keyword == "shape" and
                           self.facts.call_name(call) in INPUTS else None)
            if arg is not None:
                shape = self.values.literal(arg.value)
                if isinstance(shape, int) and not isinstance(shape, bool):
                    return shape
                if isinstance(shape, (tuple, list)) and shape and isinstance(shape[-1], int):
                    return shape[-1]
                return None
        return None

    def sign_constrained(self, call: cst.Call, keyword: str) -> bool:
        """A constraint that may keep weights positive (NonNeg, or one we cannot read)."""
        arg = argument(call, keyword)
        if arg is None:
            return has_unpacking(call)
        target = self.values.resolve(arg.value)
        if isinstance(target, cst.Name) and target.value == "None":
            return False
        if isinstance(target, (cst.SimpleString, cst.ConcatenatedString)):
            return (self.values.string(target) or "").lower() not in SIGN_FREE_CONSTRAINT_STRINGS
        name = self.facts.call_name(target) if isinstance(target, cst.Call) else None
        return name not in SIGN_FREE_CONSTRAINTS
