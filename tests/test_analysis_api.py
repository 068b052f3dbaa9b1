"""The Keras API domain (`facts.api`): which Keras a file runs on, optimizers, logged metric
names, removed and TF1 APIs, loops, and the cases where each answer must be "unknown"."""

from __future__ import annotations

import textwrap

import libcst as cst

from keraslint.analysis import FileFacts
from keraslint.analysis.api import KERAS3, LEGACY, RAISES, SCHEDULE, WARNS, IGNORES_LR, snake_case
from keraslint.analysis.api.flavour import KERAS, TF_KERAS, namespace_of


def facts_of(source: str) -> FileFacts:
    return FileFacts(cst.parse_module(textwrap.dedent(source)))


# -- which Keras ---------------------------------------------------------------------------------
def test_namespaces_of_raw_names():
    assert namespace_of("keras.layers.Dense") == KERAS
    assert namespace_of("tensorflow.keras.layers.Dense") == TF_KERAS
    assert namespace_of("tensorflow.compat.v1.keras.backend") == TF_KERAS
    assert namespace_of("tf_keras.layers.Dense") == "tf_keras"
    assert namespace_of("numpy.zeros") is None


def test_flavour_of_a_file():
    assert facts_of("import keras\nkeras.layers.Dense(1)\n").api.keras == KERAS3
    assert facts_of("import tensorflow as tf\ntf.keras.layers.Dense(1)\n").api.keras == KERAS3
    assert facts_of("import tf_keras\ntf_keras.layers.Dense(1)\n").api.keras == LEGACY
    legacy = facts_of("""
        import os
        os.environ["TF_USE_LEGACY_KERAS"] = "1"
        import tensorflow as tf
        tf.keras.layers.Dense(1)
    """)
    assert legacy.api.keras == LEGACY


def test_the_legacy_switch_counts_only_before_tensorflow_is_imported():
    late = facts_of("""
        import tensorflow as tf
        import os
        os.environ["TF_USE_LEGACY_KERAS"] = "1"
        tf.keras.layers.Dense(1)
    """)
    assert late.api.flavour.legacy_switch is False
    assert late.api.keras == KERAS3


def test_flavour_unknown_when_mixed_or_absent():
    assert facts_of("import keras\nimport tf_keras\n").api.keras is None
    assert facts_of("import numpy as np\nnp.zeros(3)\n").api.keras is None


def test_graph_mode_programs():
    assert facts_of("import tensorflow as tf\ntf.compat.v1.disable_eager_execution()\n"
                    ).api.is_tf1_program
    assert not facts_of("import tensorflow as tf\ntf.constant(1)\n").api.is_tf1_program


# -- optimizers ----------------------------------------------------------------------------------
def test_optimizer_learning_rates():
    api = facts_of("""
        import keras
        a = keras.optimizers.Adam(3e-4)
        rate = 0.5
        b = keras.optimizers.SGD(learning_rate=rate)
        s = keras.optimizers.schedules.ExponentialDecay(0.1, 1000, 0.9)
        c = keras.optimizers.RMSprop(learning_rate=s)
        d = keras.optimizers.Adam()
        e = keras.optimizers.Adam(learning_rate=config.lr)
        f = keras.optimizers.legacy.Adam(lr=0.01)
    """).api
    found = {(o.kind, o.learning_rate.value, o.learning_rate.source) for o in api.optimizers}
    assert ("Adam", 3e-4, "argument") in found
    assert ("SGD", 0.5, "argument") in found
    assert ("RMSprop", 0.1, SCHEDULE) in found
    assert ("Adam", None, "default") in found
    assert ("Adam", None, "argument") in found  # unknown: read from a config
    legacy = [o for o in api.optimizers if o.legacy]
    assert len(legacy) == 1 and legacy[0].learning_rate.value == 0.01


def test_compiled_optimizers_follow_names():
    api = facts_of("""
        import keras
        opt = keras.optimizers.Adam()
        m = keras.Sequential([keras.layers.Dense(1)])
        m.compile(optimizer=opt, loss="mse")
        m.compile(optimizer="adam", loss="mse")
    """).api
    assert [c.optimizer.kind for c in api.compiled_optimizers] == ["Adam"]


# -- metrics and callbacks -------------------------------------------------------------------------
def test_snake_case_matches_keras():
    assert snake_case("CategoricalAccuracy") == "categorical_accuracy"
    assert snake_case("AUC") == "auc"
    assert snake_case("RootMeanSquaredError") == "root_mean_squared_error"


def test_metric_names_of_a_compile():
    facts = facts_of("""
        import keras
        def f1(y_true, y_pred):
            return y_pred
        m = keras.Sequential([keras.layers.Dense(1)])
        m.compile(loss="mse", metrics=["accuracy", keras.metrics.AUC(), keras.metrics.Precision(name="p"),
                                       keras.metrics.Accuracy("acc"), f1])
    """)
    names = facts.api.metric_names(facts.models.compiles[0])
    assert [n.name for n in names] == ["accuracy", "auc", "p", "acc", "f1"]
    assert names[1].matches("auc_1") and not names[0].matches("accuracy_1")


