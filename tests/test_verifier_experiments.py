"""The per-rule experiments on hand-built namespaces (what a slicer would bind), under TensorFlow.

Every verifiable rule gets a confirmed case, a near-miss that must come out refuted where one
exists, and an inconclusive case. Skipped only when TensorFlow is not importable.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")
np = pytest.importorskip("numpy")

from keraslint.verifier.experiments import EXPERIMENTS, run_experiment  # noqa: E402
from keraslint.verifier.protocol import (  # noqa: E402
    CONFIRMED, INCONCLUSIVE, REFUTED, SLOT_ARRAYS, SLOT_INITIALIZER, SLOT_LAYER, SLOT_LOSS,
    SLOT_MODEL, SLOT_OPTIMIZER_FACTORY, SLOT_Y,
)

Dense = keras.layers.Dense


def verify(code: str, namespace: dict, facts: dict | None = None, expected: str = CONFIRMED):
    verdict = run_experiment(code, namespace, facts or {})
    assert verdict.verdict == expected, verdict.evidence
    assert verdict.seconds > 0  # timed, but speed is measured by scripts/benchmark_verifier.py
    return verdict


def mlp(hidden, *after, inputs=(784,)) -> keras.Model:
    keras.utils.set_random_seed(0)
    return keras.Sequential([keras.Input(inputs), hidden, *after, Dense(64, activation="relu"),
                             Dense(10, activation="softmax")])


def init_case(initializer, *after, activation="relu"):
    keras.utils.set_random_seed(0)
    layer = Dense(128, activation=activation, kernel_initializer=initializer)
    model = mlp(layer, *after)
    return {SLOT_MODEL: model, SLOT_LAYER: layer, SLOT_INITIALIZER: layer.kernel_initializer,
            SLOT_LOSS: "sparse_categorical_crossentropy"}


# -- registry ----------------------------------------------------------------------------------

def test_registry_covers_the_verifiable_rules():
    """Found by module name: every `klNNN` module (the seed ones at least), each a rule's."""
    from keraslint.rules import all_rules

    assert {"KL101", "KL102", "KL103", "KL201", "KL202", "KL203", "KL204", "KL205", "KL301",
            "KL302"} <= set(EXPERIMENTS)
    assert set(EXPERIMENTS) <= set(all_rules())
    assert all(path == f"keraslint.verifier.experiments.{code.lower()}"
               for code, path in EXPERIMENTS.items())


def test_registry_import_does_not_pull_tensorflow():
    code = ("import sys, keraslint.verifier.experiments as e; "
            "assert e.EXPERIMENTS; "
            "assert not {'tensorflow', 'keras', 'numpy'} & set(sys.modules), sorted(sys.modules)")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_unknown_code_is_inconclusive():
    verdict = verify("KL999", {}, expected=INCONCLUSIVE)
    assert "no runtime experiment" in verdict.evidence


def test_a_crashing_experiment_becomes_inconclusive(monkeypatch):
    monkeypatch.setitem(EXPERIMENTS, "KL998", "json")  # a module without run()
    verdict = verify("KL998", {}, expected=INCONCLUSIVE)
    assert "KL998 experiment failed: AttributeError" in verdict.evidence


def test_a_model_that_cannot_run_is_inconclusive():
    keras.utils.set_random_seed(0)
    layer = Dense(8, kernel_initializer=keras.initializers.RandomNormal(5.0, 0.05))
    model = keras.Sequential([keras.Input((4,)), layer, Dense(3, activation="softmax")])
    verdict = verify("KL101", {SLOT_MODEL: model, SLOT_LAYER: layer,
                               "__keraslint_x__": np.ones((4, 7), "float32")},
                     expected=INCONCLUSIVE)
    assert "cannot be run on synthetic input" in verdict.evidence


# -- KL101 / KL102 ----------------------------------------------------------------------------

def test_kl101_mean_five_collapses_onto_one_direction():
    verdict = verify("KL101", init_case(keras.initializers.RandomNormal(mean=5.0, stddev=0.05)))
    m = verdict.measurements
    assert m["top_pc_share"] > 0.95 and m["top_pc_share_default"] < 0.2
    assert m["activation_std"] / m["activation_std_default"] > 50
    assert m["initial_loss"] > 2 * m["chance_loss"]


def test_kl101_uniform_zero_one_is_far_from_default():
    verify("KL101", init_case(keras.initializers.RandomUniform(0.0, 1.0)))


def test_kl101_batchnorm_fixes_scale_but_not_the_shared_direction():
    namespace = init_case(keras.initializers.RandomNormal(mean=5.0, stddev=0.05),
                          keras.layers.BatchNormalization(), keras.layers.Activation("relu"),
                          activation=None)
    verdict = verify("KL101", namespace)
    assert 0.5 < verdict.measurements["activation_std"] / \
        verdict.measurements["activation_std_default"] < 2
    assert "BatchNormalization right after fixes the scale" in verdict.evidence


def test_kl101_layernorm_right_after_is_a_near_miss():
    namespace = init_case(keras.initializers.RandomNormal(mean=5.0, stddev=0.05),
                          keras.layers.LayerNormalization(), activation=None)
    verdict = verify("KL101", namespace, expected=REFUTED)
    assert "LayerNormalization right after renormalises" in verdict.evidence


def test_kl101_small_zero_mean_normal_is_refuted():
    verify("KL101", init_case(keras.initializers.RandomNormal(0.0, 0.05)), expected=REFUTED)


def test_kl101_uniform_positive_with_a_threefold_scale_is_confirmed():
    """[0, 1) kernels on 32 inputs: ~3.5x the default's std and ~67 % of the variance on one
    direction vs ~11 % (a holdout program once judged this harmless at a 5x threshold)."""
    keras.utils.set_random_seed(0)
    layer = Dense(64, activation="relu",
                  kernel_initializer=keras.initializers.RandomUniform(0.0, 1.0))
    model = keras.Sequential([keras.Input((32,)), layer, Dense(32, activation="relu"),
                              Dense(1, activation="sigmoid")])
    verdict = verify("KL101", {SLOT_MODEL: model, SLOT_LAYER: layer,
                               SLOT_LOSS: "binary_crossentropy"})
    m = verdict.measurements
    assert 2 < m["activation_std"] / m["activation_std_default"] < 5
    assert "activation scale" in verdict.evidence and "one direction" in verdict.evidence


def test_kl101_constant_half_behind_dropout_is_confirmed():
    """Constant(0.5) behind Dropout (training pass): ~3x the std, top PC ~66 % vs ~10 %."""
    keras.utils.set_random_seed(0)
    layer = Dense(64, activation="relu", kernel_initializer=keras.initializers.Constant(0.5))
    model = keras.Sequential([keras.Input((11,)), layer, keras.layers.Dropout(0.3),
                              Dense(32, activation="relu", kernel_initializer="he_normal"),
                              Dense(6, activation="softmax")])
    verdict = verify("KL101", {SLOT_MODEL: model, SLOT_LAYER: layer,
                               SLOT_LOSS: keras.losses.SparseCategoricalCrossentropy()})
    m = verdict.measurements
    assert m["top_pc_share"] >= 0.5 and m["top_pc_share"] >= 3 * m["top_pc_share_default"]


