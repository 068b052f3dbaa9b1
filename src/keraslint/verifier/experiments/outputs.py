"""One output of a multi-output model: the slicer names it (`facts["output_index"]`, and
`output_name`) for a finding on one head, and SLOT_LOSS is the loss paired with that head. The
experiments, written for one output, then see a model whose output is that head, sharing the
original's layers and weights: a functional sub-model on `model.outputs[i]`, or for a
subclassed model a wrapper that picks the i-th element (or the named entry) of its result."""

from __future__ import annotations

from typing import Any, Optional

import keras
import numpy as np

from keraslint.verifier.experiments.verdicts import Inconclusive
from keraslint.verifier.protocol import SLOT_MODEL, SLOT_Y


def single_output(namespace: dict, facts: dict) -> dict:
    """The namespace with SLOT_MODEL (and SLOT_Y, when per output) narrowed to the finding's
    output; unchanged when the facts name none."""
    index, name = facts.get("output_index"), facts.get("output_name")
    model = namespace.get(SLOT_MODEL)
    if (index is None and not name) or model is None or not callable(model):
        return namespace
    narrowed = dict(namespace)
    narrowed[SLOT_MODEL], index = _view(model, index, name)
    if namespace.get(SLOT_Y) is not None:
        narrowed[SLOT_Y] = pick(namespace[SLOT_Y], index, name)
    return narrowed


def _view(model: Any, index: Optional[int], name: Optional[str]) -> tuple[Any, Optional[int]]:
    outputs = _symbolic_outputs(model)
    if outputs is None:
        return OneOutput(model, index, name), index
    if len(outputs) == 1:
        return model, 0
    position = _position(model, outputs, index, name)
    view = keras.Model(model.input, outputs[position], name=f"{model.name}_output_{position}")
    return view, position


def _symbolic_outputs(model: Any) -> Optional[list]:
    try:
        outputs = list(model.outputs or [])
        return outputs if outputs and model.inputs else None
    except (AttributeError, ValueError):
        return None


def _position(model: Any, outputs: list, index: Optional[int], name: Optional[str]) -> int:
    names = list(getattr(model, "output_names", None) or [])
    declared = getattr(model, "output", None)
    if not name and isinstance(declared, dict) and isinstance(index, int) \
            and 0 <= index < len(declared):
        name = list(declared)[index]  # the index counts the dict as written; outputs are sorted
    if name and name in names and len(names) == len(outputs):
        return names.index(name)
    if isinstance(index, int) and -len(outputs) <= index < len(outputs):
        return index % len(outputs)
    raise Inconclusive(f"the model has {len(outputs)} outputs ({', '.join(names)}) and the "
                       f"finding's output {name or index!r} is not one of them")


def pick(value: Any, index: Optional[int], name: Optional[str]) -> Any:
    """The finding's entry of a per-output structure; anything else as it is."""
    if isinstance(value, dict):
        if name in value:
            return value[name]
        if isinstance(index, int) and 0 <= index < len(value):
            return list(value.values())[index]
        raise Inconclusive(f"the model's outputs are {', '.join(map(str, value))}: none is "
                           f"{name or index!r}")
    per_output = isinstance(value, (list, tuple)) and all(np.ndim(v) >= 1 for v in value)
    if per_output and isinstance(index, int):
        if not -len(value) <= index < len(value):
            raise Inconclusive(f"the model returns {len(value)} outputs; output {index} is "
                               "not one of them")
        return value[index]
    return value


class OneOutput(keras.Model):
    """A subclassed model narrowed to one output: calls it and picks the finding's entry."""

    def __init__(self, inner: Any, index: Optional[int], name: Optional[str]) -> None:
        super().__init__(name=f"{inner.name}_output")
        self.inner, self.index, self.output_key = inner, index, name

    def call(self, x: Any, training: Any = None) -> Any:
        return pick(self.inner(x, training=training), self.index, self.output_key)
