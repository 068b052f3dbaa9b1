"""Which Keras a file runs on: Keras 3 or the legacy `tf_keras` (Keras 2).

Several behaviours differ between the two and the rules must say which one they describe:
Keras 3 does not track a `tf.Variable` attribute of a layer, builds a layer before its first
`call`, and fills in `get_config` from basic constructor arguments including defaults;
`tf_keras` tracks `tf.Variable`s and freezes the trainable state at `compile`.

`keras` and `tf.keras` are Keras 3 (TensorFlow >= 2.16 ships Keras 3 as `tf.keras`); `tf_keras`,
`tensorflow.python.keras` and `tf.compat.v1.keras` are legacy, and so is `tf.keras` in a file
that sets `TF_USE_LEGACY_KERAS` to a true value. A file that mixes both, or names no Keras at
all, has no flavour (None): rules that depend on it stay quiet.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from keraslint.analysis.calls import argument_value
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.scopes import IMPORT

KERAS3, LEGACY = "keras3", "tf_keras"
_LEGACY_MODULES = ("tf_keras", "tensorflow.python.keras", "tensorflow.compat.v1.keras")
_LEGACY_SWITCH = "TF_USE_LEGACY_KERAS"
_TRUE = ("1", "true", "True", "TRUE", "yes")


def keras_flavour(facts: CoreFacts) -> Optional[str]:
    """KERAS3, LEGACY or None (mixed, or no Keras named): see the module docstring."""
    legacy_switch = _sets_legacy_switch(facts)
    found = {LEGACY} if _names_legacy_api(facts) else set()
    for module in _imported_modules(facts):
        if module.startswith(_LEGACY_MODULES):
            found.add(LEGACY)
        elif module == "keras" or module.startswith("keras."):
            found.add(KERAS3)
        elif module.startswith("tensorflow.keras"):
            found.add(LEGACY if legacy_switch else KERAS3)
        elif module == "tensorflow" or module.startswith("tensorflow."):
            if _uses_tf_keras(facts):
                found.add(LEGACY if legacy_switch else KERAS3)
    return found.pop() if len(found) == 1 else None


def _names_legacy_api(facts: CoreFacts) -> bool:
    """Legacy Keras reached through TensorFlow by attribute (`tf.compat.v1.keras.utils...`,
    e.g. the `track_tf1_style_variables` decorator): every `<expr>.keras` of the file, from the
    index's attribute table."""
    return any(_raw_dotted(facts, node).startswith(_LEGACY_MODULES[1:])
               for node in facts.index.attributes.get("keras", ()))


def _raw_dotted(facts: CoreFacts, expr: cst.BaseExpression, depth: int = 0) -> str:
    """The dotted spelling of `expr` with its root import expanded, before canonicalisation:
    `tf.compat.v1.keras.utils.x` -> `tensorflow.compat.v1.keras.utils.x`."""
    if isinstance(expr, cst.Call):
        expr = expr.func
    if isinstance(expr, cst.Attribute) and depth < 12:
        return f"{_raw_dotted(facts, expr.value, depth + 1)}.{expr.attr.value}"
    if isinstance(expr, cst.Name):
        binding = facts.values.binding_of(expr)
        if binding is not None and binding.kind == IMPORT and binding.module:
            return binding.module
        return expr.value
    return ""


def _imported_modules(facts: CoreFacts) -> list[str]:
    modules = [b.module for scope in facts.index.scopes for bindings in scope.bindings.values()
               for b in bindings if b.kind == IMPORT and b.module]
    return modules + list(facts.index.star_imports)


def _uses_tf_keras(facts: CoreFacts) -> bool:
    """`tf.keras.<...>` is named somewhere: called, or a class's base."""
    if any(name == "keras" or name.startswith("keras.")
           for name in facts._calls_by_name):  # noqa: SLF001 - the shared table of CoreFacts
        return True
    return any(base.startswith("keras.") for classes in facts.index.classes.values()
               for cls in classes for base in facts.class_bases(cls))


def _sets_legacy_switch(facts: CoreFacts) -> bool:
    """`os.environ["TF_USE_LEGACY_KERAS"] = "1"` or `os.environ.setdefault(...)` /
    `os.putenv(...)` with a true value."""
    for call in facts.method_calls("setdefault") + facts.calls_to("os.putenv"):
        key = facts.values.string(argument_value(call, "key", 0))
        value = facts.values.string(argument_value(call, "value", 1))
        if key == _LEGACY_SWITCH and value in _TRUE:
            return True
    for node in _environ_assignments(facts):
        key, value = node
        if key == _LEGACY_SWITCH and value in _TRUE:
            return True
    return False


def _environ_assignments(facts: CoreFacts):
    """(key, value) of module-level `os.environ[<key>] = <value>` statements (also inside a
    top-level `if`/`try`): where scripts and notebooks choose their Keras, before importing it."""
    for statement in _top_level_statements(facts.module.body):
        for small in statement.body:
            if not isinstance(small, cst.Assign):
                continue
            for target in small.targets:
                sub = target.target
                if (isinstance(sub, cst.Subscript) and len(sub.slice) == 1
                        and isinstance(sub.slice[0].slice, cst.Index)
                        and facts.qualified_name(sub.value) == "os.environ"):
                    yield (facts.values.string(sub.slice[0].slice.value),
                           facts.values.string(small.value))


def _top_level_statements(body, depth: int = 0):
    for statement in body:
        if isinstance(statement, cst.SimpleStatementLine):
            yield statement
        elif isinstance(statement, (cst.If, cst.Try)) and depth < 2:
            yield from _top_level_statements(statement.body.body, depth + 1)


def through_tensorflow(facts: CoreFacts) -> bool:
    """The file reaches Keras only as `tf.keras` (Keras 3 there since TensorFlow 2.16), never
    by importing `keras` itself."""
    return not any(m == "keras" or m.startswith("keras.") for m in _imported_modules(facts))
