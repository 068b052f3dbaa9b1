"""The slicer, statically: the program text a finding produces and the facts it carries.

No TensorFlow here: slices are built from LibCST facts only, and asserted as text.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import libcst as cst
import pytest

from keraslint.analysis import FileFacts
from keraslint.engine.runner import lint_source
from keraslint.rules import all_rules
from keraslint.verifier.protocol import INCONCLUSIVE, Job, Verdict
from keraslint.verifier.slicer import STAND_IN_NOTE, build_job

RULES = [rule() for rule in all_rules().values()]


def slices(source: str, code: str, path: str = "prog.py") -> list:
    """build_job for every finding of `code` in `source` (the rule must fire)."""
    text = textwrap.dedent(source).encode()
    findings = [f for f in lint_source(text, path, RULES).findings if f.code == code]
    assert findings, f"{code} did not fire on the test program"
    facts = FileFacts(cst.parse_module(text), path)
    return [build_job(facts, finding, None) for finding in findings]


def one_job(source: str, code: str) -> Job:
    job = slices(source, code)[0]
    assert isinstance(job, Job), getattr(job, "evidence", job)
    compile(job.program, "<slice>", "exec")  # always valid Python
    return job


def body(job: Job) -> str:
    """The user's statements in the slice (after the prologue)."""
    return job.program.split("# -- the slice of the user's program --", 1)[1]


MNIST_MLP = """
    import numpy as np
    import matplotlib.pyplot as plt
    from tensorflow import keras

    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    x_train = x_train.reshape(-1, 784).astype("float32") / 255.0
    y_train = keras.utils.to_categorical(y_train, 10)
    unused = np.arange(10)

    model = keras.Sequential()
    model.add(keras.Input(shape=(784,)))
    model.add(keras.layers.Dense(64, activation="relu",
                                 kernel_initializer=keras.initializers.RandomNormal(mean=5.0, stddev=0.05)))
    model.add(keras.layers.Dense(10, activation="softmax"))
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    model.summary()
    history = model.fit(x_train, y_train, epochs=3)
    plt.plot(history.history["loss"])
    model.save("m.keras")
    print("done")
"""


def test_sequential_slice_keeps_the_model_and_stubs_the_dataset():
    job = one_job(MNIST_MLP, "KL101")
    text = body(job)
    assert "__keraslint_dataset__('mnist')" in text
    assert "keras.datasets.mnist.load_data()" not in text
    assert "model.add(keras.Input(shape=(784,)))" in text
    assert "model.add(keras.layers.Dense(10, activation=\"softmax\"))" in text
    assert "__keraslint_mark__('layer', keras.layers.Dense(64" in text
    assert "__keraslint_mark__('initializer', keras.initializers.RandomNormal(mean=5.0" in text
    assert "__keraslint_mark__('model', keras.Sequential())" in text
    assert '__keraslint_loss__ = "categorical_crossentropy"' in text
    assert "__keraslint_x__ = __keraslint_head__(x_train)" in text
    assert "__keraslint_y__ = __keraslint_head__(y_train)" in text
    for absent in (".fit(", ".save(", "print(", "plt", "matplotlib", ".summary(", "unused",
                   "import numpy"):
        assert absent not in text, absent
    assert "def __keraslint_dataset__" in job.program


def test_initializer_facts():
    job = one_job(MNIST_MLP, "KL101")
    assert job.facts["mean"] == 5.0 and job.facts["stddev"] == 0.05
    assert job.facts["layer_activation"] == "relu"
    assert job.facts["initializer"].startswith("keras.initializers.RandomNormal(")
    assert job.facts["input_shape"] == [784]
    assert job.facts["num_classes"] == 10 and job.facts["output_activation"] == "softmax"
    assert job.facts["loss_kind"] == "categorical_crossentropy"
    assert job.facts["label_encoding"] == "one_hot"


