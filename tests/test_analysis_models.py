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


def test_sequential_list_built_with_append_and_extend():
    """Layers appended in a loop are uncertain, but the head extended after the loop is the
    output whatever the loop did (a layer list passed to Sequential, issue 7)."""
    out = output_of("""
        import tensorflow as tf
        layers = [tf.keras.Input(shape=(64,))]
        for width in widths:
            layers.append(tf.keras.layers.Dense(width, activation="relu"))
            layers.append(tf.keras.layers.Dropout(0.2))
        stack = [tf.keras.layers.Dense(10)]
        stack.append(tf.keras.layers.Softmax())
        layers.extend([tf.keras.layers.Dense(10, activation="softmax")])
        model = tf.keras.Sequential(layers)
        other = tf.keras.Sequential(stack)
        model.compile(loss="categorical_crossentropy")
    """)
    assert (out.units, out.activation) == (10, "softmax")


@pytest.mark.parametrize("source", [
    # the last layer is added under a condition
    """
    import keras
    model = keras.Sequential([keras.layers.Dense(10)])
    if probs:
        model.add(keras.layers.Softmax())
    model.compile(loss="categorical_crossentropy")
    """,
    # a list variable whose last layer is appended in a loop, or reordered
    """
    import keras
    stack = [keras.layers.Dense(10)]
    for _ in range(depth):
        stack.append(keras.layers.Softmax())
    model = keras.Sequential(stack)
    model.compile(loss="categorical_crossentropy")
    """,
    """
    import keras
    stack = [keras.layers.Dense(10)]
    stack.append(keras.layers.Softmax())
    stack.reverse()
    model = keras.Sequential(stack)
    model.compile(loss="categorical_crossentropy")
    """,
    # a helper that may add layers (under its own condition)
    """
    import keras
    def add_head(m, probabilities):
        if probabilities:
            m.add(keras.layers.Softmax())
    model = keras.Sequential([keras.layers.Dense(10)])
    add_head(model, flag)
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


def test_sequential_layers_added_by_helpers():
    """`add_block(model, 64)`: the helper's unconditional `.add` calls, read with its arguments."""
    facts = facts_of("""
        import keras
        def add_block(m, filters):
            m.add(keras.layers.Conv2D(filters, 3, activation="relu"))
            m.add(keras.layers.MaxPooling2D())
        def add_head(m, classes):
            m.add(keras.layers.Flatten())
            m.add(keras.layers.Dense(classes, activation="softmax"))
            return m
        model = keras.Sequential([keras.Input((28, 28, 1))])
        add_block(model, 32)
        add_block(model, 64)
        add_head(model, 10)
        model.compile(loss="categorical_crossentropy")
    """)
    (compiled,) = facts.models.compiles
    model = compiled.model
    assert [s.kind for s in model.steps] == ["Conv2D", "MaxPooling2D", "Conv2D", "MaxPooling2D",
                                             "Flatten", "Dense"]
    assert [s.units for s in model.steps if s.kind == "Conv2D"] == [32, 64]
    assert (model.output.units, model.output.activation) == (10, "softmax")
    assert [n.in_helper for n in model.graph.nodes][1:] == [True] * 6


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


def test_functional_multiple_outputs_are_listed_in_order():
    facts = facts_of("""
        import keras
        inputs = keras.Input((16,))
        a = keras.layers.Dense(2, activation="softmax", name="kind")(inputs)
        b = keras.layers.Dense(1)(inputs)
        model = keras.Model(inputs, [a, b])
    """)
    (model,) = facts.models.all_models
    assert model.style == FUNCTIONAL and model.output is None and model.steps == ()
    assert [o.name for o in model.outputs] == ["kind", None] and not model.keyed
    assert [(o.facts.units, o.facts.activation) for o in model.outputs] == [
        (2, "softmax"), (1, "linear")]
    assert [[s.units for s in path] for path in model.paths] == [[2], [1]]


def test_dict_outputs_are_named_by_their_keys():
    model = facts_of("""
        import keras
        def build():
            inputs = keras.Input((16,))
            h = keras.layers.Dense(8, activation="relu")(inputs)
            return keras.Model(inputs, outputs={"score": keras.layers.Dense(1, name="s")(h),
                                                "kind": keras.layers.Dense(3)(h)})
        model = build()
        model.compile(loss="mse")
    """).models.compiles[0].model
    assert model.keyed and [o.name for o in model.outputs] == ["score", "kind"]
    assert model.outputs[1].facts.units == 3 and model.outputs[1].complete


def test_subclassed_model_returning_a_tuple_or_dict():
    facts = facts_of("""
        import keras
        class Pair(keras.Model):
            def __init__(self):
                super().__init__()
                self.a = keras.layers.Dense(4, activation="softmax", name="a")
                self.b = keras.layers.Dense(1)
            def call(self, x):
                return self.a(x), self.b(x)
        class Named(Pair):
            def call(self, x):
                return {"first": self.a(x), "second": self.b(x)}
        pair, named = Pair(), Named()
    """)
    pair, named = facts.models.all_models
    # Keras names a subclassed model's outputs itself: the layers' names are not used.
    assert [o.name for o in pair.outputs] == [None, None] and not pair.keyed
    assert [o.facts.activation for o in pair.outputs] == ["softmax", "linear"]
    assert [o.name for o in named.outputs] == ["first", "second"] and named.keyed


@pytest.mark.parametrize("outputs", [
    "[a, custom(a)]",  # a custom layer may return several tensors
    "[a, keras.layers.LSTM(4, return_state=True)(inputs)]",
    "[a, *more]",
    "{**heads, 'a': a}",
    "grown",  # a list appended to after it is written
])
def test_uncertain_output_structures_are_unknown(outputs):
    facts = facts_of(f"""
        import keras
        from mylib import custom, more, heads
        inputs = keras.Input((16, 4))
        a = keras.layers.Dense(2)(inputs)
        grown = [a]
        grown.append(keras.layers.Dense(3)(inputs))
        model = keras.Model(inputs, {outputs})
    """)
    model = facts.models.all_models[-1]
    assert model.outputs is None and model.output is None


def test_single_output_models_list_one_output():
    facts = facts_of("""
        import keras
        inputs = keras.Input((16,))
        model = keras.Model(inputs, keras.layers.Dense(3, name="out")(inputs))
        seq = keras.Sequential([keras.layers.Dense(2)])
    """)
    functional, seq = facts.models.all_models
    assert [o.name for o in functional.outputs] == ["out"]
    assert functional.outputs[0].facts is functional.output
    assert len(seq.outputs) == 1 and seq.outputs[0].facts is seq.output


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


_TWO_HEADS = """
    import keras
    inputs = keras.Input((16,))
    kind = keras.layers.Dense(4, activation="softmax", name="kind")(inputs)
    flag = keras.layers.Dense(1, name="flag")(inputs)
    model = keras.Model(inputs, [kind, flag])
"""


def paired(compile_line: str, prelude: str = _TWO_HEADS):
    """(output label, loss kind, output units) of each use the compile makes."""
    facts = facts_of(textwrap.dedent(prelude) + compile_line)
    return [(u.output_label, u.loss.kind, u.output.units if u.output else None)
            for u in facts.models.loss_uses]


def test_loss_list_pairs_by_position():
    assert paired('model.compile(loss=["categorical_crossentropy", "bce"])') == [
        ("output `kind`", "categorical_crossentropy", 4),
        ("output `flag`", "binary_crossentropy", 1)]


def test_loss_dict_pairs_by_output_name_and_skips_unknown_keys():
    assert paired('model.compile(loss={"flag": "mse", "dense_3": "bce"})') == [
        ("output `flag`", "mean_squared_error", 1)]


def test_single_loss_applies_to_every_output():
    assert [p[1] for p in paired('model.compile(loss="mse")')] == ["mean_squared_error"] * 2


@pytest.mark.parametrize("compile_line", [
    'model.compile(loss=["mse"])',  # wrong length
    'model.compile(loss=["mse", "mse", "mse"])',
    'model.compile(loss=[*losses])',
    'model.compile(loss={key: "mse"})',  # a key that is not a literal
    'model.compile(loss={**losses})',
    'losses = {"flag": "mse"}\nlosses["kind"] = "bce"\nmodel.compile(loss=losses)',
    'losses = ["mse"]\nlosses.append("bce")\nmodel.compile(loss=losses)',
    'losses = {"flag": "mse"}\nfill(losses)\nmodel.compile(loss=losses)\ndef fill(d): pass',
])
def test_uncertain_loss_pairings_make_no_use(compile_line):
    assert paired(compile_line + "\n") == []


def test_loss_list_does_not_pair_with_dict_outputs():
    prelude = """
        import keras
        inputs = keras.Input((16,))
        model = keras.Model(inputs, {"b": keras.layers.Dense(1)(inputs),
                                     "a": keras.layers.Dense(4)(inputs)})
    """
    # Keras flattens dict outputs in sorted key order: the written order says nothing.
    assert paired('model.compile(loss=["mse", "bce"])', prelude) == []
    assert paired('model.compile(loss={"a": "mse"})', prelude) == [
        ("output `a`", "mean_squared_error", 4)]


def test_each_output_gets_its_own_labels():
    facts = facts_of(textwrap.dedent(_TWO_HEADS) + textwrap.dedent("""
        model.compile(loss=["categorical_crossentropy", "bce"])
        model.fit(x, [y_kind, y_flag])
        model.fit(x, {"flag": y_flag2})
        model.fit(x, y_all)
    """))
    labels = [[facts.module.code_for_node(y) for y in use.labels]
              for use in facts.models.loss_uses]
    assert labels == [["y_kind"], ["y_flag", "y_flag2"]]


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


# -- which receivers are Keras models (KL301's fit calls) -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("source, expected", [
    ("import keras\nm = keras.Sequential([])", True),
    ("import tensorflow as tf\nm = tf.keras.models.load_model('a.h5')", True),
    ("from tensorflow.keras.applications import ResNet50\nm = ResNet50(weights=None)", True),
    ("import keras\nclass Net(keras.Model):\n    pass\nclass Deeper(Net):\n    pass\nm = Deeper()", True),
    ("import keras\ndef build():\n    model = keras.Sequential()\n    return model\nm = build()", True),
    ("from sklearn.svm import SVC\nm = SVC()", False),
    ("from tensorflow.keras.preprocessing.image import ImageDataGenerator\nm = ImageDataGenerator()", False),
    ("class Plain:\n    pass\nm = Plain()", False),
    ("def f(m):\n    return m", None),
    ("class C(Unknown):\n    pass\nm = C()", None),
])
def test_is_keras_model(source, expected):
    facts = facts_of(source + "\n__probe__(m)\n")
    expr = facts.index.calls[-1].args[0].value
    assert facts.models.is_keras_model(expr) is expected


