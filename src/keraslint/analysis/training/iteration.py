"""Loops and what runs in them: the epoch and batch loops around a call, and the calls of
local functions, followed up to a few callers (`train_epoch()` calling `train_step()`).

A loop is a *batch loop* when it certainly runs once per batch, or at least many times:
it iterates a `tf.data` pipeline or a Keras directory dataset (through `enumerate`, `tqdm`,
`zip`, `.take(n)`), counts batches or steps (`range(steps_per_epoch)`, `range(0, len(x),
batch_size)`; not "iterations", which are as often rounds of active learning),
runs a literal hundred times or more, or sits inside another loop (the inner loop of
`for epoch: for batch:`). A single loop over `range(num_episodes)` is none of these: how often
it runs is not known.
"""

from __future__ import annotations

from functools import cached_property
from typing import Iterator, Optional, Union

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.layers import resolve
from keraslint.analysis.walk import descendants

LoopNode = Union[cst.For, cst.While]
MAX_CALLERS = 3  # how many levels of local callers are followed

DATASET_MAKERS = frozenset({
    "keras.utils.image_dataset_from_directory", "keras.utils.text_dataset_from_directory",
    "keras.utils.audio_dataset_from_directory", "keras.utils.timeseries_dataset_from_array",
    "keras.preprocessing.image_dataset_from_directory",
    "keras.preprocessing.text_dataset_from_directory",
    "keras.preprocessing.timeseries_dataset_from_array",
    "tensorflow_datasets.load", "tensorflow.keras.utils.image_dataset_from_directory",
})
DATASET_METHODS = frozenset({
    "batch", "padded_batch", "ragged_batch", "shuffle", "prefetch", "map", "repeat", "cache",
    "take", "skip", "unbatch", "filter", "with_options", "apply", "interleave", "flat_map",
    "bucket_by_sequence_length", "rebatch", "enumerate", "shard",
})
_DISTRIBUTE = frozenset({"experimental_distribute_dataset", "distribute_datasets_from_function"})
_WRAPPERS = frozenset({"enumerate", "iter", "zip", "tqdm", "tqdm.tqdm", "tqdm.auto.tqdm",
                       "tqdm.notebook.tqdm", "tqdm.trange"})
_BARE_WRAPPERS = frozenset({"enumerate", "iter", "zip", "tqdm", "trange"})
_BATCH_WORDS = ("batch", "step")
MANY = 100  # a literal loop count from which a loop counts as running many times


