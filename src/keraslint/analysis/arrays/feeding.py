"""What training calls and dataset constructors receive: the arrays, with their roles.

`model.fit(x, y, validation_data=(xv, yv))` feeds `x`, `y`, `validation_data[0]` and
`validation_data[1]`; lists, tuples and dicts of arrays (multi-input and multi-output models)
are listed element by element. Only arrays with a known size (or read whole by `np.load`) count.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from keraslint.analysis.arrays.info import FedArray
from keraslint.analysis.arrays.shapes import ArrayShapes
from keraslint.analysis.calls import argument_value, method_name
from keraslint.analysis.core import CoreFacts

# Training calls: positions of x and y.
FIT_METHODS = {
    "fit": ("x", "y"), "evaluate": ("x", "y"), "predict": ("x",), "train_on_batch": ("x", "y"),
    "test_on_batch": ("x", "y"), "predict_on_batch": ("x",),
}



class FedArrays:
    def __init__(self, facts: CoreFacts, shapes: ArrayShapes) -> None:
        self.facts = facts
        self.values = facts.values
        self.shapes = shapes

    def fed_to(self, call: cst.Call) -> list[FedArray]:
        """The arrays a `fit`/`evaluate`/`predict`/... call receives, with their roles.

        Covers x and y (by keyword or position), `validation_data=(xv, yv[, w])`, and lists,
        tuples and dicts of arrays for multi-input/multi-output models. Arguments that are not
        arrays we know anything about are left out.
        """
        method = method_name(call)
        roles = FIT_METHODS.get(method or "")
        if roles is None:
            return []
        fed: list[FedArray] = []
        for position, role in enumerate(roles):
            fed += self._fed(role, argument_value(call, role, position), is_label=role == "y")
        if method == "fit":
            validation = argument_value(call, "validation_data", 7)
            resolved = self.values.resolve(validation)
            if isinstance(resolved, (cst.Tuple, cst.List)):
                for i, element in enumerate(resolved.elements[:2]):
                    if not isinstance(element, cst.StarredElement):
                        fed += self._fed(f"validation_data[{i}]", element.value, is_label=i == 1)
        return fed

    def dataset_sources(self, call: cst.Call) -> list[FedArray]:
        """The arrays given to `Dataset.from_tensor_slices(...)`/`from_tensors(...)`."""
        tensors = argument_value(call, "tensors", 0)
        structure = self.values.resolve(tensors)
        if isinstance(structure, cst.Tuple) and len(structure.elements) >= 2:
            # (features, labels[, weights]): the usual supervised layout.
            return [fed for i, e in enumerate(structure.elements) if not isinstance(e, cst.StarredElement)
                    for fed in self._fed(f"tensors[{i}]", e.value, is_label=i > 0)]
        return self._fed("tensors", tensors)

    def _fed(self, role: str, expr: Optional[cst.BaseExpression], depth: int = 0,
             is_label: bool = False) -> list[FedArray]:
        if expr is None or depth > 4:
            return []
        structure = self.values.resolve(expr)
        if isinstance(structure, (cst.Tuple, cst.List)):
            return [fed for i, e in enumerate(structure.elements) if not isinstance(e, cst.StarredElement)
                    for fed in self._fed(f"{role}[{i}]", e.value, depth + 1, is_label)]
        if isinstance(structure, cst.Dict):
            out: list[FedArray] = []
            for element in structure.elements:
                if isinstance(element, cst.DictElement):
                    key = self.values.literal(element.key)
                    label = f"{role}[{key!r}]" if isinstance(key, str) else f"{role}[...]"
                    out += self._fed(label, element.value, depth + 1, is_label)
            return out
        info = self.shapes.info(expr)
        if info is None or (info.nbytes is None and not info.loaded):
            return []
        return [FedArray(role, expr, info, is_label)]


def fed_summary(fed: list[FedArray]) -> str:
    """`x: (1000000, 784) float64 = 5.8 GiB, and 2 smaller arrays`: the arrays that matter."""
    sized = sorted((f for f in fed if f.info.nbytes is not None), key=lambda f: -f.info.nbytes)  # type: ignore[operator]
    total = sum(f.info.nbytes for f in sized)  # type: ignore[misc]
    shown = [f for f in sized if f.info.nbytes * 20 >= total][:3] or sized[:1]  # type: ignore[operator]
    text = "; ".join(f"{f.role}: {f.info.describe()}" for f in shown)
    rest = len(sized) - len(shown)
    return text + (f"; and {rest} smaller array{'s' if rest > 1 else ''}" if rest else "")



def streaming_advice(fed: list[FedArray], lead: str) -> str:
    """How the arrays could be streamed instead, true to where they come from: a memory map
    works for an `.npy` file, while `np.load` ignores `mmap_mode` for `.npz` archives."""
    if any(f.info.npz for f in fed):
        return (f"{lead} (from a generator or TFRecord files; `np.load` ignores `mmap_mode` for "
                "`.npz` archives, so save the arrays as `.npy` files to memory-map them)")
    if any(f.info.loaded for f in fed):
        return (f"{lead} (from a generator over `np.load(..., mmap_mode='r')` of the same file, "
                "or TFRecord files)")
    return (f"{lead} (from a generator, TFRecord files or a memory-mapped "
            "`np.load(..., mmap_mode='r')`)")