def test_unresolved_receiver_depends_on_other_estimator_imports():
    keras_only = facts_of("import keras\ndef f(m, x):\n    m.fit(x)\n")
    with_sklearn = facts_of("import keras\nimport sklearn\ndef f(m, x):\n    m.fit(x)\n")
    assert keras_only.models.trains_keras_model(keras_only.method_calls("fit")[-1])
    assert not with_sklearn.models.trains_keras_model(with_sklearn.method_calls("fit")[-1])


# -- the fate of initial kernels (issue 7) ---------------------------------------------------------
def _replaced(source: str, name: str):
    facts = facts_of(source)
    replaced = facts.models.kernel_replaced_by(last_assigned(facts, name))
    return None if replaced is None else facts.module.code_for_node(replaced.func)


@pytest.mark.parametrize("source, name, expected", [
    ("import keras\nfc6 = keras.layers.Dense(8)\nfc6.set_weights(w)\nm = keras.Sequential([fc6])\n"
     "m.fit(x, y)", "fc6", "fc6.set_weights"),
    ("import keras\nd = keras.layers.Dense(8)\nm = keras.Sequential([keras.Input((3,)), d])\n"
     "m.load_weights('w.h5')\nm.fit(x, y)", "d", "m.load_weights"),
    ("import keras\nstack = []\nfor _ in range(2):\n    stack.append(keras.layers.Dense(8))\n"
     "head = keras.Sequential(stack)\nhead.layers[1].set_weights(w)", "head",
     None),  # the model itself is not a layer
    ("import keras\nd = keras.layers.Dense(8)\nm = keras.Sequential([d])\nm.fit(x, y)\n"
     "m.load_weights('best.h5')", "d", None),  # trained from the initializer first
    ("import keras\nd = keras.layers.Dense(8)\nm = keras.Sequential([d])\nif resume:\n"
     "    m.load_weights('w.h5')", "d", None),  # only under a condition
    ("import keras\nd = keras.layers.Dense(8)\nd.kernel.assign(w)", "d", "d.kernel.assign"),
    ("import keras\nimport tensorflow as tf\nd = keras.layers.Dense(8)\n"
     "m = keras.Sequential([keras.Input((3,)), d])\ntf.train.Checkpoint(model=m).restore(path)",
     "d", "tf.train.Checkpoint(model=m).restore"),
    ("import keras\nd = keras.layers.Dense(8)\nother = keras.layers.Dense(8)\nother.set_weights(w)",
     "d", None),
])
def test_kernel_replaced_before_training(source, name, expected):
    assert _replaced(source, name) == expected


