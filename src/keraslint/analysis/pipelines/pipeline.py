"""The facts the pipelines domain answers with: a pipeline (its source and its operations, in
the order they run) and the state of the dataset after them.

A pipeline is linear (`Origin` then `Step`s) or starts at a merge of several pipelines (a name
rebound in branches: `if shuffle: ds = ds.shuffle(n)`, a helper with several returns); the
state after a merge keeps only what every alternative agrees on. Every property is
three-valued: True, False, or None for unknown, and rules act on True or False only.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Optional, Union

import libcst as cst

from keraslint.analysis.layers import Context
from keraslint.analysis.pipelines.catalogue import SourceSpec

Tri = Optional[bool]


@dataclass(frozen=True)
class Origin:
    """Where a pipeline starts. `spec` is None when the start is unknown (a parameter, an
    attribute, a call we do not know); `is_dataset` then says whether it is certainly a
    `tf.data` dataset all the same (a parameter annotated `tf.data.Dataset`)."""

    node: cst.CSTNode = field(repr=False)
    spec: Optional[SourceSpec]
    name: str  # a short description for messages: `image_dataset_from_directory(...)`
    ctx: Context = field(default_factory=Context, repr=False)
    is_dataset: Tri = None
    batch_size: Optional[int] = None  # the source's own batches (None: unknown or unbatched)
    batched: Tri = None
    reshuffles: Tri = None
    element_source: Optional[cst.BaseExpression] = field(default=None, repr=False)
    validation_half: bool = False  # the second dataset of `subset="both"`: not shuffled
    tfds_name: Optional[str] = None
    supervised: Tri = None  # tfds `as_supervised`: (image, label) tuples
    # The datasets combined by `Dataset.zip` / `sample_from_datasets` (None: not followed).
    components: Optional[tuple["Pipeline", ...]] = field(default=None, repr=False)

    @property
    def known(self) -> bool:
        return self.spec is not None


@dataclass(frozen=True)
class Step:
    """One dataset method call: `ds.batch(32)`. `effect` is one of the catalogue's effects."""

    method: str
    effect: str
    call: cst.Call = field(repr=False)
    ctx: Context = field(default_factory=Context, repr=False)


class Pipeline:
    """A pipeline, linked: a head (a source, or a merge of alternative pipelines), or one step
    applied to an upstream pipeline. Each `ds = ds.op(...)` adds one node, so a long chain costs
    one node per operation; `steps` and `origin` walk up to the head when asked."""

    __slots__ = ("head", "step")

    def __init__(self, head: Union[Origin, tuple["Pipeline", ...], "Pipeline"],
                 step: Optional[Step] = None) -> None:
        self.head = head
        self.step = step

    def then(self, step: Step) -> "Pipeline":
        return Pipeline(self, step)

    @property
    def upstream(self) -> Optional["Pipeline"]:
        """The pipeline this node's step applies to (None at a head)."""
        return self.head if isinstance(self.head, Pipeline) else None

    @property
    def root(self) -> "Pipeline":
        node = self
        while isinstance(node.head, Pipeline):
            node = node.head
        return node

    @property
    def steps(self) -> tuple[Step, ...]:
        """The steps from the head, upstream first."""
        found, node = [], self
        while isinstance(node.head, Pipeline):
            found.append(node.step)
            node = node.head
        return tuple(reversed(found))  # type: ignore[arg-type]

    @property
    def alternatives(self) -> tuple["Pipeline", ...]:
        head = self.root.head
        return head if isinstance(head, tuple) else ()

    @property
    def origin(self) -> Optional[Origin]:
        """The single origin of a linear pipeline (None after a merge)."""
        head = self.root.head
        return head if isinstance(head, Origin) else None

    def origins(self) -> list[Origin]:
        """Every origin the pipeline may start from (each once)."""
        return [n.head for n in self._nodes() if isinstance(n.head, Origin)]  # type: ignore[misc]

    def all_steps(self) -> list[Step]:
        """Every step of every alternative, each once."""
        return [n.step for n in self._nodes() if n.step is not None]  # type: ignore[misc]

    def _nodes(self) -> list["Pipeline"]:
        """Every node upstream of this one (itself included), each once, however the
        alternatives of merges share their upstream."""
        found, seen, stack = [], set(), [self]
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            found.append(node)
            if isinstance(node.head, Pipeline):
                stack.append(node.head)
            elif isinstance(node.head, tuple):
                stack.extend(node.head)
        return found


@dataclass(frozen=True)
class Fact:
    """A three-valued property with the node that made it so (for messages)."""

    value: Tri = None
    node: Optional[cst.CSTNode] = field(default=None, repr=False, compare=False)

    def merge(self, other: "Fact") -> "Fact":
        if self.value != other.value:
            return UNKNOWN_FACT
        return self if self.node is other.node else Fact(self.value)


UNKNOWN_FACT = Fact()


@dataclass(frozen=True)
class DatasetState:
    """What the dataset does at one point of a pipeline.

    `batched`: its elements are batches (node: the `batch` call or the batching source);
    `batch_size` when a literal fixes it. `reshuffled`: its examples are reshuffled every epoch
    after the last `cache` (node: the `shuffle` call or the source). `repeated`: a `repeat`
    runs upstream. `random_map`: a `map` with a random function runs after the last `cache`
    (node: that `map` call).
    `cached`: the last `cache`. `prefetched`: a `prefetch`, a prefetching source or a parallel
    step (`num_parallel_calls`), which computes ahead of its consumer, runs.
    `is_dataset`: the value is certainly a `tf.data` dataset.
    """

    is_dataset: Fact = UNKNOWN_FACT
    batched: Fact = UNKNOWN_FACT
    batch_size: Optional[int] = None
    reshuffled: Fact = UNKNOWN_FACT
    repeated: Fact = UNKNOWN_FACT
    random_map: Fact = UNKNOWN_FACT
    cached: Fact = UNKNOWN_FACT
    prefetched: Fact = UNKNOWN_FACT
    shuffled_once: Fact = UNKNOWN_FACT  # a shuffle ran anywhere upstream (even frozen by cache)

    def merge(self, other: "DatasetState") -> "DatasetState":
        return DatasetState(
            self.is_dataset.merge(other.is_dataset), self.batched.merge(other.batched),
            self.batch_size if self.batch_size == other.batch_size else None,
            self.reshuffled.merge(other.reshuffled), self.repeated.merge(other.repeated),
            self.random_map.merge(other.random_map), self.cached.merge(other.cached),
            self.prefetched.merge(other.prefetched),
            self.shuffled_once.merge(other.shuffled_once))

    def with_(self, **changes) -> "DatasetState":
        return replace(self, **changes)


UNKNOWN_STATE = DatasetState()


def either(first: Fact, second: Fact) -> Fact:
    """Three-valued OR: True if either is True, False if both are False."""
    if first.value is True:
        return first
    if second.value is True:
        return second
    if first.value is False and second.value is False:
        return first
    return UNKNOWN_FACT
