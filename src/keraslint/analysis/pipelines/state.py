"""The state of a dataset after its pipeline's operations, folded from the source down.

Each operation changes what the dataset does (see `DatasetState`): `batch` makes its elements
batches; `shuffle` reshuffles examples every epoch only when it runs before the batching
(after it, it reorders whole batches); `cache` freezes everything before it (the second epoch
replays the first from the cache); `map` with a random function adds randomness that a later
`cache` freezes; operations we do not know make the state unknown.
"""

from __future__ import annotations

from typing import Optional

from keraslint.analysis import calls
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.layers import literal
from keraslint.analysis.pipelines.catalogue import (
    COMBINING,
    BATCH,
    CACHE,
    COMBINE,
    DISTINCTIVE_METHODS,
    KEEP,
    MAP,
    PREFETCH,
    REPEAT,
    SHUFFLE,
    UNBATCH,
)
from keraslint.analysis.pipelines.functions import MapFunctions
from keraslint.analysis.pipelines.pipeline import (
    UNKNOWN_FACT,
    UNKNOWN_STATE,
    DatasetState,
    Fact,
    Origin,
    Pipeline,
    Step,
    either,
)
from keraslint.analysis.pipelines.tracing import PipelineTracer




class States:
    def __init__(self, facts: CoreFacts, tracer: PipelineTracer, functions: MapFunctions) -> None:
        self.facts = facts
        self.tracer = tracer
        self.functions = functions
        self._cache: dict[int, tuple[Pipeline, DatasetState]] = {}

    def state_of(self, pipeline: Pipeline) -> DatasetState:
        """Folded once per node: a chain's nodes up to the nearest known state, then forward."""
        pending, node = [], pipeline
        while id(node) not in self._cache or self._cache[id(node)][0] is not node:
            if node.step is None:
                self._cache[id(node)] = (node, self._head_state(node))
                break
            pending.append(node)
            node = node.head  # type: ignore[assignment]
        state = self._cache[id(node)][1]
        for later in reversed(pending):
            state = self.after(state, later.step)  # type: ignore[arg-type]
            self._cache[id(later)] = (later, state)
        return state

    def before(self, pipeline: Pipeline) -> DatasetState:
        """The state the last step of `pipeline` receives."""
        upstream = pipeline.upstream
        return self.state_of(upstream) if upstream is not None else UNKNOWN_STATE

    def _head_state(self, head: Pipeline) -> DatasetState:
        if isinstance(head.head, Origin):
            return self.initial(head.head)
        states = [self.state_of(p) for p in head.alternatives]
        state = states[0]
        for other in states[1:]:
            state = state.merge(other)
        return state

    def initial(self, origin: Origin) -> DatasetState:
        if origin.spec is None:
            return DatasetState(is_dataset=Fact(origin.is_dataset, origin.node))
        if origin.components is not None:  # zip / sample_from_datasets: what all agree on
            states = [self.state_of(p) for p in origin.components]
            merged = states[0]
            for other in states[1:]:
                merged = merged.merge(other)
            return merged.with_(is_dataset=Fact(True, origin.node))
        if origin.spec.kind in COMBINING:
            return DatasetState(is_dataset=Fact(True, origin.node))
        node = origin.node
        reshuffled = Fact(origin.reshuffles, node)
        return DatasetState(
            is_dataset=Fact(True, node), batched=Fact(origin.batched, node),
            batch_size=origin.batch_size, reshuffled=reshuffled, repeated=Fact(False, node),
            random_map=Fact(False, node), cached=Fact(False, node),
            prefetched=Fact(origin.spec.prefetches, node), shuffled_once=reshuffled)

    def after(self, state: DatasetState, step: Step) -> DatasetState:
        call = step.call
        if step.method in DISTINCTIVE_METHODS:
            state = state.with_(is_dataset=Fact(True, call))
        if _parallel(self.facts, step):  # runs ahead of its consumer, as a prefetch does
            state = state.with_(prefetched=Fact(True, call))
        effect = step.effect
        if effect == BATCH:
            size = self.literal_int(step, "batch_size", 0) if step.method in (
                "batch", "padded_batch", "rebatch", "ragged_batch") else None
            return state.with_(batched=Fact(True, call), batch_size=size)
        if effect == UNBATCH:
            return state.with_(batched=Fact(False, call), batch_size=None)
        if effect == SHUFFLE:
            return self._shuffled(state, step)
        if effect == REPEAT:
            return state.with_(repeated=Fact(True, call))
        if effect == CACHE:
            frozen = Fact(False, call) if state.reshuffled.value is not None else UNKNOWN_FACT
            return state.with_(cached=Fact(True, call), reshuffled=frozen,
                               random_map=Fact(False, call))
        if effect == PREFETCH:
            return state.with_(prefetched=Fact(True, call))
        if effect == MAP:
            function = calls.argument_value(call, "map_func", 0)
            randomness = self.functions.randomness(function, step.ctx)
            # the node kept is the `map` call (the random op: ask `randomness` again)
            return state.with_(random_map=either(state.random_map, Fact(randomness.value, call)))
        if effect == COMBINE:
            other = self.tracer.pipeline_of(calls.argument_value(call, "dataset", 0), step.ctx)
            if other is None:
                return _unknown_but_dataset(state)
            return state.merge(self.state_of(other)).with_(is_dataset=state.is_dataset)
        if effect == KEEP:
            return state
        return _unknown_but_dataset(state)

    def _shuffled(self, state: DatasetState, step: Step) -> DatasetState:
        buffer = self.literal_int(step, "buffer_size", 0)
        if buffer == 1:
            return state  # a buffer of one element changes nothing
        reshuffle = literal(self.facts, calls.argument_value(step.call, "reshuffle_each_iteration",
                                                             2), step.ctx)
        once = state.with_(shuffled_once=Fact(True, step.call))
        if state.batched.value is True:
            return once  # whole batches change places; their examples do not
        given = calls.argument(step.call, "reshuffle_each_iteration", 2) is not None
        if state.batched.value is None or (given and reshuffle not in (True, None)):
            return once.with_(reshuffled=UNKNOWN_FACT)  # unknown, or shuffled once only
        return once.with_(reshuffled=Fact(True, step.call))

    def literal_int(self, step: Step, keyword: str, position: int) -> Optional[int]:
        value = literal(self.facts, calls.argument_value(step.call, keyword, position), step.ctx)
        return value if isinstance(value, int) and not isinstance(value, bool) else None


def _parallel(facts: CoreFacts, step: Step) -> bool:
    """`map(f, num_parallel_calls=...)`, `interleave(..., num_parallel_calls=...)`: the step
    computes its elements asynchronously, ahead of what consumes them."""
    arg = calls.argument(step.call, "num_parallel_calls")
    return arg is not None and literal(facts, arg.value, step.ctx) is not None


def _unknown_but_dataset(state: DatasetState) -> DatasetState:
    return UNKNOWN_STATE.with_(is_dataset=state.is_dataset)