def test_kl101_he_normal_on_a_widening_layer_is_refuted():
    """He's std is 4.1x Glorot's for 64 -> 1024: a Keras default, within the allowed band."""
    keras.utils.set_random_seed(0)
    layer = Dense(1024, activation="relu", kernel_initializer="he_normal")
    model = keras.Sequential([keras.Input((64,)), layer, Dense(10, activation="softmax")])
    verdict = verify("KL102", {SLOT_MODEL: model, SLOT_LAYER: layer}, expected=REFUTED)
    assert "He's scale allowed" in verdict.evidence


def test_kl101_probe_layer_is_a_stand_in_so_the_verdict_is_inconclusive():
    """Only the initializer was sliced: a probe layer shows what it draws, but not the kernel
    the model trains with (the program may overwrite it with pretrained weights)."""
    namespace = {SLOT_INITIALIZER: keras.initializers.RandomNormal(mean=5.0, stddev=0.05)}
    verdict = verify("KL101", namespace, {"input_shape": [28, 28], "num_classes": 10},
                     expected=INCONCLUSIVE)
    assert "probe classifier" in verdict.evidence
    assert "far from the default in activation scale" in verdict.evidence
    assert "the kernel this model trains with" in verdict.evidence


def test_kl101_nothing_sliced_is_inconclusive():
    verify("KL101", {}, expected=INCONCLUSIVE)


def test_kl102_unit_stddev_relu_explodes():
    verdict = verify("KL102", init_case(keras.initializers.RandomNormal(0.0, 1.0)))
    assert verdict.measurements["activation_std"] > 5 * verdict.measurements[
        "activation_std_default"]


def test_kl102_unit_stddev_tanh_saturates():
    verdict = verify("KL102", init_case(keras.initializers.RandomNormal(0.0, 1.0),
                                        activation="tanh"))
    assert verdict.measurements["saturated_share"] > 0.5
    assert verdict.measurements["saturated_share_default"] < 0.25


def test_kl102_batchnorm_right_after_is_a_near_miss():
    namespace = init_case(keras.initializers.RandomNormal(0.0, 1.0),
                          keras.layers.BatchNormalization())
    verdict = verify("KL102", namespace, expected=REFUTED)
    assert "BatchNormalization right after renormalises" in verdict.evidence
    assert "gradient is" in verdict.evidence  # the slower learning is still reported


def test_kl102_another_bad_layer_upstream_is_reset_in_both_runs():
    """A unit-normal sigmoid layer behind a conv with a wide truncated normal: the twin gets the
    default for both kernels, the flagged run for the conv only, so the comparison isolates the
    flagged initializer instead of saturating both runs (99 % vs 61 % before)."""
    keras.utils.set_random_seed(0)
    conv = keras.layers.Conv2D(8, 3, activation="relu",
                               kernel_initializer=keras.initializers.TruncatedNormal(stddev=2.0))
    dense = Dense(64, activation="sigmoid",
                  kernel_initializer=keras.initializers.RandomNormal(0.0, 1.0))
    model = keras.Sequential([keras.Input((12, 12, 3)), conv, keras.layers.Flatten(), dense,
                              Dense(10, activation="softmax")])
    verdict = verify("KL102", {SLOT_MODEL: model, SLOT_LAYER: dense})
    m = verdict.measurements
    assert m["other_kernels_reset"] == 1
    assert m["saturated_share"] > 0.5 and m["saturated_share_default"] < 0.25
    assert "'conv2d" in verdict.evidence and "to isolate this initializer" in verdict.evidence


def test_kl102_saturation_far_above_a_saturated_twin_counts():
    from keraslint.verifier.experiments.initialisation import _much_worse

    assert _much_worse(0.99, 0.61, 0.5)  # 1 % of units responsive vs 39 %
    assert not _much_worse(0.6, 0.4, 0.5)


def test_kl102_he_normal_is_refuted():
    verify("KL102", init_case("he_normal"), expected=REFUTED)


def test_kl102_without_model_or_initializer_is_inconclusive():
    verify("KL102", {SLOT_LOSS: "mse"}, expected=INCONCLUSIVE)


# -- KL103 -------------------------------------------------------------------------------------

def symmetric_case(hidden_init, out_init="glorot_uniform", activation="relu"):
    keras.utils.set_random_seed(0)
    hidden = Dense(64, activation=activation, kernel_initializer=hidden_init)
    out = Dense(10, activation="softmax", kernel_initializer=out_init)
    model = keras.Sequential([keras.Input((20,)), hidden, out])
    return model, hidden, out


def test_kl103_zeros_under_relu_stay_identical():
    model, hidden, _ = symmetric_case("zeros")
    verdict = verify("KL103", {SLOT_MODEL: model, SLOT_LAYER: hidden,
                               SLOT_LOSS: "sparse_categorical_crossentropy"})
    assert verdict.measurements["identical_share"] == 1.0
    assert "all zero" in verdict.evidence


def test_kl103_ones_everywhere_stay_identical():
    model, hidden, _ = symmetric_case("ones", out_init="ones")
    verdict = verify("KL103", {SLOT_MODEL: model, SLOT_LAYER: hidden})
    assert verdict.measurements["second_singular_ratio"] < 1e-6


def test_kl103_zeros_output_layer_is_a_near_miss():
    model, _, out = symmetric_case("glorot_uniform", out_init="zeros")
    verdict = verify("KL103", {SLOT_MODEL: model, SLOT_LAYER: out,
                               SLOT_LOSS: "sparse_categorical_crossentropy"}, expected=REFUTED)
    assert verdict.measurements["identical_share"] < 0.5


def test_kl103_zeros_tanh_before_random_layer_diverges():
    model, hidden, _ = symmetric_case("zeros", activation="tanh")
    verify("KL103", {SLOT_MODEL: model, SLOT_LAYER: hidden}, expected=REFUTED)


def test_kl103_without_layer_is_inconclusive():
    model, _, _ = symmetric_case("zeros")
    verify("KL103", {SLOT_MODEL: model}, expected=INCONCLUSIVE)


# -- KL201 -------------------------------------------------------------------------------------

def classifier(*head, inputs=(20,)):
    keras.utils.set_random_seed(0)
    return keras.Sequential([keras.Input(inputs), Dense(32, activation="relu"), *head])


def test_kl201_own_softmax_is_repaired_by_keras_but_confirmed():
    model = classifier(Dense(10, activation="softmax"))
    loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    verdict = verify("KL201", {SLOT_MODEL: model, SLOT_LOSS: loss})
    m = verdict.measurements
    assert m["keras_warned"] == 1.0 and m["repaired_in_fit"] == 1.0
    assert m["loss_as_written"] == pytest.approx(m["loss_probabilities"], rel=1e-4)
    assert "repaired it here" in verdict.evidence and "tf_keras" in verdict.evidence


def test_kl201_softmax_behind_another_layer_is_not_repaired():
    model = classifier(Dense(10, activation="softmax"), keras.layers.Reshape((10,)))
    loss = keras.losses.CategoricalCrossentropy(from_logits=True)
    verdict = verify("KL201", {SLOT_MODEL: model, SLOT_LOSS: loss})
    m = verdict.measurements
    assert m["keras_warned"] == 0.0 and m["repaired_in_fit"] == 0.0
    assert m["grad_norm_as_written"] < 0.5 * m["grad_norm_probabilities"]
    assert "Not repaired" in verdict.evidence


