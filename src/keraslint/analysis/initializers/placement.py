"""Where a kernel layer sits: its neighbours and what its output feeds.

The layer before and after it in a `Sequential([...])` list or a `model.add` chain, or the
layer applications consuming its output in a functional graph; from these: the activation a
following `Activation`/`ReLU` layer applies, whether a normalization layer comes next, the
fan-in when the code states the input's features, and whether the layer is *hidden* (its
output certainly reaches another kernel layer: not a head or a residual branch).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Optional

import libcst as cst

from keraslint.analysis.calls import argument
from keraslint.analysis.containers import Item, list_items
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.initializers.arguments import LayerArguments
from keraslint.analysis.initializers.describing import ROOT, Describer
from keraslint.analysis.initializers.keras_layers import (
    ACTIVATION_LAYERS,
    CHANNEL_PRESERVING,
    CONV,
    DENSE,
    DEPTHWISE,
    INPUTS,
    KL,
    LAYERS_WITH_KERNEL,
    NORMALIZATIONS,
    PASS_THROUGH_LAYERS,
    RNN,
    SEPARABLE,
    UNIT_LAYERS,
)
from keraslint.analysis.initializers.syntax import (
    MAX_DEPTH,
    eager_parts,
    simple_assignment,
    statement_value,
)
from keraslint.analysis.walk import descendants


# Layers the placement follows through names (`fc7 = Conv2D(...)`, then `fc7(x)`).
_APPLIED_LAYERS = frozenset(LAYERS_WITH_KERNEL) | frozenset(PASS_THROUGH_LAYERS) \
    | frozenset(NORMALIZATIONS) | frozenset(ACTIVATION_LAYERS) | {"keras.layers.Activation"}


@dataclass(frozen=True)
class Slot:
    """A layer's place in a Sequential list or `model.add` chain: the layer right before and
    right after it (None when not certain: the layer or its neighbour is appended in a loop or
    under a condition), and every layer certainly after it."""

    previous: Optional[cst.BaseExpression]
    later: tuple[cst.BaseExpression, ...]
    following: Optional[cst.BaseExpression] = None



class LayerPlacement:
    """A layer call's neighbours in Sequential lists and functional graphs."""

    def __init__(self, facts: CoreFacts, describer: Describer, arguments: LayerArguments) -> None:
        self.facts = facts
        self.values = facts.values
        self.describer = describer
        self.arguments = arguments

    @cached_property
    def _sequential_slots(self) -> dict[int, "Slot"]:
        """Each layer call in a `Sequential([...])` list or a `model.add` chain, with its neighbours."""
        lists: list[list[Item]] = []
        for seq in self.facts.calls_to("keras.Sequential"):
            layers = argument(seq, "layers", 0)
            built = list_items(self.facts, layers.value) if layers is not None else None
            if built is None and layers is not None:  # a literal list reached through names
                listed = self.values.resolve(layers.value)
                built = list_items(self.facts, listed) if isinstance(listed, cst.List) else None
            if built is not None and all(item.expr is not None for item in built):
                lists.append(built)
        chains: dict[tuple[int, str], list[Item]] = {}
        for add in self.facts.method_calls("add"):
            owner = add.func.value  # type: ignore[attr-defined]
            if isinstance(owner, cst.Name) and len(add.args) == 1 and not add.args[0].star:
                scope = id(self.facts.index.call_scopes.get(add))
                chains.setdefault((scope, owner.value), []).append(Item(add.args[0].value, True))
        table: dict[int, Slot] = {}
        for items in lists + list(chains.values()):
            for i, item in enumerate(items):
                before = items[i - 1] if i else None
                after = items[i + 1] if i + 1 < len(items) else None
                table.setdefault(id(item.expr), Slot(
                    before.expr if before is not None and before.certain and item.certain else None,
                    tuple(later.expr for later in items[i + 1:]  # type: ignore[misc]
                          if later.certain),
                    after.expr if after is not None and after.certain and item.certain else None))
        return table

    @cached_property
    def _applications(self) -> dict[int, cst.Call]:
        """Layer constructor call -> the call applying it to a tensor: `Dense(4)` -> `Dense(4)(x)`,
        and `fc7 = Conv2D(...)` -> `fc7(x)` when the layer bound to the name is applied once
        (a shared layer applied twice has no single place in the graph)."""
        table = {id(c.func): c for c in self.facts.index.calls if isinstance(c.func, cst.Call)}
        named: dict[int, list[cst.Call]] = {}
        for call in self.facts.index.calls:
            layer = self._named_layer(call)
            if layer is not None:
                named.setdefault(id(layer), []).append(call)
        for key, applied in named.items():
            if len(applied) == 1 and key not in table:
                table[key] = applied[0]
        return table

    def _named_layer(self, application: cst.Call) -> Optional[cst.Call]:
        """The layer construction a name applied as a layer stands for (`fc7` in `fc7(x)`)."""
        if not isinstance(application.func, cst.Name) or not application.args:
            return None
        layer = self.values.resolve(application.func)
        if isinstance(layer, cst.Call) and self.facts.call_name(layer) in _APPLIED_LAYERS:
            return layer
        return None

    def _layer_applied(self, application: cst.Call) -> Optional[cst.Call]:
        """The layer construction an application call applies (inline or through a name)."""
        if isinstance(application.func, cst.Call):
            return application.func
        return self._named_layer(application)

    @cached_property
    def _consumers(self) -> dict[int, list[cst.Call]]:
        """Application call -> layer applications that take its result as first input."""
        table: dict[int, list[cst.Call]] = {}
        for call in self._applications.values():
            if call.args and not call.args[0].star:
                source = self.values.resolve(call.args[0].value)
                if isinstance(source, cst.Call):
                    table.setdefault(id(source), []).append(call)
        return table

    def following_activation(self, call: cst.Call) -> Optional[str]:
        """A linear layer's activation applied by the very next layer (`Activation("relu")`)."""
        following = self._next_layer(call)
        return None if following is None else self._activation_layer(following)

    def _next_layer(self, call: cst.Call) -> Optional[cst.Call]:
        slot = self._sequential_slots.get(id(call))
        if slot is not None:
            following = slot.following
            return following if isinstance(following, cst.Call) else None
        application = self._applications.get(id(call))
        consumers = self._consumers.get(id(application), []) if application is not None else []
        return self._layer_applied(consumers[0]) if len(consumers) == 1 else None

    def normalized_next(self, call: cst.Call) -> bool:
        following = self._next_layer(call)
        return following is not None and self.facts.call_name(following) in NORMALIZATIONS

    def _activation_layer(self, layer: cst.BaseExpression) -> Optional[str]:
        if not isinstance(layer, cst.Call):
            return None
        name = self.facts.call_name(layer)
        if name in ACTIVATION_LAYERS or name == "keras.layers.Activation":
            return self.describer.activation(layer, ROOT)
        return None

    def feeds_kernel(self, call: cst.Call, depth: int = 0) -> bool:
        """The layer's output certainly reaches another kernel layer: it is a hidden layer.

        Through activation, dropout, normalization, pooling and reshaping layers only; an
        `Add`/`Concatenate`, a model output or a builder's return value stops the search, so
        zero-initialized heads and residual branches (Fixup, Glow) are not hidden layers.
        """
        slot = self._sequential_slots.get(id(call))
        if slot is not None:
            return any(isinstance(item, cst.Call) and self.facts.call_name(item) in LAYERS_WITH_KERNEL
                       for item in slot.later)
        application = self._applications.get(id(call))
        if application is None or depth > MAX_DEPTH:
            return False
        if id(application) in self._loop_fed:
            return True
        for consumer in self._consumers.get(id(application), []):
            layer = self._layer_applied(consumer)
            name = self.facts.call_name(layer) if layer is not None else None
            if name in LAYERS_WITH_KERNEL:
                return True
            if name in PASS_THROUGH_LAYERS or name in NORMALIZATIONS or name in ACTIVATION_LAYERS \
                    or name == "keras.layers.Activation":
                if self.feeds_kernel(layer, depth + 1):  # type: ignore[arg-type]
                    return True
        return False

    @cached_property
    def _loop_fed(self) -> set[int]:
        """Applications whose result certainly enters a kernel layer through a loop:

            x = Dense(64, ...)(inputs)
            for units in sizes:
                x = Dense(units, ...)(x)
            outputs = Dense(1)(x)

        Neither later read of `x` has a single reaching binding, but together they are certain:
        the loop's first iteration reads the first `x`, and if the loop runs zero times the
        statement after it does. Only this exact shape: consecutive statements, a `for` without
        `else` whose target does not rebind `x`, and kernel layers at both reads (after the
        loop, as the statement's value or a call argument in it: `return Model(i, Dense(1)(x))`).
        """
        found: set[int] = set()
        for node in descendants(self.facts.module):
            body = node.body if isinstance(node, (cst.Module, cst.IndentedBlock)) else None
            if not isinstance(body, (list, tuple)):
                continue
            for first, loop, after in zip(body, body[1:], body[2:]):
                assigned = simple_assignment(first)
                if assigned is None or not isinstance(loop, cst.For) or loop.orelse is not None:
                    continue
                name, application = assigned
                if isinstance(application, cst.Call) and id(application) in self._application_ids \
                        and self._loop_reads_first(loop, name) \
                        and any(self._kernel_reads(part, name)
                                for part in eager_parts(statement_value(after))):
                    found.add(id(application))
        return found

    @cached_property
    def _application_ids(self) -> set[int]:
        return {id(c) for c in self._applications.values()}

    def _loop_reads_first(self, loop: cst.For, name: str) -> bool:
        """The loop's first statement is `name = KernelLayer(...)(name)`, and nothing in the
        loop header rebinds `name`."""
        if any(isinstance(n, cst.Name) and n.value == name for n in descendants(loop.target)) \
                or any(isinstance(n, cst.NamedExpr) for n in descendants(loop.iter)):
            return False
        if not isinstance(loop.body, cst.IndentedBlock) or not loop.body.body:
            return False
        assigned = simple_assignment(loop.body.body[0])
        return assigned is not None and assigned[0] == name and self._kernel_reads(assigned[1], name)

    def _kernel_reads(self, value: Optional[cst.BaseExpression], name: str) -> bool:
        """`value` is `KernelLayer(...)(name, ...)`."""
        if not isinstance(value, cst.Call) or not isinstance(value.func, cst.Call) or not value.args:
            return False
        first = value.args[0]
        return (first.keyword is None and not first.star and isinstance(first.value, cst.Name)
                and first.value.value == name
                and self.facts.call_name(value.func) in LAYERS_WITH_KERNEL)

    def min_fan_in(self, call: cst.Call, name: Optional[str], role: str) -> int:
        """A lower bound of the fan-in when the input's size is unknown: the input has at least
        one feature, and after a `Flatten` at least the channels it flattens; a convolution
        multiplies that by its kernel area (a depthwise one by the area alone)."""
        features = 1
        if role in ("kernel", "pointwise"):
            features = self._features_at_least(call) or 1
        dims = CONV.get(name) or DEPTHWISE.get(name)  # type: ignore[arg-type]
        if role not in ("kernel", "depthwise") or dims is None or name in SEPARABLE:
            return features
        area = self.arguments.kernel_area(call, dims) or 1
        return area if role == "depthwise" or name in DEPTHWISE else area * features

    def _features_at_least(self, call: cst.Call) -> Optional[int]:
        """A lower bound of the input's last axis: through a `Flatten`, the channels of what it
        flattens (each spatial position contributes them)."""
        slot = self._sequential_slots.get(id(call))
        application = self._applications.get(id(call))
        if slot is not None:
            producer = slot.previous
        elif application is not None and application.args:
            producer = self.values.resolve(application.args[0].value)
        else:
            return None
        if not isinstance(producer, cst.Call):
            return None
        layer = self._layer_applied(producer) or producer
        if self.facts.call_name(layer) == KL + "Flatten":
            return self._input_features(layer)  # type: ignore[arg-type]
        return None

    def fan_in(self, call: cst.Call, name: Optional[str], role: str, units: Optional[int]) -> Optional[int]:
        if role == "recurrent":
            return units
        features = self._input_features(call)
        if role == "pointwise" or name in DENSE or (
                name in RNN and not name.startswith(KL + "ConvLSTM")):
            return features
        dims = CONV.get(name) or DEPTHWISE.get(name)  # type: ignore[arg-type]
        area = self.arguments.kernel_area(call, dims) if dims is not None else None
        if area is None or (features is None and role != "depthwise"):
            return None
        return area if role == "depthwise" else area * features  # type: ignore[operator]

    def input_features(self, call: cst.Call) -> Optional[int]:
        """The size of the last axis of the input of a layer (a construction call), when the
        code states it."""
        return self._input_features(call)

    def _input_features(self, call: cst.Call, depth: int = 0) -> Optional[int]:
        """The size of the last axis of the layer's input, when the code states it."""
        own = self.arguments.declared_features(call)
        if own is not None:
            return own
        slot = self._sequential_slots.get(id(call))
        if slot is not None:
            return self._output_features(slot.previous, depth)
        application = self._applications.get(id(call))
        if application is None or not application.args:
            return None
        return self._output_features(self.values.resolve(application.args[0].value), depth)

    def _output_features(self, producer: Optional[cst.BaseExpression],
                         depth: int = 0) -> Optional[int]:
        """The size of the last axis a layer (or layer application) produces, when known:
        an `Input`'s shape, a layer's units or filters, a `Reshape`'s last target dimension,
        or, through pooling, dropout, normalization and activation layers, their input's."""
        if not isinstance(producer, cst.Call) or depth > MAX_DEPTH:
            return None
        layer = self._layer_applied(producer) or producer
        name = self.facts.call_name(layer)  # type: ignore[arg-type]
        if name in INPUTS:
            return self.arguments.declared_features(layer)  # type: ignore[arg-type]
        if name in UNIT_LAYERS:
            return self.arguments.units(layer, name)  # type: ignore[arg-type]
        if name == KL + "Reshape":
            target = self.values.literal(argument(layer, "target_shape", 0).value) \
                if argument(layer, "target_shape", 0) is not None else None
            last = target[-1] if isinstance(target, (tuple, list)) and target else None
            known = isinstance(last, int) and not isinstance(last, bool) and last > 0
            return last if known else None
        if name in CHANNEL_PRESERVING:
            return self._input_features(layer, depth + 1)  # type: ignore[arg-type]
        return None