def test_builder_default_is_bound_and_inlined():
    job = one_job("""
        import tensorflow as tf

        def build_model(units=64, kernel_init="zeros"):
            model = tf.keras.Sequential([
                tf.keras.Input(shape=(20,)),
                tf.keras.layers.Dense(units, activation="relu", kernel_initializer=kernel_init),
                tf.keras.layers.Dense(3, activation="softmax"),
            ])
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
            model.fit(X, y, epochs=100)
            return model

        model = build_model()
        model.save("x.keras")
    """, "KL103")
    text = body(job)
    assert "units = 64" in text and 'kernel_init = "zeros"' in text
    assert "__keraslint_mark__('initializer', kernel_init)" in text
    assert '__keraslint_loss__ = "sparse_categorical_crossentropy"' in text
    assert ".fit(" not in text and ".save(" not in text and "def build_model" not in text


def test_main_function_with_training_is_cut_to_the_model():
    job = one_job("""
        import argparse
        import tensorflow as tf

        def main():
            (x, y), _ = tf.keras.datasets.cifar10.load_data()
            x = x.astype("float32") / 255.0
            model = tf.keras.Sequential([
                tf.keras.Input(shape=(32, 32, 3)),
                tf.keras.layers.Flatten(),
                tf.keras.layers.Dense(10, activation="softmax"),
            ])
            model.compile(loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
            for epoch in range(3):
                model.fit(x, y)
            print(model.evaluate(x, y))

        if __name__ == "__main__":
            main()
    """, "KL201")
    text = body(job)
    assert "__keraslint_dataset__('cifar10')" in text
    assert "__keraslint_loss__ = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)" \
        in text
    assert "__keraslint_x__ = __keraslint_head__(x)" in text
    assert "for epoch" not in text and "evaluate" not in text and "argparse" not in text
    assert job.facts["from_logits"] is True and job.facts["activation_source"] == "own"


def test_subclassed_model_keeps_its_class_and_custom_loop_loss_is_marked():
    job = one_job("""
        import tensorflow as tf

        class Net(tf.keras.Model):
            def __init__(self):
                super().__init__()
                self.hidden = tf.keras.layers.Dense(32, activation="relu")
                self.out = tf.keras.layers.Dense(10)

            def call(self, x):
                return self.out(self.hidden(x))

        (x_train, y_train), _ = tf.keras.datasets.mnist.load_data()
        x_train = x_train.reshape(-1, 784).astype("float32") / 255.0
        ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).batch(32)
        model = Net()
        loss_object = tf.keras.losses.SparseCategoricalCrossentropy()
        optimizer = tf.keras.optimizers.Adam()

        for xb, yb in ds:
            with tf.GradientTape() as tape:
                loss = loss_object(yb, model(xb, training=True))
            grads = tape.gradient(loss, model.trainable_variables)
            optimizer.apply_gradients(zip(grads, model.trainable_variables))
    """, "KL202")
    text = body(job)
    assert "class Net(tf.keras.Model):" in text
    assert "__keraslint_mark__('loss', tf.keras.losses.SparseCategoricalCrossentropy())" in text
    assert "__keraslint_x__ = __keraslint_head__(x_train)" in text
    assert "GradientTape" not in text and "optimizer" not in text and "for xb" not in text


def test_custom_layer_weight_marks_the_layer_instances():
    job = one_job("""
        import keras
        from keras import layers

        class Gated(layers.Layer):
            def __init__(self, units=32, **kwargs):
                super().__init__(**kwargs)
                self.units = units

            def build(self, input_shape):
                self.kernel = self.add_weight(shape=(input_shape[-1], self.units),
                                              initializer="ones")

            def call(self, x):
                return keras.ops.matmul(x, self.kernel)

        model = keras.Sequential([keras.Input(shape=(12,)), Gated(32),
                                  layers.Dense(3, activation="softmax")])
    """, "KL103")
    assert "__keraslint_mark__('layer', Gated(32))" in body(job)


def test_dimension_of_csv_data_becomes_a_stated_stand_in():
    job = one_job("""
        import pandas as pd
        import keras

        df = pd.read_csv("data.csv")
        x = df.drop(columns=["y"]).values
        model = keras.Sequential([keras.Input(shape=(x.shape[1],)),
                                  keras.layers.Dense(1, activation="softmax")])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(x, df["y"].values)
    """, "KL203")
    text = body(job)
    assert "keras.Input(shape=(32,))" in text
    assert "pandas" not in text and "read_csv" not in text and "__keraslint_x__" not in text
    assert job.facts[STAND_IN_NOTE] == [
        "`x.shape[1]` taken as 32 (its data comes from `pandas` at run time)"]