def test_metric_names_unknown():
    facts = facts_of("""
        import keras
        m = keras.Sequential([keras.layers.Dense(1)])
        m.compile(loss="mse", metrics=make_metrics())
        n = keras.models.load_model("x.keras")
        n.compile(loss="mse", metrics=["mae"])
        k = keras.Sequential([keras.layers.Dense(1)])
        k.compile(loss="mse", metrics=[keras.metrics.AUC(200)])
    """)
    compiles = facts.models.compiles
    assert facts.api.metric_names(compiles[0]) is None  # built at run time
    assert facts.api.metric_names(compiles[1]) is None  # a loaded model: outputs unknown
    assert facts.api.metric_names(compiles[2]) is None  # a positional argument may be the name


def test_validation_of_fits():
    facts = facts_of("""
        import keras
        m = keras.Sequential([keras.layers.Dense(1)])
        m.fit(x, y)
        m.fit(x, y, validation_split=0.2)
        (train, val), _ = load()
        m.fit(x, y, validation_data=val)
        m.fit(x, y, validation_data=None)
        m.fit(x, y, **kw)
        def train(v):
            m.fit(x, y, validation_data=v)
        train(None)
        train(val)
    """)
    verdicts = [facts.api.validates(fit) for fit in facts.models.fits]
    assert verdicts == [False, True, True, False, None, None]


def test_monitored_fits_pair_callbacks_with_their_fit():
    facts = facts_of("""
        import keras
        m = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
        m.compile(loss="mse", metrics=["mae"])
        cbs = [keras.callbacks.EarlyStopping(monitor="val_mae")]
        m.fit(x, y, callbacks=cbs)
    """)
    (monitored,) = facts.api.monitored_fits
    assert monitored.monitor.name == "val_mae"
    assert monitored.logged.logs("val_mae") is False  # no validation data
    assert monitored.logged.logs("mae") is True


# -- removed and TF1 APIs --------------------------------------------------------------------------
def test_removed_uses_are_judged_per_keras():
    api = facts_of("""
        import keras
        import tf_keras
        a = keras.optimizers.Adam(lr=0.1, decay=0.01)
        b = tf_keras.optimizers.Adam(lr=0.1)
    """).api
    effects = [(u.change.key, u.implementation, u.effect) for u in api.removed_uses]
    assert ("lr", KERAS3, RAISES) in effects
    assert ("decay", KERAS3, WARNS) in effects
    assert ("lr", LEGACY, IGNORES_LR) in effects


def test_removed_uses_keep_the_node_a_fix_renames():
    api = facts_of("import keras\nm = keras.Model(input=i, output=o)\n").api
    renames = sorted((u.node.value, u.change.rename) for u in api.removed_uses)
    assert renames == [("input", "inputs"), ("output", "outputs")]


def test_removed_uses_need_a_known_keras_when_the_kerases_differ():
    # fit_generator on an unknown receiver in a file naming no Keras at all: not judged
    assert facts_of("model.fit_generator(gen)\n").api.removed_uses == []


def test_tf1_uses():
    api = facts_of("""
        import tensorflow as tf
        tf.Session()
        tf.compat.v1.placeholder(tf.float32)
        tf.compat.v1.logging.set_verbosity(0)
        tf.random.set_seed(0)
    """).api
    assert [(u.kind, u.name) for u in api.tf1_uses] == [("removed", "Session"),
                                                          ("graph-only", "placeholder")]


def test_tf1_uses_in_graph_programs_and_guards():
    graph = facts_of("""
        import tensorflow as tf
        with tf.Graph().as_default():
            x = tf.compat.v1.placeholder(tf.float32)
        try:
            tf.set_random_seed(1)
        except AttributeError:
            pass
    """).api
    assert graph.tf1_uses == []


# -- loops and training ----------------------------------------------------------------------------
def test_predict_in_loops_needs_one_sample():
    api = facts_of("""
        import numpy as np
        import keras
        model = keras.models.load_model("m.keras")
        for i in range(n):
            model.predict(x[i:i + 1])
            model.predict(x[i])
            model.predict(batch)
    """).api
    assert len(api.predict_in_loops) == 1


def test_uncompiled_fits_and_unknown_compiles():
    assert len(facts_of("""
        import keras
        m = keras.Sequential([keras.layers.Dense(1)])
        m.fit(x, y)
    """).api.uncompiled_fits) == 1
    # a compile of an unknown receiver may be this model's
    assert facts_of("""
        import keras
        m = keras.Sequential([keras.layers.Dense(1)])
        get_model().compile(loss="mse")
        m.fit(x, y)
    """).api.uncompiled_fits == []


def test_continuous_targets():
    facts = facts_of("""
        import numpy as np
        import keras
        import pandas as pd
        (x, y), _ = keras.datasets.boston_housing.load_data()
        z = np.random.rand(10) * 3
        w = pd.read_csv("f.csv").pop("label")
        c = (np.random.rand(10) > 0.5).astype("float32")
        m = keras.Sequential([keras.layers.Dense(1)])
        m.fit(x, y)
        m.fit(x, z)
        m.fit(x, w)
        m.fit(x, c)
    """)
    verdicts = [facts.api.continuous_targets(fit.y) for fit in facts.models.fits]
    assert verdicts == [True, True, None, None]  # labels from a file, thresholded: unknown
