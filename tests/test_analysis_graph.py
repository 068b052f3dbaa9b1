"""The layer graph of a model: nodes, edges, helpers and classes, and where it must be opaque."""

from __future__ import annotations

import textwrap

import libcst as cst

from keraslint.analysis import FileFacts


def facts_of(source: str) -> FileFacts:
    return FileFacts(cst.parse_module(textwrap.dedent(source)))


def graph_of(source: str, index: int = 0):
    facts = facts_of(source)
    return facts, facts.models.graphs[index].graph


def edges(graph) -> list[tuple[str, list[str]]]:
    """(kind, kinds of its inputs) for every node, inputs first."""
    return [(n.kind or ("?" if n.opaque else "Input"), [i.kind or "?" for i in n.inputs])
            for n in graph.nodes]


def test_sequential_is_a_chain_from_its_input():
    _, graph = graph_of("""
        import keras
        from keras import layers
        model = keras.Sequential([keras.Input((8,)), layers.Dense(4), layers.Dropout(0.1),
                                  layers.Dense(1)])
    """)
    assert edges(graph) == [("InputLayer", []), ("Dense", ["InputLayer"]),
                            ("Dropout", ["Dense"]), ("Dense", ["Dropout"])]
    assert graph.complete and graph.outputs[0].kind == "Dense"
    assert [n.kind for n in graph.consumers(graph.nodes[1])] == ["Dropout"]


def test_sequential_add_calls_and_nested_sequential_are_inlined():
    _, graph = graph_of("""
        import tensorflow as tf
        block = tf.keras.Sequential([tf.keras.layers.Conv2D(8, 3), tf.keras.layers.ReLU()])
        model = tf.keras.Sequential()
        model.add(tf.keras.layers.InputLayer(input_shape=(28, 28, 1)))
        model.add(block)
        model.add(tf.keras.layers.Flatten())
    """, index=1)
    assert [n.kind for n in graph.nodes] == ["InputLayer", "Conv2D", "ReLU", "Flatten"]


def test_conditional_add_is_an_opaque_node():
    _, graph = graph_of("""
        import keras
        model = keras.Sequential()
        model.add(keras.layers.Dense(8))
        if use_bn:
            model.add(keras.layers.BatchNormalization())
        model.add(keras.layers.Dense(1))
    """)
    assert [(n.kind, n.opaque) for n in graph.nodes] == [
        ("Input", False), ("Dense", False), (None, True), ("Dense", False)]
    assert not graph.complete


def test_functional_merges_and_ops():
    _, graph = graph_of("""
        import keras
        import tensorflow as tf
        from keras import layers
        a = keras.Input((16,))
        b = keras.Input((4,))
        x = layers.Dense(8)(a)
        y = layers.Dense(8)(b)
        s = layers.add([x, y])
        c = layers.Concatenate()([s, x + y])
        out = tf.nn.softmax(layers.Dense(3)(c))
        model = keras.Model([a, b], out)
    """)
    kinds = dict((kind, inputs) for kind, inputs in edges(graph))
    assert kinds["Concatenate"] == ["Add", "Add"]
    assert kinds["softmax"] == ["Dense"]
    assert len(graph.inputs) == 2 and graph.complete


def test_helper_called_twice_gives_a_frame_per_call():
    facts, graph = graph_of("""
        import keras
        from keras import layers
        def block(x, filters):
            x = layers.Conv2D(filters, 3, padding="same")(x)
            return layers.BatchNormalization()(x)
        inputs = keras.Input((32, 32, 3))
        x = block(inputs, 16)
        x = block(x, 32)
        model = keras.Model(inputs, layers.GlobalAveragePooling2D()(x))
    """)
    convs = [n for n in graph.nodes if n.kind == "Conv2D"]
    assert [n.info.units for n in convs] == [16, 32]
    assert convs[0].construction is convs[1].construction  # one call in the source
    assert all(n.in_helper for n in convs)
    assert convs[1].inputs[0].kind == "BatchNormalization"


