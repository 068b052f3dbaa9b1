"""Model, layer and loss facts: what the analysis resolves, and where it must say "unknown"."""

from __future__ import annotations

import textwrap

import libcst as cst
import pytest

from keraslint.analysis import FileFacts
from keraslint.analysis.layers import ACTIVATION, PRESERVING, UNITS, UNKNOWN_LAYER, describe
from keraslint.analysis.losses import describe_loss
from keraslint.analysis.models import (
    APPLICATION,
    FUNCTIONAL,
    LAYER,
    LOADED,
    OP_SOURCE,
    OWN,
    SEQUENTIAL,
    SUBCLASSED,
)


def facts_of(source: str) -> FileFacts:
    return FileFacts(cst.parse_module(textwrap.dedent(source)))


def last_assigned(facts: FileFacts, name: str) -> cst.BaseExpression:
    """The value of the last module-level `name = ...`."""
    bindings = facts.index.module_scope.bindings[name]
    return bindings[-1].node


def layer(source: str, name: str = "layer"):
    facts = facts_of(source)
    return describe(facts, last_assigned(facts, name))


def only_compile(source: str):
    facts = facts_of(source)
    (compiled,) = facts.models.compiles
    return compiled


def output_of(source: str):
    compiled = only_compile(source)
    return None if compiled.model is None else compiled.model.output


# -- layers -----------------------------------------------------------------------------------
@pytest.mark.parametrize("source, units, activation", [
    ("import keras\nlayer = keras.layers.Dense(10)", 10, "linear"),
    ("import keras\nlayer = keras.layers.Dense(10, 'softmax')", 10, "softmax"),
    ("import keras\nlayer = keras.layers.Dense(units=3, activation='Softmax')", 3, "softmax"),
    ("import keras\nlayer = keras.layers.Dense(4, activation=None)", 4, "linear"),
    ("import tensorflow as tf\nlayer = tf.keras.layers.Dense(2, activation=tf.nn.sigmoid)",
     2, "sigmoid"),
    ("import keras\nlayer = keras.layers.Dense(2, activation=keras.activations.softmax)",
     2, "softmax"),
    ("import keras\nN = 7\nACT = 'relu'\nlayer = keras.layers.Dense(N, activation=ACT)", 7, "relu"),
    ("from tensorflow.keras.layers import Conv2D\nlayer = Conv2D(1, (1, 1), activation='softmax')",
     1, "softmax"),
    ("from keras import layers\nlayer = layers.Conv2D(8, 3, 1, 'same')", 8, "linear"),
    ("import keras\nlayer = keras.layers.LSTM(32)", 32, "tanh"),
])
def test_layer_units_and_activation(source, units, activation):
    info = layer(source)
    assert (info.category, info.units, info.activation) == (UNITS, units, activation)


@pytest.mark.parametrize("source", [
    "import keras\nlayer = keras.layers.Dense(10, **opts)",  # activation may be in opts
    "import keras, os\nlayer = keras.layers.Dense(10, activation=os.environ['ACT'])",
    "import keras\nlayer = keras.layers.Dense(10, activation=lambda x: x)",
    "from keras import layers\nlayer = layers.Conv2D(8, 3, 1, 'same', None, 1, 1, 'softmax')",
])
def test_layer_activation_unknown(source):
    assert layer(source).activation is None


def test_layer_units_unknown_from_runtime_value():
    assert layer("import keras, sys\nlayer = keras.layers.Dense(int(sys.argv[1]))").units is None


def test_layer_categories():
    source = """
        import keras
        from keras import layers
        a = layers.Activation("softmax")
        s = layers.Softmax()
        d = layers.Dropout(0.5)
        c = MyLayer(3)
        h = hub.KerasLayer("url")
    """
    facts = facts_of(source)
    kinds = {n: describe(facts, last_assigned(facts, n)) for n in "asdch"}
    assert (kinds["a"].category, kinds["a"].activation) == (ACTIVATION, "softmax")
    assert (kinds["s"].category, kinds["s"].activation) == (ACTIVATION, "softmax")
    assert kinds["d"].category == PRESERVING
    assert kinds["c"].category == UNKNOWN_LAYER and kinds["h"].category == UNKNOWN_LAYER


