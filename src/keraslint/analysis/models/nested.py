"""The one recursion of the models domain: a model may contain models.

A `Sequential` item, a layer applied in a functional graph or a builder's return value may
itself be a model. The modules describing each style of model ask a `NestedModels` for those,
and `construction.ModelBuilder` is the one implementation: the styles never import the builder,
so the package has no import cycle.
"""

from __future__ import annotations

from typing import Optional, Protocol

import libcst as cst

from keraslint.analysis.layers import Context
from keraslint.analysis.models.model import ModelFact
from keraslint.analysis.models.resolution import Origin


class NestedModels(Protocol):
    def model_from(self, call: cst.Call, ctx: Context, origin: Optional[Origin],
                   depth: int) -> Optional[ModelFact]:
        """The model `call` constructs (any style), or None."""
