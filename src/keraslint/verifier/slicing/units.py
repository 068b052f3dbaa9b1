"""The statements a slice is cut from: one `Unit` per statement, in the order they would run.

Module-level statements come first (the body of an `if __name__ == "__main__":` guard counts as
module level: it is entered, not skipped). Defs that run nothing a slice must cut are kept as
written and run by the program's own calls (`functions.py`). The one function that must be cut
(a `main()` full of training) is *inlined* at its single call site: its parameters become
`name = <argument or default>` units and its body statements follow, in the module's namespace,
so that the statements the targets need can be picked one by one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Optional

import libcst as cst

from keraslint.analysis.scopes import Scope
from keraslint.analysis.walk import children

RETURN = "__keraslint_return__"  # what an inlined function's `return` binds


class SliceError(Exception):
    """The slice cannot be built exactly; the message is the reason shown to the user."""


@dataclass(eq=False)
class Unit:
    """One statement of the flattened program.

    `level` is the scope whose names it binds (the module, or an inlined function); `text`
    replaces the statement's own source for synthetic units (parameter bindings, returns).
    """

    node: Optional[cst.CSTNode]
    level: Scope
    binds: frozenset[str]
    mutates: frozenset[str]
    text: Optional[str] = None
    reads_from: list[cst.CSTNode] = field(default_factory=list)  # expressions whose names it reads
    conditional: bool = False  # a compound statement: its bindings may not happen
    line: int = 0
    extra_reads: list[tuple[str, Scope]] = field(default_factory=list)  # names read by synthetics

    @property
    def roots(self) -> list[cst.CSTNode]:
        """The nodes whose free names this unit reads."""
        if self.reads_from:
            return self.reads_from
        return [self.node] if self.node is not None else []


# -- which names a statement binds or changes --------------------------------------------------

def bound_names(target: cst.BaseExpression) -> Iterator[str]:
    if isinstance(target, cst.Name):
        yield target.value
    elif isinstance(target, (cst.Tuple, cst.List)):
        for element in target.elements:
            yield from bound_names(element.value)
    elif isinstance(target, cst.StarredElement):
        yield from bound_names(target.value)


def base_name(expr: cst.BaseExpression) -> Optional[str]:
    """`model` for `model`, `model.layers[0]`, `model.add`: the variable an expression starts from."""
    while isinstance(expr, (cst.Attribute, cst.Subscript, cst.Call)):
        expr = expr.func if isinstance(expr, cst.Call) else expr.value
    return expr.value if isinstance(expr, cst.Name) else None


_SCOPES = (cst.FunctionDef, cst.ClassDef, cst.Lambda, cst.ListComp, cst.SetComp, cst.DictComp,
           cst.GeneratorExp)


def effects(statement: cst.CSTNode, ignored_methods: frozenset[str]) -> tuple[set[str], set[str]]:
    """(names bound, names mutated) by a statement at its own level; nested scopes excluded.

    A mutation is a method call on a name (`model.add(...)`) other than `ignored_methods`, or an
    assignment to an attribute or item of it (`base.trainable = False`, `X[i] = ...`).
    """
    binds: set[str] = set()
    mutates: set[str] = set()

    def target(node: cst.BaseExpression) -> None:
        names = list(bound_names(node))
        if names:
            binds.update(names)
        elif (name := base_name(node)) is not None:
            mutates.add(name)

    def visit(node: cst.CSTNode, top: bool) -> None:
        if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
            binds.add(node.name.value)
            return
        if isinstance(node, _SCOPES) and not top:
            return
        if isinstance(node, cst.Assign):
            for item in node.targets:
                target(item.target)
        elif isinstance(node, (cst.AnnAssign, cst.AugAssign)):
            target(node.target)
            if isinstance(node, cst.AugAssign) and isinstance(node.target, cst.Name):
                mutates.add(node.target.value)
        elif isinstance(node, cst.For):
            binds.update(bound_names(node.target))
        elif isinstance(node, cst.WithItem) and node.asname is not None:
            binds.update(bound_names(node.asname.name))
        elif isinstance(node, cst.NamedExpr):
            binds.update(bound_names(node.target))
        elif isinstance(node, (cst.Import, cst.ImportFrom)):
            binds.update(imported_names(node))
            return
        elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
            # `model.add(...)`: a method on a variable; `tf.keras.utils.f(...)` changes nothing
            if node.func.attr.value not in ignored_methods and isinstance(node.func.value, cst.Name):
                mutates.add(node.func.value.value)
        for child in children(node):
            visit(child, False)

    visit(statement, True)
    return binds, mutates


def imported_names(node: cst.CSTNode) -> list[str]:
    if isinstance(node, cst.Import):
        out = []
        for alias in node.names:
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                out.append(alias.asname.name.value)
            else:
                out.append(cst.Module([]).code_for_node(alias.name).split(".")[0])
        return out
    if isinstance(node, cst.ImportFrom) and not isinstance(node.names, cst.ImportStar):
        return [alias.evaluated_alias or alias.evaluated_name for alias in node.names]
    return []


# -- the flattened statement list -------------------------------------------------------------

def is_main_guard(statement: cst.CSTNode) -> bool:
    if not isinstance(statement, cst.If) or statement.orelse is not None:
        return False
    test = statement.test
    if not isinstance(test, cst.Comparison) or len(test.comparisons) != 1:
        return False
    sides = {cst.Module([]).code_for_node(test.left).strip(),
             cst.Module([]).code_for_node(test.comparisons[0].comparator).strip()}
    return isinstance(test.comparisons[0].operator, cst.Equal) and \
        sides in ({"__name__", '"__main__"'}, {"__name__", "'__main__'"})


def statements(body: cst.BaseSuite) -> list[cst.CSTNode]:
    """The statements of a block, main guards entered."""
    out: list[cst.CSTNode] = []
    for statement in getattr(body, "body", ()):
        if is_main_guard(statement):
            out.extend(statements(statement.body))
        elif isinstance(statement, cst.SimpleStatementLine) and len(statement.body) > 1:
            out.extend(statement.body)  # `a = 1; b = 2`: one unit each
        else:
            out.append(statement)
    return out


def make_unit(statement: cst.CSTNode, level: Scope, ignored: frozenset[str], line: int) -> Unit:
    binds, mutates = effects(statement, ignored)
    compound = isinstance(statement, (cst.If, cst.For, cst.While, cst.Try, cst.With, cst.Match))
    return Unit(statement, level, frozenset(binds), frozenset(mutates), conditional=compound,
                line=line)


def single_expression(statement: cst.CSTNode) -> Optional[cst.BaseSmallStatement]:
    """The small statement a unit is, if it is one (`x = f()`, `model.add(...)`)."""
    if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
        return statement.body[0]
    if isinstance(statement, cst.BaseSmallStatement):
        return statement
    return None
