"""Whether training targets are real values (a regression), as far as the code shows.

Targets are real-valued when they come from a regression data set (`keras.datasets.
boston_housing`/`california_housing`, scikit-learn's `fetch_california_housing`,
`load_diabetes`, `make_regression`), from a float sampler (`np.random.rand`, `tf.random.normal`),
or from arithmetic on such values (`y = x @ w + noise`). Anything else is unknown (None): labels
read from a file may be 0/1 classes trained with a squared error.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from keraslint.analysis.arrays import ArrayFacts
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.layers import resolve

_REGRESSION_LOADERS = frozenset({
    "keras.datasets.boston_housing.load_data", "keras.datasets.california_housing.load_data",
})
_REGRESSION_BUNCHES = frozenset({
    "sklearn.datasets.fetch_california_housing", "sklearn.datasets.load_diabetes",
    "sklearn.datasets.load_boston", "sklearn.datasets.load_linnerud",
})
_SAMPLERS = frozenset({
    "numpy.random.rand", "numpy.random.randn", "numpy.random.normal", "numpy.random.uniform",
    "numpy.random.random", "numpy.random.standard_normal", "tensorflow.random.normal",
    "tensorflow.random.uniform", "keras.random.normal", "keras.random.uniform",
    "numpy.linspace", "numpy.sin", "numpy.cos", "numpy.exp",
})
_ARITHMETIC = (cst.Add, cst.Subtract, cst.Multiply, cst.Divide, cst.MatrixMultiply, cst.Power)


class Targets:
    def __init__(self, facts: CoreFacts, arrays: ArrayFacts) -> None:
        self.facts = facts
        self.arrays = arrays

    def continuous(self, expr: Optional[cst.BaseExpression], depth: int = 0) -> Optional[bool]:
        """True when the targets are certainly real values; None when unknown."""
        if expr is None or depth > 6:
            return None
        traced = self.arrays.trace(expr)
        source, path = traced if traced is not None else (resolve(self.facts, expr), ())
        if source is None:
            return None
        if isinstance(source, cst.BinaryOperation) and isinstance(source.operator, _ARITHMETIC):
            if any(self.continuous(side, depth + 1) for side in (source.left, source.right)):
                return True
            return None
        if isinstance(source, cst.Attribute) and source.attr.value == "target":
            bunch = resolve(self.facts, source.value)
            if isinstance(bunch, cst.Call) and self.facts.call_name(bunch) in _REGRESSION_BUNCHES:
                return True
            return None
        if not isinstance(source, cst.Call):
            return None
        name = self.facts.call_name(source)
        if name in _REGRESSION_LOADERS and path[-1:] == (1,):
            return True
        if name == "sklearn.datasets.make_regression" and path[-1:] == (1,):
            return True
        if name in _REGRESSION_BUNCHES and path[-1:] == (1,):
            return True  # return_X_y=True
        if name in _SAMPLERS and not path:
            return True
        return None