@pytest.mark.parametrize("written, shown", [("x.shape[1:]", "(32,)"),
                                            ("(x.shape[-1],)", "(32,)")])
def test_per_sample_shape_of_unknowable_data_becomes_a_stated_stand_in(written, shown):
    job = one_job(f"""
        from sklearn.datasets import fetch_california_housing
        from sklearn.preprocessing import StandardScaler
        import keras

        x = StandardScaler().fit_transform(fetch_california_housing().data)
        model = keras.Sequential([keras.Input(shape={written}),
                                  keras.layers.Dense(30, activation="relu", kernel_initializer="zeros"),
                                  keras.layers.Dense(1)])
    """, "KL103")
    text = body(job)
    assert f"keras.Input(shape={shown})" in text and "sklearn" not in text
    assert any("taken as" in note and "sklearn" in note for note in job.facts[STAND_IN_NOTE])


def test_fan_in_dependent_rule_gets_a_stated_stand_in():
    job = slices("""
        import pandas as pd
        import keras

        x = pd.read_csv("data.csv").values
        model = keras.Sequential([
            keras.Input(shape=(x.shape[1],)),
            keras.layers.Dense(64, activation="tanh",
                               kernel_initializer=keras.initializers.RandomUniform(-10, 10)),
            keras.layers.Dense(1, activation="sigmoid"),
        ])
    """, "KL102")[0]
    assert isinstance(job, Job), job
    assert "pandas" not in body(job) and "keras.Input(shape=(32,))" in body(job)
    notes = job.facts[STAND_IN_NOTE]
    assert notes[0] == "`x.shape[1]` taken as 32 (its data comes from `pandas` at run time)"
    assert "the input width is a stand-in" in notes[1] and "fan-in of 32" in notes[1]


def test_model_built_from_a_config_file_defeats_slicing():
    verdict = slices("""
        import json
        import keras

        config = json.load(open("config.json"))
        model = keras.Sequential([
            keras.Input(shape=(20,)),
            keras.layers.Dense(config["hidden"], activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ])
        model.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=True))
    """, "KL201")[0]
    assert isinstance(verdict, Verdict) and verdict.verdict == INCONCLUSIVE
    assert verdict.evidence.startswith("the slice cannot be built: ")
    assert "`config`, read on line 6" in verdict.evidence
    assert "reads data at run time through `open(\"config.json\")`" in verdict.evidence


def test_parameter_without_default_is_named():
    verdict = slices("""
        import keras

        def build(width):
            model = keras.Sequential([keras.Input(shape=(width,)),
                                      keras.layers.Dense(8, kernel_initializer="zeros"),
                                      keras.layers.Dense(2, activation="softmax")])
            return model
    """, "KL103")[0]
    assert isinstance(verdict, Verdict)
    assert "parameter `width` of `build` has no default and no call passes it" in verdict.evidence


def test_builder_called_with_different_arguments_runs_as_written():
    """A clean builder is kept as a `def`: both calls run with their own arguments (the
    epilogue then takes the flagged layer from the model it binds)."""
    job = one_job("""
        import keras

        def build(width, init="zeros"):
            return keras.Sequential([keras.Input(shape=(width,)),
                                     keras.layers.Dense(8, kernel_initializer=init),
                                     keras.layers.Dense(2, activation="softmax")])

        a = build(4)
        b = build(16)
    """, "KL103")
    text = body(job)
    assert "def build(width, init=__keraslint_mark__('initializer', \"zeros\")):" not in text
    assert "def build(width, init=\"zeros\"):" in text
    assert "a = build(4)" in text and "b = build(16)" in text


