"""Kernel uses in custom layers: `add_weight(shape=..., initializer=...)` and
`tf.Variable(<sampler>(shape))`, when the shape has two or more dimensions *and* the weight is
multiplied (`tf.matmul`, `@`, `tf.nn.conv2d`, ...) somewhere in the class. Without that
evidence a 2-D weight may be a positional table, a CLS token or a Bayesian `rho` fed to
softplus. The activation is read from the layer's `call` only where it certainly wraps every
product with the weight.
"""

from __future__ import annotations

import math
from dataclasses import replace
from functools import cached_property
from typing import Iterator, Optional

import libcst as cst

from keraslint.analysis.calls import argument, has_unpacking
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.initializers.arguments import LayerArguments
from keraslint.analysis.initializers.catalogue import SAMPLERS, WRAPPERS
from keraslint.analysis.initializers.classes import LayerClasses
from keraslint.analysis.initializers.describing import ROOT, Describer, Substitutions
from keraslint.analysis.initializers.distributions import Distribution
from keraslint.analysis.initializers.keras_layers import (
    ACTIVATION_ALIASES,
    ACTIVATION_OP_PREFIXES,
    ACTIVATION_OPS,
    BIAS_ADDS,
    LAYERS_WITH_KERNEL,
    MATMUL,
)
from keraslint.analysis.initializers.kernel_use import KernelUse
from keraslint.analysis.initializers.placement import LayerPlacement
from keraslint.analysis.initializers.syntax import (
    MAX_DEPTH,
    is_self_attribute,
)
from keraslint.analysis.names import leaf
from keraslint.analysis.scopes import ASSIGN, Binding
from keraslint.analysis.walk import descendants


