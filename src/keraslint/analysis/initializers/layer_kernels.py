"""Kernel uses on layer calls: `kernel_initializer=`, `recurrent_initializer=`,
`depthwise_initializer=`, `pointwise_initializer=` on any layer call (Keras layers, user
layers, wrappers). An initializer passed through a builder function's parameter is followed
one level to each caller; the use still sits on the `kernel_initializer=` argument (the
catalogue's primary line), once per argument however many callers pass a bad value.
"""

from __future__ import annotations

from typing import Iterator, Optional

import libcst as cst

from keraslint.analysis.calls import argument, has_unpacking
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.initializers.arguments import LayerArguments
from keraslint.analysis.initializers.describing import ROOT, Describer
from keraslint.analysis.initializers.distributions import Distribution
from keraslint.analysis.initializers.keras_layers import (
    DEFAULT_LINEAR,
    DENSE,
    DEPTHWISE,
    LAYERS_WITH_KERNEL,
    RNN,
    ROLE_KEYWORDS,
    SEPARABLE,
)
from keraslint.analysis.initializers.kernel_use import KernelUse
from keraslint.analysis.initializers.placement import LayerPlacement


class LayerKernels:
    """The kernel initializer arguments of layer calls, with where each layer sits."""

    def __init__(self, facts: CoreFacts, describer: Describer, arguments: LayerArguments, placement: LayerPlacement) -> None:
        self.facts = facts
        self.values = facts.values
        self.describer = describer
        self.arguments = arguments
        self.placement = placement

    def uses(self) -> Iterator[KernelUse]:
        for call in self.facts.index.calls:
            keywords = {a.keyword.value: a for a in call.args if a.keyword is not None}
            if not any(k in keywords for k in ROLE_KEYWORDS):
                continue
            name = self.facts.call_name(call)
            for keyword, role in ROLE_KEYWORDS.items():
                arg = keywords.get(keyword)
                if arg is None or not self._has_role(name, role):
                    continue
                yield from self._uses_of(arg, call, name, role)

    def _has_role(self, layer: Optional[str], role: str) -> bool:
        if role == "kernel":
            return True
        if role == "recurrent":
            return layer in RNN
        if role == "pointwise":
            return layer in SEPARABLE
        return layer in SEPARABLE or layer in DEPTHWISE

    def _uses_of(self, arg: cst.Arg, call: cst.Call, name: Optional[str], role: str) -> Iterator[KernelUse]:
        """The use at `arg`, or (when `arg` is a builder's parameter) one use per caller."""
        param = self.arguments.enclosing_param(arg.value, call)
        if param is None:
            yield self._make_use(arg, call, name, role, arg.value, self.describer.describe(arg.value))
            return
        function, p = param
        defaulted = False
        for caller in self.values.callers(function.name.value):
            if has_unpacking(caller):
                continue
            passed = self.arguments.argument_for(caller, function, p)
            if passed is None:
                defaulted = True
            else:  # the catalogue's primary line stays the `kernel_initializer=` argument
                yield self._make_use(arg, call, name, role, passed.value, self.describer.describe(passed.value))
        if (defaulted or not self.values.callers(function.name.value)) and p.default is not None:
            yield self._make_use(arg, call, name, role, p.default, self.describer.describe(p.default))

    def _make_use(self, arg: cst.Arg, call: cst.Call, name: Optional[str], role: str,
                  value: cst.BaseExpression, dist: Optional[Distribution]) -> KernelUse:
        known = name in LAYERS_WITH_KERNEL
        units = self.arguments.units(call, name) if known else None
        fan_in = self.placement.fan_in(call, name, role, units) if known else None
        return KernelUse(
            arg=arg, layer=call, layer_name=name, role=role, value=value, distribution=dist,
            units=units, activation=self._layer_activation(call, name) if known else None,
            fan_in=fan_in, min_fan_in=self.placement.min_fan_in(call, name, role)
            if known and fan_in is None else None,
            sign_constrained=self.arguments.sign_constrained(call, "kernel_constraint")
            if role == "kernel" else False,
            hidden=self.placement.feeds_kernel(call), normalized_next=self.placement.normalized_next(call),
        )

    def _layer_activation(self, call: cst.Call, name: Optional[str]) -> Optional[str]:
        arg = argument(call, "activation", 1 if name in DENSE else None)
        if arg is not None:
            own = self.describer.activation(arg.value, ROOT)
        elif has_unpacking(call):
            return None
        elif name in RNN:
            return "tanh"
        elif name in DEFAULT_LINEAR:
            own = "linear"
        else:
            return None
        if own == "linear":
            following = self.placement.following_activation(call)
            if following is not None:
                return following
        return own
