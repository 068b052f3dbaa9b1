"""TensorFlow 1 APIs in a TensorFlow 2 program.

Three kinds, each certain to fail on TensorFlow 2 (checked on TF 2.21):

- `REMOVED`: a TF1 name reached through TF2's `tf` namespace (`tf.Session`, `tf.placeholder`,
  `tf.train.AdamOptimizer`, `tf.contrib...`): `AttributeError`, whatever mode the program runs
  in (`tf_names.MISSING_IN_TF2`). `import tensorflow.compat.v1 as tf` is not this: its names
  are `tensorflow.compat.v1.*`.
- `GRAPH_ONLY`: `tf.compat.v1` graph code that eager execution rejects: `placeholder`
  (`RuntimeError: tf.placeholder() is not compatible with eager execution`), and a
  `Session` whose `run` would find an empty graph. A program that runs graphs on purpose is
  left alone: it disables eager execution or v2 behaviour, builds a graph
  (`with graph.as_default():`, `tf.Graph()`), or uses `wrap_function`, estimators or
  `track_tf1_style_variables`.
- `KERAS3_LAYERS`: `tf.compat.v1.layers.*`, which TF 2.16+ routes to Keras 3 and which raises
  (`"dense" is not available with Keras 3`) unless `TF_USE_LEGACY_KERAS` selects `tf_keras`.

Calls under a version check (`if tf.__version__...`, `if tf2:`) or in a `try` whose handler
catches the failure are left alone: the code chooses its API at run time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterator, Optional

import libcst as cst

from keraslint.analysis.api.flavour import Flavour
from keraslint.analysis.api.tf1_names import MISSING_IN_TF2
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.walk import descendants

REMOVED, GRAPH_ONLY, KERAS3_LAYERS = "removed", "graph-only", "keras3-layers"

# TF2 twins of the TF1 names users meet most.
TF2_TWINS = {
    "Session": "eager execution (call functions directly; `tf.function` for graphs)",
    "InteractiveSession": "eager execution",
    "placeholder": "function arguments (or `keras.Input`)",
    "global_variables_initializer": "nothing: TF2 variables initialize when created",
    "local_variables_initializer": "nothing: TF2 variables initialize when created",
    "initialize_all_variables": "nothing: TF2 variables initialize when created",
    "get_variable": "`tf.Variable`", "variable_scope": "`tf.name_scope` or Keras layers",
    "set_random_seed": "`tf.random.set_seed`", "log": "`tf.math.log`",
    "random_normal": "`tf.random.normal`", "random_uniform": "`tf.random.uniform`",
    "truncated_normal": "`tf.random.truncated_normal`", "to_float": "`tf.cast(x, tf.float32)`",
    "to_int32": "`tf.cast(x, tf.int32)`", "to_int64": "`tf.cast(x, tf.int64)`",
    "reset_default_graph": "`keras.backend.clear_session()`",
    "get_default_graph": "`tf.function` graphs", "trainable_variables": "`model.trainable_variables`",
    "ConfigProto": "`tf.config` (e.g. `tf.config.experimental.set_memory_growth`)",
    "GPUOptions": "`tf.config.experimental.set_memory_growth`",
    "AdamOptimizer": "`keras.optimizers.Adam`", "GradientDescentOptimizer": "`keras.optimizers.SGD`",
    "MomentumOptimizer": "`keras.optimizers.SGD(momentum=...)`",
    "RMSPropOptimizer": "`keras.optimizers.RMSprop`", "AdagradOptimizer": "`keras.optimizers.Adagrad`",
    "Saver": "`tf.train.Checkpoint`", "FileWriter": "`tf.summary.create_file_writer`",
    "merge_all": "`tf.summary` in a writer's `as_default()`",
    "softmax_cross_entropy": "`keras.losses.CategoricalCrossentropy`",
    "sparse_softmax_cross_entropy": "`keras.losses.SparseCategoricalCrossentropy`",
    "mean_squared_error": "`keras.losses.MeanSquaredError`",
    "dense": "`keras.layers.Dense`", "conv2d": "`keras.layers.Conv2D`",
    "make_one_shot_iterator": "`iter(dataset)`", "contrib": "TF2 or TF Addons equivalents",
}
_GRAPH_MAKERS = ("tensorflow.Graph", "tensorflow.compat.v1.Graph", "tensorflow.compat.v1.wrap_function",
                 "tensorflow.compat.v1.keras.utils.track_tf1_style_variables")
_GUARD_WORDS = ("version", "tf2", "tf1", "v2", "v1", "eager", "legacy")
_CAUGHT = frozenset({"AttributeError", "ImportError", "ModuleNotFoundError", "Exception",
                     "BaseException", "RuntimeError"})


@dataclass(frozen=True)
class Tf1Use:
    """One TF1 API use: `kind` (REMOVED, GRAPH_ONLY, KERAS3_LAYERS), `spelled` as written
    (`tf.Session`), `name` the TF1 leaf (`Session`); `node` the called name, `call` the call."""

    kind: str
    call: cst.Call = field(repr=False)
    node: cst.CSTNode = field(repr=False)
    spelled: str
    name: str
    qualified: str

    @property
    def twin(self) -> Optional[str]:
        return TF2_TWINS.get(self.name)


class Tf1Apis:
    def __init__(self, facts: CoreFacts, flavour: Flavour) -> None:
        self.facts = facts
        self.flavour = flavour

    @cached_property
    def uses(self) -> list[Tf1Use]:
        found = [use for use in self._all() if id(use.call) not in self._guarded]
        return sorted(found, key=lambda u: self.facts.call_order[u.call])

    def _all(self) -> Iterator[Tf1Use]:
        for name, found in self.facts.calls_by_name.items():
            if not name.startswith("tensorflow."):
                continue
            kind = self._kind(name)
            if kind is None:
                continue
            for call in found:
                yield Tf1Use(kind, call, call.func, _spelling(call.func), name.rsplit(".", 1)[-1],
                             name)

    def _kind(self, name: str) -> Optional[str]:
        parts = name.split(".")
        if parts[1:3] == ["compat", "v1"]:
            rest = parts[3:]
            if rest[:1] == ["layers"] and len(rest) > 1 and not self.flavour.legacy_switch:
                return KERAS3_LAYERS
            if self._graph_context:
                return None
            if rest in (["placeholder"], ["sparse_placeholder"]):
                return GRAPH_ONLY
            if rest in (["Session"], ["InteractiveSession"]) and self.facts.method_calls("run"):
                return GRAPH_ONLY
            return None
        if len(parts) >= 2 and parts[1] in MISSING_IN_TF2[""]:
            return REMOVED
        if len(parts) >= 3 and parts[2] in MISSING_IN_TF2.get(parts[1], ()):
            return REMOVED
        return None

    @cached_property
    def _graph_context(self) -> bool:
        """The program builds or runs TF1 graphs on purpose somewhere."""
        if self.flavour.graph_mode or self.facts.calls_to(*_GRAPH_MAKERS):
            return True
        if self.facts.method_calls("as_default"):
            return True
        return any(name.startswith(("tensorflow.estimator.", "tensorflow.compat.v1.estimator."))
                   for name in self.facts.calls_by_name)

    @cached_property
    def _guarded(self) -> set[int]:
        """ids of calls under a version check or in a `try` that catches their failure."""
        found: set[int] = set()
        for block in _guarded_blocks(self.facts.module):
            for node in descendants(block):
                if isinstance(node, cst.Call):
                    found.add(id(node))
        return found


def _guarded_blocks(module: cst.Module) -> Iterator[cst.CSTNode]:
    stack: list = list(module.body)
    while stack:
        statement = stack.pop()
        if isinstance(statement, cst.If):
            test = " ".join(cst.Module([]).code_for_node(statement.test).lower().split())
            if any(word in test for word in _GUARD_WORDS):
                yield statement
                continue
        if isinstance(statement, cst.Try) and any(_catches(h) for h in statement.handlers):
            yield statement.body
        for part in ("body", "orelse", "finalbody"):
            block = getattr(statement, part, None)
            if isinstance(block, (cst.Else, cst.Finally)):
                block = block.body
            if isinstance(block, cst.If):
                stack.append(block)
            elif isinstance(block, cst.BaseSuite):
                stack.extend(getattr(block, "body", ()))
        for handler in getattr(statement, "handlers", ()):
            stack.extend(getattr(handler.body, "body", ()))


def _catches(handler: cst.ExceptHandler) -> bool:
    if handler.type is None:
        return True
    names = [handler.type] if not isinstance(handler.type, cst.Tuple) else [
        e.value for e in handler.type.elements]
    return any(isinstance(n, (cst.Name, cst.Attribute)) and _leaf(n) in _CAUGHT for n in names)


def _leaf(node: cst.BaseExpression) -> str:
    return node.attr.value if isinstance(node, cst.Attribute) else getattr(node, "value", "")


def _spelling(node: cst.BaseExpression) -> str:
    return " ".join(cst.Module([]).code_for_node(node).split())
