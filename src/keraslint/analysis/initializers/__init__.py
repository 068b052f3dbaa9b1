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

`InitializerFacts` is the one object rules ask (`facts.initializers`); the package's modules,
lowest first:

- `distributions`: `Distribution` and the shared judgements (`is_off_center`);
- `catalogue`: initializers and samplers; `keras_layers`: layers by what they do to kernels;
- `syntax`: small readers of parameters, methods and `self.x` assignments;
- `kernel_use`: the `KernelUse` fact;
- `describing`: an initializer (or activation) expression -> what it draws (or names);
- `classes`: local layer classes, their instances and constructor attributes;
- `arguments`: a layer call's units, kernel size, input features and constraints;
- `placement`: a layer's neighbours, following activation, fan-in, whether it is hidden;
- `layer_kernels`: `kernel_initializer=` & co on layer calls;
- `custom_weights`: `add_weight` / `tf.Variable` kernels of custom layers.
"""


from __future__ import annotations

from functools import cached_property
from typing import Optional

import libcst as cst

from keraslint.analysis.core import CoreFacts
from keraslint.analysis.initializers.arguments import LayerArguments
from keraslint.analysis.initializers.catalogue import INITIALIZERS, SAMPLERS, STRING_INITIALIZERS
from keraslint.analysis.initializers.classes import LayerClasses
from keraslint.analysis.initializers.custom_weights import CustomLayerWeights
from keraslint.analysis.initializers.describing import ROOT, Describer
from keraslint.analysis.initializers.distributions import (
    CONSTANT,
    NORMAL,
    OFF_CENTER_MIN_MEAN,
    OFF_CENTER_RATIO,
    SCALED,
    UNIFORM,
    Distribution,
    format_ratio,
    is_off_center,
)
from keraslint.analysis.initializers.keras_layers import LAYERS_WITH_KERNEL
from keraslint.analysis.initializers.kernel_use import KernelUse
from keraslint.analysis.initializers.layer_kernels import LayerKernels
from keraslint.analysis.initializers.placement import LayerPlacement

__all__ = [
    "CONSTANT", "INITIALIZERS", "NORMAL", "OFF_CENTER_MIN_MEAN", "OFF_CENTER_RATIO", "SAMPLERS",
    "SCALED", "STRING_INITIALIZERS", "UNIFORM", "Distribution", "InitializerFacts", "KernelUse",
    "format_ratio", "is_off_center",
]


class InitializerFacts:
    """The questions rules ask about initializers, answered by the collaborators of this package."""

    def __init__(self, facts: CoreFacts) -> None:
        self.facts = facts
        self._describer = Describer(facts)
        classes = LayerClasses(facts, self._describer)
        arguments = LayerArguments(facts, classes)
        placement = LayerPlacement(facts, self._describer, arguments)
        self._layer_kernels = LayerKernels(facts, self._describer, arguments, placement)
        self._custom_weights = CustomLayerWeights(facts, self._describer, classes, arguments,
                                                  placement)

    @cached_property
    def kernel_uses(self) -> list[KernelUse]:
        """Every kernel initializer use in the file, in source order, one per argument and value."""
        uses: dict[tuple[int, int], KernelUse] = {}
        for use in list(self._layer_kernels.uses()) + list(self._custom_weights.uses()):
            key = (id(use.arg), id(use.value))  # a builder's argument: one use per value passed
            seen = uses.get(key)
            # A builder's caller is also an unknown callee with `kernel_initializer=`: keep the
            # use that knows the layer the initializer reaches.
            if seen is None or (seen.layer_name not in LAYERS_WITH_KERNEL
                                and use.layer_name in LAYERS_WITH_KERNEL):
                uses[key] = use
        return list(uses.values())

    def describe(self, expr: Optional[cst.BaseExpression]) -> Optional[Distribution]:
        """The distribution an initializer expression draws, or None when not certain."""
        return self._describer.describe(expr)

    def activation_name(self, expr: Optional[cst.BaseExpression]) -> Optional[str]:
        """'relu', 'linear', ... for an `activation=` value; None when unknown."""
        return self._describer.activation(expr, ROOT)