def test_kl201_sigmoid_with_binary_from_logits():
    model = classifier(Dense(1, activation="sigmoid"))
    loss = keras.losses.BinaryCrossentropy(from_logits=True)
    verify("KL201", {SLOT_MODEL: model, SLOT_LOSS: loss})


def test_kl201_linear_output_is_a_near_miss():
    model = classifier(Dense(10))
    loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    verdict = verify("KL201", {SLOT_MODEL: model, SLOT_LOSS: loss}, expected=REFUTED)
    assert "not probabilities" in verdict.evidence


def test_kl201_without_loss_is_inconclusive():
    verify("KL201", {SLOT_MODEL: classifier(Dense(10, activation="softmax"))},
           expected=INCONCLUSIVE)


# -- KL202 -------------------------------------------------------------------------------------

def test_kl202_linear_output_with_probability_loss():
    model = classifier(Dense(10), inputs=(784,))
    verdict = verify("KL202", {SLOT_MODEL: model, SLOT_LOSS: "sparse_categorical_crossentropy"})
    m = verdict.measurements
    assert m["loss_as_written"] > 2 * m["chance_loss"]
    assert m["output_min"] < 0
    assert "Keras gave no warning" in verdict.evidence


def test_kl202_linear_binary_output():
    model = classifier(Dense(1))
    verify("KL202", {SLOT_MODEL: model, SLOT_LOSS: keras.losses.BinaryCrossentropy()})


def test_kl202_linear_output_that_happens_to_sit_in_zero_one_is_probed():
    """An Embedding's small weights put an untrained Dense(1) in [0.02, 0.03]: pushing the
    output layer shows the range is unbounded."""
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((256,), dtype="int32"), keras.layers.Embedding(10000, 16),
                              keras.layers.GlobalAveragePooling1D(), Dense(16, activation="relu"),
                              Dense(1, bias_initializer=keras.initializers.Constant(0.02))])
    verdict = verify("KL202", {SLOT_MODEL: model, SLOT_LOSS: "binary_crossentropy"})
    m = verdict.measurements
    assert 0 <= m["output_min"] and m["output_max"] <= 1
    assert m["probed_output_min"] < 0 or m["probed_output_max"] > 1
    assert "on this batch but" in verdict.evidence and "output layer" in verdict.evidence


def test_kl202_sigmoid_output_stays_bounded_under_the_probe():
    model = classifier(Dense(1, activation="sigmoid"))
    verdict = verify("KL202", {SLOT_MODEL: model, SLOT_LOSS: "binary_crossentropy"},
                     expected=REFUTED)
    assert "kernel x100" in verdict.evidence


class Normalise(keras.layers.Layer):
    """A custom final layer that turns scores into probabilities (invisible to static analysis)."""

    def call(self, x):
        return tf.nn.softmax(x)


def test_kl202_custom_normalising_layer_is_a_near_miss():
    model = classifier(Dense(10), Normalise())
    verdict = verify("KL202", {SLOT_MODEL: model, SLOT_LOSS: "categorical_crossentropy"},
                     expected=REFUTED)
    assert "probabilities after all" in verdict.evidence


def test_kl202_without_model_is_inconclusive():
    verify("KL202", {SLOT_LOSS: "categorical_crossentropy"}, expected=INCONCLUSIVE)


# -- KL203 -------------------------------------------------------------------------------------

def test_kl203_softmax_over_one_unit_is_constant():
    model = classifier(Dense(1, activation="softmax"))
    verdict = verify("KL203", {SLOT_MODEL: model, SLOT_LAYER: model.layers[-1],
                               SLOT_LOSS: "binary_crossentropy"})
    assert verdict.measurements["max_abs_deviation_from_1"] < 1e-6
    assert verdict.measurements["keras_warned"] == 1.0


def test_kl203_attention_softmax_over_time_is_a_near_miss():
    keras.utils.set_random_seed(0)
    inputs = keras.Input((12, 8))
    weights = keras.layers.Softmax(axis=1)
    attention = weights(Dense(1)(inputs))
    pooled = keras.layers.Flatten()(keras.layers.Dot(axes=1)([attention, inputs]))
    model = keras.Model(inputs, Dense(1, activation="sigmoid")(pooled))
    verify("KL203", {SLOT_MODEL: model, SLOT_LAYER: weights}, expected=REFUTED)


def test_kl203_without_model_is_inconclusive():
    verify("KL203", {SLOT_LOSS: "binary_crossentropy"}, expected=INCONCLUSIVE)


# -- KL204 -------------------------------------------------------------------------------------

def test_kl204_categorical_on_one_unit_has_zero_loss():
    model = classifier(Dense(1))
    verdict = verify("KL204", {SLOT_MODEL: model,
                               SLOT_LOSS: keras.losses.CategoricalCrossentropy()})
    assert verdict.measurements["loss"] < 1e-6 and verdict.measurements["grad_norm"] < 1e-6


def test_kl204_binary_on_softmax_inflates_binary_accuracy():
    model = classifier(Dense(10, activation="softmax"))
    verdict = verify("KL204", {SLOT_MODEL: model, SLOT_LOSS: "binary_crossentropy"})
    m = verdict.measurements
    assert m["binary_accuracy"] > 0.85 and m["categorical_accuracy"] < 0.3


def test_kl204_categorical_on_sigmoid_rows_do_not_sum_to_one():
    model = classifier(Dense(10, activation="sigmoid"))
    verdict = verify("KL204", {SLOT_MODEL: model, SLOT_LOSS: "categorical_crossentropy"})
    assert verdict.measurements["mean_row_sum"] > 2


def test_kl204_binary_on_independent_sigmoids_is_a_near_miss():
    model = classifier(Dense(10, activation="sigmoid"))
    verify("KL204", {SLOT_MODEL: model, SLOT_LOSS: "binary_crossentropy"}, expected=REFUTED)


def test_kl204_categorical_on_softmax_is_a_near_miss():
    model = classifier(Dense(10, activation="softmax"))
    verify("KL204", {SLOT_MODEL: model, SLOT_LOSS: "categorical_crossentropy"}, expected=REFUTED)


def test_kl204_unknown_loss_kind_is_inconclusive():
    model = classifier(Dense(10, activation="softmax"))
    verify("KL204", {SLOT_MODEL: model, SLOT_LOSS: lambda y, p: tf.reduce_mean(p)},
           expected=INCONCLUSIVE)


# -- KL205 -------------------------------------------------------------------------------------

def test_kl205_integer_labels_with_categorical_loss():
    model = classifier(Dense(10, activation="softmax"))
    labels = np.random.default_rng(1).integers(0, 10, size=(64, 1))
    verdict = verify("KL205", {SLOT_MODEL: model, SLOT_LOSS: "categorical_crossentropy",
                               SLOT_Y: labels})
    assert verdict.measurements["keras_error"] == 1.0
    assert "must have the same shape" in verdict.evidence


def test_kl205_one_hot_labels_with_sparse_loss():
    model = classifier(Dense(10, activation="softmax"))
    verdict = verify("KL205", {SLOT_MODEL: model,
                               SLOT_LOSS: keras.losses.SparseCategoricalCrossentropy()},
                     {"label_encoding": "one_hot"})
    assert "ValueError" in verdict.evidence