def test_builder_arguments_reach_the_layer():
    source = """
        import keras
        def head(n, act="softmax"):
            return keras.layers.Dense(n, activation=act)
        layer = head(5)
    """
    facts = facts_of(source)
    dense = facts.calls_to("keras.layers.Dense")[0]
    info = describe(facts, dense)
    assert (info.units, info.activation) == (5, "softmax")


def test_builder_with_two_callers_is_unknown():
    source = """
        import keras
        def head(n):
            return keras.layers.Dense(n, activation="softmax")
        a = head(5)
        b = head(1)
    """
    facts = facts_of(source)
    assert describe(facts, facts.calls_to("keras.layers.Dense")[0]).units is None


# -- losses -----------------------------------------------------------------------------------
@pytest.mark.parametrize("expr, kind, from_logits, form", [
    ('"categorical_crossentropy"', "categorical_crossentropy", False, "string"),
    ('"bce"', "binary_crossentropy", False, "string"),
    ('"MSE"', "mean_squared_error", False, "string"),
    ('"SparseCategoricalCrossentropy"', "sparse_categorical_crossentropy", False, "string"),
    ("keras.losses.CategoricalCrossentropy()", "categorical_crossentropy", False, "instance"),
    ("keras.losses.CategoricalCrossentropy(from_logits=True)", "categorical_crossentropy", True,
     "instance"),
    ("keras.losses.SparseCategoricalCrossentropy(True)", "sparse_categorical_crossentropy", True,
     "instance"),
    ("keras.losses.BinaryFocalCrossentropy(from_logits=True)", "binary_focal_crossentropy", True,
     "instance"),
    ("keras.losses.binary_crossentropy", "binary_crossentropy", False, "function"),
    ("keras.losses.Huber()", "huber", False, "instance"),
    ('keras.losses.get("categorical_crossentropy")', "categorical_crossentropy", False, "string"),
])
def test_loss_facts(expr, kind, from_logits, form):
    facts = facts_of(f"import keras\nloss = {expr}")
    loss = describe_loss(facts, last_assigned(facts, "loss"))
    assert (loss.kind, loss.from_logits, loss.form) == (kind, from_logits, form)


def test_loss_through_names_and_tf_spelling():
    facts = facts_of("""
        import tensorflow as tf
        from tensorflow.keras.losses import SparseCategoricalCrossentropy as SCCE
        LOGITS = True
        base = SCCE(from_logits=LOGITS)
        loss = base
    """)
    loss = describe_loss(facts, last_assigned(facts, "loss"))
    assert (loss.kind, loss.from_logits) == ("sparse_categorical_crossentropy", True)


@pytest.mark.parametrize("expr", [
    "keras.losses.CategoricalCrossentropy(from_logits=flag)",
    "keras.losses.CategoricalCrossentropy(**cfg)",
])
def test_loss_from_logits_unknown(expr):
    facts = facts_of(f"import keras\nflag = compute()\nloss = {expr}")
    assert describe_loss(facts, last_assigned(facts, "loss")).from_logits is None


def test_tf_nn_ops_take_logits():
    facts = facts_of("""
        import tensorflow as tf
        loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=z)
    """)
    loss = describe_loss(facts, last_assigned(facts, "loss"))
    assert (loss.kind, loss.from_logits) == ("sparse_categorical_crossentropy", True)
    assert loss.form == "op"


def test_unknown_losses():
    facts = facts_of("""
        import keras
        def my_loss(y, p):
            return p
        loss = my_loss
        name = "crossentropy"
    """)
    assert describe_loss(facts, last_assigned(facts, "loss")) is None
    assert describe_loss(facts, last_assigned(facts, "name")) is None


