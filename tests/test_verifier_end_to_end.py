"""`keraslint check --verify` end to end: slices of real programs run under TensorFlow.

One CLI run covers several fixtures (TensorFlow is imported once per run); near misses and a
program that defeats slicing are checked on small temporary programs.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("tensorflow")

from keraslint.verifier.protocol import Job  # noqa: E402
from keraslint.verifier.runner import Runner  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CONFIRMED_FIXTURES = {
    "fixtures/KL101/buggy_numpy_random_init.py": "KL101",
    "fixtures/KL102/buggy_builder_default_std.py": "KL102",  # stand-in width, tf_keras
    "fixtures/KL102/buggy_lambda_unit_normal.py": "KL102",  # another bad layer upstream
    "fixtures/KL103/buggy_zeros_hidden.py": "KL103",
    "fixtures/KL201/buggy_softmax_sparse_from_logits.py": "KL201",
    "fixtures/KL202/buggy_sparse_string_linear.py": "KL202",
    "fixtures/KL203/buggy_dense_one_softmax.py": "KL203",
    "fixtures/KL204/buggy_softmax_binary_ce.py": "KL204",
    "fixtures/KL205/buggy_mnist_int_labels_cce.py": "KL205",
    "fixtures/KL209/buggy_mnist_nine_units.py": "KL209",
    "fixtures/KL210/buggy_price_sigmoid.py": "KL210",
    "fixtures/KL806/buggy_helper_blocks.py": "KL806",  # a helper called three times
    "fixtures/KL807/buggy_linear_through_dropout.py": "KL807",
    "fixtures/KL810/buggy_dense_bn_subclass.py": "KL810",  # stand-in input width
    "fixtures/KL811/buggy_spatial_dropout_in_block.py": "KL811",
    "fixtures/KL301/buggy_preallocated_images.py": "KL301",
    "fixtures/KL302/buggy_np_load_asserted.py": "KL302",  # the size the code asserts
    "fixtures/KL304/buggy_batch_then_shuffle_sorted.py": "KL304",  # pipeline rebuilt from facts
    "fixtures/KL305/buggy_dataset_batch_size.py": "KL305",
    "fixtures/KL306/buggy_test_images_unscaled.py": "KL306",  # the stub's own 0-255 pixels
    "fixtures/KL308/buggy_shuffle_statement.py": "KL308",
    # custom loops: the model a tape calls, the user's own step on a stand-in batch, an
    # optimizer re-created per batch, a seeded draw, the regularization a loop leaves out
    "fixtures/KL212/buggy_loss_object_predictions_first.py": "KL212",
    "fixtures/KL401/buggy_gan_train_step_batchnorm.py": "KL401",
    "fixtures/KL402/buggy_forward_pass_before_tape.py": "KL402",
    "fixtures/KL403/buggy_numpy_loss_in_step.py": "KL403",
    "fixtures/KL405/buggy_adam_created_per_batch.py": "KL405",
    "fixtures/KL406/buggy_accumulator_in_step.py": "KL406",
    "fixtures/KL408/buggy_step_index_passed_to_traced_step.py": "KL408",
    "fixtures/KL409/buggy_noise_layer_fixed_seed.py": "KL409",
    "fixtures/KL410/buggy_sparse_autoencoder_add_loss.py": "KL410",
    "fixtures/KL801/buggy_freeze_encoder_after_pretraining.py": "KL801",
    "fixtures/KL802/buggy_add_weight_in_call.py": "KL802",  # the slice raises Keras's error
    "fixtures/KL802/buggy_module_variable_per_call.py": "KL802",
    "fixtures/KL803/buggy_layer_without_super_init.py": "KL803",
    "fixtures/KL804/buggy_activation_object_saved.py": "KL804",
    "fixtures/KL808/buggy_vq_codebook_tf_variable.py": "KL808",
}


# Notebooks, verified in the same run: (path, code, cell, row) -> verdict; the verdict's
# evidence names cells, not lines of the program the cells make.
NOTEBOOK_VERDICTS = {
    ("fixtures/notebooks/buggy_mnist_softmax_from_logits.ipynb", "KL201", 7, 3): "confirmed",
    ("fixtures/notebooks/buggy_colab_linear_output.ipynb", "KL202", 6, 1): "confirmed",
    ("fixtures/notebooks/buggy_config_from_json.ipynb", "KL201", 4, 6): "inconclusive",
}


def check_verify(*paths: str, cwd: Path = ROOT) -> list[dict]:
    result = subprocess.run(
        [sys.executable, "-m", "keraslint", "check", "--verify", "--output-format", "json",
         "--exit-zero", *paths], cwd=cwd, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def fixture_findings() -> list[dict]:
    return check_verify(*CONFIRMED_FIXTURES, *sorted({key[0] for key in NOTEBOOK_VERDICTS}))


@pytest.mark.parametrize("path,code", sorted(CONFIRMED_FIXTURES.items()))
def test_fixture_findings_are_confirmed(fixture_findings, path, code):
    found = [f for f in fixture_findings if f["filename"].endswith(path) and f["code"] == code]
    assert found
    for finding in found:
        verification = finding["verification"]
        assert verification["verdict"] == "confirmed", verification["evidence"]
        assert verification["measurements"]
        assert verification["seconds"] < 10


def test_notebook_findings_are_verified_and_said_in_cells(fixture_findings):
    verdicts = {(f["filename"][len(str(ROOT)) + 1:], f["code"], f["cell"], f["location"]["row"]):
                f["verification"] for f in fixture_findings if f["cell"] and "verification" in f}
    assert {key: v["verdict"] for key, v in verdicts.items()} == NOTEBOOK_VERDICTS
    key = ("fixtures/notebooks/buggy_config_from_json.ipynb", "KL201", 4, 6)
    evidence = verdicts[key]["evidence"]
    assert evidence.startswith("the slice cannot be built: `config`, read in cell 4, line 1 "
                               "(`model = keras.Sequential(")
    assert "comes from cell 3, line 2 (`config = json.load(open(\"config.json\"))`)" in evidence


def write(tmp_path: Path, name: str, source: str) -> str:
    path = tmp_path / name
    path.write_text(textwrap.dedent(source))
    return str(path)


def test_stand_in_and_slicing_failure_are_reported(tmp_path):
    stand_in = write(tmp_path, "csv_width.py", """
        import pandas as pd
        import keras
        df = pd.read_csv("data.csv")
        x = df.drop(columns=["y"]).values
        model = keras.Sequential([keras.Input(shape=(x.shape[1],)),
                                  keras.layers.Dense(16, activation="relu"),
                                  keras.layers.Dense(1, activation="softmax")])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(x, df["y"].values, epochs=10)
    """)
    defeated = write(tmp_path, "config_model.py", """
        import json
        import keras
        config = json.load(open("config.json"))
        model = keras.Sequential([keras.Input(shape=(20,)),
                                  keras.layers.Dense(config["hidden"], activation="relu"),
                                  keras.layers.Dense(10, activation="softmax")])
        model.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=True))
    """)
    text = write(tmp_path, "text_export.py", """
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
    """)
    findings = {Path(f["filename"]).name: f
                for f in check_verify(stand_in, defeated, text, cwd=tmp_path)}
    sparse = findings["text_export.py"]["verification"]
    assert sparse["verdict"] == "confirmed", sparse["evidence"]
    assert "Received a label value of 1" in sparse["evidence"]
    assert "sentences of common words" in sparse["evidence"]
    assert "run on stand-in data" in sparse["evidence"]
    confirmed = findings["csv_width.py"]["verification"]
    assert confirmed["verdict"] == "confirmed", confirmed["evidence"]
    assert "[slice assumptions: `x.shape[1]` taken as 32" in confirmed["evidence"]
    failed = findings["config_model.py"]["verification"]
    assert failed["verdict"] == "inconclusive"
    assert failed["evidence"].startswith("the slice cannot be built: `config`, read on line")
    assert not (tmp_path / "data.csv").exists()  # the user's tree is never written


def _slice_job(path: str, code: str) -> Job:
    import libcst as cst

    from keraslint.analysis import FileFacts
    from keraslint.engine.runner import lint_source
    from keraslint.rules import all_rules
    from keraslint.verifier.slicer import build_job

    source = Path(path).read_bytes()
    finding = next(f for f in lint_source(source, path, [r() for r in all_rules().values()]).findings
                   if f.code == code)
    job = build_job(FileFacts(cst.parse_module(source), path), finding, None)
    assert isinstance(job, Job)
    job.id = code
    return job


def test_near_misses_are_refuted(tmp_path):
    """KL301 under a threshold above the real size; KL201 where the slice's loss is told
    from_logits=False after all (the pattern is absent once the flag is fixed)."""
    memory = _slice_job(write(tmp_path, "arrays.py", """
        import numpy as np
        import keras
        x = np.zeros((25000, 150, 150, 3))
        y = np.zeros(25000)
        model = keras.Sequential([keras.Input(shape=(150, 150, 3)), keras.layers.Flatten(),
                                  keras.layers.Dense(1, activation="sigmoid")])
        model.fit(x, y)
    """), "KL301")
    memory.facts["threshold_bytes"] = 64 * 2 ** 30
    double = _slice_job(write(tmp_path, "softmax.py", """
        import keras
        model = keras.Sequential([keras.Input(shape=(20,)),
                                  keras.layers.Dense(10, activation="softmax")])
        model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    """), "KL201")
    double.program = double.program.replace("from_logits=True", "from_logits=False")
    with Runner() as runner:
        verdicts = runner.run([memory, double])
    for verdict in verdicts:
        assert verdict.verdict == "refuted", verdict.evidence
    assert "under the threshold of 64.0 GiB" in verdicts[0].evidence


def test_builders_trainers_and_heads_are_confirmed(tmp_path):
    """Slices that keep defs as written (a builder called inside a larger statement, a loop
    over widths), a class-based trainer instantiated as the module does, and one head of a
    multi-output model compiled with a dict of losses."""
    builder = write(tmp_path, "builder.py", """
        import argparse
        import keras
        from keras import layers

        def block(x, filters):
            return layers.Conv2D(filters, 3, padding="same", activation="relu",
                                 kernel_initializer=keras.initializers.RandomNormal(mean=1.0))(x)

        def build(width):
            inp = keras.Input(shape=(16, 16, 3))
            x = inp
            for filters in (width, width * 2):
                x = block(x, filters)
            x = layers.GlobalAveragePooling2D()(x)
            return keras.Model(inp, layers.Dense(10, activation="softmax")(x))

        def main():
            ap = argparse.ArgumentParser()
            ap.add_argument("--width", type=int, default=8)
            cfg = ap.parse_args()
            model = build(cfg.width)
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
            model.fit(keras.utils.image_dataset_from_directory("data"), epochs=3)

        if __name__ == "__main__":
            main()
    """)
    trainer = write(tmp_path, "trainer.py", """
        import numpy as np
        import keras

        class Trainer:
            def __init__(self, n_features):
                self.model = self._build(n_features)
                self.loss_fn = keras.losses.BinaryCrossentropy()

            def _build(self, n_features):
                inputs = keras.Input(shape=(n_features,))
                x = keras.layers.Dense(32, activation="relu", kernel_initializer="ones")(inputs)
                return keras.Model(inputs, keras.layers.Dense(1, activation="sigmoid")(x))

            def train(self, x, y):
                self.model.compile(optimizer="adam", loss=self.loss_fn)
                return self.model.fit(x, y, epochs=5)

        if __name__ == "__main__":
            data = np.loadtxt("train.csv", delimiter=",")
            trainer = Trainer(data.shape[1] - 1)
            trainer.train(data[:, :-1], data[:, -1])
    """)
    heads = write(tmp_path, "heads.py", """
        import keras
        from keras import layers

        inp = keras.Input(shape=(24,))
        h = layers.Dense(32, activation="relu")(inp)
        topic = layers.Dense(5, activation="softmax", name="topic")(h)
        spam = layers.Dense(1, name="is_spam")(h)
        model = keras.Model(inputs=inp, outputs={"topic": topic, "is_spam": spam})
        model.compile(optimizer="adam",
                      loss={"topic": "sparse_categorical_crossentropy",
                            "is_spam": "binary_crossentropy"})
    """)
    found = {(Path(f["filename"]).name, f["code"]): f["verification"]
             for f in check_verify(builder, trainer, heads, cwd=tmp_path)}
    for key in (("builder.py", "KL101"), ("trainer.py", "KL101"), ("heads.py", "KL202")):
        assert key in found, sorted(found)
        assert found[key]["verdict"] == "confirmed", (key, found[key]["evidence"])
    assert "parse_args([])" in found[("builder.py", "KL101")]["evidence"]