def test_kl205_hand_written_loss_broadcasts_silently():
    model = classifier(Dense(10, activation="softmax"))

    def cross_entropy(y, p):
        return -tf.reduce_sum(tf.cast(y, p.dtype) * tf.math.log(p), axis=-1)

    labels = np.random.default_rng(1).integers(0, 10, size=(64, 1))
    verdict = verify("KL205", {SLOT_MODEL: model, SLOT_LOSS: cross_entropy, SLOT_Y: labels},
                     {"loss_kind": "categorical_crossentropy"})
    assert verdict.measurements["keras_error"] == 0.0
    assert verdict.measurements["loss_as_written"] > 5 * verdict.measurements["chance_loss"]


def test_kl205_labels_already_one_hot_are_a_near_miss():
    model = classifier(Dense(10, activation="softmax"))
    labels = np.eye(10, dtype="float32")[np.random.default_rng(1).integers(0, 10, 64)]
    verify("KL205", {SLOT_MODEL: model, SLOT_LOSS: "categorical_crossentropy", SLOT_Y: labels},
           expected=REFUTED)


def test_kl205_multi_hot_rows_shaped_like_the_output_refute_the_claim():
    """randint(2, size=(N, 4)) with a 4-unit output: per-class targets, not class indices;
    the sparse loss the finding recommends fails on them, and that failure is the evidence."""
    model = classifier(Dense(4))
    labels = np.random.default_rng(1).integers(0, 2, size=(64, 4))
    verdict = verify("KL205", {SLOT_MODEL: model,
                               SLOT_LOSS: keras.losses.CategoricalCrossentropy(from_logits=True),
                               SLOT_Y: labels}, expected=REFUTED)
    assert "not integer class indices" in verdict.evidence
    assert "target.ndim - 1" in verdict.evidence  # sparse CCE's own error
    assert verdict.measurements["sparse_loss_error"] == 1.0


def test_kl205_non_categorical_loss_is_inconclusive():
    model = classifier(Dense(10, activation="softmax"))
    verify("KL205", {SLOT_MODEL: model, SLOT_LOSS: "mse"}, expected=INCONCLUSIVE)


# -- KL301 / KL302 -----------------------------------------------------------------------------

IMAGENET = {"arrays": [{"name": "x_train", "shape": [60000, 224, 224, 3], "dtype": "float32"},
                       {"name": "y_train", "shape": [60000], "dtype": "int64"}],
            "threshold_bytes": 2 ** 30}
MNIST = {"arrays": [{"name": "x_train", "shape": [60000, 28, 28], "dtype": "uint8"}],
         "threshold_bytes": 2 ** 30}


def test_kl301_large_arrays_fed_to_fit():
    verdict = verify("KL301", {}, {**IMAGENET, "call": "fit"})
    m = verdict.measurements
    assert m["array_bytes"] == 60000 * 224 * 224 * 3 * 4 + 60000 * 8
    assert m["extrapolated_bytes"] >= m["array_bytes"]
    assert "speed" not in verdict.evidence


def test_kl301_small_arrays_are_refuted():
    verdict = verify("KL301", {}, {**MNIST, "call": "fit"}, expected=REFUTED)
    assert verdict.measurements["array_bytes"] == 60000 * 28 * 28


def test_kl301_dtype_of_the_sliced_arrays_wins_over_the_static_guess():
    arrays = {"x_train": np.ones((100, 224, 224, 3), dtype="uint8")}
    facts = {"arrays": [{"name": "x_train", "shape": [2000, 224, 224, 3], "dtype": "float32"}],
             "threshold_bytes": 2 ** 30, "scale": 20, "call": "fit"}
    verdict = verify("KL301", {SLOT_ARRAYS: arrays}, facts, expected=REFUTED)
    assert verdict.measurements["array_bytes"] == 2000 * 224 * 224 * 3


def test_kl301_unknown_sizes_are_inconclusive():
    facts = {"arrays": [{"name": "x", "shape": [None, 28, 28], "dtype": "float32"}]}
    verify("KL301", {}, facts, expected=INCONCLUSIVE)


def test_kl301_missing_np_load_file_is_inconclusive_with_the_mechanism_shown(tmp_path):
    """The claim is that this file's array is large; its size is unknown here, so a synthetic
    file can show the mechanism, never confirm the claim."""
    verdict = verify("KL301", {}, {"np_load_path": str(tmp_path / "absent.npy")},
                     expected=INCONCLUSIVE)
    m = verdict.measurements
    assert m["np_load_rss_bytes"] > 0.9 * m["demo_file_bytes"]  # the whole file is resident
    assert m["mmap_rss_bytes"] < 0.1 * m["demo_file_bytes"]
    assert "absent.npy` itself is not available here" in verdict.evidence
    assert "grows 1:1 with it" in verdict.evidence
    assert "the claim's own premise, is unknown" in verdict.evidence
    assert not any(tmp_path.iterdir())  # the test file went to a temporary directory


def test_kl302_missing_np_load_file_shows_the_dataset_copy(tmp_path):
    facts = {"np_load_path": "spectrograms.npy", "source_dir": str(tmp_path),
             "arrays": [{"name": "x", "shape": None, "dtype": None}]}
    verdict = verify("KL302", {}, facts, expected=INCONCLUSIVE)
    m = verdict.measurements
    assert m["from_tensor_slices_rss_bytes"] > 0.5 * m["demo_file_bytes"]
    assert m["from_generator_rss_bytes"] < 0.1 * m["demo_file_bytes"]
    assert "x2 with it" in verdict.evidence


def test_kl302_from_tensor_slices_copies_the_arrays():
    verdict = verify("KL302", {}, {**IMAGENET, "call": "from_tensor_slices"})
    m = verdict.measurements
    assert m["exceeds_graph_limit"] == 1.0
    assert m["memory_factor"] >= 2.0  # the dataset's tensors are a second copy
    assert "2 GiB protobuf limit" in verdict.evidence


def test_kl302_small_np_load_file_is_refuted(tmp_path):
    path = tmp_path / "small.npy"
    path.write_bytes(b"\0" * 4096)
    verdict = verify("KL302", {}, {"np_load_path": str(path), "threshold_bytes": 2 ** 30},
                     expected=REFUTED)
    assert verdict.measurements["array_bytes"] == 4096


def test_kl302_large_np_load_file_is_confirmed_by_stat_alone(tmp_path):
    path = tmp_path / "big.npy"
    with open(path, "wb") as handle:  # sparse file: large by stat, nothing written or read
        handle.truncate(3 * 2 ** 30)
    verdict = verify("KL302", {}, {"np_load_path": str(path), "threshold_bytes": 2 ** 30})
    assert verdict.measurements["exceeds_graph_limit"] == 1.0


def _header_only(path, shape, descr="<f4"):
    """A .npy file that is only its header: it says `shape` without holding the data."""
    with open(path, "wb") as handle:
        np.lib.format.write_array_header_1_0(
            handle, {"descr": descr, "fortran_order": False, "shape": shape})


