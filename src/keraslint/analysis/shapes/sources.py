"""Where an array's values come from, for facts read from how the values are made (ranges,
class counts): names, tuple unpacking and constant indexing (the arrays domain's tracing),
then through row-selecting splits (`train_test_split`) to the array they take rows from.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from keraslint.analysis.arrays import ArrayFacts
from keraslint.analysis.core import CoreFacts

_MAX_SPLITS = 8


def origin(arrays: ArrayFacts, expr: Optional[cst.BaseExpression]
           ) -> Optional[tuple[cst.BaseExpression, tuple[int, ...]]]:
    """`(expression, index path)` making the values of `expr`, splits followed to their
    source (`ArrayFacts.trace` otherwise); None when not traceable."""
    for _ in range(_MAX_SPLITS):
        traced = arrays.trace(expr)
        if traced is None:
            return None
        node, path = traced
        split = arrays.split_source(node, path) if path else None
        if split is None:
            return node, path
        expr = split
    return None


def bundled_part(facts: CoreFacts, node: cst.BaseExpression, path: tuple[int, ...]
                 ) -> Optional[str]:
    """`"mnist"` when `node`/`path` is the labels (or targets) of a bundled data set:
    `(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()`."""
    if not isinstance(node, cst.Call) or len(path) != 2 or path[1] != 1:
        return None
    parts = (facts.call_name(node) or "").split(".")
    if len(parts) == 4 and parts[:2] == ["keras", "datasets"] and parts[3] == "load_data":
        return parts[2]
    return None