def test_layers_appended_in_a_loop_are_covered_by_the_models_layer_access():
    facts = facts_of("""
        import keras
        stack = []
        for filters in [4096, 4096]:
            placeholder = keras.initializers.Constant(1.0)
            conv = keras.layers.Conv2D(filters, 1, kernel_initializer=placeholder)
            stack.append(conv)
        head = keras.Sequential(stack)
        head.layers[0].set_weights(w1)
    """)
    conv = facts.index.scopes[0].bindings["conv"][-1].node
    assert facts.models.kernel_replaced_by(conv) is not None


@pytest.mark.parametrize("source, alone", [
    ("import keras\nd = keras.layers.Dense(1)\nm = keras.Sequential([keras.Input((3,)), d])", True),
    ("import keras\ni = keras.Input((5, 5))\nd = keras.layers.Dense(10)\n"
     "m = keras.Model(i, d(i))", True),
    ("import keras\nd = keras.layers.Dense(1)\nm = keras.Sequential([keras.Input((3,)), "
     "keras.layers.Dense(4), d])", False),
    ("import keras\nd = keras.layers.Dense(1)\nhead = keras.Sequential([d])\n"
     "full = keras.Sequential([keras.Input((3,)), keras.layers.Dense(8), head])", False),
    ("import keras\nd = keras.layers.Dense(1)\nhead = keras.Sequential([d])\n"
     "inputs = keras.Input((3,))\nout = head(keras.layers.Dense(8)(inputs))", False),
])
def test_only_kernel_of_a_model_on_its_own(source, alone):
    facts = facts_of(source)
    assert facts.models.only_kernel(last_assigned(facts, "d")) is alone
