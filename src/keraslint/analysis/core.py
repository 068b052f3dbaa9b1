"""CoreFacts: the names-and-values domain every other domain of facts builds on.

It answers the questions about one file that need nothing but the index of its scopes and
bindings: what canonical name an expression refers to (`L.Dense` -> `keras.layers.Dense`),
which calls go to a name, which local `def`/`class` a name stands for, and where a node sits
in the source. `FileFacts` (in `facts.py`) adds the higher domains on top; the domains
themselves receive a `CoreFacts`, so none of them depends on `FileFacts` or on a domain above it.
"""

from __future__ import annotations

from functools import cached_property
from typing import Optional, Union

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from keraslint.analysis.names import canonical
from keraslint.analysis.scopes import ASSIGN, CLASS, FUNCTION, IMPORT, ModuleIndex
from keraslint.analysis.values import ValueResolver

_MAX_DEPTH = 12


class CoreFacts:
    """Names and values of one file, computed lazily and at most once."""

    def __init__(self, module: cst.Module, path: str = "<string>") -> None:
        self.module = module
        self.path = path
        self._metadata: dict[type, object] = {}

    # -- the shared index ----------------------------------------------------------------------
    @cached_property
    def index(self) -> ModuleIndex:
        return ModuleIndex(self.module)

    @cached_property
    def values(self) -> ValueResolver:
        return ValueResolver(self.index)

    # -- names ---------------------------------------------------------------------------------
    def qualified_name(self, expr: Optional[cst.BaseExpression], depth: int = 0) -> Optional[str]:
        """The canonical dotted name an expression refers to (`L.Dense` -> `keras.layers.Dense`).

        Follows imports, attribute access and plain aliases (`Dense = layers.Dense`). None for
        anything else: locally defined classes, call results, uncertain names.
        """
        if depth > _MAX_DEPTH or expr is None:
            return None
        if isinstance(expr, cst.Attribute):
            base = self.qualified_name(expr.value, depth + 1)
            return None if base is None else canonical(f"{base}.{expr.attr.value}")
        if not isinstance(expr, cst.Name):
            return None
        binding = self.values.binding_of(expr)
        if binding is None:
            return self._same_import(expr) or self._star_imported(expr.value)
        if binding.kind == IMPORT:
            return canonical(binding.module)  # type: ignore[arg-type]
        if binding.kind == ASSIGN and not binding.path and isinstance(
            binding.node, (cst.Name, cst.Attribute)
        ):
            return self.qualified_name(binding.node, depth + 1)  # type: ignore[arg-type]
        return None

    def raw_name(self, expr: Optional[cst.BaseExpression], depth: int = 0) -> Optional[str]:
        """The dotted name an expression refers to *as spelled*, before canonicalisation:
        `tf.keras.layers.Dense` -> `tensorflow.keras.layers.Dense`, `tf_keras.layers.Dense`
        stays. Rules that care which namespace (Keras 3, `tf.keras`, `tf_keras`) an object
        comes from ask this; everything else asks `qualified_name`. None when unknown."""
        if depth > _MAX_DEPTH or expr is None:
            return None
        if isinstance(expr, cst.Attribute):
            base = self.raw_name(expr.value, depth + 1)
            return None if base is None else f"{base}.{expr.attr.value}"
        if not isinstance(expr, cst.Name):
            return None
        binding = self.values.binding_of(expr)
        if binding is None:
            stars = self.index.star_imports
            if len(stars) != 1 or expr.value in self._bound_names:
                return None
            return f"{stars[0]}.{expr.value}"
        if binding.kind == IMPORT:
            return binding.module
        if binding.kind == ASSIGN and not binding.path and isinstance(
            binding.node, (cst.Name, cst.Attribute)
        ):
            return self.raw_name(binding.node, depth + 1)  # type: ignore[arg-type]

    def _same_import(self, name: cst.Name) -> Optional[str]:
        """`from tensorflow import keras` and `import keras` in one file: the name is bound
        twice, but both bindings mean the same canonical module."""
        use = self.index.uses.get(name)
        scope = use.scope if use is not None else None
        while scope is not None:
            bindings = scope.bindings.get(name.value)
            if bindings:
                if not all(b.kind == IMPORT for b in bindings):
                    return None
                names = {canonical(b.module) for b in bindings}  # type: ignore[arg-type]
                return names.pop() if len(names) == 1 else None
            scope = scope.parent
        return None

    def _star_imported(self, name: str) -> Optional[str]:
        """`from keras.layers import *` makes an otherwise unbound `Dense` mean keras's."""
        stars = self.index.star_imports
        if len(stars) != 1 or name in self._bound_names:
            return None
        return canonical(f"{stars[0]}.{name}")

    @cached_property
    def _bound_names(self) -> frozenset[str]:
        """Every name bound in any scope of the file."""
        return frozenset(name for scope in self.index.scopes for name in scope.bindings)

    def call_name(self, call: cst.Call) -> Optional[str]:
        return self.qualified_name(call.func)

    @cached_property
    def _calls_by_name(self) -> dict[str, list[cst.Call]]:
        table: dict[str, list[cst.Call]] = {}
        for call in self.index.calls:
            name = self.call_name(call)
            if name is not None:
                table.setdefault(name, []).append(call)
        return table

    def calls_to(self, *names: str) -> list[cst.Call]:
        """Calls to any of these canonical names, in source order."""
        if len(names) == 1:
            return list(self._calls_by_name.get(names[0], ()))
        found = [c for n in set(names) for c in self._calls_by_name.get(n, ())]
        return sorted(found, key=self.call_order.__getitem__)

    @property
    def calls_by_name(self) -> dict[str, list[cst.Call]]:
        """Canonical name -> its calls in source order (read-only: do not change it)."""
        return self._calls_by_name

    @cached_property
    def call_order(self) -> dict[cst.Call, int]:
        """Each call's position among the file's calls, in source order."""
        return {call: i for i, call in enumerate(self.index.calls)}

    def calls_with_prefix(self, prefix: str) -> list[cst.Call]:
        """Calls to any canonical name starting with `prefix` (`keras.applications.`), in order."""
        names = [n for n in self._calls_by_name if n.startswith(prefix)]
        return self.calls_to(*names) if names else []

    def method_calls(self, attr: str) -> list[cst.Call]:
        """Calls of the form `<anything>.attr(...)`, in source order."""
        return list(self._calls_by_method.get(attr, ()))

    @cached_property
    def _calls_by_method(self) -> dict[str, list[cst.Call]]:
        table: dict[str, list[cst.Call]] = {}
        for call in self.index.calls:
            if isinstance(call.func, cst.Attribute):
                table.setdefault(call.func.attr.value, []).append(call)
        return table

    def definition(self, expr: Optional[cst.BaseExpression]) -> Optional[Union[cst.FunctionDef, cst.ClassDef]]:
        """The local `def`/`class` a name refers to, if it certainly refers to one."""
        if not isinstance(expr, cst.Name):
            return None
        binding = self.values.binding_of(expr)
        if binding is None:
            return None
        if binding.kind in (FUNCTION, CLASS):
            return binding.node  # type: ignore[return-value]
        if binding.kind == ASSIGN and not binding.path and isinstance(binding.node, cst.Name):
            return self.definition(binding.node)
        return None

    def class_bases(self, cls: cst.ClassDef, depth: int = 0) -> set[str]:
        """Canonical names of every base class, through locally defined intermediate classes."""
        names: set[str] = set()
        if depth > _MAX_DEPTH:
            return names
        for base in cls.bases:
            name = self.qualified_name(base.value)
            if name is not None:
                names.add(name)
            local = self.definition(base.value)
            if isinstance(local, cst.ClassDef):
                names |= self.class_bases(local, depth + 1)
        return names

    def loops_around(self, call: cst.Call) -> list[Union[cst.For, cst.While]]:
        """The `for`/`while` loops around `call` in its own function (or module), outermost
        first. A comprehension is its own scope: the loops around it are not listed."""
        return [b.node for b in self.index.call_blocks.get(call, ())  # type: ignore[misc]
                if b.is_loop and b.node is not None]

    def scope_of(self, node: cst.CSTNode):
        return self.index.scope_of_node.get(node)

    def returned_values(self, function: cst.FunctionDef) -> list[Optional[cst.BaseExpression]]:
        return [r.value for r in self.index.returns.get(function, [])]

    # -- positions and metadata -----------------------------------------------------------------
    def metadata(self, provider: type) -> object:
        """LibCST metadata for this file, resolved once and only when a rule asks for it."""
        if provider not in self._metadata:
            self._metadata[provider] = self._wrapper.resolve(provider)
        return self._metadata[provider]

    @cached_property
    def _wrapper(self) -> MetadataWrapper:
        return MetadataWrapper(self.module, unsafe_skip_copy=True)

    def code_range(self, node: cst.CSTNode) -> CodeRange:
        return self.metadata(PositionProvider)[node]  # type: ignore[index]
