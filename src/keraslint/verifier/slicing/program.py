"""From a `Target` to the program text: flatten, inline, close over dependencies, emit.

The emitted program is: a prologue (the mark helper, the dataset stub when used, the batch
helper), the needed statements in their original order with their text intact except for
marked nodes (`__keraslint_mark__("layer", Dense(...))`: the exact object the flagged call
creates is recorded wherever it ends up), stubbed data sources, stand-in dimensions and
applications built without downloaded weights, and an epilogue that binds the SLOT_* names.
Seeds inside kept defs and classes are lifted to their calls (`functions.py`); a loss compiled
inside a kept def is marked where it is written. A multi-output finding carries
`output_index`/`output_name` in its facts and binds SLOT_LOSS to that output's own loss.
"""

from __future__ import annotations

from typing import Callable, Optional

import libcst as cst

from keraslint.analysis.scopes import Scope
from keraslint.verifier.protocol import SLOT_LOSS, SLOT_X, SLOT_Y
from keraslint.verifier.slicing import sources
from keraslint.verifier.slicing.functions import Definitions
from keraslint.verifier.slicing.closure import (
    IGNORED_METHODS, STAND_IN_ADAPT, Closure, Context, _calls,
)
from keraslint.verifier.slicing.targets import (
    DIMENSION_FREE, STAND_IN_CAVEATS, Target, instances_of, parents_of_facts,
)
from keraslint.verifier.slicing.units import (
    RETURN, SliceError, Unit, make_unit, single_expression, statements,
)

MARK = "__keraslint_mark__"
HEAD = "__keraslint_head__"
FINISH = "__keraslint_finish__"
KERAS = "__keraslint_keras__"  # Keras 3 as synthetic units import it
MAX_BATCH_SOURCE_BYTES = 256 * 2**20  # x/y computed by the slice only below this (static size)

PROLOGUE = f'''
__keraslint_marks__ = {{}}


def {MARK}(key, value):
    """Record the object a flagged expression creates, wherever the program puts it."""
    __keraslint_marks__.setdefault(key, []).append(value)
    return value


STAND_IN_TEXT = ["the cat sat on the mat", "a dog ran in the park", "it was a good day",
                 "this is not what i expected", "we will see you there tomorrow"]


def {STAND_IN_ADAPT}(layer):
    """`layer.adapt(data)` whose data exists only when the program runs: text and lookup layers
    learn a small stand-in vocabulary (they cannot run un-adapted); a Normalization layer keeps
    mean 0 and variance 1."""
    kind = type(layer).__name__
    if kind in ("TextVectorization", "StringLookup"):
        words = STAND_IN_TEXT if kind == "TextVectorization" else \
            [w for line in STAND_IN_TEXT for w in line.split()]
        layer.adapt(words)
    elif kind == "IntegerLookup":
        layer.adapt(list(range(1, 33)))


def {HEAD}(value, n=64):
    """The first n samples of an array, a tensor or a list/tuple/dict of them; None otherwise."""
    if isinstance(value, (list, tuple)):
        parts = [{HEAD}(v, n) for v in value]
        return None if any(p is None for p in parts) else type(value)(parts)
    if isinstance(value, dict):
        parts = {{k: {HEAD}(v, n) for k, v in value.items()}}
        return None if any(p is None for p in parts.values()) else parts
    if hasattr(value, "shape") and hasattr(value, "__getitem__") and len(value.shape) >= 1:
        return value[:n]
    return None
'''

