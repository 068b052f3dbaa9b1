"""From an expression to the pipeline it evaluates to: its source and its operations.

`ds` in `model.fit(ds)` is followed back through reassignments (`ds = ds.batch(32)`), names
rebound in branches (each branch is an alternative), helper functions that build and return a
dataset (their parameters bound to the call's arguments), parameters (the argument of the only
call in the module), tuple unpacking and indexing (`train, val = image_dataset_from_directory(
..., subset="both")`, `tfds.load(...)["train"]`) to a source call. Whatever cannot be followed
becomes an unknown origin: the operations seen after it still count.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.layers import Context, bind_arguments, literal, unique_caller_argument
from keraslint.analysis.pipelines.catalogue import (
    COMBINING,
    DATASET_TYPES,
    METHODS,
    SOURCES,
    TFDS_LOAD,
    SourceSpec,
    normalized,
)
from keraslint.analysis.pipelines.pipeline import Origin, Pipeline, Step
from keraslint.analysis.scopes import ASSIGN, PARAM
from keraslint.analysis.values import UNKNOWN

_MAX_DEPTH = 64  # names and operations followed back (a chain of ~30 `ds = ds.op()`)
_TFDS_SPEC = SourceSpec("tfds.load", prefetches=True)


class PipelineTracer:
    def __init__(self, facts: CoreFacts) -> None:
        self.facts = facts
        self.values = facts.values
        self._cache: dict[tuple, Pipeline] = {}

    def pipeline_of(self, expr: Optional[cst.BaseExpression], ctx: Optional[Context] = None
                    ) -> Optional[Pipeline]:
        """The pipeline `expr` evaluates to (an unknown origin when it cannot be followed)."""
        if expr is None:
            return None
        return self._trace(expr, ctx or Context(), (), 0)

    # -- tracing ------------------------------------------------------------------------------------
    def _trace(self, expr: cst.BaseExpression, ctx: Context, path: tuple, depth: int) -> Pipeline:
        key = (id(expr), id(ctx), path)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._traced(expr, ctx, path, depth)
        return found

    def _traced(self, expr: cst.BaseExpression, ctx: Context, path: tuple,
                depth: int) -> Pipeline:
        if depth > _MAX_DEPTH:
            return _unknown(expr)
        if isinstance(expr, cst.Name):
            return self._name(expr, ctx, path, depth)
        if isinstance(expr, cst.Call):
            return self._call(expr, ctx, path, depth)
        if isinstance(expr, cst.Subscript) and len(expr.slice) == 1 and \
                isinstance(expr.slice[0].slice, cst.Index):
            key = literal(self.facts, expr.slice[0].slice.value, ctx)
            if isinstance(key, (int, str)) and not isinstance(key, bool):
                return self._trace(expr.value, ctx, (key,) + path, depth + 1)
        return _unknown(expr)

    def _name(self, name: cst.Name, ctx: Context, path: tuple, depth: int) -> Pipeline:
        options = self.values.possible_bindings(name)
        if not options:
            return _unknown(name)
        traced = [self._binding(b, name, ctx, path, depth) for b in options]
        if len(traced) == 1:
            return traced[0]
        return Pipeline(tuple(traced))

    def _binding(self, binding, name: cst.Name, ctx: Context, path: tuple,
                 depth: int) -> Pipeline:
        if binding.kind == PARAM:
            return self._parameter(binding.node, ctx, path, depth)
        if binding.kind != ASSIGN or binding.node is None:
            return _unknown(name)
        return self._trace(binding.node, ctx, binding.path + path, depth + 1)  # type: ignore[arg-type]

    def _parameter(self, param: cst.Param, ctx: Context, path: tuple, depth: int) -> Pipeline:
        """A parameter: the argument the call being followed passes (`ctx`), else the default
        when no call passes one, else the argument of the only call in the module."""
        if param in ctx.env:
            given = ctx.env[param]
            if given is None:
                return _unknown(param, self._annotated_dataset(param))
            return self._trace(given, Context(), path, depth + 1)
        value = self.values.param_value(param) or unique_caller_argument(self.facts, param)
        if value is not None:
            return self._trace(value, Context(), path, depth + 1)
        return _unknown(param, self._annotated_dataset(param))

    def _annotated_dataset(self, param: cst.Param) -> Optional[bool]:
        annotation = param.annotation.annotation if param.annotation is not None else None
        name = normalized(self.facts.qualified_name(annotation)) if annotation is not None else None
        return True if name in DATASET_TYPES else None

    def _call(self, call: cst.Call, ctx: Context, path: tuple, depth: int) -> Pipeline:
        name = normalized(self.facts.call_name(call))
        if name in SOURCES:
            return Pipeline(self._source(call, SOURCES[name], ctx, path))
        if name in TFDS_LOAD:
            return Pipeline(self._tfds(call, ctx, path))
        method = calls.method_name(call)
        receiver = calls.receiver(call)
        if name is None and method in METHODS and receiver is not None and not path:
            upstream = self._trace(receiver, ctx, (), depth + 1)
            return upstream.then(Step(method, METHODS[method], call, ctx))
        definition = self.facts.definition(call.func) if name is None else None
        if isinstance(definition, cst.FunctionDef):
            return self._returned(call, definition, ctx, path, depth)
        return _unknown(call)

    def _returned(self, call: cst.Call, function: cst.FunctionDef, ctx: Context, path: tuple,
                  depth: int) -> Pipeline:
        """`make_ds(x, y)`: what the helper returns, its parameters bound to the arguments."""
        returned = self.facts.returned_values(function)
        if not returned or any(r is None for r in returned) or calls.has_unpacking(call):
            return _unknown(call)
        inner = Context(dict(ctx.env) | bind_arguments(function, call))
        traced = [self._trace(r, inner, path, depth + 1) for r in returned]  # type: ignore[arg-type]
        return traced[0] if len(traced) == 1 else Pipeline(tuple(traced))

    # -- sources ------------------------------------------------------------------------------------
    def _source(self, call: cst.Call, spec: SourceSpec, ctx: Context, path: tuple) -> Origin:
        validation_half = False
        if path:
            subset = literal(self.facts, calls.argument_value(call, "subset"), ctx)
            if not (spec.keras_helper and subset == "both" and path in ((0,), (1,))):
                return _unknown(call).head  # type: ignore[return-value]
            validation_half = path == (1,)
        batched, size = self._batching(call, spec, ctx)
        reshuffles = False if validation_half else self._flag(call, spec, ctx)
        element = calls.argument_value(call, "tensors", 0) if spec.kind in (
            "from_tensor_slices", "from_tensors") else None
        components = self._components(call, spec, ctx) if spec.kind in COMBINING else None
        origin = Origin(call, spec, f"{spec.kind}(...)", ctx, True, size, batched, reshuffles,
                        element, validation_half, components=components)
        reads = calls.argument(call, "num_parallel_reads")
        if reads is not None and literal(self.facts, reads.value, ctx) not in (None, 1):
            return replace(origin, spec=replace(spec, prefetches=True))  # reads ahead
        return origin

    def _components(self, call: cst.Call, spec: SourceSpec, ctx: Context
                    ) -> Optional[tuple[Pipeline, ...]]:
        """The datasets `Dataset.zip((a, b))`, `Dataset.zip(a, b)` or
        `sample_from_datasets([a, b])` combine; None when they cannot be listed."""
        if calls.has_unpacking(call):
            return None
        given = [a.value for a in call.args if a.keyword is None]
        if len(given) == 1 or spec.kind != "zip":
            listed = self.values.resolve(given[0] if given else calls.argument_value(
                call, "datasets"))
            if not isinstance(listed, (cst.Tuple, cst.List)) or any(
                    isinstance(e, cst.StarredElement) for e in listed.elements):
                return None
            given = [e.value for e in listed.elements]
        if not given:
            return None
        return tuple(self._trace(g, ctx, (), 1) for g in given)

    def _batching(self, call: cst.Call, spec: SourceSpec, ctx: Context
                  ) -> tuple[Optional[bool], Optional[int]]:
        if spec.batch is None:
            return False, None
        arg = calls.argument(call, spec.batch.keyword, spec.batch.position)
        if arg is None:
            if calls.has_unpacking(call):
                return None, None
            value = spec.batch.default
        else:
            value = literal(self.facts, arg.value, ctx)
        if value is None:
            return False, None
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return True, value
        return (True, None) if value is UNKNOWN else (None, None)

    def _flag(self, call: cst.Call, spec: SourceSpec, ctx: Context) -> Optional[bool]:
        """Does the source reshuffle its examples every epoch?"""
        if spec.shuffle is None:
            return False
        arg = calls.argument(call, spec.shuffle.keyword, spec.shuffle.position)
        if arg is None:
            return None if calls.has_unpacking(call) else bool(spec.shuffle.default)
        value = literal(self.facts, arg.value, ctx)
        if value is None and spec.kind == "list_files":
            return True  # list_files(shuffle=None) shuffles
        return value if isinstance(value, bool) else None

    def _keyword(self, call: cst.Call, keyword: str, default: object, ctx: Context) -> object:
        """The literal value of a keyword argument, its default when absent (UNKNOWN if not
        a literal)."""
        arg = calls.argument(call, keyword)
        return default if arg is None else literal(self.facts, arg.value, ctx)

    def _tfds(self, call: cst.Call, ctx: Context, path: tuple) -> Origin:
        """`tfds.load(name, split=..., batch_size=..., as_supervised=..., with_info=...)`."""
        unknown = _unknown(call).head
        with_info = self._keyword(call, "with_info", False, ctx)
        if calls.has_unpacking(call) or with_info not in (True, False):
            return unknown  # type: ignore[return-value]
        if with_info:
            if not path or path[0] != 0:
                return unknown  # type: ignore[return-value]
            path = path[1:]
        split = calls.argument(call, "split", 1)
        split_value = literal(self.facts, split.value, ctx) if split is not None else None
        if isinstance(split_value, str):
            selected = not path
        elif isinstance(split_value, (list, tuple)):
            selected = len(path) == 1 and isinstance(path[0], int)
        elif split is None or split_value is None:
            selected = len(path) == 1 and isinstance(path[0], str)
        else:
            selected = False
        batch = self._keyword(call, "batch_size", None, ctx)
        if not selected or (batch is not None and not (isinstance(batch, int) and batch > 0)):
            return unknown  # type: ignore[return-value]
        shuffle_files = self._keyword(call, "shuffle_files", False, ctx)
        supervised = self._keyword(call, "as_supervised", False, ctx)
        dataset_name = literal(self.facts, calls.argument_value(call, "name", 0), ctx)
        return Origin(call, _TFDS_SPEC, "tfds.load(...)", ctx, True, batch, batch is not None,
                      False if shuffle_files is False else None,
                      tfds_name=dataset_name.split(":")[0].split("/")[0]
                      if isinstance(dataset_name, str) else None,
                      supervised=supervised if isinstance(supervised, bool) else None)


def _unknown(node: cst.CSTNode, is_dataset: Optional[bool] = None) -> Pipeline:
    return Pipeline(Origin(node, None, "", Context(), is_dataset))