def test_residual_helper_shares_the_tensor_read_twice():
    _, graph = graph_of("""
        import keras
        from keras import layers
        def residual(x):
            y = layers.Dense(8)(x)
            return layers.Add()([x, y])
        inputs = keras.Input((8,))
        model = keras.Model(inputs, residual(inputs))
    """)
    (add,) = [n for n in graph.nodes if n.kind == "Add"]
    assert add.inputs[0].is_input and add.inputs[1].kind == "Dense"
    assert add.inputs[1].inputs[0] is add.inputs[0]


def test_layer_factory_and_shared_layer():
    _, graph = graph_of("""
        import keras
        from keras import layers
        def conv(filters):
            return layers.Conv2D(filters, 3)
        shared = layers.Dense(4)
        inputs = keras.Input((8, 8, 1))
        x = conv(12)(inputs)
        x = layers.Flatten()(x)
        model = keras.Model(inputs, shared(shared(x)))
    """)
    conv_node = next(n for n in graph.nodes if n.kind == "Conv2D")
    assert conv_node.info.units == 12
    dense = [n for n in graph.nodes if n.kind == "Dense"]
    assert len(dense) == 2 and dense[0].construction is dense[1].construction


def test_subclassed_model_reads_call_in_order():
    _, graph = graph_of("""
        import tensorflow as tf
        class Net(tf.keras.Model):
            def __init__(self):
                super().__init__()
                self.conv = tf.keras.layers.Conv2D(8, 3)
                self.flat = tf.keras.layers.Flatten()
                self.out = tf.keras.layers.Dense(10)
            def call(self, inputs, training=False):
                x = self.conv(inputs)
                return self.out(self.flat(x))
        net = Net()
    """)
    assert edges(graph) == [("Input", []), ("Conv2D", ["Input"]), ("Flatten", ["Conv2D"]),
                            ("Dense", ["Flatten"])]
    assert graph.complete


def test_layer_class_call_graph_without_instantiation():
    facts = facts_of("""
        import keras
        class Block(keras.layers.Layer):
            def __init__(self, filters):
                super().__init__()
                self.conv = keras.layers.Conv2D(filters, 3)
                self.bn = keras.layers.BatchNormalization()
            def call(self, x):
                return self.bn(self.conv(x))
    """)
    (fact,) = facts.models.graphs
    assert fact.cls.name.value == "Block" and fact.model is None
    assert [n.kind for n in fact.graph.nodes] == ["Input", "Conv2D", "BatchNormalization"]


def test_functional_super_init_graph():
    facts = facts_of("""
        import keras
        class Backbone(keras.Model):
            def __init__(self, width):
                inputs = keras.Input((None, 3))
                x = keras.layers.Dense(width)(inputs)
                super().__init__(inputs=inputs, outputs=x)
    """)
    (fact,) = facts.models.graphs
    assert [n.kind for n in fact.graph.nodes] == ["InputLayer", "Dense"]


def test_unknown_tensors_are_opaque():
    _, graph = graph_of("""
        import keras
        import tensorflow as tf
        inputs = keras.Input((8,))
        x = inputs
        for _ in range(3):
            x = keras.layers.Dense(8)(x)
        y = tf.reshape(inputs, (-1, 2, 4))
        model = keras.Model(inputs, [keras.layers.Dense(1)(x), keras.layers.Flatten()(y)])
    """)
    heads = graph.outputs
    assert heads[0].inputs[0].opaque  # x is rebound in a loop
    assert heads[1].inputs[0].opaque  # an op we do not model
    assert not graph.complete


def test_steps_are_the_graph_main_path():
    facts = facts_of("""
        import keras
        from keras import layers
        inputs = keras.Input((8,))
        x = layers.Dense(8, activation="relu")(inputs)
        x = layers.Dropout(0.2)(x)
        model = keras.Model(inputs, layers.Dense(3, activation="softmax")(x))
    """)
    (model,) = facts.models.all_models
    path = [n.info for n in model.graph.nodes if not n.is_input]
    assert list(model.steps) == path
