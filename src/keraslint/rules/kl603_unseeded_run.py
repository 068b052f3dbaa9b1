from keraslint.analysis import calls
from keraslint.rules.base import Invalid, Rule, Valid


class UnseededRun(Rule):
    """
    ## What it does
    Checks for a file that trains a Keras model (`model.fit(...)`) and never seeds the random
    generators: no `keras.utils.set_random_seed`, `tf.random.set_seed`, `np.random.seed`,
    `random.seed` (or a NumPy `default_rng(seed)`). One finding per file, on its first `fit`.

    Off by default: whether a run must be reproducible is a project's choice, and many
    scripts seed in a module they import.

    ## Why is this bad?
    Weights are initialised, data shuffled and dropout masks drawn from unseeded generators,
    so two runs of the same script give different models and metrics. Differences between
    experiments then mix the change being tested with run-to-run noise, and a failure seen
    once cannot be reproduced. `keras.utils.set_random_seed(seed)` seeds Python, NumPy and
    the backend at once (`tf.config.experimental.enable_op_determinism()` makes GPU kernels
    deterministic too).

    ## Precision on real code
    Off by default; not part of the real-code measurement (which runs the default rules). On
    the corpora it would report most training scripts, which is why it is opt-in.

    ## Example
    ```python
    import keras

    model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    model.fit(x, y, epochs=10)
    ```

    ## Use instead
    ```python
    import keras

    keras.utils.set_random_seed(42)
    model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    model.fit(x, y, epochs=10)
    ```

    ## Options
    None.

    ## References
    - [keras.utils.set_random_seed](https://keras.io/api/utils/python_utils/#setrandomseed-function)
    - [TensorFlow: op determinism](https://www.tensorflow.org/api_docs/python/tf/config/experimental/enable_op_determinism)
    """

    CODE = "KL603"
    NAME = "unseeded-run"
    SUMMARY = "A training script that never sets a seed (`keras.utils.set_random_seed`, ...)."
    MESSAGE = ("This file trains a model but never seeds the random generators: weights, "
               "shuffling and dropout differ from run to run; call "
               "`keras.utils.set_random_seed(<seed>)` before building the model")
    DEFAULT_ENABLED = False

    def check(self, facts):
        fits = facts.api.training_calls
        if not fits or facts.api.seeds:
            return
        yield self.report(fits[0], anchor=calls.anchor(fits[0]))

    VALID = (
        Valid("""
            import keras
            keras.utils.set_random_seed(0)
            model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])
            model.compile(optimizer="adam", loss="mse")
            model.fit(x, y)
        """),
        Valid("""
            import numpy as np
            import tensorflow as tf
            np.random.seed(1)
            tf.random.set_seed(1)
            model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
            model.compile(optimizer="adam", loss="mse")
            model.fit(x, y)
        """),
        # No training.
        Valid("""
            import keras
            model = keras.models.load_model("m.keras")
            model.predict(x)
        """),
    )
    INVALID = (
        Invalid("""
            import keras
            model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])
            model.compile(optimizer="adam", loss="mse")
            model.fit(x, y, epochs=10)
            model.fit(x, y, epochs=5)
        """, lines=(4,)),
    )
