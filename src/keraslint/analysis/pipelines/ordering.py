"""Labels assembled class by class: is an array of labels ordered in blocks of one class?

`np.concatenate([np.zeros(500), np.ones(500)])`, `np.array([0] * n + [1] * m)`,
`np.repeat(np.arange(3), 100)`, and a list filled by `labels.append(label)` in a loop over the
files of each class (`for label, folder in enumerate(classes): for f in ...:`) are ordered by
class; so are arrays made from them by order-keeping functions (`np.array`, `astype`,
`to_categorical`, `LabelEncoder().fit_transform`). Anything else, and anything shuffled on the
way (a permutation index, `sklearn.utils.shuffle`, an in-place `np.random.shuffle(labels)`),
is not known to be ordered (None).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.arrays import ArrayFacts
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.scopes import ASSIGN, Binding
from keraslint.analysis.values import UNKNOWN

_MAX_DEPTH = 12
_JOINS = frozenset({"numpy.concatenate", "numpy.hstack", "numpy.vstack", "numpy.append",
                    "numpy.stack"})
_KEEP_ORDER = frozenset({
    "numpy.array", "numpy.asarray", "numpy.squeeze", "numpy.ravel", "numpy.reshape",
    "numpy.expand_dims", "keras.utils.to_categorical", "tensorflow.one_hot",
    "tensorflow.convert_to_tensor", "tensorflow.constant",
})
_KEEP_ORDER_METHODS = frozenset({"astype", "reshape", "flatten", "ravel", "squeeze", "copy",
                                 "fit_transform", "transform", "tolist"})
_FILLED = {"numpy.zeros": 0, "numpy.ones": 1, "numpy.zeros_like": 0, "numpy.ones_like": 1}
_SHUFFLES = frozenset({"numpy.random.shuffle", "random.shuffle", "numpy.random.permutation"})
# What a loop over classes iterates: an index of `enumerate(...)`/`range(...)`, or names.
_CLASS_WORDS = ("class", "label", "categor", "folder", "dir", "cls", "kind", "species", "digit")


@dataclass(frozen=True)
class ClassBlocks:
    """Evidence that labels are ordered by class: the node that assembles them that way."""

    node: cst.CSTNode = field(repr=False)
    how: str  # "concatenated class by class", "appended ...", "repeated class by class"


@dataclass(frozen=True)
class _Mutation:
    call: cst.CSTNode = field(repr=False)
    loops: tuple[cst.For, ...] = field(repr=False)


class ClassOrder:
    def __init__(self, facts: CoreFacts, arrays: ArrayFacts) -> None:
        self.facts = facts
        self.values = facts.values
        self.arrays = arrays

    def class_blocks(self, expr: Optional[cst.BaseExpression], depth: int = 0
                     ) -> Optional[ClassBlocks]:
        """How `expr`'s labels are ordered class by class, or None when not known to be."""
        if expr is None or depth > _MAX_DEPTH:
            return None
        if isinstance(expr, cst.Name):
            if expr.value in self._shuffled_names:
                return None
            binding = self.values.binding_of(expr)
            value = self.values.binding_value(binding) if binding is not None else None
            if binding is not None and binding.kind == ASSIGN and isinstance(value, cst.List) \
                    and not value.elements:
                return self._appended(expr.value, binding)
        traced = self.arrays.trace(expr)
        if traced is None or traced[1]:
            return None  # unknown, or an element of a split (train_test_split shuffles)
        node = traced[0]
        if isinstance(node, cst.Name) and node is not expr:
            return self.class_blocks(node, depth + 1)
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
            parts = _summands(node)
            return self._joined(node, parts, "concatenated class by class")
        if not isinstance(node, cst.Call) or calls.has_unpacking(node):
            return None
        name = self.facts.call_name(node)
        first = node.args[0].value if node.args and node.args[0].keyword is None else None
        if name in _JOINS:
            parts = self._parts(node, name)
            return None if parts is None else self._joined(node, parts,
                                                          "concatenated class by class")
        if name == "numpy.repeat":
            return self._repeated(node)
        if name in _KEEP_ORDER:
            return self.class_blocks(first, depth + 1)
        method = calls.method_name(node)
        if name is None and method in _KEEP_ORDER_METHODS:
            source = first if method in ("fit_transform", "transform") else calls.receiver(node)
            return self.class_blocks(source, depth + 1)
        return None

    # -- concatenation -------------------------------------------------------------------------------
    def _parts(self, call: cst.Call, name: str) -> Optional[list[cst.BaseExpression]]:
        if name == "numpy.append":
            given = [a.value for a in call.args[:2] if a.keyword is None]
            return given if len(given) == 2 else None
        sequence = self.values.resolve(calls.argument_value(call, "arrays", 0)
                                       or calls.argument_value(call, "tup", 0))
        if not isinstance(sequence, (cst.List, cst.Tuple)) or any(
                isinstance(e, cst.StarredElement) for e in sequence.elements):
            return None
        return [e.value for e in sequence.elements]

    def _joined(self, node: cst.CSTNode, parts: list[cst.BaseExpression],
                how: str) -> Optional[ClassBlocks]:
        labels = [self._constant_label(p) for p in parts]
        if len(labels) < 2 or any(label is UNKNOWN for label in labels):
            return None
        return ClassBlocks(node, how) if len(set(labels)) > 1 else None

    def _constant_label(self, part: cst.BaseExpression, depth: int = 0):
        """The one label every element of `part` has (`np.zeros(n)`, `[1] * n`,
        `np.full(n, 2)`, `3 * np.ones(n)`), or UNKNOWN."""
        value = self.values.resolve(part)
        if depth > 4 or value is None:
            return UNKNOWN
        if isinstance(value, cst.Call):
            name = self.facts.call_name(value)
            if name in _FILLED:
                return _FILLED[name]
            if name in ("numpy.full", "numpy.full_like"):
                return self._literal(calls.argument_value(value, "fill_value", 1))
            if name == "numpy.repeat":
                return self._literal(calls.argument_value(value, "a", 0))
            if name in ("numpy.array", "numpy.asarray"):
                return self._constant_label(calls.argument_value(value, "object", 0), depth + 1)
            if name is None and calls.method_name(value) == "astype":
                return self._constant_label(calls.receiver(value), depth + 1)
            return UNKNOWN
        if isinstance(value, cst.BinaryOperation) and isinstance(value.operator, cst.Multiply):
            for single, other in ((value.left, value.right), (value.right, value.left)):
                element = self._single_element_list(single)
                if element is not None:
                    return self._literal(element)
                number = self._literal(single)
                if number is not UNKNOWN and self._constant_label(other, depth + 1) in (1, 1.0):
                    return number
        return UNKNOWN

    def _single_element_list(self, expr: cst.BaseExpression) -> Optional[cst.BaseExpression]:
        value = self.values.resolve(expr)
        if isinstance(value, cst.List) and len(value.elements) == 1 and \
                not isinstance(value.elements[0], cst.StarredElement):
            return value.elements[0].value
        return None

    def _literal(self, expr: Optional[cst.BaseExpression]):
        value = self.values.literal(expr)
        return value if isinstance(value, (int, float, str)) and not isinstance(value, bool) \
            else UNKNOWN

    def _repeated(self, call: cst.Call) -> Optional[ClassBlocks]:
        """`np.repeat(np.arange(3), 100)`, `np.repeat([0, 1], [n, m])`: blocks per class."""
        classes = self.values.resolve(calls.argument_value(call, "a", 0))
        if isinstance(classes, cst.Call) and self.facts.call_name(classes) == "numpy.arange":
            count = self.values.literal(calls.argument_value(classes, "start", 0))
            ok = isinstance(count, int) and count >= 2 and len(classes.args) == 1
        else:
            listed = self.values.literal(classes)
            ok = isinstance(listed, (list, tuple)) and len(set(listed)) >= 2
        return ClassBlocks(call, "repeated class by class") if ok else None

    # -- lists filled in loops -----------------------------------------------------------------------
    def _appended(self, name: str, binding: Binding) -> Optional[ClassBlocks]:
        """`labels = []` filled only by appends of a class loop's label, inside a loop over
        that class's items (or extends of `[label] * n` in the class loop)."""
        mutations = [m for m in self._mutations.get(name, ())
                     if self.facts.index.call_scopes.get(m.call) is binding.scope]
        if not mutations:
            return None
        for mutation in mutations:
            if not self._class_block(mutation):
                return None
        return ClassBlocks(mutations[0].call, "appended class by class in a loop over classes")

    def _class_block(self, mutation: _Mutation) -> bool:
        call = mutation.call
        if not isinstance(call, cst.Call):
            return False
        method = calls.method_name(call)
        arg = call.args[0].value if len(call.args) == 1 and call.args[0].keyword is None else None
        if arg is None:
            return False
        if method == "append":
            if not isinstance(arg, cst.Name):
                return False
            loop = _loop_binding(arg.value, mutation.loops)
            return loop is not None and loop is not mutation.loops[-1] and _over_classes(
                self.facts, loop, arg.value)
        if method == "extend":
            element = self._single_element_list(_multiplied_list(arg) or arg)
            if not isinstance(element, cst.Name):
                return False
            loop = _loop_binding(element.value, mutation.loops)
            return loop is not None and _over_classes(self.facts, loop, element.value)
        return False

    @cached_property
    def _mutations(self) -> dict[str, list[_Mutation]]:
        """`name.append(...)`/`name.extend(...)` expression statements, with their loops."""
        found: dict[str, list[_Mutation]] = {}
        for statement, loops in _statements_with_loops(self.facts.module):
            for small in getattr(statement, "body", ()):
                if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
                    call = small.value
                    target = calls.receiver(call)
                    if calls.method_name(call) in ("append", "extend") and \
                            isinstance(target, cst.Name):
                        found.setdefault(target.value, []).append(_Mutation(call, loops))
        return found

    @cached_property
    def _shuffled_names(self) -> frozenset[str]:
        """Names shuffled in place anywhere (`np.random.shuffle(labels)`, `rng.shuffle(data)`)."""
        names = set()
        for call in self.facts.method_calls("shuffle") + self.facts.calls_to(*_SHUFFLES):
            for arg in call.args:
                if isinstance(arg.value, cst.Name):
                    names.add(arg.value.value)
        return frozenset(names)


