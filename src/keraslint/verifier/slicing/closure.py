"""The dependency closure: which units the targets need, and what has to change in them.

Backward slicing over the flattened units: a needed unit's free names are resolved to the
latest unit before it (at the same level) that binds them, plus every unit in between that
changes them (`model.add(...)`, `base.trainable = False`); a binding inside a compound
statement may not happen, so the search goes on to the previous one. Names read inside a def
or class body are resolved before the unit that needed the def (where it is called).

While collecting, calls are classified: a Keras dataset is stubbed, an application is built
without downloaded weights, a NumPy allocation above 64 MB gets 64 rows, a Keras 2 module
import is mapped to Keras 3, command-line options that all have defaults are parsed from an
empty list, and training, saving, printing or reading files in a needed unit is a *problem*
(the reason of an inconclusive verdict). Each substitution is stated in the slice's notes. With stand-ins allowed, a dimension of
unknowable data (`x.shape[1]`, `len(class_names)`) is replaced by a stated constant instead.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass, field
from typing import Callable, Iterator, Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.scopes import IMPORT, Scope
from keraslint.analysis.walk import children
from keraslint.verifier.slicing import sources
from keraslint.verifier.slicing.units import Unit, base_name, bound_names

# Calls a slice never runs: training, evaluation, saving, loading weights, output.
EXCLUDED_METHODS = frozenset({
    "fit", "fit_generator", "evaluate", "evaluate_generator", "predict", "predict_generator",
    "predict_on_batch", "train_on_batch", "test_on_batch", "save", "save_weights",
    "load_weights", "to_csv", "to_json", "savefig", "show", "export", "apply_gradients",
    "minimize", "gradient",
})
# Methods that neither build nor change a model (ignored as mutations, harmless if skipped).
READ_ONLY_METHODS = frozenset({
    "summary", "compile", "count_params", "get_config", "get_weights", "get_layer", "to_yaml",
    "reset_state", "reset_states", "update_state", "result", "numpy", "copy", "astype",
    "reshape", "mean", "std", "sum", "max", "min", "argmax", "shape",
})
IGNORED_METHODS = EXCLUDED_METHODS | READ_ONLY_METHODS
EXCLUDED_CALLS = frozenset({"print", "keras.utils.plot_model", "breakpoint"})
EXCLUDED_PREFIXES = ("matplotlib.", "seaborn.", "argparse.")
PARSE_METHODS = ("parse_args", "parse_known_args")
STAND_IN_ADAPT = "__keraslint_adapt__"  # defined in the program's prologue (program.py)


@dataclass
class Context:
    """What every closure over one slice shares: the file's facts and the flattened units."""

    facts: object
    units: list[Unit]
    unit_of_node: dict[int, int]  # id(statement node) -> unit index
    parents: dict[int, cst.CSTNode]
    module_scope: Scope
    inlined: Optional[Scope]  # the inlined function's scope, if any
    stand_ins: bool  # may dimensions of unknowable data be replaced by stand-ins?
    full_size: bool = False  # the dataset stub returns the real sample counts
    runnable: frozenset[int] = frozenset()  # ids of defs kept as written that may train

    def code(self, node: cst.CSTNode) -> str:
        return self.facts.module.code_for_node(node)  # type: ignore[attr-defined]

    def snippet(self, node: cst.CSTNode, limit: int = 60) -> str:
        text = " ".join(self.code(node).split())
        return text if len(text) <= limit else text[: limit - 3] + "..."