def test_application_is_built_without_downloaded_weights():
    job = one_job("""
        import tensorflow as tf
        base = tf.keras.applications.MobileNetV2(weights="imagenet", include_top=False,
                                                 input_shape=(96, 96, 3))
        inputs = tf.keras.Input(shape=(96, 96, 3))
        x = tf.keras.layers.GlobalAveragePooling2D()(base(inputs))
        outputs = tf.keras.layers.Dense(1, activation="softmax")(x)
        model = tf.keras.Model(inputs, outputs)
        model.compile(loss="binary_crossentropy")
    """, "KL203")
    text = body(job)
    assert "weights=None" in text and "imagenet" not in text
    assert "__keraslint_mark__('layer', tf.keras.layers.Dense(1" in text


def test_memory_rule_carries_facts_only():
    job = one_job("""
        import numpy as np
        import keras
        x = np.zeros((25000, 150, 150, 3))
        y = np.zeros(25000)
        model = keras.Sequential([keras.Input(shape=(150, 150, 3)), keras.layers.Flatten(),
                                  keras.layers.Dense(1, activation="sigmoid")])
        model.fit(x, y, epochs=1)
    """, "KL301")
    assert job.program == ""
    assert job.facts["call"] == "fit"
    assert {"name": "x", "shape": [25000, 150, 150, 3], "dtype": "float64",
            "min_itemsize": None} in job.facts["arrays"]
    assert job.facts["total_bytes"] == 25000 * 150 * 150 * 3 * 8 + 25000 * 8
    assert job.facts["threshold_bytes"] == 2 ** 30
    assert job.facts["np_load_path"] is None


def test_memory_rule_np_load_path():
    job = one_job("""
        import numpy as np
        import tensorflow as tf
        x = np.load("big/x.npy").reshape(500_000, 4096)
        ds = tf.data.Dataset.from_tensor_slices((x, np.load("big/y.npy")))
    """, "KL302")
    assert job.facts["call"] == "from_tensor_slices"
    assert job.facts["np_load_path"] == "big/x.npy"
    assert job.facts["source_dir"]
    assert job.facts["arrays"][0]["min_itemsize"] == 1  # the reshape states a shape, not a dtype


@pytest.mark.parametrize("path", ["fixtures/KL201/buggy_tape_loop_softmax.py",
                                  "fixtures/KL103/buggy_builder_default_zeros.py",
                                  "fixtures/KL205/buggy_to_categorical_sparse.py"])
def test_fixture_slices_compile_and_never_import_data_libraries(path):
    source = open(path, "rb").read()
    facts = FileFacts(cst.parse_module(source), path)
    for finding in lint_source(source, path, RULES).findings:
        job = build_job(facts, finding, None) if finding.code.startswith("KL") else None
        if isinstance(job, Job) and job.program:
            compile(job.program, "<slice>", "exec")
            assert "load_data()" not in body(job) and ".fit(" not in body(job)


