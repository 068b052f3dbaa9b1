"""One walk over the module that records scopes, bindings and calls, in source order.

Every rule question ("what is bound to this name here?", "which calls go to
`keras.Model.compile`?") is answered from this index, so the tree is walked once per file
however many rules run. We do not use LibCST's ScopeProvider/QualifiedNameProvider: they cost
about 55-60 % of a full run, are not flow-sensitive (they return every assignment, not the one
that reaches a use) and we need the order of bindings anyway.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Optional, Union

import libcst as cst

from keraslint.analysis.walk import children

# What a binding binds the name to.
ASSIGN = "assign"  # `node` is the assigned expression, `path` indexes into tuple unpacking
PARAM = "param"  # `node` is the cst.Param
IMPORT = "import"  # `node` is None, `module` is the dotted name imported
FUNCTION = "function"  # `node` is the FunctionDef
CLASS = "class"  # `node` is the ClassDef
OPAQUE = "opaque"  # bound to something we do not track (loop target, augmented assignment...)

ScopeNode = Union[cst.Module, cst.FunctionDef, cst.ClassDef, cst.Lambda, cst.BaseComp]


@dataclass(eq=False)
class Scope:
    node: ScopeNode
    parent: Optional["Scope"]
    bindings: dict[str, list["Binding"]] = field(default_factory=dict)
    declared_outside: set[str] = field(default_factory=set)  # global / nonlocal names

    @property
    def is_class(self) -> bool:
        return isinstance(self.node, cst.ClassDef)

    @property
    def is_function(self) -> bool:
        return isinstance(self.node, (cst.FunctionDef, cst.Lambda))


@dataclass(frozen=True)
class Block:
    """A compound-statement branch whose body may run zero times or several times.

    `node` is the `for`/`while` statement of a loop body (None for other branches).
    """

    id: int
    is_loop: bool
    node: Optional[cst.CSTNode] = field(default=None, compare=False, hash=False, repr=False)


@dataclass(eq=False)
class Binding:
    name: str
    scope: Scope
    kind: str
    node: Optional[cst.CSTNode]
    order: int
    blocks: tuple[Block, ...]
    path: tuple[int, ...] = ()
    module: Optional[str] = None  # for IMPORT bindings

    @property
    def value(self) -> Optional[cst.BaseExpression]:
        """The expression bound, for plain (non-destructuring) assignments."""
        if self.kind == ASSIGN and not self.path:
            return self.node  # type: ignore[return-value]
        return None


@dataclass(frozen=True)
class Use:
    """Where a name is read: its scope, order and enclosing blocks."""

    scope: Scope
    order: int
    blocks: tuple[Block, ...]


class ModuleIndex:
    """Builds scopes, bindings, name uses, calls, functions and classes in one traversal.

    Handlers follow LibCST's naming (`visit_If`, `leave_Assign`) but run on `walk.children`,
    which reads the tree without rebuilding it; a `visit_` returning False has walked the
    children itself.
    """

    def __init__(self, module: cst.Module) -> None:
        self.module = module
        self.module_scope = Scope(module, None)
        self.uses: dict[cst.Name, Use] = {}
        self.calls: list[cst.Call] = []
        self.call_scopes: dict[cst.Call, Scope] = {}
        self.call_blocks: dict[cst.Call, tuple[Block, ...]] = {}  # enclosing blocks, own scope
        self.functions: dict[str, list[cst.FunctionDef]] = {}
        self.classes: dict[str, list[cst.ClassDef]] = {}
        self.returns: dict[cst.FunctionDef, list[cst.Return]] = {}
        self.enclosing_function: dict[cst.CSTNode, cst.FunctionDef] = {}
        self.enclosing_class: dict[cst.FunctionDef, cst.ClassDef] = {}
        # A `def`'s named parameters (not `*args`/`**kwargs`) -> the `def`.
        self.function_of_param: dict[cst.Param, cst.FunctionDef] = {}
        self.star_imports: list[str] = []
        self.loop_targets: dict[Binding, cst.For] = {}  # `for x in ...:` binding -> its loop
        # Every `<expr>.<name>` by attribute name, and the statement of those assigned to
        # (`obj.trainable = False`: id(attribute) -> the Assign).
        self.attributes: dict[str, list[cst.Attribute]] = {}
        self.attribute_stores: dict[int, cst.CSTNode] = {}
        self.scope_of_node: dict[cst.CSTNode, Scope] = {module: self.module_scope}
        self._scope = self.module_scope
        self._blocks: list[Block] = []
        self._block_ids = itertools.count(1)
        self._order = itertools.count()
        self._functions: list[cst.FunctionDef] = []
        self._saved_blocks: list[list[Block]] = []
        self._walk(module)

    def _walk(self, node: cst.CSTNode) -> None:
        kind = type(node)
        visit = _VISIT.get(kind)
        if visit is None or visit(self, node) is not False:
            for child in children(node):
                self._walk(child)
        leave = _LEAVE.get(kind)
        if leave is not None:
            leave(self, node)

    @property
    def scopes(self) -> list[Scope]:
        """Every scope of the module, each once (each scope node is recorded once)."""
        return list(self.scope_of_node.values())

    # -- helpers -------------------------------------------------------------------------
    def _bind(self, name: str, kind: str, node: Optional[cst.CSTNode], *, path=(), module=None,
              scope: Optional[Scope] = None) -> None:
        scope = scope or self._scope
        binding = Binding(name, scope, kind, node, next(self._order), tuple(self._blocks), path,
                          module)
        scope.bindings.setdefault(name, []).append(binding)

    def _bind_target(self, target: cst.BaseExpression, value: Optional[cst.CSTNode],
                     path: tuple[int, ...] = (), kind: str = ASSIGN) -> None:
        if isinstance(target, cst.Name):
            self._bind(target.value, kind if value is not None else OPAQUE, value, path=path)
        elif isinstance(target, (cst.Tuple, cst.List)):
            starred = any(isinstance(e, cst.StarredElement) for e in target.elements)
            for i, element in enumerate(target.elements):
                sub = element.value
                if starred:
                    self._bind_target(sub, None)
                else:
                    self._bind_target(sub, value, path + (i,), kind)
        elif isinstance(target, cst.StarredElement):
            self._bind_target(target.value, None)
        # Attribute and Subscript targets bind no name.

    def _push_scope(self, node: ScopeNode) -> None:
        self._scope = Scope(node, self._scope)
        self.scope_of_node[node] = self._scope
        self._saved_blocks.append(self._blocks)
        self._blocks = []

    def _pop_scope(self) -> None:
        assert self._scope.parent is not None
        self._scope = self._scope.parent
        self._blocks = self._saved_blocks.pop()

    def _push_block(self, loop: Optional[cst.CSTNode] = None) -> None:
        self._blocks.append(Block(next(self._block_ids), loop is not None, loop))

    def _pop_block(self) -> None:
        self._blocks.pop()

    # -- names and calls -------------------------------------------------------------------
    def visit_Name(self, node: cst.Name) -> None:
        self.uses[node] = Use(self._scope, next(self._order), tuple(self._blocks))

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self.attributes.setdefault(node.attr.value, []).append(node)

    def visit_Call(self, node: cst.Call) -> None:
        self.calls.append(node)
        self.call_scopes[node] = self._scope
        self.call_blocks[node] = tuple(self._blocks)
        if self._functions:
            self.enclosing_function[node] = self._functions[-1]

    # -- imports -----------------------------------------------------------------------------
    def visit_Import(self, node: cst.Import) -> bool:
        for alias in node.names:
            dotted = _dotted(alias.name)
            if dotted is None:
                continue
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                self._bind(alias.asname.name.value, IMPORT, None, module=dotted)
            else:
                root = dotted.split(".", 1)[0]
                self._bind(root, IMPORT, None, module=root)
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        if node.relative or node.module is None:
            # Relative imports name the user's own modules: bind opaquely so they shadow.
            if not isinstance(node.names, cst.ImportStar):
                for alias in node.names:
                    name = alias.evaluated_alias or alias.evaluated_name
                    self._bind(name.split(".")[0], OPAQUE, None)
            return False
        base = _dotted(node.module)
        if base is None:
            return False
        if isinstance(node.names, cst.ImportStar):
            self.star_imports.append(base)
            return False
        for alias in node.names:
            name = alias.evaluated_name
            local = alias.evaluated_alias or name
            self._bind(local, IMPORT, None, module=f"{base}.{name}")
        return False

    # -- assignments -------------------------------------------------------------------------
    def leave_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._bind_target(target.target, node.value)
            self._store_attributes(target.target, node)

    def leave_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self._bind_target(node.target, node.value)
        self._store_attributes(node.target, node)

    def leave_AugAssign(self, node: cst.AugAssign) -> None:
        self._bind_target(node.target, None)

    def _store_attributes(self, target: cst.BaseExpression, statement: cst.CSTNode) -> None:
        if isinstance(target, cst.Attribute):
            self.attribute_stores[id(target)] = statement
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._store_attributes(element.value, statement)

    def leave_NamedExpr(self, node: cst.NamedExpr) -> None:
        scope = self._scope
        while isinstance(scope.node, cst.BaseComp) and scope.parent is not None:
            scope = scope.parent  # PEP 572: the walrus binds in the enclosing function
        if isinstance(node.target, cst.Name):
            self._bind(node.target.value, ASSIGN, node.value, scope=scope)

    def visit_Global(self, node: cst.Global) -> None:
        self._scope.declared_outside.update(n.name.value for n in node.names)

    def visit_Nonlocal(self, node: cst.Nonlocal) -> None:
        self._scope.declared_outside.update(n.name.value for n in node.names)

    def visit_Del(self, node: cst.Del) -> None:
        self._bind_target(node.target, None)

    # -- functions and classes ---------------------------------------------------------------
    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._bind(node.name.value, FUNCTION, node)
        self.functions.setdefault(node.name.value, []).append(node)
        if self._scope.is_class:
            self.enclosing_class[node] = self._scope.node  # type: ignore[assignment]
        self.returns[node] = []
        self._functions.append(node)
        self._push_scope(node)
        for param in _all_params(node.params):
            self._bind(param.name.value, PARAM, param)
        p = node.params
        for param in (*p.posonly_params, *p.params, *p.kwonly_params):
            self.function_of_param[param] = node

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._pop_scope()
        self._functions.pop()

    def visit_Return(self, node: cst.Return) -> None:
        if self._functions and self._scope.node is self._functions[-1]:
            self.returns[self._functions[-1]].append(node)

    def visit_Lambda(self, node: cst.Lambda) -> None:
        self._push_scope(node)
        for param in _all_params(node.params):
            self._bind(param.name.value, PARAM, param)

    def leave_Lambda(self, original_node: cst.Lambda) -> None:
        self._pop_scope()

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._bind(node.name.value, CLASS, node)
        self.classes.setdefault(node.name.value, []).append(node)
        self._push_scope(node)

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self._pop_scope()

    # Decorators, defaults and bases are evaluated in the enclosing scope, but we visit them
    # inside; the difference only matters for names rebound in both, which we treat as unknown.

    # -- comprehensions ----------------------------------------------------------------------
    def visit_ListComp(self, node: cst.ListComp) -> None:
        self._enter_comp(node)

    def visit_SetComp(self, node: cst.SetComp) -> None:
        self._enter_comp(node)

    def visit_DictComp(self, node: cst.DictComp) -> None:
        self._enter_comp(node)

    def visit_GeneratorExp(self, node: cst.GeneratorExp) -> None:
        self._enter_comp(node)

    def _enter_comp(self, node: cst.BaseComp) -> None:
        self._push_scope(node)
        comp_for: Optional[cst.CompFor] = node.for_in
        while comp_for is not None:
            self._bind_target(comp_for.target, None)
            comp_for = comp_for.inner_for_in

    def leave_ListComp(self, original_node: cst.ListComp) -> None:
        self._pop_scope()

    def leave_SetComp(self, original_node: cst.SetComp) -> None:
        self._pop_scope()

    def leave_DictComp(self, original_node: cst.DictComp) -> None:
        self._pop_scope()

    def leave_GeneratorExp(self, original_node: cst.GeneratorExp) -> None:
        self._pop_scope()

    # -- control flow: bindings inside these may not reach, or may reach from a later line --
    def visit_If(self, node: cst.If) -> bool:
        self._walk(node.test)
        self._push_block()
        self._walk(node.body)
        self._pop_block()
        if node.orelse is not None:
            self._push_block()
            self._walk(node.orelse)
            self._pop_block()
        return False

    def visit_For(self, node: cst.For) -> bool:
        self._walk(node.iter)
        self._push_block(loop=node)
        self._bind_target(node.target, None)
        if isinstance(node.target, cst.Name):
            self.loop_targets[self._scope.bindings[node.target.value][-1]] = node
        self._walk(node.target)
        self._walk(node.body)
        self._pop_block()
        if node.orelse is not None:
            self._push_block()
            self._walk(node.orelse)
            self._pop_block()
        return False

    def visit_While(self, node: cst.While) -> bool:
        self._push_block(loop=node)
        self._walk(node.test)
        self._walk(node.body)
        self._pop_block()
        if node.orelse is not None:
            self._push_block()
            self._walk(node.orelse)
            self._pop_block()
        return False

    def visit_Try(self, node: cst.Try) -> bool:
        self._walk(node.body)
        for handler in node.handlers:
            self._push_block()
            self._walk(handler)
            self._pop_block()
        if node.orelse is not None:
            self._push_block()
            self._walk(node.orelse)
            self._pop_block()
        if node.finalbody is not None:
            self._walk(node.finalbody)
        return False

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        if node.name is not None:
            self._bind_target(node.name.name, None)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None:
            self._bind_target(node.asname.name, None)

    def visit_MatchCase(self, node: cst.MatchCase) -> None:
        self._push_block()

    def leave_MatchCase(self, original_node: cst.MatchCase) -> None:
        self._pop_block()

    def visit_MatchAs(self, node: cst.MatchAs) -> None:
        if node.name is not None:
            self._bind(node.name.value, OPAQUE, None)

    def visit_MatchStar(self, node: cst.MatchStar) -> None:
        if node.name is not None:
            self._bind(node.name.value, OPAQUE, None)


_VISIT = {getattr(cst, n[6:]): f for n, f in vars(ModuleIndex).items() if n.startswith("visit_")}
_LEAVE = {getattr(cst, n[6:]): f for n, f in vars(ModuleIndex).items() if n.startswith("leave_")}


def _all_params(params: cst.Parameters) -> list[cst.Param]:
    out = list(params.posonly_params) + list(params.params) + list(params.kwonly_params)
    for star in (params.star_arg, params.star_kwarg):
        if isinstance(star, cst.Param):
            out.append(star)
    return out


def _dotted(node: cst.BaseExpression) -> Optional[str]:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = _dotted(node.value)
        return None if base is None else f"{base}.{node.attr.value}"
    return None