@dataclass
class Closure:
    context: Context
    needed: set[int] = field(default_factory=set)
    replacements: dict[int, Callable[[cst.CSTNode], cst.CSTNode]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    datasets: set[str] = field(default_factory=set)
    allow_cuts: bool = True
    _skipped: set[int] = field(default_factory=set)  # Name nodes inside stand-in cuts
    sources: list[str] = field(default_factory=list)  # short names of unknowable sources hit
    _via: Optional[tuple] = None  # (name, reading unit) of the latest resolution, for messages

    # -- entry points ---------------------------------------------------------------------------
    def need(self, index: int, at: Optional[int] = None) -> None:
        if index in self.needed:
            return
        self.needed.add(index)
        unit = self.context.units[index]
        before = index
        if isinstance(unit.node, (cst.FunctionDef, cst.ClassDef)) and at is not None:
            before = max(index, at)
        for root in unit.roots:
            self._cut_dimensions(root, index)
        if unit.node is not None:
            self._classify(unit)
        else:
            for root in unit.roots:
                for call in _calls(root):
                    self._classify_call(call, unit)
        own = _loop_targets(unit.node) if unit.node is not None else set()
        deferred = _deferred_reads(unit.node) if unit.node is not None else set()
        for root in unit.roots:
            for name in self._free_reads(root):
                level = self._level_of(name)
                if level is not None and name.value not in own:
                    later = id(name) in deferred
                    self.resolve(name.value, level, before, unit, deferred=later,
                                 optional=later or (unit.conditional and name.value in unit.binds))
        for name, level in unit.extra_reads:
            self.resolve(name, level, before, unit)

    def resolve(self, name: str, level: Scope, before: int, reader: Optional[Unit] = None,
                optional: bool = False, deferred: bool = False) -> None:
        """Need the units that bind `name` (at `level`) for a read just before unit `before`.

        `optional`: the reading compound statement binds the name itself (`x = f(x)` in a loop
        body, `for` targets aside), or the read sits in a function body that runs only when
        called (`deferred`, a method of a kept class), so a missing binding is no error: a
        name the program never binds there (a tutorial's slip) is noted and left unbound; if
        the slice does call that function, its run says so."""
        units = self.context.units
        last = -1
        for i in range(before - 1, -1, -1):
            unit = units[i]
            if unit.level is level and name in unit.binds:
                self._via = (name, reader)
                self.need(i, before)
                if not unit.conditional:
                    last = i
                    break
        imported = last >= 0 and (_is_import_line(units[last].node) or isinstance(
            units[last].node, (cst.Import, cst.ImportFrom)))
        for i in range(last + 1, before):
            unit = units[i]
            if unit.level is level and name in unit.mutates and name not in unit.binds \
                    and not (imported and not _calls_module(unit, name)) \
                    and not self._skipped_adapt(i):
                self._via = (name, unit)
                self.need(i, before)
        if last < 0 and not any(units[i].level is level and name in units[i].binds
                                for i in range(before)):
            if deferred and not hasattr(builtins, name) and not self._noted_unbound(name):
                self.notes.append(f"`{name}` is never bound before the function body that "
                                  "reads it: left unbound (the slice does not need that body)")
            elif not optional:
                self._unbound(name, level)

    def _noted_unbound(self, name: str) -> bool:
        return any(note.startswith(f"`{name}` is never bound") for note in self.notes)

    # -- reads ----------------------------------------------------------------------------------
    def _free_reads(self, root: cst.CSTNode) -> Iterator[cst.Name]:
        for name in _loaded_names(root):
            if id(name) not in self._skipped:
                yield name

    def _level_of(self, name: cst.Name) -> Optional[Scope]:
        """The level (module or inlined function) whose binding this read sees, None if local."""
        use = self.context.facts.index.uses.get(name)  # type: ignore[attr-defined]
        if use is None:
            return None
        scope: Optional[Scope] = use.scope
        first = True
        while scope is not None:
            if scope is self.context.module_scope:
                return scope
            if scope is self.context.inlined:
                return scope if name.value in scope.bindings else self.context.module_scope
            if name.value in scope.declared_outside:
                return self.context.module_scope
            if name.value in scope.bindings and (first or not scope.is_class):
                return None
            scope = scope.parent
            first = False
        return None

    def _unbound(self, name: str, level: Scope) -> None:
        if hasattr(builtins, name) or name.startswith("__keraslint"):
            return
        if level is self.context.module_scope and self.context.facts.index.star_imports:
            return  # a star import may bind it; star-import units are always kept
        self.problems.append(f"`{name}` is not bound before it is used")

    # -- what a needed statement runs -------------------------------------------------------------
    def _classify(self, unit: Unit) -> None:
        node = unit.node
        if isinstance(node, (cst.Import, cst.ImportFrom)) or _is_import_line(node):
            self._check_import(unit)
            return
        if isinstance(node, cst.ClassDef):
            for call in _all_calls(node.body):  # bodies run when called: substitutions only
                self._substitute(call, self.context.facts.call_name(call))  # type: ignore
            return
        if isinstance(node, cst.FunctionDef):
            self._check_function(node)
            return
        for call in _calls(node):
            self._classify_call(call, unit)

    def _check_import(self, unit: Unit) -> None:
        node = unit.node
        statement = node.body[0] if isinstance(node, cst.SimpleStatementLine) else node
        if isinstance(statement, cst.ImportFrom):
            if statement.relative or statement.module is None:
                self.problems.append(f"line {unit.line} imports from the user's own package "
                                     f"(`{self.context.snippet(statement)}`)")
                return
            module = self.context.code(statement.module)
            if module == "argparse" and self._options_default():
                return
            if not sources.allowed_module(module):
                self.problems.append(self._foreign(module, statement, unit))
            else:
                self._modernise_import(statement, module)
        elif isinstance(statement, cst.Import):
            for alias in statement.names:
                module = self.context.code(alias.name)
                if module == "argparse" and self._options_default():
                    continue
                if not sources.allowed_module(module):
                    self.problems.append(self._foreign(module, statement, unit))
            self._modernise_plain_import(statement)

    def _modernise_import(self, statement: cst.ImportFrom, module: str) -> None:
        """`from keras.utils import np_utils` / `from keras.utils.np_utils import f`: Keras 3
        removed these modules; the slice imports the same names from where they now are."""
        if isinstance(statement.names, cst.ImportStar):
            return
        new = sources.keras3_module(module)
        if new is not None:
            replacement = statement.with_changes(module=cst.parse_expression(new))
        elif len(statement.names) == 1 and \
                (new := sources.keras3_module(f"{module}.{statement.names[0].evaluated_name}")):
            alias = statement.names[0]
            parent, leaf = new.rsplit(".", 1)
            name = alias.evaluated_alias or alias.evaluated_name
            replacement = cst.ImportFrom(
                module=cst.parse_expression(parent),
                names=[cst.ImportAlias(cst.Name(leaf), asname=None if name == leaf else
                                       cst.AsName(cst.Name(name)))])
        else:
            return
        self.replacements[id(statement)] = lambda node: replacement
        self.notes.append(f"`{self.context.snippet(statement)}` imported as "
                          f"`{cst.Module([]).code_for_node(replacement)}` (Keras 3 removed the "
                          "module; same functions)")

    def _modernise_plain_import(self, statement: cst.Import) -> None:
        """`import keras.backend as K`: the same, for the one-alias `import ... as` form."""
        if len(statement.names) != 1 or statement.names[0].asname is None:
            return
        alias = statement.names[0]
        new = sources.keras3_module(self.context.code(alias.name))
        if new is None:
            return
        parent, leaf = new.rsplit(".", 1)
        replacement = cst.ImportFrom(module=cst.parse_expression(parent),
                                     names=[cst.ImportAlias(cst.Name(leaf), asname=alias.asname)])
        self.replacements[id(statement)] = lambda node: replacement
        self.notes.append(f"`{self.context.snippet(statement)}` imported as "
                          f"`{cst.Module([]).code_for_node(replacement)}` (Keras 3 removed the "
                          "module; same functions)")

    def _foreign(self, module: str, statement: cst.CSTNode, unit: Unit) -> str:
        text = f"`{self.context.snippet(statement)}` (line {unit.line})"
        if self._via is not None and self._via[1] is not None:
            name, reader = self._via
            text = (f"`{name}`, read on line {reader.line} (`{self._where(reader)}`), comes from "
                    + text)
        self.sources.append(f"`{module}`")
        return (f"{text}: the slice does not import `{module}`, whose data or objects exist "
                "only when the program runs")

    def _skipped_adapt(self, index: int) -> bool:
        """`layer.adapt(data)` on data read at run time, where the rule allows stand-ins: the
        call is replaced by `__keraslint_adapt__(layer)` (program.py), which leaves a
        Normalization layer at mean 0 and variance 1 and gives a TextVectorization or lookup
        layer a small stand-in vocabulary (un-adapted, they cannot run at all); with a note."""
        unit = self.context.units[index]
        small = unit.node.body[0] if isinstance(unit.node, cst.SimpleStatementLine) else unit.node
        if not (self.allow_cuts and self.context.stand_ins and isinstance(small, cst.Expr)
                and isinstance(small.value, cst.Call)
                and calls.method_name(small.value) == "adapt"
                and isinstance(small.value.func, cst.Attribute)):
            return False
        if id(small.value) in self.replacements:
            return True
        trial = Closure(self.context, allow_cuts=False)
        trial.need(index)
        if not trial.problems:
            return False
        layer = small.value.func.value
        self.replacements[id(small.value)] = lambda node: cst.Call(
            cst.Name(STAND_IN_ADAPT), [cst.Arg(layer)])
        self.needed.add(index)  # its only read, the layer, is the name being resolved
        self.notes.append(f"`{self.context.snippet(small)}` run on stand-in data (its data comes "
                          f"from {trial.sources[0] if trial.sources else 'the run'} at run time): "
                          "a Normalization layer keeps mean 0 and variance 1, a text or lookup "
                          "layer gets a small stand-in vocabulary")
        return True

    def _check_function(self, function: cst.FunctionDef) -> None:
        if id(function) in self.context.runnable:
            return  # the user's step: the experiment calls it on stand-in data
        for call in _all_calls(function.body):
            name = self.context.facts.call_name(call)  # type: ignore[attr-defined]
            if self._substitute(call, name):
                continue
            if calls.method_name(call) in EXCLUDED_METHODS or sources.unknowable_call(name):
                self.problems.append(
                    f"the function `{function.name.value}` it calls runs "
                    f"`{self.context.snippet(call)}`, which the slice must not execute")
                return

    def _classify_call(self, call: cst.Call, unit: Unit) -> None:
        facts = self.context.facts
        name = facts.call_name(call)  # type: ignore[attr-defined]
        if self._substitute(call, name):
            return
        method = calls.method_name(call)
        if self._options_default() and ((name or "").startswith("argparse.")
                                        or method in PARSE_METHODS):
            if method in PARSE_METHODS and not call.args:
                self._parse_no_command_line(call)
            return
        if method in EXCLUDED_METHODS or name in EXCLUDED_CALLS or \
                (name or "").startswith(EXCLUDED_PREFIXES):
            self.problems.append(f"{self._needer()}line {unit.line} (`{self._where(unit)}`), which runs "
                                 f"`{self.context.snippet(call.func)}`")
        elif sources.unknowable_call(name) or (isinstance(call.func, cst.Name)
                                               and call.func.value in sources.UNKNOWABLE_BUILTINS):
            if id(call) not in self._skipped_calls():
                self.sources.append(f"`{self.context.snippet(call.func)}(...)`")
                self.problems.append(
                    f"{self._needer()}line {unit.line} (`{self._where(unit)}`), which "
                    f"reads data at run time through `{self.context.snippet(call)}`")

    def _substitute(self, call: cst.Call, name: Optional[str]) -> bool:
        """A Keras dataset (stubbed), an application (no weights) or a huge NumPy allocation
        (fewer rows): True if replaced."""
        if self._shrink(call, name):
            return True
        dataset = sources.dataset_name(name)
        if dataset is not None:
            self.datasets.add(dataset)
            self.replacements[id(call)] = _stubbed(dataset, self.context)
            return True
        return self._without_weights(call, name)

    def _shrink(self, call: cst.Call, name: Optional[str]) -> bool:
        """`np.zeros((30000, 224, 224, 3))`: above MAX_ALLOCATION bytes (static size), the
        slice allocates SHRUNK_ROWS rows; the rows only matter to the data the slice cuts."""
        where = sources.allocation_rows(name, call)
        if where is None or id(call) in self.replacements:
            return where is not None and id(call) in self.replacements
        size = self.context.facts.arrays.nbytes(call)  # type: ignore[attr-defined]
        if size is None or size <= sources.MAX_ALLOCATION:
            return False
        rows, replace = where
        self.replacements[id(call)] = replace
        self.notes.append(f"`{self.context.snippet(call)}` allocated with {sources.SHRUNK_ROWS} "
                          f"rows instead of {self.context.code(rows)} ({size / 2**30:.1f} GiB "
                          "in the program)")
        return True

    def _without_weights(self, call: cst.Call, name: Optional[str]) -> bool:
        """A `keras.applications` model constructor (`MobileNetV2`, not `preprocess_input`)
        that would download weights: built with weights=None instead, with a note."""
        if not (name and name.startswith("keras.applications.")
                and name.rsplit(".", 1)[-1][:1].isupper() and _downloads_weights(call)):
            return False
        if id(call) not in self.replacements:
            self.replacements[id(call)] = _without_weights
            self.notes.append(f"`{self.context.snippet(call.func)}` built with weights=None "
                              "(same architecture, no download)")
        return True

    def _options_default(self) -> bool:
        """Does every command-line option of the file have a default (`--width`, not required,
        no positional argument)? Then `parse_args([])` gives the values the program runs with
        when given no options, and the slice may build its configuration from them."""
        facts = self.context.facts
        if not facts.calls_with_prefix("argparse."):  # type: ignore[attr-defined]
            return False
        for call in facts.method_calls("add_argument"):  # type: ignore[attr-defined]
            first = call.args[0].value if call.args and call.args[0].keyword is None else None
            required = calls.argument_value(call, "required")
            if not (isinstance(first, cst.SimpleString)
                    and first.evaluated_value.startswith("-")) or \
                    (required is not None and not (isinstance(required, cst.Name)
                                                   and required.value == "False")):
                return False
        return True

    def _parse_no_command_line(self, call: cst.Call) -> None:
        if id(call) in self.replacements:
            return
        self.replacements[id(call)] = lambda node: node.with_changes(args=[cst.Arg(cst.List([]))])
        self.notes.append(f"`{self.context.snippet(call)}` parsed as `{calls.method_name(call)}"
                          "([])`: every command-line option at its default")

    def _needer(self) -> str:
        """"`config`, read on line 7 (`...`), comes from " or "it needs "."""
        if self._via is None or self._via[1] is None:
            return "it needs "
        name, reader = self._via
        return f"`{name}`, read on line {reader.line} (`{self._where(reader)}`), comes from "

    def _where(self, unit: Unit) -> str:
        node = unit.node if unit.node is not None else (unit.roots or [None])[0]
        return self.context.snippet(node) if node is not None else "?"

    def _skipped_calls(self) -> set[int]:
        return self._skipped

    # -- stand-ins for dimensions of unknowable data ----------------------------------------------
    def _cut_dimensions(self, root: cst.CSTNode, index: int) -> None:
        if not self.allow_cuts or not self.context.stand_ins:
            return
        for expr, kind in _dimension_reads(root):
            if id(expr) in self.replacements:
                continue
            data = expr.value.value if kind != "len" else expr.args[0].value  # type: ignore
            trial = Closure(self.context, allow_cuts=False)
            for name in _loaded_names(data):
                level = trial._level_of(name)
                if level is not None:
                    trial.resolve(name.value, level, index)
            if not trial.problems:
                continue
            value = _stand_in(expr, kind)
            self.replacements[id(expr)] = _constant_tuple(value) if kind == "shape_tail" \
                else _constant(value)
            self._skipped.update(id(n) for n in _all_nodes(expr))
            self.notes.append(f"`{self.context.snippet(expr)}` taken as {value} (its data comes "
                              f"from {trial.sources[0] if trial.sources else 'the run'} at run "
                              "time)")


# -- helpers --------------------------------------------------------------------------------------

def _deferred_reads(node: cst.CSTNode) -> set[int]:
    """Names read inside the function bodies and lambdas a `def` or `class` statement creates:
    they are evaluated when the function is called, not when the statement runs (a def's
    decorators and defaults, and a class's own body, are evaluated at once)."""
    found: set[int] = set()
    if isinstance(node, cst.FunctionDef):
        bodies: list[cst.CSTNode] = [node.body]
    elif isinstance(node, cst.ClassDef):
        bodies = [s for s in _class_level_functions(node.body)]
    else:
        return found
    for body in bodies:
        found.update(id(n) for n in _all_nodes(body) if isinstance(n, cst.Name))
    return found


def _class_level_functions(body: cst.BaseSuite) -> Iterator[cst.CSTNode]:
    """The bodies of the methods (and nested classes' methods) of a class body, and the
    bodies of lambdas at its level."""
    for statement in getattr(body, "body", ()):
        if isinstance(statement, cst.FunctionDef):
            yield statement.body
        elif isinstance(statement, cst.ClassDef):
            yield from _class_level_functions(statement.body)
        else:
            for node in _all_nodes(statement):
                if isinstance(node, cst.Lambda):
                    yield node.body


def _loop_targets(node: cst.CSTNode) -> set[str]:
    """Names a statement's own `for` loops bind as their targets (not in nested scopes): the
    loop binds them before its body reads them."""
    found: set[str] = set()
    if isinstance(node, cst.For):
        found.update(bound_names(node.target))
    for child in children(node):
        if not isinstance(child, _NESTED + (cst.CompFor,)):
            found |= _loop_targets(child)
    return found


def _calls_module(unit: Unit, module: str) -> bool:
    """`K.set_floatx("float64")`: a module is changed only by a statement that is a bare call
    of one of its setters (`set_*`, `enable_*`, `disable_*`, `clear_session`...).
    `raw = np.loadtxt(...)` assigns a value, `model(tf.constant(x))` only uses the module to
    build an argument, and a bare `tf.stack([x, y])` (a notebook cell showing a value) changes
    nothing."""
    small = unit.node.body[0] if isinstance(unit.node, cst.SimpleStatementLine) else unit.node
    return isinstance(small, cst.Expr) and isinstance(small.value, cst.Call) \
        and isinstance(small.value.func, cst.Attribute) \
        and isinstance(small.value.func.value, cst.Name) \
        and small.value.func.value.value == module \
        and small.value.func.attr.value.startswith(_MODULE_SETTERS)


# Prefixes of module functions that change the module's state (`K.set_floatx`, `tf.enable_...`).
_MODULE_SETTERS = ("set_", "enable_", "disable_", "clear_", "reset_", "use_", "run_functions",
                   "experimental_set")


def _is_import_line(node: Optional[cst.CSTNode]) -> bool:
    return isinstance(node, cst.SimpleStatementLine) and len(node.body) == 1 and \
        isinstance(node.body[0], (cst.Import, cst.ImportFrom))


_NESTED = (cst.FunctionDef, cst.ClassDef, cst.Lambda)


def _calls(node: cst.CSTNode) -> Iterator[cst.Call]:
    """Calls a statement runs itself (not inside the defs, classes or lambdas it creates)."""
    if isinstance(node, cst.Call):
        yield node
    for child in children(node):
        if not isinstance(child, _NESTED):
            yield from _calls(child)


def _all_calls(node: cst.CSTNode) -> Iterator[cst.Call]:
    """Every call under `node`, nested defs and lambdas included (they run when called)."""
    for child in _all_nodes(node):
        if isinstance(child, cst.Call):
            yield child


def _all_nodes(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    yield node
    for child in children(node):
        yield from _all_nodes(child)


def _loaded_names(node: cst.CSTNode) -> Iterator[cst.Name]:
    """Names read (not bound) anywhere under `node`."""
    if isinstance(node, cst.Name):
        yield node
        return
    if isinstance(node, cst.Assign):
        for target in node.targets:
            yield from _target_reads(target.target)
        yield from _loaded_names(node.value)
        return
    if isinstance(node, cst.AnnAssign):
        yield from _target_reads(node.target)
        if node.value is not None:
            yield from _loaded_names(node.value)
        return
    if isinstance(node, cst.For):
        yield from _target_reads(node.target)
        for part in (node.iter, node.body, node.orelse):
            if part is not None:
                yield from _loaded_names(part)
        return
    if isinstance(node, cst.NamedExpr):
        yield from _loaded_names(node.value)
        return
    if isinstance(node, cst.CompFor):
        yield from _target_reads(node.target)
        yield from _loaded_names(node.iter)
        for condition in node.ifs:
            yield from _loaded_names(condition)
        if node.inner_for_in is not None:
            yield from _loaded_names(node.inner_for_in)
        return
    if isinstance(node, cst.WithItem):
        yield from _loaded_names(node.item)
        return
    if isinstance(node, (cst.Import, cst.ImportFrom)):
        return
    for child in children(node):
        yield from _loaded_names(child)


def _target_reads(target: cst.BaseExpression) -> Iterator[cst.Name]:
    """The names an assignment target reads: `X` in `X[i] = ...`, none in `a, b = ...`."""
    if isinstance(target, cst.Name):
        return
    if isinstance(target, (cst.Tuple, cst.List)):
        for element in target.elements:
            yield from _target_reads(element.value)
    elif isinstance(target, cst.StarredElement):
        yield from _target_reads(target.value)
    else:
        yield from _loaded_names(target)


def _dimension_reads(root: cst.CSTNode) -> Iterator[tuple[cst.BaseExpression, str]]:
    """`<expr>.shape[k]`, `<expr>.shape[1:]` (the per-sample shape of tabular data, as in
    `keras.Input(shape=x.shape[1:])`) and `len(<expr>)` under `root`, outermost first."""
    for node in _all_nodes(root):
        if isinstance(node, cst.Subscript) and isinstance(node.value, cst.Attribute) \
                and node.value.attr.value == "shape" and len(node.slice) == 1 \
                and isinstance(node.slice[0].slice, cst.Index) \
                and _axis(node.slice[0].slice.value) is not None:
            yield node, "shape"
        elif isinstance(node, cst.Subscript) and isinstance(node.value, cst.Attribute) \
                and node.value.attr.value == "shape" and len(node.slice) == 1 \
                and _is_tail_slice(node.slice[0].slice):
            yield node, "shape_tail"
        elif isinstance(node, cst.Call) and isinstance(node.func, cst.Name) \
                and node.func.value == "len" and len(node.args) == 1 and not node.args[0].star:
            yield node, "len"


def _stand_in(expr: cst.BaseExpression, kind: str):
    if kind == "len":
        return sources.STAND_IN_CLASSES
    if kind == "shape_tail":
        return (sources.STAND_IN_WIDTH,)
    axis = _axis(expr.slice[0].slice.value)  # type: ignore[attr-defined]
    return sources.STAND_IN_ROWS if axis == 0 else sources.STAND_IN_WIDTH


def _axis(node: cst.BaseExpression) -> Optional[int]:
    """`1` or `-1` as written in `x.shape[1]`, `x.shape[-1]`."""
    if isinstance(node, cst.Integer):
        return int(node.value)
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus) \
            and isinstance(node.expression, cst.Integer):
        return -int(node.expression.value)
    return None


def _is_tail_slice(node: cst.BaseSlice) -> bool:
    """`[1:]`: everything but the sample axis."""
    return isinstance(node, cst.Slice) and isinstance(node.lower, cst.Integer) \
        and node.lower.value == "1" and node.upper is None and node.step is None


def _constant_tuple(value: tuple) -> Callable[[cst.CSTNode], cst.CSTNode]:
    return lambda node: cst.parse_expression(repr(value))


def _constant(value: int) -> Callable[[cst.CSTNode], cst.CSTNode]:
    return lambda node: cst.Integer(str(value))


def _stubbed(dataset: str, context: Context) -> Callable[[cst.CSTNode], cst.CSTNode]:
    def replace(call: cst.CSTNode) -> cst.CSTNode:
        assert isinstance(call, cst.Call)
        args = [cst.Arg(cst.SimpleString(repr(dataset)))]
        if context.full_size:
            args.append(cst.Arg(cst.Name("True"), keyword=cst.Name("full")))
        args += [a for a in call.args if a.keyword is not None]
        return call.with_changes(func=cst.Name(sources.STUB), args=args)

    return replace


def _downloads_weights(call: cst.Call) -> bool:
    weights = calls.argument_value(call, "weights")
    return weights is None or not (isinstance(weights, cst.Name) and weights.value == "None")


def _without_weights(call: cst.CSTNode) -> cst.CSTNode:
    assert isinstance(call, cst.Call)
    args = [a for a in call.args if not (a.keyword is not None and a.keyword.value == "weights")]
    args.append(cst.Arg(cst.Name("None"), keyword=cst.Name("weights"),
                        equal=cst.AssignEqual(cst.SimpleWhitespace(""),
                                              cst.SimpleWhitespace(""))))
    return call.with_changes(args=args)


__all__ = ["Closure", "Context", "EXCLUDED_METHODS", "IGNORED_METHODS", "IMPORT", "base_name"]