def _summands(node: cst.BaseExpression) -> list[cst.BaseExpression]:
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        return _summands(node.left) + _summands(node.right)
    return [node]


def _multiplied_list(expr: cst.BaseExpression) -> Optional[cst.BaseExpression]:
    """`[label] * n` -> `[label]`."""
    if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Multiply):
        for side in (expr.left, expr.right):
            if isinstance(side, cst.List):
                return side
    return None


def _loop_binding(name: str, loops: tuple[cst.For, ...]) -> Optional[cst.For]:
    """The innermost enclosing loop whose target binds `name`."""
    for loop in reversed(loops):
        if name in _target_names(loop.target):
            return loop
    return None


def _target_names(target: cst.BaseExpression) -> set[str]:
    if isinstance(target, cst.Name):
        return {target.value}
    if isinstance(target, (cst.Tuple, cst.List)):
        return {n for e in target.elements for n in _target_names(e.value)}
    return set()


def _over_classes(facts: CoreFacts, loop: cst.For, name: str) -> bool:
    """The loop goes over classes: `enumerate(...)`'s index, `range(n)`, or its names say so."""
    iterable = loop.iter
    if isinstance(iterable, cst.Call) and isinstance(iterable.func, cst.Name):
        if iterable.func.value == "range" and facts.values.binding_of(iterable.func) is None:
            return True
        if iterable.func.value == "enumerate" and isinstance(loop.target, cst.Tuple) and \
                loop.target.elements and _target_names(loop.target.elements[0].value) == {name}:
            return True
    text = " ".join(facts.module.code_for_node(n) for n in (loop.target, iterable)).lower()
    return any(word in text for word in _CLASS_WORDS)


