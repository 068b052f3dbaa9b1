"""Statement-level walks of one function body: cheap, and only run where a tape or loop is.

The module index records calls, scopes and bindings, not statements; the training analysis
needs the `with` statement a tape opens and which nodes run inside it. These walks visit the
statements of one body (not the defs, classes and lambdas nested in it: their code runs when
called, not where it is written).
"""

from __future__ import annotations

from typing import Iterator, Optional, Union

import libcst as cst

from keraslint.analysis.walk import children

NESTED_SCOPES = (cst.FunctionDef, cst.ClassDef, cst.Lambda)
Body = Union[cst.Module, cst.FunctionDef]


def compound_statements(body: Body) -> Iterator[cst.BaseCompoundStatement]:
    """Every compound statement under `body` (a module or a def), outermost first."""
    stack: list[cst.CSTNode] = list(reversed(_suite_statements(body)))
    while stack:
        statement = stack.pop()
        if isinstance(statement, NESTED_SCOPES):
            continue
        if isinstance(statement, cst.BaseCompoundStatement):
            yield statement
            stack.extend(reversed(list(_inner_statements(statement))))


def _suite_statements(body: Body) -> list[cst.CSTNode]:
    if isinstance(body, cst.Module):
        return list(body.body)
    return list(getattr(body.body, "body", ()))


def _inner_statements(statement: cst.BaseCompoundStatement) -> Iterator[cst.CSTNode]:
    for node in children(statement):
        if isinstance(node, cst.BaseSuite):
            yield from getattr(node, "body", ())
        elif isinstance(node, (cst.Else, cst.Finally, cst.ExceptHandler, cst.MatchCase)):
            yield from getattr(node.body, "body", ())
        elif isinstance(node, cst.If):  # elif
            yield node


def own_nodes(root: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """Every node under `root` that runs where it is written (nested defs, classes and
    lambdas are not entered: their bodies run when called)."""
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(c for c in children(node) if not isinstance(c, NESTED_SCOPES))


def body_of(function: Optional[cst.FunctionDef], module: cst.Module) -> Body:
    return function if function is not None else module