# -- composition: training-dependent and loss-adding layers -----------------------------------

def training_whats(source: str, name: str = "model") -> list[str]:
    facts = facts_of(source)
    model = facts.models.model_of(facts.index.module_scope.bindings[name][-1].node)
    assert model is not None
    return [c.what for c in facts.models.training_layers(model)]


def loss_whats(source: str, name: str = "model") -> list[str]:
    facts = facts_of(source)
    model = facts.models.model_of(facts.index.module_scope.bindings[name][-1].node)
    assert model is not None
    return [c.what for c in facts.models.loss_layers(model)]


def test_sequential_dropout_and_batchnorm_are_training_layers():
    assert training_whats("""
        import keras
        model = keras.Sequential([keras.layers.Dense(8), keras.layers.BatchNormalization(),
                                  keras.layers.Dropout(0.5), keras.layers.Dense(1)])
    """) == ["batch normalization", "dropout"]


def test_zero_rate_dropout_and_plain_layers_are_not():
    assert training_whats("""
        import keras
        model = keras.Sequential([keras.layers.Dense(8), keras.layers.Dropout(0.0),
                                  keras.layers.LayerNormalization(), keras.layers.Dense(1)])
    """) == []


def test_functional_path_nested_model_and_rnn_dropout():
    assert training_whats("""
        import keras
        from keras import layers
        aug = keras.Sequential([layers.RandomFlip("horizontal")])
        inputs = keras.Input((32, 32, 3))
        x = aug(inputs)
        x = layers.Reshape((32, 96))(x)
        x = layers.LSTM(16, recurrent_dropout=0.2)(x)
        model = keras.Model(inputs, layers.Dense(1)(x))
    """) == ["augmentation", "dropout"]