FINISH_SOURCE = f'''

def __keraslint_owns__(model, layer, depth=0):
    """Is `layer` one of `model`'s layers (nested models included)?"""
    for inner in getattr(model, "layers", ()):
        if inner is layer or (depth < 4 and __keraslint_owns__(inner, layer, depth + 1)):
            return True
    return False


def {FINISH}(namespace, input_shape):
    """Bind the SLOT_* names from the marks; build the model if nothing has called it yet."""
    import numpy as np
    marks = namespace["__keraslint_marks__"]
    if marks.get("model") and namespace.get("__keraslint_model__") is None:
        namespace["__keraslint_model__"] = marks["model"][-1]
    model = namespace.get("__keraslint_model__")
    which = {{"layer": 0, "initializer": 0, "partner": 0}}
    if model is not None and len(marks.get("layer", ())) > 1:  # a def run several times
        inside = [i for i, layer in enumerate(marks["layer"]) if __keraslint_owns__(model, layer)]
        if inside:
            which["layer"] = inside[0]
            for key in ("initializer", "partner"):
                if len(marks.get(key, ())) == len(marks["layer"]):
                    which[key] = inside[0]
    for key, slot, index in (("layer", "__keraslint_layer__", which["layer"]),
                             ("initializer", "__keraslint_initializer__", which["initializer"]),
                             ("partner", "__keraslint_partner__", which["partner"]),
                             ("loss", "__keraslint_loss__", -1)):
        if marks.get(key) and namespace.get(slot) is None:
            namespace[slot] = marks[key][index]
    if model is None:
        return
    x = namespace.get("__keraslint_x__")
    if not model.weights:
        if x is None and input_shape:
            x = np.zeros((2, *input_shape), dtype="float32")
        if x is not None:
            model({HEAD}(x, 2))
    if x is None and model.built and getattr(model, "inputs", None) and \
            len(model.inputs) == 1:
        shape = tuple(model.inputs[0].shape[1:])
        params = model.count_params()
        size = int(np.prod(shape)) if all(d is not None for d in shape) else 0
        # 64 images through a deep network exceed the memory limit: 160x160 MobileNetV2 does
        large = params > 5_000_000 or size >= 100_000 or (size >= 20_000 and params >= 1_000_000)
        if large and all(d is not None for d in shape):  # a batch of 4, not 64
            namespace["__keraslint_x__"] = np.random.default_rng(10).standard_normal(
                (4, *shape)).astype("float32")
'''