def test_kl302_np_load_file_measured_by_its_header(tmp_path):
    _header_only(tmp_path / "x.npy", (60000, 224, 224, 3))
    verdict = verify("KL302", {}, {"np_load_path": "x.npy", "source_dir": str(tmp_path),
                                   "threshold_bytes": 2 ** 30})
    assert verdict.measurements["array_bytes"] == 60000 * 224 * 224 * 3 * 4
    assert "its .npy headers" in verdict.evidence


def test_kl301_npz_members_measured_by_their_headers(tmp_path):
    """An .npz's file size says nothing (compressed); its members' headers say it all."""
    import io
    import zipfile

    with zipfile.ZipFile(tmp_path / "d.npz", "w", zipfile.ZIP_DEFLATED) as archive:
        for name, shape in (("images", (20000, 256, 256, 3)), ("labels", (20000,))):
            buffer = io.BytesIO()
            np.lib.format.write_array_header_1_0(
                buffer, {"descr": "|u1", "fortran_order": False, "shape": shape})
            archive.writestr(f"{name}.npy", buffer.getvalue())
    verdict = verify("KL301", {}, {"np_load_path": str(tmp_path / "d.npz"), "call": "fit",
                                   "threshold_bytes": 2 ** 30})
    assert verdict.measurements["array_bytes"] == 20000 * 256 * 256 * 3 + 20000


def test_kl302_nothing_known_is_inconclusive():
    verify("KL302", {}, {}, expected=INCONCLUSIVE)


UNKNOWN_ARRAYS = [{"name": "x", "shape": None, "dtype": None},
                  {"name": "y", "shape": None, "dtype": None}]


def test_kl301_np_load_of_a_run_time_path_is_shown_on_a_synthetic_file():
    """`np.load(f"{cfg.data_dir}/x.npy")`: no literal path, no static size. The claim is about
    np.load without mmap_mode, whatever the file: the synthetic file shows it."""
    message = ("`model.fit` receives `np.load(f\"{cfg.data_dir}/volumes_train.npy\")` (x), which "
               "reads the whole file into memory before training starts")
    verdict = verify("KL301", {}, {"call": "fit", "arrays": UNKNOWN_ARRAYS, "np_load_path": None,
                                   "finding_message": message}, expected=INCONCLUSIVE)
    m = verdict.measurements
    assert m["np_load_rss_bytes"] > 0.9 * m["demo_file_bytes"]
    assert "only known at run time" in verdict.evidence
    assert "volumes_train.npy" in verdict.evidence


def test_kl302_np_load_of_an_argparse_path_shows_the_dataset_copy():
    message = ("`Dataset.from_tensor_slices` receives `np.load(features_path)` (tensors[0]), which "
               "has read the whole file into memory")
    verdict = verify("KL302", {}, {"call": "from_tensor_slices", "arrays": UNKNOWN_ARRAYS,
                                   "finding_message": message}, expected=INCONCLUSIVE)
    assert "x2 with it" in verdict.evidence and "np.load(features_path)" in verdict.evidence


def test_kl302_memory_mapped_load_of_unknown_size_stays_inconclusive():
    message = "`Dataset.from_tensor_slices` receives `np.load(p, mmap_mode=\"r\")` (tensors[0])"
    verify("KL302", {}, {"arrays": UNKNOWN_ARRAYS, "finding_message": message},
           expected=INCONCLUSIVE)


# -- stand-in inputs (a subclassed model with no Input) -----------------------------------------

class ConvNet(keras.Model):
    """The TF2 quickstart's subclassed model: no Input, a linear head."""

    def __init__(self, head_activation=None):
        super().__init__()
        self.conv = keras.layers.Conv2D(8, 3, activation="relu")
        self.flatten = keras.layers.Flatten()
        self.head = Dense(10, activation=head_activation)

    def call(self, x):
        return self.head(self.flatten(self.conv(x)))


class TokenNet(keras.Model):
    def __init__(self):
        super().__init__()
        self.embed = keras.layers.Embedding(500, 8)
        self.pool = keras.layers.GlobalAveragePooling1D()
        self.head = Dense(4)

    def call(self, tokens):
        return tf.nn.softmax(self.head(self.pool(self.embed(tokens))))


class DictNet(keras.Model):
    """Reads a dict: no stand-in fits."""

    def __init__(self):
        super().__init__()
        self.head = Dense(3)

    def call(self, features):
        return self.head(features["a"])


def test_stand_in_image_batch_for_a_subclassed_conv_model():
    keras.utils.set_random_seed(0)
    verdict = verify("KL202", {SLOT_MODEL: ConvNet(), SLOT_LOSS: "categorical_crossentropy"})
    assert "stand-in input" in verdict.evidence and "(64, 32, 32, 3)" in verdict.evidence


def test_stand_in_token_ids_below_the_vocabulary():
    keras.utils.set_random_seed(0)
    loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    verdict = verify("KL201", {SLOT_MODEL: TokenNet(), SLOT_LOSS: loss})
    assert "token ids below 500" in verdict.evidence


def test_stand_in_near_miss_stays_refuted():
    keras.utils.set_random_seed(0)
    verdict = verify("KL202", {SLOT_MODEL: ConvNet("softmax"),
                               SLOT_LOSS: "categorical_crossentropy"}, expected=REFUTED)
    assert "stand-in input" in verdict.evidence


def test_stand_in_for_kl102_is_stated_as_an_assumption():
    class Mlp(keras.Model):
        def __init__(self):
            super().__init__()
            self.hidden = Dense(64, activation="tanh",
                                kernel_initializer=keras.initializers.RandomNormal(0.0, 1.0))
            self.out = Dense(10, activation="softmax")

        def call(self, x):
            return self.out(self.hidden(x))

    keras.utils.set_random_seed(0)
    model = Mlp()
    verdict = verify("KL102", {SLOT_MODEL: model, SLOT_LAYER: model.hidden})
    assert "stand-in input" in verdict.evidence and "assumption" in verdict.evidence


def test_no_stand_in_fits_is_inconclusive():
    verdict = verify("KL202", {SLOT_MODEL: DictNet(), SLOT_LOSS: "categorical_crossentropy"},
                     expected=INCONCLUSIVE)
    assert "no stand-in input ran" in verdict.evidence


def test_static_input_shape_wins_over_a_stand_in():
    keras.utils.set_random_seed(0)
    verdict = verify("KL202", {SLOT_MODEL: ConvNet(), SLOT_LOSS: "categorical_crossentropy"},
                     {"input_shape": [28, 28, 1]})
    assert "stand-in" not in verdict.evidence


# -- one output of a multi-output model ----------------------------------------------------------

def two_heads(class_activation=None):
    keras.utils.set_random_seed(0)
    x = keras.Input((20,))
    h = Dense(32, activation="relu")(x)
    box = Dense(4, name="box")(h)
    cls = Dense(10, activation=class_activation, name="cls")(h)
    return keras.Model(x, [box, cls])


def test_output_index_selects_the_head_of_a_functional_model():
    verdict = verify("KL202", {SLOT_MODEL: two_heads(), SLOT_LOSS: "categorical_crossentropy"},
                     {"output_index": 1, "output_name": "cls"})
    assert "ln(10)" in verdict.evidence


def test_output_name_alone_selects_the_head():
    verify("KL202", {SLOT_MODEL: two_heads(), SLOT_LOSS: "categorical_crossentropy"},
           {"output_name": "cls"})