def test_subclassed_model_custom_layer_and_applications():
    whats = training_whats("""
        import keras
        class Block(keras.layers.Layer):
            def call(self, x, training=None):
                if training:
                    return x * 0.5
                return x
        class Net(keras.Model):
            def __init__(self):
                super().__init__()
                self.base = keras.applications.MobileNetV2(include_top=False, weights=None)
                self.block = Block()
                self.head = keras.layers.Dense(3)
            def call(self, x):
                return self.head(self.block(self.base(x)))
        model = Net()
    """)
    assert sorted(whats) == ["batch normalization", "custom"]


def test_model_passed_to_a_trainer_class_is_seen_through_the_attribute():
    source = """
        import keras
        disc = keras.Sequential([keras.layers.Dense(8), keras.layers.Dropout(0.3),
                                 keras.layers.Dense(1)])
        class GAN(keras.Model):
            def __init__(self, discriminator):
                super().__init__()
                self.discriminator = discriminator
        gan = GAN(disc)
    """
    facts = facts_of(source)
    (cls,) = facts.index.classes["GAN"]
    assert [c.what for c in facts.models.class_training_layers(cls)] == ["dropout"]


def test_unknown_models_have_no_known_components():
    facts = facts_of("""
        import keras
        model = keras.models.load_model("m.keras")
    """)
    model = facts.models.model_of(facts.index.module_scope.bindings["model"][-1].node)
    assert facts.models.training_layers(model) == [] and facts.models.loss_layers(model) == []


def test_regularizers_activity_regularization_and_add_loss():
    assert loss_whats("""
        import keras
        from keras import regularizers
        model = keras.Sequential([
            keras.layers.Dense(8, kernel_regularizer=regularizers.l2(1e-4)),
            keras.layers.Dense(8, kernel_regularizer=None, bias_regularizer="l1"),
            keras.layers.ActivityRegularization(l1=0.01),
            keras.layers.Dense(1, kernel_regularizer=regularizers.l2(0.0)),
        ])
    """) == ["kernel_regularizer", "bias_regularizer", "ActivityRegularization"]
    facts = facts_of("""
        import keras
        class Sampling(keras.layers.Layer):
            def call(self, inputs):
                self.add_loss(keras.ops.mean(inputs))
                return inputs
        class VAE(keras.Model):
            def __init__(self):
                super().__init__()
                self.sample = Sampling()
    """)
    (vae,) = facts.index.classes["VAE"]
    assert [c.what for c in facts.models.class_loss_layers(vae)] == ["add_loss"]


def test_regularizer_through_an_unknown_parameter_is_not_counted():
    assert loss_whats("""
        import keras
        def build(reg):
            return keras.Sequential([keras.layers.Dense(8, kernel_regularizer=reg)])
        model = build(get_regularizer())
    """) == []