class Plan:
    """The flattened units of one slice, with the synthetic units the target adds."""

    def __init__(self, facts, target: Target) -> None:
        self.facts, self.target = facts, target
        self.parents = parents_of_facts(facts)
        self.module_scope: Scope = facts.index.module_scope
        self.definitions = Definitions(facts, self.parents, self._top_statement)
        self.loss_mark: Optional[cst.BaseExpression] = None  # compile inside a kept def
        self.seeds: list[cst.CSTNode] = self._lifted_seeds()
        self.model_node = self._lifted_model()
        self.function: Optional[cst.FunctionDef] = self._function_to_inline()
        self.inlined: Optional[Scope] = (facts.scope_of(self.function)
                                         if self.function is not None else None)
        self.units: list[Unit] = self._flatten()
        self.probes: list[tuple[int, cst.BaseExpression]] = []
        self.model_use: Optional[int] = None
        self.loss_unit: Optional[int] = None
        self.factory_units: list[int] = []
        self._add_synthetic_units()
        self._add_factories()

    # -- which function to inline ---------------------------------------------------------------
    def _top_statement(self, node: cst.CSTNode) -> Optional[cst.CSTNode]:
        module_ids = {id(s) for s in statements(self.facts.module)}
        current: Optional[cst.CSTNode] = node
        while current is not None and id(current) not in module_ids:
            current = self.parents.get(id(current))
        return current

    def _lifted_seeds(self) -> list[cst.CSTNode]:
        """The target's nodes, those inside kept defs and classes replaced by their calls.

        The compile call is no seed (its loss is bound by a synthetic unit) unless it sits in a
        kept def: that def then runs as written and the loss is marked where it is written."""
        target, seeds = self.target, []
        for node in target.seeds():
            lifted = self.definitions.lift(node)
            if node is target.compile_call:
                if lifted == [node]:
                    continue
                self.loss_mark = target.loss_expr
            seeds.extend(n for n in lifted if all(n is not s for s in seeds))
        return seeds

    def _lifted_model(self) -> Optional[cst.CSTNode]:
        """The node whose statement binds the model: its construction or the one call of the
        kept def that builds it."""
        model = self.target.model
        if model is None:
            return None
        lifted = self.definitions.lift(model.node)
        if len(lifted) != 1:
            return None
        site = lifted[0]
        if site is not model.node and isinstance(site, cst.Call) and \
                isinstance(self.facts.definition(site.func), cst.ClassDef):
            return None  # `trainer = Trainer()`: the variable holds the trainer, not the model
        return site

    def _function_to_inline(self) -> Optional[cst.FunctionDef]:
        functions = {}
        for node in self.seeds:
            top = self._top_statement(node)
            if isinstance(top, cst.FunctionDef):
                functions[id(top)] = top
        if len(functions) > 1:
            names = ", ".join(f"`{f.name.value}`" for f in functions.values())
            raise SliceError(f"what the finding is about is built in several functions ({names})")
        return next(iter(functions.values()), None)

    # -- flattening -------------------------------------------------------------------------------
    def _unit(self, statement: cst.CSTNode, level: Scope) -> Unit:
        line = self.facts.code_range(statement).start.line
        return make_unit(statement, level, IGNORED_METHODS, line)

    def _flatten(self) -> list[Unit]:
        module = [self._unit(s, self.module_scope) for s in statements(self.facts.module)]
        if self.function is None:
            return module
        site = self._call_site(module)
        inlined = self._parameters(site[1] if site else None) + self._body()
        if site is None:
            return module + inlined
        index, call = site
        return module[:index] + inlined + self._rebinding(module[index], call) + module[index + 1:]

    def _call_site(self, module: list[Unit]) -> Optional[tuple[int, cst.Call]]:
        name = self.function.name.value  # type: ignore[union-attr]
        sites = [(i, call) for i, unit in enumerate(module) if unit.node is not None
                 for call in _calls(unit.node)
                 if isinstance(call.func, cst.Name) and call.func.value == name]
        others = [c for c in self.facts.index.calls if isinstance(c.func, cst.Name)
                  and c.func.value == name and all(c is not s for _, s in sites)]
        if others and not sites:
            line = self.facts.code_range(others[0]).start.line
            raise SliceError(f"`{name}` is only called from inside another function (line "
                             f"{line}); the slice inlines one level of functions")
        texts = {self.facts.module.code_for_node(call) for _, call in sites}
        if len(texts) > 1:
            lines = ", ".join(str(self.facts.code_range(c).start.line) for _, c in sites)
            raise SliceError(f"`{name}` is called with different arguments (lines {lines}): "
                             "which call the finding is about is not determined")
        return sites[0] if sites else None

    def _parameters(self, call: Optional[cst.Call]) -> list[Unit]:
        function = self.function
        assert function is not None and self.inlined is not None
        params = function.params
        if isinstance(params.star_arg, cst.Param) or isinstance(params.star_kwarg, cst.Param) \
                or (call is not None and any(a.star for a in call.args)):
            raise SliceError(f"`{function.name.value}` takes or is given *args/**kwargs: which "
                             "value each parameter gets is not determined")
        positional = list(params.posonly_params) + list(params.params)
        given = [a for a in call.args if a.keyword is None] if call is not None else []
        keywords = {a.keyword.value: a for a in call.args if a.keyword is not None} if call else {}
        units = []
        for i, param in enumerate(positional + list(params.kwonly_params)):
            name = param.name.value
            if i < len(given) and param in positional:
                value = given[i].value
            elif name in keywords:
                value = keywords[name].value
            elif param.default is not None:
                value = param.default
            else:
                where = "no call passes it" if call is None else \
                    f"the call on line {self.facts.code_range(call).start.line} does not pass it"
                raise SliceError(f"parameter `{name}` of `{function.name.value}` has no default "
                                 f"and {where}")
            units.append(Unit(None, self.inlined, frozenset({name}), frozenset(),
                              text=f"{name} = {{0}}", reads_from=[value],
                              line=self.facts.code_range(value).start.line))
        return units

    def _body(self) -> list[Unit]:
        function = self.function
        assert function is not None and self.inlined is not None
        body = statements(function.body)
        returns = self.facts.index.returns.get(function, [])
        top_returns = [s for s in body if isinstance(single_expression(s), cst.Return)]
        if len(returns) != len(top_returns) or (top_returns and body[-1] is not top_returns[-1]):
            raise SliceError(f"`{function.name.value}` returns from inside a block or before its "
                             "end: the statements it runs are not a plain sequence")
        units = []
        for statement in body:
            small = single_expression(statement)
            if isinstance(small, cst.Return):
                if small.value is not None:
                    units.append(Unit(statement, self.inlined, frozenset({RETURN}), frozenset(),
                                      text=f"{RETURN} = {{0}}", reads_from=[small.value],
                                      line=self.facts.code_range(statement).start.line))
                continue
            units.append(self._unit(statement, self.inlined))
        return units

    def _rebinding(self, unit: Unit, call: cst.Call) -> list[Unit]:
        """The call site after inlining: `model = build()` becomes `model = <the return>`."""
        small = single_expression(unit.node)
        if isinstance(small, cst.Expr) and small.value is call:
            return []
        if isinstance(small, cst.Assign) and small.value is call and len(small.targets) == 1 \
                and isinstance(small.targets[0].target, cst.Name):
            name = small.targets[0].target.value
            return [Unit(None, self.module_scope, frozenset({name}), frozenset(),
                         text=f"{name} = {RETURN}", extra_reads=[(RETURN, self.inlined)],
                         line=unit.line)]
        raise SliceError(f"the call of `{self.function.name.value}` on line {unit.line} is part "
                         "of a larger statement; the slice inlines only `x = f(...)` or `f(...)`")

    # -- synthetic units ----------------------------------------------------------------------------
    def index_of(self, node: cst.CSTNode) -> Optional[int]:
        ids = {id(u.node): i for i, u in enumerate(self.units) if u.node is not None}
        current: Optional[cst.CSTNode] = node
        while current is not None:
            if id(current) in ids:
                return ids[id(current)]
            current = self.parents.get(id(current))
        return None

    def _insert(self, position: int, unit: Unit) -> int:
        self.units.insert(position, unit)
        return position

    def _add_synthetic_units(self) -> None:
        target = self.target
        if target.loss_text is not None:
            self.loss_unit = self._insert(len(self.units), Unit(
                None, self.module_scope, frozenset({SLOT_LOSS}), frozenset(),
                text=f"import keras as {KERAS}\n{SLOT_LOSS} = {KERAS}.{target.loss_text[len('keras.'):]}"))
        if target.compile_call is not None and target.loss_expr is not None \
                and self.loss_mark is None and not self._add_attribute_loss():
            at = self.index_of(target.compile_call)
            if at is not None:
                level = self.units[at].level
                self.loss_unit = self._insert(at, Unit(
                    None, level, frozenset({SLOT_LOSS}), frozenset(),
                    text=f"{SLOT_LOSS} = {{0}}", reads_from=[target.loss_expr],
                    line=self.units[at].line))
        self._add_model_use()
        self._add_probes()

    def _add_factories(self) -> None:
        """`name = lambda: (<expression>)` at the end of the module for each factory: the
        experiment builds the object as the program writes it, as often as it needs."""
        for name, expr in self.target.factories.items():
            at = self.index_of(expr)  # just before the statement that holds it (a loop)
            position = at if at is not None and self.units[at].level is self.module_scope \
                else len(self.units)
            self.factory_units.append(self._insert(position, Unit(
                None, self.module_scope, frozenset({name}), frozenset(),
                text=f"{name} = lambda: ({{0}})", reads_from=[expr],
                line=self.facts.code_range(expr).start.line)))
            self._shift(position)

    def _add_attribute_loss(self) -> bool:
        """`self.model.compile(loss=self.loss_fn)` in a method instantiation does not run:
        the loss is read from the instance the module makes (`trainer.loss_fn`)."""
        target = self.target
        loss = target.loss_expr
        top = self._top_statement(target.compile_call)
        if not (isinstance(top, cst.ClassDef) and isinstance(loss, cst.Attribute)
                and isinstance(loss.value, cst.Name) and loss.value.value == "self"
                and self.definitions.is_kept(top)):
            return False
        for site in self.definitions.call_sites(top):
            at = self.index_of(site)
            small = single_expression(self.units[at].node) if at is not None else None
            if isinstance(small, cst.Assign) and small.value is site and len(small.targets) == 1 \
                    and isinstance(small.targets[0].target, cst.Name):
                name, level = small.targets[0].target.value, self.units[at].level
                self.loss_unit = self._insert(at + 1, Unit(
                    None, level, frozenset({SLOT_LOSS}), frozenset(),
                    text=f"{SLOT_LOSS} = {name}.{loss.attr.value}", extra_reads=[(name, level)],
                    line=self.units[at].line))
                return True
        return False

    def _model_variable(self) -> Optional[tuple[str, Scope, int]]:
        node = self.model_node
        if node is None:
            return None
        at = self.index_of(node)
        if at is None:
            return None
        unit = self.units[at]
        if RETURN in unit.binds:
            return RETURN, unit.level, at
        small = single_expression(unit.node) if unit.node is not None else None
        if isinstance(small, cst.Assign) and small.value is node and \
                len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name):
            return small.targets[0].target.value, unit.level, at
        return None

    def _add_model_use(self) -> None:
        """A unit reading the model's variable where it is used (compile, the loop's loss, the
        end of its function): every `model.add(...)` before that point is needed."""
        found = self._model_variable()
        if found is None:
            return
        name, level, at = found
        position = len(self.units)
        if self.loss_unit is not None:
            position = self.loss_unit
        elif level is self.inlined:
            position = max(i for i, u in enumerate(self.units) if u.level is level) + 1
        position = max(position, at + 1)
        self.model_use = self._insert(position, Unit(None, level, frozenset(), frozenset(), text="",
                                                     extra_reads=[(name, level)]))
        if self.loss_unit is not None and self.loss_unit >= position:
            self.loss_unit += 1

    def _add_probes(self) -> None:
        target = self.target
        pairs = []
        if target.fit is not None:
            pairs = [(SLOT_X, target.fit.x, target.fit.call)]
            if target.keep_labels:
                pairs.append((SLOT_Y, target.fit.y, target.fit.call))
        elif target.x_hint is not None:
            pairs = [(SLOT_X, target.x_hint, target.x_hint)]
        for slot, expr, where in pairs:
            at = self.index_of(where) if expr is not None else None
            if at is None:
                continue
            unit = Unit(None, self.units[at].level, frozenset({slot}), frozenset(),
                        text=f"{slot} = {HEAD}({{0}})", reads_from=[expr], line=self.units[at].line)
            self._insert(at, unit)
            self._shift(at)
            self.probes.append((at, expr))

    def _shift(self, at: int) -> None:
        """Indices at or after an insertion move by one."""
        self.probes = [(p + 1 if p >= at else p, e) for p, e in self.probes]
        if self.loss_unit is not None and self.loss_unit >= at:
            self.loss_unit += 1
        if self.model_use is not None and self.model_use >= at:
            self.model_use += 1


