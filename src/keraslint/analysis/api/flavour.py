"""Which Keras a program runs on, and which namespace each Keras object comes from.

Three Keras implementations can answer to a Keras spelling:

- **Keras 3**: the `keras` package, and `tf.keras` on TensorFlow >= 2.16 (TensorFlow routes
  `tf.keras` to `keras._tf_keras.keras`, a Keras 3 namespace with a few legacy extras such as
  `tf.keras.backend.mean`);
- **`tf_keras`** (Keras 2): the `tf_keras` package imported directly, and `tf.keras` when
  `TF_USE_LEGACY_KERAS` is set to a true value before TensorFlow is imported (TensorFlow reads
  it at `import tensorflow`); `tensorflow.python.keras` is TensorFlow's older private copy;
- **standalone Keras 2** (`import keras` with keras < 3): the same spelling as Keras 3.

The last two cannot be told apart from source: `import keras` is judged as Keras 3, the
Keras a program gets when it is installed today (rules whose truth needs Keras 3 say so in
their message). A file whose own objects come from both Keras 3 and `tf_keras` has no single
flavour (None), and so has a file that names no Keras at all.

Graph mode: a program that calls `disable_eager_execution()`/`disable_v2_behavior()` (or
imports `tensorflow.compat.v1 as tf` and calls `tf.disable_v2_behavior()`) runs TensorFlow 1
style graphs on purpose (`graph_mode`).
"""

from __future__ import annotations

from functools import cached_property
from typing import Iterator, Optional

import libcst as cst

from keraslint.analysis.calls import argument_value
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.scopes import IMPORT

KERAS3, LEGACY = "keras3", "tf_keras"

# Namespaces of a raw dotted name (`CoreFacts.raw_name`).
KERAS = "keras"  # the keras package: Keras 3 (or a standalone Keras 2)
TF_KERAS = "tf.keras"  # tf.keras: Keras 3 on TF >= 2.16, tf_keras under TF_USE_LEGACY_KERAS
TF_KERAS_PACKAGE = "tf_keras"  # the tf_keras package itself
TF_PRIVATE = "tensorflow.python.keras"  # TensorFlow's private legacy copy

LEGACY_SWITCH = "TF_USE_LEGACY_KERAS"
_TRUE = frozenset({"1", "true", "True"})  # what TensorFlow reads as true
_GRAPH_SWITCHES = frozenset({
    "tensorflow.compat.v1.disable_eager_execution", "tensorflow.compat.v1.disable_v2_behavior",
    "tensorflow.compat.v1.disable_resource_variables",
})


def namespace_of(raw: Optional[str]) -> Optional[str]:
    """The namespace of a raw dotted name (see the module constants), None if not Keras."""
    if raw is None:
        return None
    if raw == "tf_keras" or raw.startswith("tf_keras."):
        return TF_KERAS_PACKAGE
    if raw == "tensorflow.python.keras" or raw.startswith("tensorflow.python.keras."):
        return TF_PRIVATE
    for prefix in ("tensorflow.keras", "tensorflow.compat.v1.keras", "tensorflow.compat.v2.keras",
                   "keras._tf_keras.keras"):
        if raw == prefix or raw.startswith(prefix + "."):
            return TF_KERAS
    if raw == "keras" or raw.startswith("keras."):
        return KERAS
    return None


