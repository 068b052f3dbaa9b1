"""The fact the initializer domain answers with: one place a kernel gets an initializer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import libcst as cst

from keraslint.analysis.initializers.distributions import Distribution


@dataclass(frozen=True)
class KernelUse:
    """One place a kernel gets an initializer.

    `arg` is the argument whose line is the finding's primary line; `layer` the call that owns
    the kernel (layer constructor, `add_weight`, `tf.Variable`). `units`, `activation` and
    `fan_in` are None when unknown; `activation` is a lower-case name, "linear" for none. The
    fan-in of a custom weight is read where its class is instantiated (`Dense(in_features=3)`).
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
    min_fan_in: Optional[int] = None  # a lower bound when `fan_in` is unknown (a kernel's area)
    sign_constrained: bool = False  # NonNeg or an unknown kernel constraint
    hidden: bool = False  # its output certainly feeds another kernel layer
    normalized_next: bool = False  # the next layer is a BatchNormalization-like layer
    # The only kernel of a model with no other layer (a custom linear or logistic regression
    # module used on its own): no depth for activations to grow through.
    only_kernel: bool = False
