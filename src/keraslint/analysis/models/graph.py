"""The layer graph of a model: which layer (or op) feeds which, with the tensor in between.

`model.steps` is one path of a model; structural rules need the whole graph: what a
`BatchNormalization` receives, whether a `Dense` reads a convolution's feature map, which two
tensors a `Concatenate` joins. A `ModelGraph` has one `LayerNode` per layer *application*
(a layer applied twice is two nodes sharing one `construction`), per activation or merge op
(`tf.nn.softmax(x)`, `a + b`, `layers.concatenate([a, b])`) and per model input (`keras.Input`,
the implicit input of a `Sequential`, the input parameter of a subclassed model's `call`).

How the graph is read from the code:

- a `Sequential`: its items in order (a list literal or variable, `.add` calls), nested
  `Sequential` models inlined, an `Input`/`InputLayer` item as the input node;
- a functional model: each output tensor traced backwards through `x = Layer(...)(x)` chains,
  layers bound to names or `self.<attr>`, lists of tensors (`Concatenate()([a, b])`), activation
  and arithmetic ops, models applied as layers, and helper functions (`def conv_block(x, f):
  ...; return x`): each call of a helper is its own *frame*, so a block called three times
  gives three sets of nodes, each reading its arguments (`filters`) from its own call site;
- a subclassed model: what `call` returns, traced the same way, `self.<attr>` read from the
  class's single assignment of it.

Whatever the code leaves open becomes an *opaque* node with no inputs (a tensor from a loop, a
parameter no caller fixes, an op we do not model): a rule asking "what feeds this layer?" then
gets an opaque answer and stays quiet. `main_path` reads the path that `ModelFact.steps` are
(output first, through single-input nodes), so the steps and the graph are one reading of
the code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterator, Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.layers import (
    OTHER,
    UNKNOWN_LAYER,
    Context,
    LayerInfo,
    _param_value,
    bind_arguments,
    describe,
    describe_op,
    layer_kind,
    line_of,
    op_input,
    snippet,
)
from keraslint.analysis.models.model import MAX_DEPTH, ModelFact
from keraslint.analysis.models.nested import NestedModels
from keraslint.analysis.scopes import ASSIGN, PARAM, Scope

INPUTS = frozenset({"keras.Input", "keras.layers.InputLayer"})
MAX_NODES = 2000  # beyond this a graph is cut: the rest is opaque
_MAX_RESOLVE = 40

# Merge layers that take a list of tensors, by the functional spelling Keras also offers.
MERGE_LAYERS = frozenset({"Concatenate", "Add", "Subtract", "Multiply", "Average", "Maximum",
                          "Minimum", "Dot"})
_MERGE_FUNCTIONS = {f"keras.layers.{name.lower()}": name for name in MERGE_LAYERS}
_MERGE_OPS = {
    "tensorflow.concat": "Concatenate", "keras.ops.concatenate": "Concatenate",
    "keras.backend.concatenate": "Concatenate", "tensorflow.add": "Add",
    "tensorflow.math.add": "Add", "keras.ops.add": "Add", "tensorflow.multiply": "Multiply",
    "tensorflow.math.multiply": "Multiply", "keras.ops.multiply": "Multiply",
    "tensorflow.add_n": "Add",
}
_BINARY_OPS = {cst.Add: "Add", cst.Subtract: "Subtract", cst.Multiply: "Multiply",
               cst.MatrixMultiply: "Dot"}
# Layers whose call takes several tensors as positional arguments (query, value, key).
_MULTI_TENSOR_CALLS = frozenset({"MultiHeadAttention", "GroupQueryAttention", "Attention",
                                 "AdditiveAttention"})


@dataclass(eq=False)
class Frame:
    """Where an expression is evaluated: the model's own code, or one call of a helper.

    `bound` holds the parameters this frame binds (a helper's, for its call `site`); `ctx` is
    the Context layer arguments are read with (every enclosing frame's bindings merged).
    """

    ctx: Context
    parent: Optional["Frame"] = None
    site: Optional[cst.Call] = None
    function: Optional[cst.FunctionDef] = None
    bound: dict = field(default_factory=dict)
    depth: int = 0


@dataclass(eq=False)
class LayerNode:
    """One layer application, op or model input in a graph.

    `info` describes the layer as `layers.describe` does (its `node` is the construction call,
    the op call, or for an opaque node the expression we could not follow). `application` is
    the `layer(x)` call (None in a `Sequential`). `inputs` are the producers of the tensors it
    receives, in argument order, and `tensors` the expressions as written (None in a
    `Sequential`). `op` names a merge op (`"Concatenate"`, `"Add"`...) written as a function
    or an operator; `model` is a model applied as a layer; `frame` the helper call it sits in.
    """

    info: LayerInfo
    frame: Frame = field(repr=False)
    application: Optional[cst.Call] = field(default=None, repr=False)
    inputs: list["LayerNode"] = field(default_factory=list, repr=False)
    tensors: list[Optional[cst.BaseExpression]] = field(default_factory=list, repr=False)
    is_input: bool = False
    opaque: bool = False
    op: Optional[str] = None
    model: Optional[ModelFact] = field(default=None, repr=False)
    index: int = -1

    @property
    def kind(self) -> Optional[str]:
        """`"Dense"`, `"Conv2D"`...; the merge op's layer name for ops; None when unknown."""
        return self.info.kind if self.op is None else self.op

    @property
    def construction(self) -> cst.CSTNode:
        """The layer construction call (shared by every application of one layer object)."""
        return self.info.node

    @property
    def ctx(self) -> Context:
        return self.frame.ctx

    @property
    def in_helper(self) -> bool:
        return self.frame.site is not None


@dataclass(eq=False)
class ModelGraph:
    """Nodes in topological order (inputs first), the model's input and output nodes.

    `complete`: every output was traced back to model inputs with no opaque node on the way.
    """

    nodes: tuple[LayerNode, ...]
    inputs: tuple[LayerNode, ...]
    outputs: tuple[LayerNode, ...]
    complete: bool
    _consumers: dict[int, list[LayerNode]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for node in self.nodes:
            for source in node.inputs:
                users = self._consumers.setdefault(id(source), [])
                if node not in users:
                    users.append(node)

    def consumers(self, node: LayerNode) -> list[LayerNode]:
        """The nodes that receive `node`'s output, in topological order."""
        return list(self._consumers.get(id(node), ()))

    def is_output(self, node: LayerNode) -> bool:
        return any(node is out for out in self.outputs)

    def layer_nodes(self) -> Iterator[LayerNode]:
        """Nodes that apply a layer or an op (not model inputs, not opaque)."""
        return (n for n in self.nodes if not n.is_input and not n.opaque)

    def upstream(self, node: LayerNode, through: Callable[[LayerNode], bool]
                 ) -> Optional[LayerNode]:
        """What produces `node`'s single input, looking past single-input nodes `through`
        accepts (`Dropout`, `BatchNormalization`...); None unless `node` has one input."""
        source = node.inputs[0] if len(node.inputs) == 1 else None
        for _ in range(len(self.nodes)):
            if source is None or not through(source) or len(source.inputs) != 1:
                return source
            source = source.inputs[0]
        return source

    def downstream(self, node: LayerNode, through: Callable[[LayerNode], bool]
                   ) -> list[LayerNode]:
        """The nodes that receive `node`'s output, looking past nodes `through` accepts (a
        passed node that is a model output is listed too: the tensor leaves the graph there)."""
        found: list[LayerNode] = []
        stack = self.consumers(node)
        seen: set[int] = set()
        while stack:
            current = stack.pop(0)
            if id(current) in seen:
                continue
            seen.add(id(current))
            if through(current) and len(current.inputs) == 1:
                if self.is_output(current):
                    found.append(current)
                stack.extend(self.consumers(current))
            else:
                found.append(current)
        return found


@dataclass(frozen=True)
class GraphFact:
    """A graph the file defines: a model's (`model`), a class's own (`cls`: what a custom
    layer's or model's `call` computes, or the functional graph its `__init__` builds), or a
    helper function's (`function`: what it returns from its parameters)."""

    graph: ModelGraph
    model: Optional[ModelFact] = None
    cls: Optional[cst.ClassDef] = None
    function: Optional[cst.FunctionDef] = None


class GraphBuilder:
    """Traces tensors back to the layers and inputs that produce them (one graph per build)."""

    def __init__(self, facts: CoreFacts, nested: NestedModels, depth: int = 0,
                 input_params: tuple[cst.Param, ...] = ()) -> None:
        self.facts = facts
        self.nested = nested
        self.depth = depth
        self.input_params = input_params
        self._memo: dict[tuple[int, int], LayerNode] = {}
        self._frames: dict[tuple[int, int], Frame] = {}
        self._pending: list[tuple[LayerNode, list[tuple[Optional[cst.BaseExpression], Frame]]]] = []
        self._count = 0

    # -- building ----------------------------------------------------------------------------
    def root(self, ctx: Context) -> Frame:
        return Frame(ctx, bound=dict(ctx.env))

    def build(self, tensors: list[Optional[cst.BaseExpression]], frame: Frame) -> ModelGraph:
        """The graph producing these output tensors, each traced back as far as the code says."""
        outputs = [self.producer(t, frame) for t in tensors]
        self._drain()
        return assemble(outputs)

    def producer(self, expr: Optional[cst.BaseExpression], frame: Frame) -> LayerNode:
        """The node producing tensor `expr` evaluated in `frame` (inputs traced by `_drain`)."""
        keys = []
        node: Optional[LayerNode] = None
        for _ in range(_MAX_RESOLVE):
            key = (id(expr), id(frame))
            node = self._memo.get(key)
            if node is not None:
                break
            keys.append(key)
            found = self._step(expr, frame)
            if isinstance(found, LayerNode):
                node = found
                break
            expr, frame = found
        if node is None:
            node = self._opaque(expr, frame)
        for key in keys:
            self._memo[key] = node
        return node

    def _drain(self) -> None:
        while self._pending:
            node, sources = self._pending.pop()
            for expr, frame in sources:
                node.inputs.append(self.producer(expr, frame))

    def _new(self, node: LayerNode, sources: list[tuple[Optional[cst.BaseExpression], Frame]]
             ) -> LayerNode:
        self._count += 1
        if self._count > MAX_NODES:
            sources = []
            node.opaque = node.opaque or not node.is_input
        node.tensors = [expr for expr, _ in sources]
        if sources:
            self._pending.append((node, sources))
        return node

    def _opaque(self, expr: Optional[cst.BaseExpression], frame: Frame) -> LayerNode:
        info = LayerInfo(expr if expr is not None else cst.Name("None"), None, UNKNOWN_LAYER)
        return self._new(LayerNode(info, frame, opaque=True), [])

    def _input(self, node: cst.CSTNode, frame: Frame) -> LayerNode:
        kind = "InputLayer" if isinstance(node, cst.Call) else "Input"
        return self._new(LayerNode(LayerInfo(node, kind, OTHER), frame, is_input=True), [])

    # -- one step of tracing -------------------------------------------------------------------
    def _step(self, expr: Optional[cst.BaseExpression], frame: Frame):
        """A node for `expr`, or the (expression, frame) it stands for."""
        if isinstance(expr, cst.Name):
            return self._name(expr, frame)
        if isinstance(expr, cst.Call):
            return self._call(expr, frame)
        if isinstance(expr, cst.BinaryOperation):
            return self._binary(expr, frame)
        return self._opaque(expr, frame)

    def _name(self, name: cst.Name, frame: Frame):
        binding = self.facts.values.binding_of(name)
        if binding is None:
            return self._opaque(name, frame)
        if binding.kind == PARAM:
            param = binding.node
            if any(param is p for p in self.input_params):
                return self._input(param, frame)  # type: ignore[arg-type]
            return self._parameter(param, frame)  # type: ignore[arg-type]
        if binding.kind == ASSIGN and not binding.path and binding.node is not None:
            return binding.node, self._frame_for_scope(binding.scope, frame)
        return self._opaque(name, frame)

    def _parameter(self, param: cst.Param, frame: Frame):
        current: Optional[Frame] = frame
        while current is not None:
            if param in current.bound:
                value = current.bound[param]
                target = current.parent if current.site is not None else current
                if value is None:
                    return self._opaque(param.name, frame)
                return value, target or current
            current = current.parent
        value = _param_value(self.facts, param, Context())
        if value is None:
            return self._opaque(param.name, frame)
        return value, _outermost(frame)

    def _call(self, call: cst.Call, frame: Frame):
        name = self.facts.call_name(call)
        if name in INPUTS:
            return self._input(call, frame)
        op = describe_op(self.facts, call, frame.ctx)
        if op is not None:
            return self._new(LayerNode(op, frame, call), [(op_input(self.facts, call), frame)])
        merge = _MERGE_FUNCTIONS.get(name or "") or _MERGE_OPS.get(name or "")
        if merge is not None:
            return self._merge(call, merge, frame)
        construction = self.construction_of(call.func, frame)
        if construction is None:
            return self._helper(call, frame)
        built, built_frame = construction
        sources = self._call_inputs(call, built, frame)
        if layer_kind(self.facts, built) is None:
            model = self.nested.model_from(built, built_frame.ctx, None, self.depth + 1)
            info = describe(self.facts, built, built_frame.ctx)
            return self._new(LayerNode(info, built_frame, call, model=model), sources)
        info = describe(self.facts, built, built_frame.ctx)
        return self._new(LayerNode(info, built_frame, call), sources)

    def _call_inputs(self, call: cst.Call, built: cst.Call, frame: Frame
                     ) -> list[tuple[Optional[cst.BaseExpression], Frame]]:
        """The tensors a layer call receives: its first argument (each element of a list)."""
        first = calls.argument_value(call, "inputs", 0)
        if first is None:
            return [(None, frame)]
        value, value_frame = self.resolve(first, frame)
        if isinstance(value, (cst.List, cst.Tuple)):
            if any(isinstance(e, cst.StarredElement) for e in value.elements) or not value.elements:
                return [(None, frame)]
            return [(e.value, value_frame) for e in value.elements]
        sources = [(first, frame)]
        if layer_kind(self.facts, built) in _MULTI_TENSOR_CALLS:
            sources += [(a.value, frame) for a in call.args[1:]
                        if a.keyword is None and not a.star]
        return sources

    def _merge(self, call: cst.Call, kind: str, frame: Frame) -> LayerNode:
        info = LayerInfo(call, None, UNKNOWN_LAYER)
        first = calls.argument_value(call, "inputs", 0) or calls.argument_value(call, "values", 0)
        value, value_frame = self.resolve(first, frame)
        if isinstance(value, (cst.List, cst.Tuple)) and value.elements and not any(
                isinstance(e, cst.StarredElement) for e in value.elements):
            sources = [(e.value, value_frame) for e in value.elements]
        elif kind in ("Add", "Multiply") and len(call.args) >= 2:
            sources = [(a.value, frame) for a in call.args[:2]]
        else:
            sources = [(None, frame)]
        return self._new(LayerNode(info, frame, call, op=kind), sources)

    def _binary(self, expr: cst.BinaryOperation, frame: Frame):
        kind = _BINARY_OPS.get(type(expr.operator))
        if kind is None or isinstance(expr.operator, cst.Divide):
            return self._opaque(expr, frame)
        numbers = [self.facts.values.number(side) is not None for side in (expr.left, expr.right)]
        info = LayerInfo(expr, None, UNKNOWN_LAYER)
        if any(numbers):
            tensor = expr.right if numbers[0] else expr.left
            return self._new(LayerNode(info, frame, op="Scale"), [(tensor, frame)])
        return self._new(LayerNode(info, frame, op=kind),
                         [(expr.left, frame), (expr.right, frame)])

    def _helper(self, call: cst.Call, frame: Frame):
        """`conv_block(x, 64)`: the helper's returned tensor, in a frame for this call."""
        function = self.facts.definition(call.func) if isinstance(call.func, cst.Name) else None
        if not isinstance(function, cst.FunctionDef) or frame.depth >= MAX_DEPTH:
            return self._opaque(call, frame)
        returned = self.facts.returned_values(function)
        if len(returned) != 1 or returned[0] is None:
            return self._opaque(call, frame)
        return returned[0], self._helper_frame(call, function, frame)

    def _helper_frame(self, call: cst.Call, function: cst.FunctionDef, frame: Frame) -> Frame:
        key = (id(call), id(frame))
        found = self._frames.get(key)
        if found is None:
            bound = bind_arguments(function, call)
            ctx = Context(dict(frame.ctx.env) | bound, frame.ctx.attrs, frame.ctx.self_name)
            found = Frame(ctx, frame, call, function, bound, frame.depth + 1)
            self._frames[key] = found
        return found

    # -- resolution ----------------------------------------------------------------------------
    def resolve(self, expr: Optional[cst.BaseExpression], frame: Frame
                ) -> tuple[Optional[cst.BaseExpression], Frame]:
        """Follow names and parameters (through helper frames) to the expression they hold."""
        for _ in range(_MAX_RESOLVE):
            if not isinstance(expr, cst.Name):
                return expr, frame
            binding = self.facts.values.binding_of(expr)
            if binding is None:
                return None, frame
            if binding.kind == PARAM:
                found = self._parameter(binding.node, frame)  # type: ignore[arg-type]
                if isinstance(found, LayerNode):
                    return None, frame
                expr, frame = found
            elif binding.kind == ASSIGN and not binding.path:
                expr, frame = binding.node, self._frame_for_scope(binding.scope, frame)  # type: ignore[assignment]
            else:
                return expr, frame
        return None, frame

    def construction_of(self, func: cst.BaseExpression, frame: Frame
                        ) -> Optional[tuple[cst.Call, Frame]]:
        """The layer (or model) construction applied: `Dense(3)(x)`, `head(x)`, `self.out(x)`,
        `make_conv(64)(x)` with a local factory returning a layer; None if not a construction."""
        ctx = frame.ctx
        if (isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name)
                and ctx.attrs is not None and func.value.value == ctx.self_name):
            func = ctx.attrs.get(func.attr.value)  # type: ignore[assignment]
            if func is None:
                return None
        for _ in range(MAX_DEPTH):
            value, frame = self.resolve(func, frame)
            if not isinstance(value, cst.Call):
                return None
            if layer_kind(self.facts, value) is not None or self.facts.call_name(value) is not None:
                return value, frame
            definition = self.facts.definition(value.func)
            if not isinstance(definition, cst.FunctionDef) or frame.depth >= MAX_DEPTH:
                return value, frame  # a local class (custom layer or model) or unknown
            returned = self.facts.returned_values(definition)
            if len(returned) != 1 or returned[0] is None:
                return value, frame
            inner = self._helper_frame(value, definition, frame)
            target, _ = self.resolve(returned[0], inner)
            if not isinstance(target, cst.Call) or (
                    layer_kind(self.facts, target) is None
                    and not isinstance(self.facts.definition(target.func), cst.ClassDef)):
                return value, frame  # a builder of something else (a model builder, ...)
            func, frame = returned[0], inner
        return None

    def _frame_for_scope(self, scope: Scope, frame: Frame) -> Frame:
        """The frame of a binding's scope: a module-level tensor read inside a helper is the
        same tensor wherever it is read from."""
        current = frame
        while current.site is not None and current.function is not None:
            if _within(scope, self.facts.index.scope_of_node.get(current.function)):
                return current
            current = current.parent  # type: ignore[assignment]
        return current


def node_text(facts: CoreFacts, node: LayerNode, limit: int = 60) -> str:
    """How a message names a node: "`Conv2D(64, 3)` (line 12)"; a node built inside a helper
    adds the helper call it comes from: "... (line 5, in `block(x, 64)` on line 20)"."""
    built = node.application if node.info.is_op and node.application is not None else node.info.node
    text = f"`{snippet(facts, built, limit)}` (line {line_of(facts, built)}"
    if node.frame.site is not None:
        site = node.frame.site
        text += f", in `{snippet(facts, site, 40)}` on line {line_of(facts, site)}"
    return text + ")"


def _within(scope: Optional[Scope], outer: Optional[Scope]) -> bool:
    while scope is not None:
        if scope is outer:
            return True
        scope = scope.parent
    return False


def _outermost(frame: Frame) -> Frame:
    while frame.parent is not None:
        frame = frame.parent
    return frame


def assemble(outputs: list[LayerNode]) -> ModelGraph:
    """Number the nodes reachable from `outputs` in topological order (inputs first)."""
    order: list[LayerNode] = []
    state: dict[int, int] = {}  # 1: on the stack, 2: done
    for output in outputs:
        stack: list[tuple[LayerNode, int]] = [(output, 0)]
        while stack:
            node, i = stack.pop()
            if i == 0:
                if state.get(id(node)) is not None:
                    continue
                state[id(node)] = 1
            if i < len(node.inputs):
                stack.append((node, i + 1))
                child = node.inputs[i]
                if state.get(id(child)) is None:
                    stack.append((child, 0))
                continue
            state[id(node)] = 2
            node.index = len(order)
            order.append(node)
    inputs = tuple(n for n in order if n.is_input)
    complete = bool(order) and not any(n.opaque for n in order) and bool(inputs)
    return ModelGraph(tuple(order), inputs, tuple(outputs), complete)


def chain(nodes: list[LayerNode]) -> ModelGraph:
    """A `Sequential`'s graph: each node feeds the next."""
    for before, after in zip(nodes, nodes[1:]):
        after.inputs = [before]
        after.tensors = [None]
    return assemble([nodes[-1]]) if nodes else ModelGraph((), (), (), False)


def main_path(node: LayerNode, root: Optional[Frame] = None) -> tuple[list[LayerInfo], bool]:
    """The steps producing `node`, output first, through single-input nodes, and whether they
    reached a model input without passing through a helper (what `ModelFact.steps` are)."""
    steps: list[LayerInfo] = []
    helper = False
    for _ in range(MAX_NODES):
        if node.is_input:
            return steps, not helper
        if root is not None and node.frame is not root:
            helper = True
        if node.opaque or node.op is not None and not isinstance(node.info.node, cst.Call):
            if node.opaque and isinstance(node.info.node, cst.Call):
                steps.append(node.info)
            return steps, False
        if node.model is not None and node.model.steps:
            return steps + list(reversed(node.model.steps)), False
        steps.append(node.info)
        if node.info.category == UNKNOWN_LAYER or node.op is not None or len(node.inputs) != 1:
            return steps, False
        node = node.inputs[0]
    return steps, False