def build(facts, target: Target) -> tuple[str, list[str]]:
    """(program text, notes on stand-ins and substitutions); raises SliceError."""
    plan = Plan(facts, target)
    context = Context(facts, plan.units, {}, plan.parents, plan.module_scope, plan.inlined,
                      stand_ins=target.code in DIMENSION_FREE,
                      runnable=frozenset(id(f) for f in target.runnable))
    closure = Closure(context)
    for node in [*plan.seeds, *target.runnable]:
        index = plan.index_of(node)
        if index is None:
            raise SliceError(f"`{context.snippet(node)}` is not in a statement the slice can run")
        closure.need(index)
    for index in plan.factory_units:
        closure.need(index)
    for index in (plan.loss_unit, plan.model_use):
        if index is not None:
            closure.need(index)
    if closure.problems:
        raise SliceError(closure.problems[0])
    closure = _with_probes(closure, plan)
    _add_marks(closure, facts, target, plan.loss_mark)
    text = "\n".join(_emit(context, plan, closure))
    context.full_size = _asks_full_size(text)
    text = "\n".join(_emit(context, plan, closure))
    return _assemble(text, closure, target), _notes(closure, target)


def _notes(closure: Closure, target: Target) -> list[str]:
    """The closure's stand-ins, plus what they mean for a rule whose effect depends on them."""
    caveat = STAND_IN_CAVEATS.get(target.code)
    stand_ins = any(" taken as " in note for note in closure.notes)
    notes = closure.notes + target.notes
    return notes + [caveat] if caveat and stand_ins else notes


