from keraslint.analysis.layers import line_of, snippet
from keraslint.rules.base import Invalid, Rule, Valid

_NAMES = {"keras3": "Keras 3", "tf_keras": "`tf_keras` (Keras 2)"}


class MixedKerasNamespaces(Rule):
    """
    ## What it does
    Checks for a model built from objects of two Keras implementations: Keras 3 (`keras`,
    and `tf.keras` on TensorFlow >= 2.16) and `tf_keras`/legacy Keras (`tf_keras`,
    `tensorflow.python.keras`, and `tf.keras` when `TF_USE_LEGACY_KERAS` is set before
    TensorFlow is imported): a `tf_keras.Sequential` holding `keras.layers.Dense`, a Keras 3
    model compiled with a `tf_keras` optimizer.

    `keras` and `tf.keras` together are not reported: on TensorFlow >= 2.16 both are Keras 3
    (and on TensorFlow 2.13-2.15 both are the same Keras 2 package).

    ## Why is this bad?
    The two implementations share no classes. Keras 3 refuses a `tf_keras` layer (`ValueError:
    Only instances of keras.Layer can be added to a Sequential model`), `tf_keras` refuses a
    Keras 3 layer or tensor, and a foreign optimizer is "not a valid optimizer". Mixed imports
    usually come from code migrated halfway, or from `TF_USE_LEGACY_KERAS` set in a file that
    also imports `keras`.

    ## Precision on real code
    On the real-code corpora (`scripts/realcode.py`) it reports nothing (each corpus uses
    one Keras), so its precision there is unmeasured.

    ## Example
    ```python
    import tf_keras
    from keras import layers

    model = tf_keras.Sequential([layers.Dense(10, activation="softmax")])
    ```

    ## Use instead
    ```python
    import keras
    from keras import layers

    model = keras.Sequential([layers.Dense(10, activation="softmax")])
    ```

    ## Options
    None.

    ## References
    - [Keras 3 migration guide](https://keras.io/guides/migrating_to_keras_3/)
    - [TensorFlow 2.16 release notes: Keras 3 is tf.keras](https://github.com/tensorflow/tensorflow/releases/tag/v2.16.1)
    """

    CODE = "KL501"
    NAME = "mixed-keras-namespaces"
    SUMMARY = "Keras 3 objects mixed with `tf_keras` / legacy Keras objects in one model."
    MESSAGE = ("`{foreign}` is a {foreign_keras} object, but the model `{model}` (line {line}) is "
               "{own_keras}: the two share no classes and Keras rejects it when the model is "
               "built or compiled; build every part from one Keras ({fix})")

    def check(self, facts):
        for mixed in facts.api.mixed_models:
            fix = ("import `keras` everywhere" if mixed.own_keras == "keras3"
                   else "import `tf_keras` everywhere, or `tf.keras` with `TF_USE_LEGACY_KERAS=1`")
            yield self.report(mixed.foreign, foreign=snippet(facts, mixed.foreign),
                              foreign_keras=_NAMES[mixed.foreign_keras],
                              model=snippet(facts, mixed.own), line=line_of(facts, mixed.own),
                              own_keras=_NAMES[mixed.own_keras], fix=fix)

    VALID = (
        Valid("""
            import keras
            import tensorflow as tf
            model = keras.Sequential([tf.keras.layers.Dense(4), keras.layers.Dense(1)])
        """),
        Valid("""
            import tf_keras
            model = tf_keras.Sequential([tf_keras.layers.Dense(1)])
            model.compile(optimizer=tf_keras.optimizers.Adam(), loss="mse")
        """),
        # tf_keras and keras in one file, each model built from one of them.
        Valid("""
            import keras
            import tf_keras
            old = tf_keras.Sequential([tf_keras.layers.Dense(1)])
            new = keras.Sequential([keras.layers.Dense(1)])
        """),
    )
    INVALID = (
        Invalid("""
            import tf_keras
            from keras import layers
            model = tf_keras.Sequential([layers.Dense(10, activation="softmax")])
        """, lines=(3,)),
        Invalid("""
            import os
            os.environ["TF_USE_LEGACY_KERAS"] = "1"
            import tensorflow as tf
            import keras
            model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
            model.compile(optimizer=tf.keras.optimizers.Adam(1e-3), loss="mse")
        """, lines=(6,)),
    )