class Iteration:
    def __init__(self, facts: CoreFacts) -> None:
        self.facts = facts

    # -- loops around a call -------------------------------------------------------------------
    def loops_around(self, call: cst.Call) -> list[LoopNode]:
        """The loops around `call` in its own function, outermost first."""
        return [b.node for b in self.facts.index.call_blocks.get(call, ())
                if b.is_loop and b.node is not None]  # type: ignore[misc]

    def is_batch_loop(self, loop: LoopNode, around: list[LoopNode], many: bool = True) -> bool:
        """Does `loop` (with `around` the loops enclosing it) run per batch? With `many`, a
        loop that runs a literal hundred times or more counts too."""
        if any(outer is not loop for outer in around[: _position(around, loop)]):
            return True  # an inner loop
        if not isinstance(loop, cst.For):
            return False
        return self.iterates_batches(loop.iter) or self._counts_batches(loop.iter, many)

    def batch_loop_around(self, call: cst.Call) -> Optional[LoopNode]:
        """The innermost batch loop around `call` in its own function, if any."""
        around = self.loops_around(call)
        for loop in reversed(around):
            if self.is_batch_loop(loop, around):
                return loop
        return None

    def iterates_batches(self, expr: Optional[cst.BaseExpression], depth: int = 0) -> bool:
        """`train_ds`, `enumerate(ds.take(100))`, `tqdm(dataset)`: a dataset of batches."""
        if depth > 12 or expr is None:
            return False
        value = resolve(self.facts, expr)
        if not isinstance(value, cst.Call):
            return False
        name = self.facts.call_name(value)
        if name in DATASET_MAKERS or (name or "").startswith("tensorflow.data."):
            return True
        if name in _WRAPPERS or (isinstance(value.func, cst.Name)
                                 and value.func.value in _BARE_WRAPPERS):
            return any(self.iterates_batches(a.value, depth + 1) for a in value.args
                       if a.keyword is None and not a.star)
        method = calls.method_name(value)
        if method in DATASET_METHODS or method in _DISTRIBUTE:
            if method in _DISTRIBUTE:
                return True
            return self.iterates_batches(calls.receiver(value), depth + 1)
        return False

    def _counts_batches(self, expr: cst.BaseExpression, many: bool = True) -> bool:
        """`range(steps_per_epoch)`, `range(0, len(x), batch_size)`, `range(1000)`."""
        value = resolve(self.facts, expr)
        if not (isinstance(value, cst.Call) and isinstance(value.func, cst.Name)
                and value.func.value in ("range", "trange")):
            if isinstance(value, cst.Call) and isinstance(value.func, cst.Name) \
                    and value.func.value == "enumerate" and value.args:
                return self._counts_batches(value.args[0].value, many)
            return False
        args = [a.value for a in value.args if a.keyword is None and not a.star]
        for arg in args:
            for node in _names_in(arg):
                if any(word in node.value.lower() for word in _BATCH_WORDS):
                    return True
        if len(args) == 1 and many:
            count = self.facts.values.literal(args[0])
            return isinstance(count, int) and not isinstance(count, bool) and count >= MANY
        return False

    # -- local functions and where they run ----------------------------------------------------
    @cached_property
    def _sites(self) -> dict[int, list[cst.Call]]:
        """id(def) -> the calls of it in this file (plain calls and `self.method(...)`)."""
        table: dict[int, list[cst.Call]] = {}
        functions = self.facts.index.functions
        enclosing_function = self.facts.index.enclosing_function
        enclosing_class = self.facts.index.enclosing_class
        for call in self.facts.index.calls:
            func = call.func
            if isinstance(func, cst.Name) and func.value in functions:
                local = self.facts.definition(func)
                if isinstance(local, cst.FunctionDef):
                    table.setdefault(id(local), []).append(call)
            elif isinstance(func, cst.Attribute) and func.attr.value in functions:
                for method in self._methods_called(call, functions[func.attr.value],
                                                   enclosing_function, enclosing_class):
                    table.setdefault(id(method), []).append(call)
        return table

    def _methods_called(self, call: cst.Call, candidates: list[cst.FunctionDef],
                        enclosing_function, enclosing_class) -> list[cst.FunctionDef]:
        """`self.step(...)` in a method of the class defining `step`, or `obj.step(...)` on an
        instance of a local class (`trainer = Trainer(); trainer.step(...)`)."""
        receiver = calls.receiver(call)
        cls = None
        if isinstance(receiver, cst.Name) and receiver.value == "self":
            caller = enclosing_function.get(call)
            cls = enclosing_class.get(caller) if caller is not None else None
        elif receiver is not None:
            value = resolve(self.facts, receiver)
            if isinstance(value, cst.Call):
                local = self.facts.definition(value.func)
                cls = local if isinstance(local, cst.ClassDef) else None
        if cls is None:
            return []
        return [m for m in candidates if self._defined_in(m, cls)]

    def _defined_in(self, method: cst.FunctionDef, cls: cst.ClassDef, depth: int = 0) -> bool:
        owner = self.facts.index.enclosing_class.get(method)
        if owner is cls:
            return True
        if depth > 4:
            return False
        return any(isinstance(base := self.facts.definition(b.value), cst.ClassDef)
                   and self._defined_in(method, base, depth + 1) for b in cls.bases)

    def sites(self, function: cst.FunctionDef) -> list[cst.Call]:
        return self._sites.get(id(function), [])

    def loop_sites(self, function: cst.FunctionDef, batch_only: bool = True
                   ) -> Iterator[tuple[cst.Call, LoopNode]]:
        """(call, loop) for each place `function` runs in a loop: a call of it inside a
        (batch) loop, or inside a local function that itself runs in one (a few callers up).
        `call` is the call that sits in the loop."""
        seen: set[int] = set()
        frontier = [function]
        for _ in range(MAX_CALLERS):
            callers = []
            for current in frontier:
                for site in self.sites(current):
                    around = self.loops_around(site)
                    loop = self.batch_loop_around(site) if batch_only else (
                        around[-1] if around else None)
                    if loop is not None:
                        if id(loop) not in seen:
                            seen.add(id(loop))
                            yield site, loop
                        continue
                    caller = self.facts.index.enclosing_function.get(site)
                    if caller is not None and caller is not function:
                        callers.append(caller)
            frontier = callers
            if not frontier:
                return


def _position(around: list[LoopNode], loop: LoopNode) -> int:
    for i, outer in enumerate(around):
        if outer is loop:
            return i
    return len(around)


def _names_in(expr: cst.BaseExpression) -> Iterator[cst.Name]:
    for node in descendants(expr):
        if isinstance(node, cst.Name):
            yield node
        elif isinstance(node, cst.Attribute):
            yield node.attr
