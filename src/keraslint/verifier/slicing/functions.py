"""Which defs and classes a slice keeps as written, run by the program's own calls.

Inlining a function is only needed to cut statements out of it (training, saving, reading data).
A function whose body, and every module function or class it calls, runs none of those is
*kept*: its `def` is emitted unchanged and the calls that reach it run as written, with their
own arguments, at any depth and from any kind of statement (`keras.Model(inp, head(x))`). A
plain class is kept likewise when what instantiating it runs (`__init__`, the methods it calls
on `self`; for Keras subclasses also `build` and `call`) is clean: the module's own
`trainer = Trainer(...)` then builds the model.

A finding's node inside a kept def or class is *lifted* to the calls of it, recursively, until
it reaches a statement at module level or inside the one function the slice inlines.
"""

from __future__ import annotations

from typing import Callable, Iterator, Optional, Union

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.walk import children
from keraslint.verifier.slicing import sources
from keraslint.verifier.slicing.closure import EXCLUDED_METHODS, EXCLUDED_PREFIXES

Definition = Union[cst.FunctionDef, cst.ClassDef]
_KERAS_ENTRY_POINTS = ("build", "call")


class Definitions:
    """Kept defs and classes of one file, and the lifting of nodes to their callers."""

    def __init__(self, facts, parents: dict[int, cst.CSTNode],
                 top_statement: Callable[[cst.CSTNode], Optional[cst.CSTNode]]):
        self.facts, self.parents = facts, parents
        self.top = top_statement
        self._clean: dict[int, bool] = {}

    # -- lifting ----------------------------------------------------------------------------
    def lift(self, node: cst.CSTNode) -> list[cst.CSTNode]:
        """The statements-level nodes that make `node` run: itself, or the calls of the kept
        def or class holding it (and theirs, recursively)."""
        return self._lift(node, set())

    def _lift(self, node: cst.CSTNode, seen: set[int]) -> list[cst.CSTNode]:
        top = self.top(node)
        if not self.is_kept(top) or id(top) in seen:
            return [node]
        if isinstance(top, cst.ClassDef) and not self._runs_on_instantiation(top, node):
            return [node]
        sites = self.call_sites(top)
        if not sites:
            return [node]
        out: list[cst.CSTNode] = []
        for site in sites:
            out.extend(n for n in self._lift(site, seen | {id(top)}) if n not in out)
        return out

    def is_kept(self, top: Optional[cst.CSTNode]) -> bool:
        return isinstance(top, (cst.FunctionDef, cst.ClassDef)) and self.clean(top)

    def call_sites(self, definition: Definition) -> list[cst.Call]:
        """Calls of a module-level def or class, outside its own body."""
        name = definition.name.value
        return [c for c in self.facts.index.calls
                if isinstance(c.func, cst.Name) and c.func.value == name
                and self.facts.definition(c.func) is definition
                and self.top(c) is not definition]

    # -- cleanliness ------------------------------------------------------------------------
    def clean(self, definition: Definition) -> bool:
        """Runs nothing a slice must cut (memoised; a recursive call counts as clean)."""
        key = id(definition)
        if key not in self._clean:
            self._clean[key] = True
            self._clean[key] = self._compute_clean(definition)
        return self._clean[key]

    def _compute_clean(self, definition: Definition) -> bool:
        bodies = [definition] if isinstance(definition, cst.FunctionDef) else \
            self._instantiation_methods(definition)
        return all(self._call_is_clean(call, definition) for body in bodies
                   for call in calls_under(body))

    def _call_is_clean(self, call: cst.Call, owner: Definition) -> bool:
        name = self.facts.call_name(call)
        if calls.method_name(call) in EXCLUDED_METHODS or sources.unknowable_call(name) \
                or (name or "").startswith(EXCLUDED_PREFIXES) \
                or (isinstance(call.func, cst.Name)
                    and call.func.value in sources.UNKNOWABLE_BUILTINS):
            return False
        local = self.facts.definition(call.func)
        if local is not None and local is not owner and self.top(local) is local:
            return self.clean(local)
        return True

    # -- classes ----------------------------------------------------------------------------
    def _methods(self, cls: cst.ClassDef) -> dict[str, cst.FunctionDef]:
        body = getattr(cls.body, "body", ())
        return {s.name.value: s for s in body if isinstance(s, cst.FunctionDef)}

    def _instantiation_methods(self, cls: cst.ClassDef) -> list[cst.FunctionDef]:
        """`__init__` (plus `build`/`call` of Keras subclasses) and the `self.m()` they call."""
        methods = self._methods(cls)
        todo = ["__init__"]
        if self.facts.class_bases(cls):
            todo += list(_KERAS_ENTRY_POINTS)
        reached: dict[str, cst.FunctionDef] = {}
        while todo:
            name = todo.pop()
            if name in reached or name not in methods:
                continue
            reached[name] = methods[name]
            for call in calls_under(methods[name]):
                func = call.func
                if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) \
                        and func.value.value in ("self", "cls", cls.name.value):
                    todo.append(func.attr.value)
        return list(reached.values())

    def _runs_on_instantiation(self, cls: cst.ClassDef, node: cst.CSTNode) -> bool:
        """Is the method holding `node` run by `Cls(...)`? (a class-level node: yes)"""
        current: Optional[cst.CSTNode] = node
        method = None
        while current is not None and current is not cls:
            if isinstance(current, cst.FunctionDef):
                method = current
            current = self.parents.get(id(current))
        return method is None or any(m is method for m in self._instantiation_methods(cls))


def calls_under(node: cst.CSTNode) -> Iterator[cst.Call]:
    """Every call under `node`, nested defs and lambdas included."""
    if isinstance(node, cst.Call):
        yield node
    for child in children(node):
        yield from calls_under(child)