# -- model outputs ----------------------------------------------------------------------------
def test_sequential_list_own_softmax():
    compiled = only_compile("""
        import keras
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8),
                                  keras.layers.Dense(3, activation="softmax")])
        model.compile(loss="categorical_crossentropy")
    """)
    model = compiled.model
    assert model.style == SEQUENTIAL and model.complete and len(model.steps) == 2
    out = model.output
    assert (out.units, out.activation, out.activation_source) == (3, "softmax", OWN)
    assert compiled.loss.kind == "categorical_crossentropy"


def test_sequential_add_chain_with_activation_layer():
    out = output_of("""
        import tensorflow as tf
        model = tf.keras.models.Sequential()
        model.add(tf.keras.layers.Dense(10))
        model.add(tf.keras.layers.BatchNormalization())
        model.add(tf.keras.layers.Activation("softmax"))
        model.compile("adam", "categorical_crossentropy")
    """)
    assert (out.units, out.activation, out.activation_source) == (10, "softmax", LAYER)
    assert out.units_layer.kind == "Dense"


def test_sequential_list_in_a_variable():
    out = output_of("""
        import keras
        stack = [keras.layers.Dense(8, activation="relu"),
                 keras.layers.Dense(1, activation="sigmoid")]
        model = keras.Sequential(stack)
        model.compile(loss="binary_crossentropy")
    """)
    assert (out.units, out.activation) == (1, "sigmoid")


@pytest.mark.parametrize("source", [
    # the last layer is added under a condition
    """
    import keras
    model = keras.Sequential([keras.layers.Dense(10)])
    if probs:
        model.add(keras.layers.Softmax())
    model.compile(loss="categorical_crossentropy")
    """,
    # a list variable mutated later
    """
    import keras
    stack = [keras.layers.Dense(10)]
    stack.append(keras.layers.Softmax())
    model = keras.Sequential(stack)
    model.compile(loss="categorical_crossentropy")
    """,
    # a helper may add layers
    """
    import keras
    def add_head(m):
        m.add(keras.layers.Softmax())
    model = keras.Sequential([keras.layers.Dense(10)])
    add_head(model)
    model.compile(loss="categorical_crossentropy")
    """,
    # custom layer at the end
    """
    import keras
    model = keras.Sequential([keras.layers.Dense(10), Head()])
    model.compile(loss="categorical_crossentropy")
    """,
    # layers popped
    """
    import keras
    model = keras.Sequential([keras.layers.Dense(10), keras.layers.Softmax()])
    model.pop()
    model.compile(loss="categorical_crossentropy")
    """,
])
def test_sequential_unknown_output(source):
    assert output_of(source) is None


def test_functional_chain_and_ops():
    out = output_of("""
        import tensorflow as tf
        from tensorflow.keras import layers
        inputs = tf.keras.Input((16,))
        x = layers.Dense(32, activation="relu")(inputs)
        x = layers.Dropout(0.5)(x)
        x = layers.Dense(4)(x)
        outputs = tf.nn.softmax(x)
        model = tf.keras.Model(inputs=inputs, outputs=outputs)
        model.compile(loss="categorical_crossentropy")
    """)
    assert (out.units, out.activation, out.activation_source) == (4, "softmax", OP_SOURCE)


def test_functional_traces_to_input():
    facts = facts_of("""
        import keras
        inputs = keras.Input((16,))
        hidden = keras.layers.Dense(8, activation="relu")
        x = hidden(inputs)
        outputs = keras.layers.Dense(2, activation="softmax")(x)
        model = keras.Model(inputs, [outputs])
    """)
    (model,) = facts.models.all_models
    assert model.style == FUNCTIONAL and model.complete
    assert [s.units for s in model.steps] == [8, 2]
    assert model.output.activation == "softmax"


def test_functional_multiple_outputs_unknown():
    facts = facts_of("""
        import keras
        inputs = keras.Input((16,))
        a = keras.layers.Dense(2, activation="softmax")(inputs)
        b = keras.layers.Dense(1)(inputs)
        model = keras.Model(inputs, [a, b])
    """)
    (model,) = facts.models.all_models
    assert model.style == FUNCTIONAL and model.output is None