def _statements_with_loops(module: cst.Module):
    """(simple statement line, enclosing `for` loops outermost first) for every line."""
    stack: list[tuple[cst.CSTNode, tuple[cst.For, ...]]] = [(module, ())]
    while stack:
        node, loops = stack.pop()
        if isinstance(node, (cst.SimpleStatementLine, cst.SimpleStatementSuite)):
            yield node, loops
            continue
        inner = loops + (node,) if isinstance(node, cst.For) else loops
        if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
            inner = ()
        children = [c for c in _statement_children(node)]
        stack.extend((child, inner) for child in reversed(children))


def _statement_children(node: cst.CSTNode) -> list[cst.CSTNode]:
    if isinstance(node, cst.Module):
        return list(node.body)
    found = []
    for part in (getattr(node, "body", None), getattr(node, "orelse", None),
                 getattr(node, "finalbody", None)):
        if isinstance(part, cst.IndentedBlock):
            found.extend(part.body)
        elif isinstance(part, cst.SimpleStatementSuite):
            found.append(part)
        elif isinstance(part, (cst.Else, cst.Finally)):
            found.extend(_statement_children(part))
        elif isinstance(part, cst.BaseCompoundStatement):
            found.append(part)
    for handler in getattr(node, "handlers", ()):
        found.extend(_statement_children(handler))
    for case in getattr(node, "cases", ()):
        found.extend(_statement_children(case))
    return found