def test_output_head_with_softmax_is_a_near_miss():
    verify("KL202", {SLOT_MODEL: two_heads("softmax"), SLOT_LOSS: "categorical_crossentropy"},
           {"output_index": 1}, expected=REFUTED)


def test_output_index_of_a_subclassed_model_picks_from_its_result():
    class TwoHeads(keras.Model):
        def __init__(self):
            super().__init__()
            self.hidden = Dense(32, activation="relu")
            self.cls = Dense(10, activation="softmax")
            self.box = Dense(4)

        def call(self, x):
            h = self.hidden(x)
            return self.cls(h), self.box(h)

    keras.utils.set_random_seed(0)
    loss = keras.losses.CategoricalCrossentropy(from_logits=True)
    verdict = verify("KL201", {SLOT_MODEL: TwoHeads(), SLOT_LOSS: loss}, {"output_index": 0})
    assert "stand-in input" in verdict.evidence


def test_per_output_labels_follow_the_output():
    from keraslint.verifier.experiments.outputs import single_output

    labels = [np.zeros((4, 4), "float32"), np.ones((4,), "int32")]
    narrowed = single_output({SLOT_MODEL: two_heads(), SLOT_Y: labels}, {"output_index": 1})
    assert narrowed[SLOT_Y] is labels[1]
    assert len(narrowed[SLOT_MODEL].outputs) == 1


def test_unknown_output_is_inconclusive():
    verify("KL202", {SLOT_MODEL: two_heads(), SLOT_LOSS: "categorical_crossentropy"},
           {"output_index": 5}, expected=INCONCLUSIVE)


def test_named_inputs_get_a_dict_and_ids_below_every_vocabulary():
    """Two Embeddings (50000 users, 8000 items) behind named inputs, a dict of two heads."""
    keras.utils.set_random_seed(0)
    user = keras.Input((1,), dtype="int32", name="user")
    item = keras.Input((1,), dtype="int32", name="item")
    u = keras.layers.Flatten()(keras.layers.Embedding(50000, 8)(user))
    v = keras.layers.Flatten()(keras.layers.Embedding(8000, 8)(item))
    h = Dense(16, activation="relu")(keras.layers.Concatenate()([u, v]))
    heads = {"topic": Dense(4, activation="softmax", name="topic")(h),
             "click": Dense(1, name="click")(h)}
    model = keras.Model({"user": user, "item": item}, heads)
    verify("KL202", {SLOT_MODEL: model, SLOT_LOSS: "binary_crossentropy"},
           {"output_index": 1, "output_name": "click"})
    verify("KL202", {SLOT_MODEL: model, SLOT_LOSS: "binary_crossentropy"}, {"output_index": 1})


def test_large_images_get_a_small_batch():
    from keraslint.verifier.experiments.data import LARGE_INPUT_ROWS, inputs

    model = keras.Sequential([keras.Input((224, 224, 3)), keras.layers.GlobalAveragePooling2D()])
    assert len(inputs({}, {}, model)) == LARGE_INPUT_ROWS


def test_kl301_shape_stated_without_dtype_is_judged_as_a_lower_bound(tmp_path):
    """`np.load("t.npy").reshape(200000, 128, 128, 3)` of a file we do not have: the code's own
    shape at one byte per element is the claim, and it is measured as such."""
    facts = {"arrays": [{"name": "x", "shape": [200000, 128, 128, 3], "dtype": None,
                         "min_itemsize": 1}],
             "np_load_path": "t.npy", "source_dir": str(tmp_path), "call": "fit",
             "threshold_bytes": 2 ** 30}
    verdict = verify("KL301", {}, facts)
    assert verdict.measurements["array_bytes"] == 200000 * 128 * 128 * 3
    assert "at least 1 byte per element" in verdict.evidence


# -- data feeding (KL304-KL309): pipelines rebuilt from their described operations -------------------

def pipeline(source=None, *steps, size=512, **extra):
    """The facts `slicing/pipelines.py` sends: a source and its operations."""
    described = {"source": {"kind": "from_tensor_slices", "batched": False, "batch_size": None,
                            "reshuffles": False, "size": size, **(source or {})},
                 "steps": [dict(s) for s in steps], "notes": []}
    described.update(extra)
    return described


BATCH_32 = {"method": "batch", "effect": "batch", "batch_size": 32, "line": 3}
SHUFFLE = {"method": "shuffle", "effect": "shuffle", "buffer_size": 100, "line": 4}
CACHE = {"method": "cache", "effect": "cache", "line": 5}
DIRECTORY = {"kind": "image_dataset_from_directory", "batched": True, "batch_size": 32,
             "reshuffles": True, "size": None, "helper": True}


def test_kl304_shuffle_after_batch_keeps_every_batch():
    verdict = verify("KL304", {}, pipeline(None, BATCH_32, SHUFFLE, flagged=1,
                                           kind="shuffle_after_batch"))
    assert verdict.measurements["repeated_batches"] == 1.0
    assert verdict.measurements["repeated_batches_intended"] < 0.1


def test_kl304_cached_directory_batches_are_replayed():
    verify("KL304", {}, pipeline(DIRECTORY, CACHE, SHUFFLE, flagged=1,
                                 kind="shuffle_after_batch"))


def test_kl304_directory_batches_shuffled_again_only_change_order():
    verdict = verify("KL304", {}, pipeline(DIRECTORY, SHUFFLE, flagged=0,
                                           kind="shuffle_after_batch"))
    assert verdict.measurements["same_compositions"] == 1.0
    assert verdict.measurements["batches_buffered"] > 1


def test_kl304_examples_shuffled_before_batching_is_refuted():
    verify("KL304", {}, pipeline(None, dict(SHUFFLE, buffer_size=512), BATCH_32, SHUFFLE,
                                 flagged=2, kind="shuffle_after_batch"), expected=REFUTED)


def test_kl304_shuffle_one_changes_nothing():
    verify("KL304", {}, pipeline(None, dict(SHUFFLE, buffer_size=1), BATCH_32, flagged=0,
                                 kind="shuffle_one"))


def test_kl304_random_map_then_cache_is_shown_with_a_stand_in():
    random_map = {"method": "map", "effect": "map", "random": True, "line": 6}
    verdict = verify("KL304", {}, pipeline(None, random_map, CACHE, flagged=1,
                                           kind="cache_after_random_map"), expected=INCONCLUSIVE)
    assert verdict.measurements["repeated_elements"] == 1.0
    assert verdict.measurements["repeated_elements_intended"] < 0.1


def test_kl304_unknown_source_is_inconclusive():
    verify("KL304", {}, pipeline({"kind": None}, BATCH_32, SHUFFLE, flagged=1,
                                 kind="shuffle_after_batch"), expected=INCONCLUSIVE)


def test_kl308_discarded_shuffle_and_batch():
    shuffled = verify("KL308", {}, pipeline(None, kind="discarded", discarded=SHUFFLE))
    assert shuffled.measurements["same_order_across_epochs"] == 1.0
    batched = verify("KL308", {}, pipeline(None, kind="discarded", discarded=BATCH_32))
    assert batched.measurements["examples_per_element"] == 1.0