def test_functional_helper_function_is_traced():
    out = output_of("""
        import keras
        def head(x, n):
            return keras.layers.Dense(n, activation="sigmoid")(x)
        inputs = keras.Input((16,))
        model = keras.Model(inputs, head(inputs, 6))
        model.compile(loss="binary_crossentropy")
    """)
    assert (out.units, out.activation) == (6, "sigmoid")


def test_subclassed_model():
    compiled = only_compile("""
        import tensorflow as tf
        class Net(tf.keras.Model):
            def __init__(self, classes):
                super().__init__()
                self.body = tf.keras.layers.Dense(64, activation="relu")
                self.out = tf.keras.layers.Dense(classes, activation="softmax")
            def call(self, inputs):
                x = self.body(inputs)
                return self.out(x)
        net = Net(12)
        net.compile(loss="sparse_categorical_crossentropy")
    """)
    assert compiled.model.style == SUBCLASSED
    out = compiled.model.output
    assert (out.units, out.activation, out.activation_source) == (12, "softmax", OWN)


def test_subclassed_model_with_branching_call_is_unknown():
    out = output_of("""
        import keras
        class Net(keras.Model):
            def __init__(self):
                super().__init__()
                self.out = keras.layers.Dense(3)
            def call(self, x, training=False):
                if training:
                    return self.out(x)
                return keras.ops.softmax(self.out(x))
        net = Net()
        net.compile(loss="categorical_crossentropy")
    """)
    assert out is None


def test_builder_function_and_compile_outside():
    facts = facts_of("""
        import keras
        def build(num_classes, activation="softmax"):
            model = keras.Sequential()
            model.add(keras.layers.Dense(num_classes, activation=activation))
            return model
        model = build(7)
        model.compile(loss="categorical_crossentropy")
        model.fit(x, y_train)
    """)
    (compiled,) = facts.models.compiles
    assert (compiled.model.output.units, compiled.model.output.activation) == (7, "softmax")
    (fit,) = facts.models.fits
    assert fit.model.same_as(compiled.model)
    (use,) = facts.models.loss_uses
    assert [facts.module.code_for_node(y) for y in use.labels] == ["y_train"]


def test_application_models():
    out = output_of("""
        import keras
        model = keras.applications.EfficientNetB0(weights=None, classes=4,
                                                  classifier_activation=None)
        model.compile(loss="categorical_crossentropy")
    """)
    assert (out.units, out.activation) == (4, "linear")
    facts = facts_of("import keras\nbase = keras.applications.ResNet50(include_top=False)")
    (model,) = facts.models.all_models
    assert model.style == APPLICATION and model.output is None


@pytest.mark.parametrize("source", [
    "import keras\nmodel = keras.models.load_model('m.keras')\nmodel.compile(loss='mse')",
    "import keras\ndef f(model):\n    model.compile(loss='mse')",
    "import keras\nmodel = get_model()\nmodel.compile(loss='mse')",
])
def test_unknown_models(source):
    compiled = only_compile(source)
    model = compiled.model
    assert model is None or (model.style == LOADED and model.output is None)


def test_model_passed_to_a_single_caller_is_resolved():
    compiled = only_compile("""
        import keras
        def train(model):
            model.compile(loss="categorical_crossentropy")
        train(keras.Sequential([keras.layers.Dense(3)]))
    """)
    assert compiled.model.output.activation == "linear"


def test_compile_loss_forms():
    facts = facts_of("""
        import keras
        m = keras.Sequential([keras.layers.Dense(1)])
        m.compile("adam", "mse")
        m.compile(loss=["binary_crossentropy"])
        m.compile(loss={"out": "mse"})
    """)
    kinds = [c.loss.kind if c.loss else None for c in facts.models.compiles]
    assert kinds == ["mean_squared_error", "binary_crossentropy", None]