class Flavour:
    """The Keras and the TensorFlow mode one file runs on (see the module docstring)."""

    def __init__(self, facts: CoreFacts) -> None:
        self.facts = facts

    # -- namespaces ------------------------------------------------------------------------------
    def namespace(self, expr: Optional[cst.BaseExpression]) -> Optional[str]:
        """The namespace `expr` (a name, attribute or call) comes from, None if not Keras."""
        if isinstance(expr, cst.Call):
            expr = expr.func
        return namespace_of(self.facts.raw_name(expr))

    def implementation(self, namespace: Optional[str]) -> Optional[str]:
        """KERAS3 or LEGACY: which Keras a namespace means in this file."""
        if namespace == KERAS:
            return KERAS3
        if namespace in (TF_KERAS_PACKAGE, TF_PRIVATE):
            return LEGACY
        if namespace == TF_KERAS:
            return LEGACY if self.legacy_switch else KERAS3
        return None

    def implementation_of(self, expr: Optional[cst.BaseExpression]) -> Optional[str]:
        return self.implementation(self.namespace(expr))

    # -- the file --------------------------------------------------------------------------------
    @cached_property
    def keras(self) -> Optional[str]:
        """KERAS3 or LEGACY when every Keras the file imports means the same one, else None."""
        found = {self.implementation(namespace_of(module)) for module in self._imported_modules}
        if any(module == "tensorflow" for module in self._imported_modules) and self._names_tf_keras:
            found.add(self.implementation(TF_KERAS))
        found.discard(None)
        return found.pop() if len(found) == 1 else None

    @cached_property
    def uses_keras(self) -> set[str]:
        """The implementations (KERAS3, LEGACY) the file's imports and `tf.keras` uses name."""
        found = {self.implementation(namespace_of(module)) for module in self._imported_modules}
        if self._names_tf_keras:
            found.add(self.implementation(TF_KERAS))
        found.discard(None)
        return found  # type: ignore[return-value]

    @cached_property
    def _names_tf_keras(self) -> bool:
        """`tf.keras.<...>` is called somewhere (through `import tensorflow as tf`)."""
        return any(namespace_of(self.facts.raw_name(call.func)) == TF_KERAS
                   for name, found in self.facts.calls_by_name.items()
                   if name.startswith("keras.") for call in found[:1])

    @cached_property
    def _imported_modules(self) -> list[str]:
        modules = [b.module for scope in self.facts.index.scopes
                   for bindings in scope.bindings.values() for b in bindings
                   if b.kind == IMPORT and b.module]
        return modules + list(self.facts.index.star_imports)

    @cached_property
    def legacy_switch(self) -> bool:
        """`TF_USE_LEGACY_KERAS` set true (module level) before TensorFlow is first imported."""
        first_import = None
        switch = None
        for position, statement in enumerate(top_level_statements(self.facts.module.body)):
            if first_import is None and _imports_tensorflow(statement):
                first_import = position
            if switch is None and self._sets_switch(statement):
                switch = position
        return switch is not None and (first_import is None or switch < first_import)

    def _sets_switch(self, statement: cst.SimpleStatementLine) -> bool:
        for small in statement.body:
            if isinstance(small, cst.Assign):
                for target in small.targets:
                    sub = target.target
                    if (isinstance(sub, cst.Subscript) and len(sub.slice) == 1
                            and isinstance(sub.slice[0].slice, cst.Index)
                            and self.facts.qualified_name(sub.value) == "os.environ"
                            and self.facts.values.string(sub.slice[0].slice.value) == LEGACY_SWITCH
                            and self.facts.values.string(small.value) in _TRUE):
                        return True
            elif isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
                call = small.value
                name = self.facts.qualified_name(call.func)
                if name in ("os.putenv", "os.environ.setdefault", "os.environ.update"):
                    key = self.facts.values.string(argument_value(call, "key", 0))
                    value = self.facts.values.string(argument_value(call, "value", 1))
                    if key == LEGACY_SWITCH and value in _TRUE:
                        return True
        return False

    @cached_property
    def graph_mode(self) -> bool:
        """The program switches TensorFlow to TF1 graph behaviour on purpose."""
        return bool(self.facts.calls_to(*_GRAPH_SWITCHES))


def top_level_statements(body, depth: int = 0) -> Iterator[cst.SimpleStatementLine]:
    """Simple statements at module level, also inside top-level `if`/`try`/`with` blocks."""
    for statement in body:
        if isinstance(statement, cst.SimpleStatementLine):
            yield statement
        elif isinstance(statement, (cst.If, cst.Try, cst.With)) and depth < 3:
            yield from top_level_statements(statement.body.body, depth + 1)
            if isinstance(statement, cst.Try):
                for handler in statement.handlers:
                    yield from top_level_statements(handler.body.body, depth + 1)


def _imports_tensorflow(statement: cst.SimpleStatementLine) -> bool:
    for small in statement.body:
        if isinstance(small, cst.Import):
            if any(_dotted(a.name).split(".")[0] == "tensorflow" for a in small.names):
                return True
        elif isinstance(small, cst.ImportFrom) and small.module is not None and not small.relative:
            if _dotted(small.module).split(".")[0] == "tensorflow":
                return True
    return False


def _dotted(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return node.value if isinstance(node, cst.Name) else ""