def test_kl308_untranslatable_step_is_inconclusive():
    verify("KL308", {}, pipeline(None, {"method": "interleave", "effect": "opaque", "line": 2},
                                 kind="discarded", discarded=SHUFFLE), expected=INCONCLUSIVE)


def test_kl305_batch_size_ignored_and_validation_split_raises():
    verdict = verify("KL305", {}, {"kind": "dataset", "method": "fit", "batch_size": 16,
                                   "passed": {"batch_size": 64, "validation_split": 0.2}})
    assert verdict.measurements["batch_size_seen"] == 16
    assert verdict.measurements["validation_split_raised"] == 1.0


def test_kl305_shuffle_true_on_an_unshuffled_dataset():
    verdict = verify("KL305", {}, {"kind": "dataset", "method": "fit", "batch_size": 8,
                                   "passed": {"shuffle": True}})
    assert verdict.measurements["same_order_both_epochs"] == 1.0


def test_kl305_arguments_that_cannot_be_replayed_are_inconclusive():
    verify("KL305", {}, {"kind": "dataset", "method": "fit", "passed": {}},
           expected=INCONCLUSIVE)


def raw_pixel_model(activation="relu"):
    keras.utils.set_random_seed(0)
    return keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Conv2D(4, 3, activation=activation),
                             keras.layers.Flatten(), Dense(3)])


def test_kl306_raw_pixels_of_the_program():
    pixels = np.random.default_rng(0).integers(0, 256, (16, 8, 8, 1)).astype("uint8")
    verdict = verify("KL306", {SLOT_MODEL: raw_pixel_model(), "__keraslint_x__": pixels})
    assert verdict.measurements["std_ratio"] > 100


def test_kl306_pixels_already_scaled_are_refuted():
    pixels = np.random.default_rng(0).random((16, 8, 8, 1)).astype("float32")
    verify("KL306", {SLOT_MODEL: raw_pixel_model(), "__keraslint_x__": pixels},
           expected=REFUTED)


def test_kl306_stand_in_pixels_are_inconclusive():
    verify("KL306", {SLOT_MODEL: raw_pixel_model()}, {"input_shape": [8, 8, 1]},
           expected=INCONCLUSIVE)


def test_kl309_is_inconclusive_without_the_imagenet_weights():
    verdict = verify("KL309", {}, {"application": "MobileNetV2", "mode": "tf", "low": 0.0,
                                   "high": 255.0}, expected=INCONCLUSIVE)
    assert verdict.measurements["preprocessed_min"] == pytest.approx(-1.0, abs=0.01)
    assert "weights" in verdict.evidence

# -- custom training loops (KL212, KL401-KL410) ----------------------------------------------

def small_model(*middle, inputs=(8,), units=3):
    keras.utils.set_random_seed(0)
    return keras.Sequential([keras.Input(inputs), Dense(16, activation="relu"), *middle,
                             Dense(units)])


def step_facts(name, *params, **extra):
    return {"step_name": name, "step_params": [{"name": p, "has_default": False} for p in params],
            **extra}


def test_kl401_dropout_and_batchnorm_are_off_as_written():
    model = small_model(keras.layers.BatchNormalization(), keras.layers.Dropout(0.5))
    verdict = verify("KL401", {SLOT_MODEL: model}, {"call": "model"})
    assert "inference mode" in verdict.evidence
    assert verdict.measurements["moving_statistics_change_as_written"] == 0
    assert verdict.measurements["moving_statistics_change_training"] > 0


def test_kl401_model_without_training_layers_is_refuted():
    verify("KL401", {SLOT_MODEL: small_model()}, expected=REFUTED)


def test_kl410_regularizer_losses_are_measured_and_their_absence_refutes():
    keras.utils.set_random_seed(0)
    regularized = keras.Sequential([keras.Input((8,)), Dense(
        16, activation="relu", kernel_regularizer=keras.regularizers.l2(1e-2)), Dense(1)])
    verdict = verify("KL410", {SLOT_MODEL: regularized, SLOT_LOSS: keras.losses.MeanSquaredError()})
    assert verdict.measurements["regularization_loss"] > 0
    verify("KL410", {SLOT_MODEL: small_model()}, expected=REFUTED)


def test_kl212_swapped_crossentropy_differs_and_mse_is_refuted():
    model = small_model(units=4)
    facts = {"loss_kind": "categorical_crossentropy"}
    verdict = verify("KL212", {SLOT_MODEL: model,
                               SLOT_LOSS: keras.losses.CategoricalCrossentropy(from_logits=True)},
                     facts)
    assert verdict.measurements["loss_as_written"] != verdict.measurements["loss_right"]
    verify("KL212", {SLOT_MODEL: model, SLOT_LOSS: keras.losses.MeanSquaredError()},
           {"loss_kind": "mean_squared_error"}, expected=REFUTED)


def _train_step(model, forward_outside):
    optimizer = keras.optimizers.SGD(0.01)

    def train_step(x, y):
        logits = model(x, training=True)
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(y - (logits if forward_outside
                                                 else model(x, training=True))))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))

    return train_step


def test_kl402_none_gradients_confirm_and_recorded_ones_refute():
    model = small_model()
    facts = step_facts("train_step", "x", "y")
    verdict = verify("KL402", {SLOT_MODEL: model, "train_step": _train_step(model, True)}, facts)
    assert verdict.measurements["none_gradients"] == verdict.measurements["variables"] == 4
    verify("KL402", {SLOT_MODEL: model, "train_step": _train_step(model, False)}, facts,
           expected=REFUTED)
    verify("KL402", {"train_step": _train_step(model, False)}, facts, expected=INCONCLUSIVE)


def test_kl403_numpy_loss_makes_the_gradient_fail():
    model = small_model()

    def train_step(x, y):
        with tf.GradientTape() as tape:
            loss = np.mean(np.square(y.numpy() - model(x, training=True).numpy()))
        return tape.gradient(loss, model.trainable_variables)

    verdict = verify("KL403", {SLOT_MODEL: model, "train_step": train_step},
                     step_facts("train_step", "x", "y"))
    assert "failed on its target" in verdict.evidence


def test_kl404_tracing_speed_up_is_measured():
    model = small_model()
    verdict = run_experiment("KL404", {SLOT_MODEL: model, "train_step": _train_step(model, False)},
                             step_facts("train_step", "x", "y"))
    assert verdict.verdict in (CONFIRMED, REFUTED), verdict.evidence
    assert verdict.measurements["eager_ms"] > 0 and verdict.measurements["traced_ms"] > 0

    def untraceable(x, y):
        return x.numpy()

    verify("KL404", {SLOT_MODEL: model, "train_step": untraceable},
           step_facts("train_step", "x", "y"), expected=INCONCLUSIVE)


def test_kl405_fresh_adam_restarts_and_plain_sgd_is_refuted():
    model = small_model()
    verdict = verify("KL405", {SLOT_MODEL: model, SLOT_OPTIMIZER_FACTORY:
                               lambda: keras.optimizers.Adam(1e-2)}, {"optimizer": "Adam(1e-2)"})
    assert verdict.measurements["iterations_as_written"] == 1
    assert verdict.measurements["iterations_created_once"] == 5
    verify("KL405", {SLOT_MODEL: model, SLOT_OPTIMIZER_FACTORY: lambda: keras.optimizers.SGD(0.1)},
           {"optimizer": "SGD(0.1)"}, expected=REFUTED)
    verify("KL405", {SLOT_MODEL: model}, expected=INCONCLUSIVE)