# -- custom training loops and labels ---------------------------------------------------------
def test_custom_loop_pairs_loss_object_with_model():
    facts = facts_of("""
        import tensorflow as tf
        model = tf.keras.Sequential([tf.keras.layers.Dense(10)])
        loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
        def step(x, y):
            with tf.GradientTape() as tape:
                logits = model(x, training=True)
                loss = loss_fn(y, logits)
    """)
    (use,) = facts.models.loss_uses
    assert use.compile is None and use.loss.from_logits is True
    assert use.anchor is use.loss.node
    assert facts.module.code_for_node(use.labels[0]) == "y"


def test_custom_loop_on_unknown_predictions_is_ignored():
    facts = facts_of("""
        import tensorflow as tf
        model = tf.keras.Sequential([tf.keras.layers.Dense(10)])
        loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
        loss = loss_fn(y, tf.nn.softmax(model(x)))
    """)
    assert facts.models.loss_uses == []


def test_fit_labels_from_dataset_and_encoding():
    facts = facts_of("""
        import tensorflow as tf
        (x, y), _ = tf.keras.datasets.mnist.load_data()
        ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)
        model = tf.keras.Sequential([tf.keras.layers.Dense(10)])
        model.compile(loss="categorical_crossentropy")
        model.fit(ds)
    """)
    (fit,) = facts.models.fits
    labels = facts.models.fit_labels(fit)
    assert facts.module.code_for_node(labels) == "y"
    assert facts.models.label_encoding(labels) == "integer"


def test_fits_after_a_recompile_are_paired_with_the_new_loss():
    facts = facts_of("""
        import keras
        model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
        model.compile(loss="categorical_crossentropy")
        model.fit(a, b)
        model.compile(loss="sparse_categorical_crossentropy")
        model.fit(c, d)
    """)
    first, second = facts.models.loss_uses
    assert [facts.module.code_for_node(y) for y in first.labels] == ["b"]
    assert [facts.module.code_for_node(y) for y in second.labels] == ["d"]


def test_model_held_in_a_trainer_attribute():
    facts = facts_of("""
        import tensorflow as tf
        class Trainer:
            def __init__(self, n):
                self.model = tf.keras.Sequential([tf.keras.layers.Dense(n, activation="softmax")])
                self.loss_fn = tf.keras.losses.CategoricalCrossentropy(from_logits=True)
            def setup(self):
                self.model.compile(loss="categorical_crossentropy")
            def step(self, x, y):
                return self.loss_fn(y, self.model(x, training=True))
        trainer = Trainer(10)
    """)
    (compiled,) = facts.models.compiles
    assert (compiled.model.output.units, compiled.model.output.activation) == (10, "softmax")
    loop = [u for u in facts.models.loss_uses if u.compile is None]
    assert len(loop) == 1 and loop[0].loss.from_logits is True
    assert loop[0].model.same_as(compiled.model)


def test_attribute_assigned_twice_is_unknown():
    compiled = only_compile("""
        import keras
        class Trainer:
            def __init__(self):
                self.model = keras.Sequential([keras.layers.Dense(3)])
            def rebuild(self):
                self.model = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
            def setup(self):
                self.model.compile(loss="categorical_crossentropy")
    """)
    assert compiled.model is None


def test_layers_added_after_compile_do_not_count():
    out = output_of("""
        import keras
        model = keras.Sequential()
        model.add(keras.layers.Dense(10))
        model.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=True))
        model.add(keras.layers.Softmax())
    """)
    assert (out.activation, out.activation_source) == ("linear", OWN)


def test_attribute_assigned_in_a_branch_and_in_init_is_unknown():
    compiled = only_compile("""
        import keras
        class Trainer:
            def __init__(self, big):
                self.model = keras.Sequential([keras.layers.Dense(3)])
                try:
                    pass
                except ValueError:
                    if big:
                        self.model = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
            def setup(self):
                self.model.compile(loss="categorical_crossentropy")
    """)
    assert compiled.model is None