def _with_probes(closure: Closure, plan: Plan) -> Closure:
    """Add each x/y probe whose data the slice computes exactly and cheaply (from a stubbed
    dataset, or statically small); drop the others: the experiment then synthesises them."""
    for index, expr in plan.probes:
        trial = Closure(closure.context, set(closure.needed), dict(closure.replacements), [],
                        list(closure.notes), set(closure.datasets), allow_cuts=False)
        trial.need(index)
        if trial.problems:
            continue
        size = plan.facts.arrays.nbytes(expr)
        if size is not None and size > MAX_BATCH_SOURCE_BYTES and not trial.datasets:
            continue
        closure = trial
    return closure


def _add_marks(closure: Closure, facts, target: Target,
               loss_mark: Optional[cst.CSTNode] = None) -> None:
    marks: list[tuple[str, Optional[cst.CSTNode]]] = [
        ("model", target.model.node if target.model else None), ("layer", target.layer),
        ("partner", target.partner), ("initializer", target.initializer),
        ("loss", target.loss_node or loss_mark)]
    if target.layer_class is not None:
        marks += [("layer", call) for call in instances_of(facts, target.layer_class)]
    for key, node in marks:
        if node is not None:
            previous = closure.replacements.get(id(node))
            closure.replacements[id(node)] = _marked(key, previous)


