"""Experiments of the structure and shape rules (KL209, KL210, KL806, KL807, KL810, KL811) on
hand-built namespaces: a confirmed case, a near-miss that comes out refuted, an inconclusive one.
Skipped only when TensorFlow is not importable; it shares the test process's one TF import."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")
np = pytest.importorskip("numpy")

from keraslint.verifier.experiments import run_experiment  # noqa: E402
from keraslint.verifier.protocol import (  # noqa: E402
    CONFIRMED,
    INCONCLUSIVE,
    REFUTED,
    SLOT_LAYER,
    SLOT_LOSS,
    SLOT_MODEL,
    SLOT_PARTNER,
    SLOT_Y,
)

layers = keras.layers


def verify(code: str, namespace: dict, facts: dict | None = None, expected: str = CONFIRMED):
    verdict = run_experiment(code, namespace, facts or {})
    assert verdict.verdict == expected, verdict.evidence
    return verdict


def sequential(*stack, inputs=(20,)):
    keras.utils.set_random_seed(0)
    return keras.Sequential([keras.Input(inputs), *stack])


# -- KL806 -------------------------------------------------------------------------------------

def test_kl806_dense_runs_per_position():
    dense = layers.Dense(10, activation="softmax")
    model = sequential(layers.Conv2D(8, 3), layers.MaxPooling2D(), dense, inputs=(12, 12, 1))
    verdict = verify("KL806", {SLOT_MODEL: model, SLOT_LAYER: dense})
    m = verdict.measurements
    assert m["positions"] == 25 and m["model_output_rank"] == 4
    assert "(batch, 5, 5, 10)" in verdict.evidence


def test_kl806_flattened_input_is_refuted():
    dense = layers.Dense(10)
    model = sequential(layers.Conv2D(8, 3), layers.Flatten(), dense, inputs=(12, 12, 1))
    verify("KL806", {SLOT_MODEL: model, SLOT_LAYER: dense}, expected=REFUTED)


def test_kl806_unused_layer_is_inconclusive():
    model = sequential(layers.Dense(4))
    verify("KL806", {SLOT_MODEL: model, SLOT_LAYER: layers.Dense(3)}, expected=INCONCLUSIVE)


# -- KL807 -------------------------------------------------------------------------------------

def test_kl807_linear_stack_is_one_map_of_low_rank():
    first, second = layers.Dense(64), layers.Dense(8, activation="relu")
    model = sequential(first, layers.Dropout(0.5), second, layers.Dense(1))
    verdict = verify("KL807", {SLOT_MODEL: model, SLOT_LAYER: first, SLOT_PARTNER: second})
    assert verdict.measurements["rank"] == 8
    assert verdict.measurements["stacked_weights"] > verdict.measurements["single_layer_weights"]


def test_kl807_activation_in_between_is_refuted():
    first, second = layers.Dense(16), layers.Dense(8)
    model = sequential(first, layers.ReLU(), second)
    verify("KL807", {SLOT_MODEL: model, SLOT_LAYER: first, SLOT_PARTNER: second},
           expected=REFUTED)


def test_kl807_without_the_second_layer_is_inconclusive():
    first = layers.Dense(16)
    verify("KL807", {SLOT_MODEL: sequential(first, layers.Dense(2)), SLOT_LAYER: first},
           expected=INCONCLUSIVE)


# -- KL810 -------------------------------------------------------------------------------------

def test_kl810_bias_gradient_vanishes_through_batchnorm():
    conv, norm = layers.Conv2D(8, 3), layers.BatchNormalization()
    model = sequential(conv, norm, layers.ReLU(), layers.GlobalAveragePooling2D(),
                       inputs=(10, 10, 3))
    verdict = verify("KL810", {SLOT_MODEL: model, SLOT_LAYER: conv, SLOT_PARTNER: norm})
    m = verdict.measurements
    assert m["bias_gradient_norm"] < 1e-4 * m["kernel_gradient_norm"]
    assert m["output_change_for_bias_shift"] < 1e-3


def test_kl810_batchnorm_over_another_axis_is_refuted():
    dense, norm = layers.Dense(6), layers.BatchNormalization(axis=1)
    model = sequential(dense, norm, inputs=(5, 4))
    verify("KL810", {SLOT_MODEL: model, SLOT_LAYER: dense, SLOT_PARTNER: norm},
           expected=REFUTED)


def test_kl810_without_batchnorm_is_inconclusive():
    dense = layers.Dense(6)
    verify("KL810", {SLOT_MODEL: sequential(dense), SLOT_LAYER: dense}, expected=INCONCLUSIVE)


# -- KL811 -------------------------------------------------------------------------------------

def test_kl811_dropout_inflates_the_variance_batchnorm_learns():
    dropout, norm = layers.Dropout(0.5), layers.BatchNormalization()
    model = sequential(layers.Dense(64, activation="relu"), dropout, norm, layers.Dense(2))
    verdict = verify("KL811", {SLOT_MODEL: model, SLOT_LAYER: dropout, SLOT_PARTNER: norm})
    assert verdict.measurements["train_to_inference_variance"] > 1.5
    assert verdict.measurements["inference_std_after_bn"] < 0.85


def test_kl811_tiny_rate_is_refuted():
    dropout, norm = layers.Dropout(0.001), layers.BatchNormalization()
    model = sequential(layers.Dense(64, activation="relu"), dropout, norm)
    verify("KL811", {SLOT_MODEL: model, SLOT_LAYER: dropout, SLOT_PARTNER: norm},
           expected=REFUTED)


def test_kl811_without_model_is_inconclusive():
    verify("KL811", {SLOT_LAYER: layers.Dropout(0.5)}, expected=INCONCLUSIVE)


# -- KL209 -------------------------------------------------------------------------------------

def test_kl209_sparse_labels_beyond_the_units():
    model = sequential(layers.Dense(9))
    labels = np.arange(64) % 10
    verdict = verify("KL209", {SLOT_MODEL: model, SLOT_Y: labels, SLOT_LOSS:
                               keras.losses.SparseCategoricalCrossentropy(from_logits=True)})
    assert verdict.measurements["classes"] == 10 and verdict.measurements["units"] == 9


def test_kl209_one_hot_width_from_the_stated_count():
    model = sequential(layers.Dense(6, activation="softmax"))
    verdict = verify("KL209", {SLOT_MODEL: model, SLOT_LOSS: "categorical_crossentropy"},
                     {"class_count": 7})
    assert verdict.measurements["keras_error"] == 1.0
    assert "7 classes the code states" in verdict.evidence


def test_kl209_matching_units_are_refuted():
    model = sequential(layers.Dense(10, activation="softmax"))
    verify("KL209", {SLOT_MODEL: model, SLOT_LOSS: "sparse_categorical_crossentropy",
                     SLOT_Y: np.arange(64) % 10}, expected=REFUTED)


def test_kl209_unknown_class_count_is_inconclusive():
    model = sequential(layers.Dense(10, activation="softmax"))
    verify("KL209", {SLOT_MODEL: model, SLOT_LOSS: "categorical_crossentropy"},
           expected=INCONCLUSIVE)


# -- KL210 -------------------------------------------------------------------------------------

def test_kl210_sigmoid_cannot_reach_prices():
    model = sequential(layers.Dense(8, activation="relu"), layers.Dense(1, activation="sigmoid"))
    prices = 50 + 950 * np.random.default_rng(0).random(64)
    verdict = verify("KL210", {SLOT_MODEL: model, SLOT_Y: prices},
                     {"output_activation": "sigmoid"})
    m = verdict.measurements
    assert m["unreachable_share"] == 1.0
    assert m["best_mse_within_bound"] > m["mse_of_mean_prediction"]


def test_kl210_targets_from_the_static_range():
    model = sequential(layers.Dense(1, activation="tanh"))
    verdict = verify("KL210", {SLOT_MODEL: model},
                     {"output_activation": "tanh", "target_low": 5.0, "target_high": 50.0})
    assert "the range the code gives them" in verdict.evidence


def test_kl210_scaled_targets_are_refuted():
    model = sequential(layers.Dense(1, activation="sigmoid"))
    verify("KL210", {SLOT_MODEL: model, SLOT_Y: np.random.default_rng(0).random(64)},
           {"output_activation": "sigmoid"}, expected=REFUTED)


def test_kl210_linear_output_is_inconclusive():
    model = sequential(layers.Dense(1))
    verify("KL210", {SLOT_MODEL: model, SLOT_Y: np.ones(64)}, {"output_activation": "linear"},
           expected=INCONCLUSIVE)
