"""Retracing: calls of a `tf.function` whose Python arguments change on every iteration of a
loop around them (a `range` counter, an `enumerate` index, a counter incremented in the loop),
so that every call traces the function again.
"""

from __future__ import annotations

from typing import Iterator, Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.layers import resolve
from keraslint.analysis.scopes import OPAQUE
from keraslint.analysis.training.statements import own_nodes
from keraslint.analysis.training.iteration import Iteration
from keraslint.analysis.training.traced import DECORATED, TF_FUNCTION, TracedCode

# Calls that make a tensor of a Python value: passing their result does not retrace.
_TENSOR_MAKERS = ("tensorflow.", "numpy.", "keras.ops.")


def retraced_calls(facts: CoreFacts, traced: TracedCode, iteration: Iteration,
                   binding_by_value: dict) -> Iterator[tuple[str, cst.Call, cst.FunctionDef]]:
    """(name called, call, def) for each call of a tf.function that new Python argument
    values retrace: a decorated def called by name, or a `tf.function(f)` wrapper's name."""
    for functions in facts.index.functions.values():
        for function in functions:
            trace = traced.direct_trace(function)
            if trace is None or trace.may_retrace_on_python_values is not True:
                continue
            if trace.kind == DECORATED:
                for site in iteration.sites(function):
                    yield function.name.value, site, function
    for wrapper in facts.calls_to(*TF_FUNCTION):
        target = calls.argument_value(wrapper, "func", 0)
        function = facts.definition(target) if isinstance(target, cst.Name) else None
        if not isinstance(function, cst.FunctionDef):
            continue
        trace = traced.direct_trace(function)
        if trace is None or trace.function_call is not wrapper \
                or trace.may_retrace_on_python_values is not True:
            continue
        binding = binding_by_value.get(wrapper)
        if binding is None:
            continue
        for site in facts.values.callers(binding.name):
            if isinstance(site.func, cst.Name) and resolve(facts, site.func) is wrapper:
                yield binding.name, site, function


def changing_python_argument(facts: CoreFacts, site: cst.Call, loops: list
                             ) -> Optional[tuple[int, cst.BaseExpression, cst.CSTNode, str]]:
    """(argument position, argument, loop, why) for the first argument of `site` that is a
    Python number changing on every iteration of one of `loops`; None when there is none."""
    counters = _counters(facts, loops)
    if not counters:
        return None
    for index, arg in enumerate(site.args):
        if arg.star:
            return None
        value = arg.value
        if _converted(facts, value):
            continue
        for node in own_nodes(value):
            if isinstance(node, cst.Call) and not _python_number_call(node):
                break  # computed by some call: its type is not known
        else:
            for node in own_nodes(value):
                if isinstance(node, cst.Name) and node.value in counters:
                    loop, why = counters[node.value]
                    return index, value, loop, why
    return None


def _counters(facts: CoreFacts, loops: list) -> dict:
    """Names that hold a Python int changing per iteration: `for i in range(...)`,
    `for i, batch in enumerate(...)`, `step += 1` in the loop."""
    found = {}
    for loop in loops:
        if not isinstance(loop, cst.For):
            continue
        value = loop.iter
        target = loop.target
        if isinstance(value, cst.Call) and isinstance(value.func, cst.Name):
            if value.func.value == "range" and isinstance(target, cst.Name):
                found[target.value] = (loop, f"`{target.value}` counts the loop's range")
            elif value.func.value == "enumerate" and isinstance(target, (cst.Tuple, cst.List)) \
                    and target.elements and isinstance(target.elements[0].value, cst.Name):
                name = target.elements[0].value.value
                found[name] = (loop, f"`{name}` is the index of `enumerate`")
    for loop in loops:
        for node in own_nodes(loop.body):
            if isinstance(node, cst.AugAssign) and isinstance(node.target, cst.Name) \
                    and isinstance(node.operator, (cst.AddAssign, cst.SubtractAssign)):
                increment = facts.values.literal(node.value)
                if isinstance(increment, int) and not isinstance(increment, bool) \
                        and _python_int(facts, node.target):
                    found.setdefault(node.target.value, (
                        loop, f"`{node.target.value}` is incremented in the loop"))
    for loop in loops:  # `lr = base * 0.9 ** epoch`: Python arithmetic on a counter
        for node in own_nodes(loop.body):
            if isinstance(node, cst.Assign) and len(node.targets) == 1 \
                    and isinstance(node.targets[0].target, cst.Name):
                name = node.targets[0].target.value
                source = _python_arithmetic_of(node.value, found)
                if source is not None and name not in found and _assigned_once(facts, node):
                    found[name] = (found[source][0],
                                   f"`{name}` is computed from `{source}` in Python")
    return found


def _python_arithmetic_of(expr: cst.BaseExpression, counters: dict) -> Optional[str]:
    """The counter an expression of literals, counters and int()/float() is computed from."""
    source = None
    for node in own_nodes(expr):
        if isinstance(node, cst.Call) and not _python_number_call(node):
            return None
        if isinstance(node, (cst.Attribute, cst.Subscript)):
            return None
        if isinstance(node, cst.Name) and node.value not in ("int", "float"):
            if node.value not in counters:
                return None
            source = source or node.value
    return source


def _assigned_once(facts: CoreFacts, assign: cst.Assign) -> bool:
    """The name has this one plain assignment in its scope (so its value is this one)."""
    target = assign.targets[0].target
    use = facts.index.uses.get(target)
    if use is None:
        return False
    bindings = use.scope.bindings.get(target.value, [])
    return len(bindings) == 1


def _python_int(facts, name: cst.Name) -> bool:
    """Every plain assignment of the name in its scope gives it a literal int."""
    use = facts.index.uses.get(name)
    if use is None:
        return False
    bindings = use.scope.bindings.get(name.value, [])
    values = [b.node for b in bindings if b.kind == "assign"]
    if not values or any(b.kind not in ("assign", OPAQUE) for b in bindings):
        return False
    return all(isinstance(facts.values.literal(v), int) for v in values)


def _converted(facts, value: cst.BaseExpression) -> bool:
    if isinstance(value, cst.Call):
        name = facts.call_name(value) or ""
        return name.startswith(_TENSOR_MAKERS)
    return False


def _python_number_call(node: cst.Call) -> bool:
    return isinstance(node.func, cst.Name) and node.func.value in ("int", "float")