class CustomLayerWeights:
    """The weights custom layers create and multiply."""

    def __init__(self, facts: CoreFacts, describer: Describer, classes: LayerClasses, arguments: LayerArguments, placement: LayerPlacement) -> None:
        self.facts = facts
        self.values = facts.values
        self.describer = describer
        self.classes = classes
        self.arguments = arguments
        self.placement = placement
        self._multiplied_cache: dict[int, set[str]] = {}
        self._products_cache: dict[cst.ClassDef, list[tuple[cst.BaseExpression, set[str]]]] = {}
        self._method_nodes: dict[cst.FunctionDef, set[int]] = {}
        self._method_calls: dict[cst.FunctionDef, list[cst.Call]] = {}
        self._applied_calls: dict[cst.FunctionDef, dict[int, list[cst.Call]]] = {}

    def uses(self) -> Iterator[KernelUse]:
        for call in self.facts.method_calls("add_weight") + self.facts.method_calls("add_variable"):
            initializer = argument(call, "initializer")
            shape = argument(call, "shape")
            if shape is None and call.args and call.args[0].keyword is None and not call.args[0].star:
                shape = call.args[0]
            if initializer is None or shape is None:
                continue
            yield from self._weight_use(call, initializer, shape.value,
                                        self.describer.describe(initializer.value), "constraint")
        for call in self.facts.calls_to("tensorflow.Variable", "tensorflow.compat.v1.Variable"):
            initial = argument(call, "initial_value", 0)
            if initial is None:
                continue
            value = self.values.resolve(initial.value)
            shape = self._sampled_shape(value)
            if shape is None:
                continue
            dist = self.describer.sample(initial.value, ROOT)
            if dist is not None:
                dist = replace(dist, display=self.describer.display(initial.value))
            yield from self._weight_use(call, initial, shape, dist, "constraint")

    def _weight_use(self, call: cst.Call, arg: cst.Arg, shape: cst.BaseExpression,
                    dist: Optional[Distribution], constraint: str) -> Iterator[KernelUse]:
        cls = self.classes.owning_layer_class(call)
        if cls is None:
            return
        dims = self._shape_dims(shape)
        if dims is None or len(dims) < 2 or not self._multiplied(call, cls):
            return
        units = self.classes.dimension(dims[-1], cls)
        inputs = [self.classes.dimension(d, cls) or self._input_width(d, call, cls)
                  for d in dims[:-1]]
        fan_in = math.prod(inputs) if all(i is not None for i in inputs) else None  # type: ignore[arg-type]
        yield KernelUse(arg=arg, layer=call, layer_name=self.facts.call_name(call), role="weight",
                        value=arg.value, distribution=dist, units=units,
                        activation=self._weight_activation(call, cls),
                        fan_in=fan_in, min_fan_in=None if fan_in is not None else 1,
                        sign_constrained=self.arguments.sign_constrained(call, constraint),
                        hidden=self._weight_is_hidden(call, cls),
                        only_kernel=self._only_kernel(cls))

    def _input_width(self, dim: cst.BaseExpression, call: cst.Call,
                     cls: cst.ClassDef) -> Optional[int]:
        """`input_shape[-1]` in `build(self, input_shape)`: the width of the input each instance
        of the layer is applied to, when every instance's is known (the smallest)."""
        while isinstance(dim, cst.Call) and isinstance(dim.func, cst.Name) \
                and dim.func.value == "int" and len(dim.args) == 1:
            dim = dim.args[0].value
        function = self.facts.index.enclosing_function.get(call)
        if function is None or function.name.value != "build" or not isinstance(dim, cst.Subscript):
            return None
        params = list(function.params.params)
        shape = params[1].name.value if len(params) > 1 else None
        index = dim.slice[0].slice if len(dim.slice) == 1 else None
        if not (isinstance(dim.value, cst.Name) and dim.value.value == shape
                and isinstance(index, cst.Index) and self.values.literal(index.value) == -1):
            return None
        widths = [self.placement.input_features(i) for i in self.classes.instances(cls)]
        if not widths or any(w is None for w in widths):
            return None
        return min(widths)  # type: ignore[type-var]

    def _weight_activation(self, call: cst.Call, cls: cst.ClassDef) -> Optional[str]:
        """The activation the layer's `call` applies to every product with this weight.

        Certain only in two shapes: the activation op wraps the product directly
        (`tf.nn.relu(x @ self.w + self.b)`), or `call` has a single `return act(z)` where `z`
        certainly stands for the product (`z = tf.matmul(x, self.w) + self.b`). Every product
        of the weight in the class must be in `call` and agree; otherwise None.
        """
        bodies = self.describer.bodies
        attr = bodies.assigned_attribute(cls, call)
        method = bodies.method(cls, "call") or bodies.method(cls, "__call__")
        if attr is None or method is None:
            return None
        inside = self._nodes_in(method)
        products = [p for p, attrs in self._products(cls) if attr in attrs]
        if not products or any(id(p) not in inside for p in products):
            return None
        found = {self._product_activation(p, method, cls) for p in products}
        return found.pop() if len(found) == 1 else None

    def _product_activation(self, product: cst.BaseExpression, method: cst.FunctionDef,
                            cls: cst.ClassDef) -> Optional[str]:
        for node in self._calls_applied_to(method).get(id(product), ()):
            name = self._activation_op(node, cls)
            if name is not None:
                return name
        returned = self.facts.returned_values(method)
        if len(returned) != 1:
            return None
        value = self.values.resolve(returned[0])
        if isinstance(value, cst.Call) and value.args and self._pre_activation(
                value.args[0], product, follow=True):
            return self._activation_op(value, cls)
        return None

    def _pre_activation(self, arg: cst.Arg, product: cst.BaseExpression, follow: bool) -> bool:
        """`arg` is the first positional argument and is the product, possibly plus a bias
        (`+ self.b`, `tf.nn.bias_add(..., self.b)`); `follow` also follows local names."""
        return arg.keyword is None and not arg.star and self._reaches(arg.value, product, follow, 0)

    def _reaches(self, expr: Optional[cst.BaseExpression], product: cst.BaseExpression,
                 follow: bool, depth: int) -> bool:
        if follow:
            expr = self.values.resolve(expr)
        if expr is product:
            return True
        if expr is None or depth > MAX_DEPTH:
            return False
        return any(self._is_bias(bias, follow) and self._reaches(inner, product, follow, depth + 1)
                   for inner, bias in self._bias_pairs(expr))

    def _bias_pairs(self, expr: cst.BaseExpression
                    ) -> list[tuple[cst.BaseExpression, cst.BaseExpression]]:
        """(inner, possible bias) splits of a sum: `a + b` both ways, `bias_add(a, b)` one way."""
        if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Add):
            return [(expr.left, expr.right), (expr.right, expr.left)]
        if isinstance(expr, cst.Call) and self.facts.call_name(expr) in BIAS_ADDS \
                and len(expr.args) == 2 and not has_unpacking(expr):
            return [(expr.args[0].value, expr.args[1].value)]
        return []

    def _calls_applied_to(self, method: cst.FunctionDef) -> dict[int, list[cst.Call]]:
        """Expression -> the calls in `method` whose first positional argument is it, possibly
        plus a bias (what `_pre_activation` accepts without following names), in source order.
        Built once per method, so each product's activation is a lookup, not a walk."""
        if method not in self._applied_calls:
            table: dict[int, list[cst.Call]] = {}
            for call in self._calls_in(method):
                first = call.args[0] if call.args else None
                if first is None or first.keyword is not None or first.star:
                    continue
                for expr in self._bias_free_parts(first.value, 0):
                    calls = table.setdefault(id(expr), [])
                    if not calls or calls[-1] is not call:
                        calls.append(call)
            self._applied_calls[method] = table
        return self._applied_calls[method]

    def _bias_free_parts(self, expr: Optional[cst.BaseExpression], depth: int
                         ) -> Iterator[cst.BaseExpression]:
        """Every expression `_reaches(expr, ..., follow=False)` accepts as the product."""
        if expr is None:
            return
        yield expr
        if depth > MAX_DEPTH:
            return
        for inner, bias in self._bias_pairs(expr):
            if self._is_bias(bias, False):
                yield from self._bias_free_parts(inner, depth + 1)

    def _is_bias(self, expr: cst.BaseExpression, follow: bool) -> bool:
        return is_self_attribute(self.values.resolve(expr) if follow else expr)

    def _activation_op(self, call: cst.Call, cls: cst.ClassDef) -> Optional[str]:
        """'relu' for `tf.nn.relu(...)`, `keras.ops.relu(...)`, ...; for `self.activation(...)`,
        the activation every instance of the class in the file gives that attribute."""
        if is_self_attribute(call.func):
            return self._attribute_activation(call.func.attr.value, cls)  # type: ignore[union-attr]
        name = self.facts.call_name(call)
        short = leaf(name) if name and name.startswith(ACTIVATION_OP_PREFIXES) else None
        if short not in ACTIVATION_OPS:
            return None
        return ACTIVATION_ALIASES.get(short, short)  # type: ignore[arg-type]

    def _attribute_activation(self, attr: str, cls: cst.ClassDef) -> Optional[str]:
        if not self.classes.attribute_set_only_in_init(cls, attr):
            return None
        found = set()
        for instance in self.classes.certain_instances(cls):
            assigned = self.describer.instance_attribute(attr, Substitutions(instance=(cls, instance)))
            found.add(None if assigned is None else self.describer.activation(*assigned))
        return found.pop() if len(found) == 1 else None

    def _weight_is_hidden(self, call: cst.Call, cls: cst.ClassDef) -> bool:
        """A custom layer whose every instance feeds a kernel layer, or a weight of a model class
        that is not the last one it multiplies (W1 of W1, W2)."""
        if self.facts.class_bases(cls) & {"keras.Model", "tensorflow.Module"}:
            multiplied = self._multiplied_attributes(cls)
            assigned = self.describer.bodies.self_assignments(cls)
            weights = [attr for attr, assignments in assigned.items()
                       if attr in multiplied and any(isinstance(v, cst.Call) for _, v in assignments)]
            return len(weights) > 1 and weights[-1] != self.describer.bodies.assigned_attribute(cls, call)
        instances = self.classes.instances(cls)
        return bool(instances) and all(self.placement.feeds_kernel(i) for i in instances)

    def _only_kernel(self, cls: cst.ClassDef) -> bool:
        """A class with a single multiplied weight, no sublayers of its own, whose instances are
        models on their own: each bound to a plain name that is only called or read from, never
        stored in another layer or model (`self.dense = Dense(...)`), listed or passed on. TF's
        core-API linear and logistic regressions are the pattern."""
        if not self.facts.class_bases(cls) & {"keras.Model", "tensorflow.Module"}:
            return False  # a Layer subclass is a part meant for models, whatever this file does
        multiplied = self._multiplied_attributes(cls)
        weights = [attr for attr, assignments in self.describer.bodies.self_assignments(cls).items()
                   if attr in multiplied and any(isinstance(v, cst.Call) for _, v in assignments)]
        if len(weights) != 1 or self._builds_layers(cls):
            return False
        instances = self.classes.instances(cls)
        return bool(instances) and all(self._used_alone(i) for i in instances)

    def _builds_layers(self, cls: cst.ClassDef) -> bool:
        for node in descendants(cls):
            if isinstance(node, cst.Call) and (
                    self.facts.call_name(node) in LAYERS_WITH_KERNEL
                    or isinstance(self.facts.definition(node.func), cst.ClassDef)):
                return True
        return False

    def _used_alone(self, instance: cst.Call) -> bool:
        binding = self._plain_bindings.get(id(instance))
        if binding is None:
            return False
        return not any(self.values.binding_of(name) is binding and not self._wrapper_call(holder)
                       for name, holder in self._handed_on)

    def _wrapper_call(self, holder: cst.CSTNode) -> bool:
        """A call of a local class that adds no layer of its own and gets no other layer: an
        export or serving wrapper (`ExportModule(model=log_reg, norm_x=norm_x)`)."""
        if not isinstance(holder, cst.Call):
            return False
        cls = self.facts.definition(holder.func)
        if not isinstance(cls, cst.ClassDef) or self._multiplied_attributes(cls) \
                or self._builds_layers(cls):
            return False
        bearing = [a for a in holder.args if self._bears_kernels(a.value)]
        return len(bearing) == 1

    def _bears_kernels(self, expr: cst.BaseExpression) -> bool:
        value = self.values.resolve(expr)
        if not isinstance(value, cst.Call):
            return False
        if self.facts.call_name(value) in LAYERS_WITH_KERNEL:
            return True
        cls = self.facts.definition(value.func)
        return isinstance(cls, cst.ClassDef) and bool(
            self._multiplied_attributes(cls) or self._builds_layers(cls))

    @cached_property
    def _plain_bindings(self) -> dict[int, Binding]:
        """Values bound to a plain name by `name = <value>` (not `self.x = ...`)."""
        table: dict[int, Binding] = {}
        for scope in self.facts.index.scopes:
            if scope.is_class:
                continue
            for bindings in scope.bindings.values():
                for binding in bindings:
                    if binding.kind == ASSIGN and not binding.path and binding.node is not None:
                        table[id(binding.node)] = binding
        return table

    @cached_property
    def _handed_on(self) -> list[tuple[cst.Name, cst.CSTNode]]:
        """Names passed as an argument or stored in a list, tuple, set or dict, with the call or
        container holding them."""
        found = []
        for node in descendants(self.facts.module):
            if isinstance(node, cst.Call):
                values = [a.value for a in node.args]
            elif isinstance(node, (cst.List, cst.Tuple, cst.Set)):
                values = [e.value for e in node.elements]
            elif isinstance(node, cst.Dict):
                values = [e.value for e in node.elements if isinstance(e, cst.DictElement)]
            else:
                continue
            found += [(v, node) for v in values if isinstance(v, cst.Name)]
        return found

    def _sampled_shape(self, value: Optional[cst.BaseExpression]) -> Optional[cst.BaseExpression]:
        """The shape argument of `tf.random.normal([a, b])` or `init(shape=(a, b))`."""
        while isinstance(value, cst.Call) and self.facts.call_name(value) in WRAPPERS and value.args:
            value = self.values.resolve(value.args[0].value)
        if not isinstance(value, cst.Call):
            return None
        name = self.facts.call_name(value)
        spec = SAMPLERS.get(name) if name else None
        if spec is not None and spec.params and not spec.varargs_shape:
            arg = argument(value, spec.params[0], 0)
            return None if arg is None else arg.value
        arg = argument(value, "shape", 0)
        return None if arg is None else arg.value

    def _shape_dims(self, shape: cst.BaseExpression) -> Optional[list[cst.BaseExpression]]:
        target = self.values.resolve(shape)
        if isinstance(target, (cst.Tuple, cst.List)) and not any(
                isinstance(e, cst.StarredElement) for e in target.elements):
            return [e.value for e in target.elements]
        return None

    def _multiplied(self, call: cst.Call, cls: cst.ClassDef) -> bool:
        """The weight is stored as `self.w` and `self.w` is multiplied somewhere in the class."""
        attr = self.describer.bodies.assigned_attribute(cls, call)
        return attr is not None and attr in self._multiplied_attributes(cls)

    def _multiplied_attributes(self, cls: cst.ClassDef) -> set[str]:
        """Names of `self.x` attributes used as an operand of `@` or a matmul/conv call."""
        if id(cls) not in self._multiplied_cache:
            self._multiplied_cache[id(cls)] = {
                attr for _, attrs in self._products(cls) for attr in attrs}
        return self._multiplied_cache[id(cls)]

    # -- read once per class or method ---------------------------------------------------------
    def _products(self, cls: cst.ClassDef) -> list[tuple[cst.BaseExpression, set[str]]]:
        if cls not in self._products_cache:
            self._products_cache[cls] = list(_products(self.facts, cls))
        return self._products_cache[cls]

    def _nodes_in(self, method: cst.FunctionDef) -> set[int]:
        if method not in self._method_nodes:
            nodes = list(descendants(method))
            self._method_nodes[method] = {id(n) for n in nodes}
            self._method_calls[method] = [n for n in nodes if isinstance(n, cst.Call)]
        return self._method_nodes[method]

    def _calls_in(self, method: cst.FunctionDef) -> list[cst.Call]:
        """The calls inside `method` (itself included), in source order."""
        self._nodes_in(method)
        return self._method_calls[method]


def _products(facts: CoreFacts, cls: cst.ClassDef) -> Iterator[tuple[cst.BaseExpression, set[str]]]:
    """Each `@` or matmul/conv call in the class, with the `self.x` attributes among its operands."""
    for node in descendants(cls):
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.MatrixMultiply):
            operands = [node.left, node.right]
        elif isinstance(node, cst.Call) and facts.call_name(node) in MATMUL:
            operands = [arg.value for arg in node.args]
        else:
            continue
        attributes = set()
        for expr in operands:
            while isinstance(expr, cst.Call) and facts.call_name(expr) in WRAPPERS and expr.args:
                expr = expr.args[0].value
            if is_self_attribute(expr):
                attributes.add(expr.attr.value)  # type: ignore[attr-defined]
        if attributes:
            yield node, attributes