def test_kl406_variable_created_in_tf_function_raises():
    @tf.function
    def accumulate(x):
        total = tf.Variable(0.0)
        total.assign_add(tf.reduce_sum(x))
        return total

    state = {}

    @tf.function
    def singleton(x):
        if "v" not in state:
            state["v"] = tf.Variable(0.0)
        return state["v"].assign_add(tf.reduce_sum(x))

    facts = step_facts("f", "x", traced=True)
    verify("KL406", {"f": accumulate}, facts)
    verify("KL406", {"f": singleton}, facts, expected=REFUTED)


def test_kl408_python_step_index_retraces_and_signature_does_not():
    model = small_model()

    @tf.function
    def step(x, y, i):
        return tf.reduce_sum(model(x)) + tf.cast(i, tf.float32)

    @tf.function(input_signature=[tf.TensorSpec([None, 8]), tf.TensorSpec([None, 3]),
                                  tf.TensorSpec([], tf.int64)])
    def signed(x, y, i):
        return tf.reduce_sum(model(x))

    facts = step_facts("step", "x", "y", "i", scalar_index=2)
    verdict = verify("KL408", {SLOT_MODEL: model, "step": step}, facts)
    assert verdict.measurements["traces_as_written"] >= 5
    verify("KL408", {SLOT_MODEL: model, "step": signed}, facts, expected=REFUTED)


def test_kl409_integer_seed_draws_repeat_and_unknown_ops_are_inconclusive():
    verdict = verify("KL409", {}, {"op": "keras.random.normal", "kind": "keras", "seed": 3,
                                   "arguments": {"stddev": 0.1}})
    assert verdict.measurements["traced_max_difference"] == 0
    assert verdict.measurements["fresh_seed_max_difference"] > 0
    verify("KL409", {}, {"op": "tensorflow.image.stateless_random_flip_left_right",
                         "kind": "stateless", "seed": [1, 2], "arguments": {}})
    verify("KL409", {}, {"op": "keras.random.shuffle_everything", "kind": "keras", "seed": 1},
           expected=INCONCLUSIVE)

# -- KL802 / KL803 / KL804 / KL808: custom classes ------------------------------------------------

class _VariablePerCall(keras.layers.Layer):
    def call(self, x):
        return x * tf.Variable(tf.random.normal([x.shape[-1]]))


class _VariableOnce(keras.layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.scale = None

    def call(self, x):
        return x * 2.0


class _NoSuperInit(keras.layers.Layer):
    def __init__(self, units):  # noqa: D107 - the fault under test
        self.units = units

    def call(self, x):
        return x


class _Residual(keras.layers.Layer):
    def __init__(self, inner=None, units=4, **kwargs):
        super().__init__(**kwargs)
        self.inner = inner or Dense(units)

    def call(self, x):
        return x + self.inner(x)


class _TfVariableScale(keras.layers.Layer):
    def build(self, input_shape):
        self.w = tf.Variable(tf.ones((input_shape[-1],)))

    def call(self, x):
        return x * self.w


class _WeightScale(keras.layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones")

    def call(self, x):
        return x * self.w


def test_kl802_variable_per_call_changes_the_output():
    verdict = verify("KL802", {SLOT_LAYER: _VariablePerCall()}, {"class_name": "V"})
    assert verdict.measurements["max_abs_difference"] > 0


def test_kl802_same_output_is_refuted_and_missing_instance_inconclusive():
    verify("KL802", {SLOT_LAYER: _VariableOnce()}, {"class_name": "V"}, REFUTED)
    verify("KL802", {}, {"class_name": "V"}, INCONCLUSIVE)


def test_kl803_call_raises_runtime_error():
    verdict = verify("KL803", {SLOT_LAYER: _NoSuperInit(3)}, {"class_name": "_NoSuperInit"})
    assert "super().__init__()" in verdict.evidence


def test_kl803_working_layer_is_refuted():
    verify("KL803", {SLOT_LAYER: _VariableOnce()}, {"class_name": "_VariableOnce"}, REFUTED)


def test_kl804_save_raises_for_a_layer_argument():
    model = keras.Sequential([keras.Input((4,)), _Residual(Dense(4))])
    verdict = verify("KL804", {SLOT_MODEL: model, SLOT_LAYER: model.layers[0]},
                     {"class_name": "_Residual"})
    assert "NotImplementedError" in verdict.evidence


def test_kl804_basic_arguments_save_and_load():
    model = keras.Sequential([keras.Input((4,)), _Residual(units=4)])
    verify("KL804", {SLOT_MODEL: model, SLOT_LAYER: model.layers[0]},
           {"class_name": "_Residual"}, REFUTED)
    verify("KL804", {}, {"class_name": "_Residual"}, INCONCLUSIVE)


def test_kl808_tf_variable_is_not_tracked():
    model = keras.Sequential([keras.Input((3,)), _TfVariableScale()])
    verdict = verify("KL808", {SLOT_MODEL: model, SLOT_LAYER: model.layers[0]},
                     {"class_name": "_TfVariableScale", "variables": ["w"]})
    assert verdict.measurements["untracked"] == 1


def test_kl808_add_weight_is_inconclusive_and_tracked_variable_refuted():
    model = keras.Sequential([keras.Input((3,)), _WeightScale()])
    verify("KL808", {SLOT_MODEL: model, SLOT_LAYER: model.layers[0]},
           {"class_name": "_WeightScale", "variables": ["w"]}, INCONCLUSIVE)

    class Tracked:  # what tf_keras does: the tf.Variable attribute is one of its weights
        built = True

        def __init__(self):
            self.w = tf.Variable(1.0)
            self.weights = self.trainable_weights = [self.w]

    verify("KL808", {SLOT_LAYER: Tracked()}, {"class_name": "Tracked", "variables": ["w"]},
           REFUTED)


def test_kl801_unfreezing_after_fit_has_no_effect_until_recompiled():
    keras.utils.set_random_seed(0)
    base = keras.Sequential([keras.Input((6,)), Dense(8, activation="relu")])
    model = keras.Sequential([base, Dense(1)])
    verdict = verify("KL801", {SLOT_MODEL: model, SLOT_LAYER: base, SLOT_LOSS: "mse"},
                     {"flavour": "keras3", "trainable_value": True, "changed": "base",
                      "input_shape": [6]})
    assert verdict.measurements["max_weight_change"] == 0
    assert verdict.measurements["max_weight_change_after_recompile"] > 0


def test_kl801_tf_keras_and_loop_changes_are_inconclusive():
    keras.utils.set_random_seed(0)
    base = keras.Sequential([keras.Input((6,)), Dense(8, activation="relu")])
    model = keras.Sequential([base, Dense(1)])
    namespace = {SLOT_MODEL: model, SLOT_LAYER: base, SLOT_LOSS: "mse"}
    verify("KL801", namespace, {"flavour": "tf_keras", "trainable_value": True}, INCONCLUSIVE)
    verify("KL801", namespace, {"flavour": "keras3", "trainable_value": False,
                                "through_layers": True, "input_shape": [6]}, INCONCLUSIVE)