def _marked(key: str, previous: Optional[Callable]) -> Callable[[cst.CSTNode], cst.CSTNode]:
    def replace(node: cst.CSTNode) -> cst.CSTNode:
        inner = previous(node) if previous is not None else node
        return cst.Call(cst.Name(MARK), [cst.Arg(cst.SimpleString(repr(key))), cst.Arg(inner)])

    return replace


class _Replacer(cst.CSTTransformer):
    def __init__(self, replacements: dict) -> None:
        super().__init__()
        self.replacements = replacements

    def on_leave(self, original_node, updated_node):
        replace = self.replacements.get(id(original_node))
        return replace(updated_node) if replace is not None else updated_node


def _emit(context: Context, plan: Plan, closure: Closure):
    replacer = _Replacer(closure.replacements)
    star_imports = {i for i, u in enumerate(plan.units) if _is_allowed_star_import(context, u)}
    for i, unit in enumerate(plan.units):
        if i not in closure.needed and i not in star_imports:
            continue
        if unit.text is not None:
            if unit.text:
                roots = [context.code(r.visit(replacer)).strip() for r in unit.roots]
                yield unit.text.format(*[f"({r})" if "\n" in r else r for r in roots])
            continue
        code = context.code(unit.node.visit(replacer)).lstrip("\n")
        yield code if code.endswith("\n") else code + "\n"


def _is_allowed_star_import(context: Context, unit: Unit) -> bool:
    small = single_expression(unit.node) if unit.node is not None else None
    return isinstance(small, cst.ImportFrom) and isinstance(small.names, cst.ImportStar) and \
        small.module is not None and sources.allowed_module(context.code(small.module))


def _asks_full_size(text: str) -> bool:
    """`x_train.reshape(60000, 784)`: the user's code relies on the real sample count."""
    import re

    numbers = {int(n.replace("_", "")) for n in re.findall(r"\b\d[\d_]*\b", text)}
    return bool(numbers & sources.full_size_literals())


def _assemble(body: str, closure: Closure, target: Target) -> str:
    parts = [PROLOGUE]
    if closure.datasets:
        parts.append(sources.stub_source())
    parts.append(FINISH_SOURCE)
    parts.append("\n# -- the slice of the user's program --\n")
    parts.append(body)
    shape = target.facts.get("input_shape")
    parts.append(f"\n# -- epilogue --\n{FINISH}(globals(), {tuple(shape) if shape else None!r})\n")
    return "\n".join(parts)