def test_slicer_imports_no_heavy_modules():
    code = ("import sys, keraslint.verifier.slicer\n"
            "print(sorted(m for m in ('tensorflow', 'keras', 'numpy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- functions kept as written, loops, classes, several outputs, stand-ins ---------------------

def test_loop_variable_is_bound_by_the_loop_it_is_read_in():
    job = one_job("""
        import tensorflow as tf
        from tensorflow.keras import layers

        def main():
            inp = tf.keras.Input(shape=(32, 32, 3))
            x = inp
            for filters in (32, 64):
                x = layers.Conv2D(filters, 3, kernel_initializer=tf.keras.initializers.RandomNormal(mean=5.0))(x)
            model = tf.keras.Model(inp, layers.Dense(10, activation="softmax")(layers.Flatten()(x)))
            model.compile(loss="sparse_categorical_crossentropy")
            model.fit(inp, inp)

        main()
    """, "KL101")
    text = body(job)
    assert "for filters in (32, 64):" in text and ".fit(" not in text


def test_clean_builders_are_kept_and_called_as_written_at_any_depth():
    """`main` trains (inlined, training cut); `build` and `head` are kept as defs, and the
    call of `head` inside a larger statement runs as written."""
    job = one_job("""
        import keras

        def head(x, units=10):
            return keras.layers.Dense(units, kernel_initializer=keras.initializers.RandomNormal(mean=3.0))(x)

        def build():
            inp = keras.Input(shape=(8,))
            return keras.Model(inp, head(keras.layers.Dense(16)(inp)))

        def main():
            model = build()
            model.compile(loss="mse")
            model.fit(None, None)

        if __name__ == "__main__":
            main()
    """, "KL101")
    text = body(job)
    assert "def head(x, units=10):" in text and "def build():" in text
    assert "return __keraslint_mark__('model', keras.Model(inp, head(" in text
    assert "model = build()" in text and '__keraslint_loss__ = "mse"' in text
    assert ".fit(" not in text and "def main" not in text


def test_class_based_trainer_is_instantiated_as_the_module_does():
    job = one_job("""
        import keras

        class Trainer:
            def __init__(self, n_features, lr=1e-3):
                self.n_features = n_features
                self.model = self._build()
                self.loss_fn = keras.losses.BinaryCrossentropy()

            def _build(self):
                inputs = keras.Input(shape=(self.n_features,))
                x = keras.layers.Dense(16, kernel_initializer="ones")(inputs)
                return keras.Model(inputs, keras.layers.Dense(1, activation="sigmoid")(x))

            def train(self, x, y):
                self.model.compile(optimizer="adam", loss=self.loss_fn)
                return self.model.fit(x, y)

        if __name__ == "__main__":
            trainer = Trainer(20)
            trainer.train(None, None)
    """, "KL101")
    text = body(job)
    assert "class Trainer:" in text and "trainer = Trainer(20)" in text
    assert "return __keraslint_mark__('model', keras.Model(inputs," in text
    assert "__keraslint_loss__ = trainer.loss_fn" in text
    assert "trainer.train(" not in text


def test_compile_inside_a_kept_builder_marks_the_loss_where_it_is_written():
    job = one_job("""
        import keras

        def make(n):
            model = keras.Sequential([keras.Input(shape=(n,)), keras.layers.Dense(1, activation="softmax")])
            model.compile(optimizer="adam", loss="categorical_crossentropy")
            return model

        model = make(12)
    """, "KL203")
    text = body(job)
    assert """loss=__keraslint_mark__('loss', "categorical_crossentropy")""" in text
    assert "model = make(12)" in text


def test_multi_output_finding_names_its_output_and_its_own_loss():
    job = one_job("""
        import keras
        from keras import layers

        inp = keras.Input(shape=(16,))
        h = layers.Dense(32, activation="relu")(inp)
        topic = layers.Dense(5, activation="softmax", name="topic")(h)
        spam = layers.Dense(1, name="is_spam")(h)
        model = keras.Model(inp, [topic, spam])
        model.compile(loss=["sparse_categorical_crossentropy", "binary_crossentropy"])
    """, "KL202")
    assert job.facts["output_index"] == 1 and job.facts["output_name"] == "is_spam"
    assert job.facts["loss_kind"] == "binary_crossentropy"
    assert job.facts["output_activation"] == "linear"
    assert '__keraslint_loss__ = "binary_crossentropy"' in body(job)


def test_applications_weights_none_only_for_model_constructors():
    job = one_job("""
        import tensorflow as tf
        from tensorflow.keras.applications import MobileNetV2
        from tensorflow.keras.applications.mobilenet_v2 import preprocess_input

        base = MobileNetV2(input_shape=(96, 96, 3), include_top=False, weights="imagenet")
        inputs = tf.keras.Input(shape=(96, 96, 3))
        x = base(preprocess_input(inputs), training=False)
        x = tf.keras.layers.GlobalAveragePooling2D()(x)
        model = tf.keras.Model(inputs, tf.keras.layers.Dense(1, activation="sigmoid")(x))
        model.compile(loss=tf.keras.losses.CategoricalCrossentropy())
    """, "KL204")
    text = body(job)
    assert "include_top=False, weights=None)" in text
    assert "preprocess_input(inputs)" in text


def test_huge_numpy_allocation_gets_few_rows_with_a_stated_assumption():
    job = one_job("""
        import numpy as np
        import keras

        N = 30000
        shifted = keras.initializers.RandomNormal(mean=5.0)
        images = np.zeros((N, 224, 224, 3), dtype="float32")
        model = keras.Sequential([keras.Input(shape=images.shape[1:]), keras.layers.Flatten(),
                                  keras.layers.Dense(64, kernel_initializer=shifted),
                                  keras.layers.Dense(10)])
    """, "KL101")
    assert 'images = np.zeros((64, 224, 224, 3), dtype="float32")' in body(job)
    assert any("allocated with 64 rows instead of N" in n for n in job.facts[STAND_IN_NOTE])


def test_legacy_np_utils_import_is_mapped_to_keras_3():
    job = one_job("""
        import keras
        from keras.utils import np_utils

        (x, y), _ = keras.datasets.mnist.load_data()
        y = np_utils.to_categorical(y, 10)
        model = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(),
                                  keras.layers.Dense(10, activation="softmax")])
        model.compile(loss="sparse_categorical_crossentropy")
        model.fit(x, y)
    """, "KL205")
    text = body(job)
    assert "from keras import utils as np_utils" in text
    assert "from keras.utils import np_utils" not in text
    assert any("Keras 3 removed the module" in n for n in job.facts[STAND_IN_NOTE])


@pytest.mark.parametrize("spelling", ["from keras import backend as K",
                                      "import keras.backend as K",
                                      "from tensorflow.keras import backend as K"])
def test_keras_2_backend_functions_come_from_the_shim(spelling):
    job = one_job(f"""
        import numpy as np
        import keras
        {spelling}

        def init(shape, dtype=None):
            return K.constant(np.random.random(shape), dtype=dtype)

        model = keras.Sequential([keras.Input(shape=(8,)),
                                  keras.layers.Dense(16, activation="relu", kernel_initializer=init),
                                  keras.layers.Dense(3, activation="softmax")])
    """, "KL101")
    assert "from keraslint.verifier import legacy_backend as K" in body(job)
    assert any("Keras 3 removed the module" in n for n in job.facts[STAND_IN_NOTE])


def test_command_line_options_with_defaults_are_parsed_empty():
    job = one_job("""
        import argparse
        import keras

        ap = argparse.ArgumentParser()
        ap.add_argument("--width", type=int, default=64)
        cfg = ap.parse_args()
        model = keras.Sequential([keras.Input(shape=(8,)),
                                  keras.layers.Dense(cfg.width, kernel_initializer="ones"),
                                  keras.layers.Dense(3, activation="softmax")])
    """, "KL101")
    assert "cfg = ap.parse_args([])" in body(job)
    required = slices("""
        import argparse
        import keras

        ap = argparse.ArgumentParser()
        ap.add_argument("--width", type=int, required=True)
        cfg = ap.parse_args()
        model = keras.Sequential([keras.Input(shape=(8,)),
                                  keras.layers.Dense(cfg.width, kernel_initializer="ones"),
                                  keras.layers.Dense(3, activation="softmax")])
    """, "KL101")[0]
    assert isinstance(required, Verdict) and "argparse" in required.evidence


def test_custom_loop_loss_op_becomes_the_equivalent_keras_loss():
    job = one_job("""
        import tensorflow as tf

        model = tf.keras.Sequential([tf.keras.Input(shape=(20,)),
                                     tf.keras.layers.Dense(10, activation="softmax")])

        @tf.function
        def train_step(x, y):
            with tf.GradientTape() as tape:
                logits = model(x, training=True)
                loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=logits))
            return loss

        for xb, yb in data:
            total = train_step(xb, yb)
    """, "KL201")
    text = body(job)
    assert "__keraslint_loss__ = __keraslint_keras__.losses.CategoricalCrossentropy(from_logits=True)" \
        in text
    assert "train_step" not in text


def test_assigning_a_module_call_does_not_change_the_module():
    job = one_job("""
        import numpy as np
        import keras

        def build():
            return keras.Sequential([keras.Input(shape=(6,)),
                                     keras.layers.Dense(8, kernel_initializer=keras.initializers.RandomNormal(mean=2.0)),
                                     keras.layers.Dense(3, activation="softmax")])

        if __name__ == "__main__":
            raw = np.loadtxt("log.csv", delimiter=",")
            model = build()
            model.fit(raw, raw)
    """, "KL101")
    assert "loadtxt" not in body(job)


def test_a_module_used_to_build_an_argument_is_not_changed_by_that_statement():
    """`tok(tf.constant(...))` reads `tf`, it does not change it: resolving `tf` for the model
    must not pull in the tokenizer layer and its `tensorflow_text` import (TF's text tutorial)."""
    job = one_job("""
        import tensorflow as tf
        import tensorflow_text as tf_text
        from tensorflow.keras import layers, losses

        class MyTokenizer(tf.keras.layers.Layer):
            def __init__(self):
                super().__init__()
                self.tokenizer = tf_text.UnicodeScriptTokenizer()

            def call(self, text):
                return self.tokenizer.tokenize(tf_text.case_fold_utf8(text))

        tokenizer = MyTokenizer()
        tokenizer(tf.constant(["a first sentence"]))

        model = tf.keras.Sequential([tf.keras.Input(shape=(16,)), layers.Dense(1),
                                     layers.Activation("sigmoid")])
        model.compile(loss=losses.SparseCategoricalCrossentropy(from_logits=False),
                      optimizer="adam")
    """, "KL204")
    assert "tf_text" not in body(job) and "MyTokenizer" not in body(job)


def test_adapt_on_run_time_data_runs_on_stand_in_data_with_a_note():
    """A TextVectorization adapted on a tfds split cannot be sliced as written and cannot run
    un-adapted: the slice adapts it on stand-in text, and says so."""
    job = one_job("""
        import tensorflow as tf
        import tensorflow_datasets as tfds
        from tensorflow.keras import layers, losses

        train_ds = tfds.load("imdb_reviews", split="train", as_supervised=True)
        vectorize_layer = layers.TextVectorization(max_tokens=10000, output_sequence_length=250)
        vectorize_layer.adapt(train_ds.map(lambda text, label: text))

        model = tf.keras.Sequential([vectorize_layer, layers.Embedding(10000, 16),
                                     layers.GlobalAveragePooling1D(), layers.Dense(1),
                                     layers.Activation("sigmoid")])
        model.compile(loss=losses.SparseCategoricalCrossentropy(), optimizer="adam")
    """, "KL204")
    assert "__keraslint_adapt__(vectorize_layer)" in body(job)
    assert "tfds" not in body(job)
    notes = " ".join(job.facts[STAND_IN_NOTE])
    assert "run on stand-in data" in notes and "tfds.load" in notes


def test_a_name_never_bound_read_only_in_a_method_body_is_left_unbound():
    """A kept class whose method reads a name the program never binds (TF's extension-type
    guide: `Spec.with_shape` reads `shape`): the class statement runs without it; only calling
    the method would need it."""
    job = one_job("""
        import tensorflow as tf
        from keras import layers

        class Spec:
            def __init__(self, width):
                self.width = width
            def with_shape(self):
                return Spec(shape)

        spec = Spec(2)
        model = tf.keras.Sequential([tf.keras.Input(shape=(spec.width,)),
                                     layers.Dense(16, activation="relu"), layers.Dense(1)])
        model.compile(loss="binary_crossentropy", optimizer="rmsprop")
    """, "KL202")
    text = body(job)
    assert "class Spec" in text and "from keras import layers" in text
    assert any(note.startswith("`shape` is never bound") for note in job.facts[STAND_IN_NOTE])


def test_a_bare_module_call_showing_a_value_changes_nothing_but_a_setter_does():
    job = one_job("""
        import tensorflow as tf
        from tensorflow.keras import backend as K

        x = MaskedTensor([1, 2, 3], [True, True, False])
        tf.stack([x, x])
        tf.enable_resource_variables()
        model = tf.keras.Sequential([tf.keras.Input(shape=(4,)), tf.keras.layers.Dense(1)])
        model.compile(loss="binary_crossentropy")
    """, "KL202")
    text = body(job)
    assert "tf.stack" not in text and "MaskedTensor" not in text
    assert "tf.enable_resource_variables()" in text


# -- custom training loops --------------------------------------------------------------------

STEP_PROGRAM = """
    import tensorflow as tf

    (x_train, y_train), _ = tf.keras.datasets.mnist.load_data()
    train_ds = tf.data.Dataset.from_tensor_slices((x_train / 255.0, y_train)).batch(64)
    model = tf.keras.Sequential([tf.keras.Input((28, 28)), tf.keras.layers.Flatten(),
                                 tf.keras.layers.Dense(10)])
    loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    optimizer = tf.keras.optimizers.Adam(1e-3)

    def train_step(x, y):
        logits = model(x, training=True)
        with tf.GradientTape() as tape:
            loss = loss_fn(y, logits)
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))

    for epoch in range(3):
        for x, y in train_ds:
            train_step(x, y)
"""


def test_a_step_is_kept_as_written_and_its_loops_are_not():
    job = one_job(STEP_PROGRAM, "KL402")
    text = body(job)
    assert "def train_step(x, y):" in text and "optimizer.apply_gradients" in text
    assert "for epoch in range(3)" not in text and "load_data" not in text
    assert job.facts["step_name"] == "train_step"
    assert [p["name"] for p in job.facts["step_params"]] == ["x", "y"]
    assert job.facts["loss_kind"] == "sparse_categorical_crossentropy"
    assert job.facts["input_shape"] == [28, 28]


def test_an_inline_step_and_a_method_are_inconclusive():
    inline = slices("""
        import tensorflow as tf
        model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
        optimizer = tf.keras.optimizers.Adam()
        for epoch in range(10):
            for x, y in tf.data.Dataset.from_tensor_slices((xs, ys)).batch(8):
                logits = model(x, training=True)
                with tf.GradientTape() as tape:
                    loss = tf.reduce_mean(tf.square(y - logits))
                grads = tape.gradient(loss, model.trainable_variables)
                optimizer.apply_gradients(zip(grads, model.trainable_variables))
    """, "KL402")[0]
    assert isinstance(inline, Verdict) and inline.verdict == INCONCLUSIVE
    assert "written inline in a loop" in inline.evidence


def test_an_optimizer_in_a_loop_becomes_a_factory_before_the_loop():
    job = one_job("""
        import keras
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
        rate = 1e-3
        for epoch in range(20):
            model.compile(optimizer=keras.optimizers.RMSprop(rate), loss="mse")
            model.fit(x, y, epochs=1)
    """, "KL405")
    text = body(job)
    assert "__keraslint_optimizer_factory__ = lambda: (keras.optimizers.RMSprop(rate))" in text
    assert "rate = 1e-3" in text and "model.fit" not in text


def test_a_seeded_draw_needs_no_program():
    (job,) = slices("""
        import keras
        class Noise(keras.layers.Layer):
            def call(self, x):
                return x + keras.random.normal(keras.ops.shape(x), stddev=0.1, seed=42)
    """, "KL409")
    assert isinstance(job, Job) and job.program == ""
    assert job.facts["op"] == "keras.random.normal" and job.facts["seed"] == 42
    assert job.facts["arguments"] == {"stddev": 0.1}


def test_a_model_called_under_a_tape_is_sliced_with_its_class_instance():
    job = one_job("""
        import keras
        import tensorflow as tf
        class Net(keras.Model):
            def __init__(self):
                super().__init__()
                self.dense = keras.layers.Dense(8)
                self.drop = keras.layers.Dropout(0.5)
                self.out = keras.layers.Dense(1)
            def call(self, x, training=None):
                return self.out(self.drop(self.dense(x), training=training))
            def train_step(self, data):
                x, y = data
                with tf.GradientTape() as tape:
                    loss = self.compute_loss(y=y, y_pred=self(x))
                grads = tape.gradient(loss, self.trainable_variables)
                self.optimizer.apply_gradients(zip(grads, self.trainable_variables))
                return {}
        net = Net()
        net.compile(optimizer="adam", loss="mse")
    """, "KL401")
    assert "__keraslint_mark__('model', Net())" in body(job)
    assert job.facts["call"] == "self"
