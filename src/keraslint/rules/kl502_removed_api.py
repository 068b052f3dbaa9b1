import libcst as cst

from keraslint.analysis.api import CHANGES, IGNORES_LR, KERAS3, RAISES, SILENT, WARNS
from keraslint.rules.base import Invalid, Rule, Valid

_KERAS = {KERAS3: "Keras 3", "tf_keras": "`tf_keras` (Keras 2)"}
_EFFECTS = {
    RAISES: "raises", WARNS: "ignores it with a warning", SILENT: "ignores it without a word",
    IGNORES_LR: "warns and ignores it", "ok": "accepts it",
}


def _behaviour(use) -> str:
    change = use.change
    keras = _KERAS[use.implementation]
    if use.implementation == KERAS3 and use.spelled.startswith("tf."):
        keras = "Keras 3 (`tf.keras` since TF 2.16)"
    version = change.version_in(use.implementation)
    if use.effect == RAISES:
        error = f" `{_error_of(use)}`" if change.error else ""
        return f"{keras} raises{error} (removed in {version})"
    if use.effect == IGNORES_LR:
        return ("`tf_keras`'s optimizers (since Keras 2.11) log a warning and ignore it: the "
                f"optimizer keeps its default learning rate {use.detail}")
    if use.effect == WARNS:
        detail = " (no decay is applied: the learning rate stays constant)" if change.key == "decay" else ""
        return f"{keras} ignores it with a warning{detail} (since {version})"
    return f"{keras} ignores it without a word (since {version})"


def _error_of(use) -> str:
    """The exception as the code meets it. A removed module fails its import with
    `ImportError` whichever way it is imported (`ModuleNotFoundError` for `import a.b`, a plain
    `ImportError` for `from a import b`), so that is what is said; a removed name imported by an
    `import` statement fails there with `ImportError`, not the `AttributeError` an attribute
    access meets."""
    error = use.change.error
    if error == "ModuleNotFoundError" or (
            error == "AttributeError" and isinstance(use.anchor, (cst.Import, cst.ImportFrom))):
        return "ImportError"
    return error


def _instead(replacement: str) -> str:
    return replacement if replacement.startswith(("pass ", "remove ", "feed ")) \
        else f"use {replacement}"


def _table() -> str:
    rows = ["| API | where | Keras 3 | `tf_keras` | changed in | use instead |",
            "|---|---|---|---|---|---|"]
    for change in CHANGES:
        key = change.key if change.site == "name" else (
            f"`.{change.key}()`" if change.site == "model method" else f"`{change.key}=`")
        key = f"`{key}`" if change.site == "name" else key
        where = change.site + (f" ({change.owner})" if change.owner else "")
        if change.namespaces == ("keras",):
            where += "; `keras` only, `tf.keras` keeps it"
        rows.append(f"| {key} | {where} | {_EFFECTS[change.keras3]} | {_EFFECTS[change.tf_keras]} "
                    f"| {change.version}{' (tf_keras: ' + change.legacy_version + ')' if change.legacy_version else ''} | {change.replacement} |")
    rows.append("| `keras.backend.<fn>` (Keras 2 backend functions but the 14 Keras 3 keeps; "
                "`tf.keras.backend` lacks only `function`, `placeholder`, `learning_phase`, "
                "`set_learning_phase`, `get_session`, `set_session` and a few more) | name | "
                "raises | accepts it | Keras 3.0 (TF 2.16) | the `keras.ops` function of the "
                "same name, or the replacement the message names |")
    return "\n".join(rows)


class RemovedApi(Rule):
    """
    ## What it does
    Checks for Keras APIs that the Keras the code runs on removed, renamed or ignores:
    `lr=` and `decay=` on optimizers, `fit_generator`, `predict_classes`, `nb_epoch=`,
    `save_format=`, Keras 1 layer arguments (`init=`, `border_mode=`, `W_regularizer=`...),
    `Model(input=, output=)`, `keras.layers.merge`, `keras.optimizers.legacy`, Keras 2
    `keras.backend` functions, and the others in the table below.

    Code is judged against the Keras it runs on: Keras 3 for `keras` and for `tf.keras` on
    TensorFlow >= 2.16; `tf_keras` (Keras 2) when it imports `tf_keras`, or sets
    `TF_USE_LEGACY_KERAS` before importing TensorFlow. A standalone Keras 2 (`import keras`
    with keras < 3) cannot be told from Keras 3 in source and is judged as Keras 3, the Keras
    `import keras` installs today. A file that mixes both and an object whose Keras is unknown
    are reported only for a change both treat alike.

    ## Why is this bad?
    Most of these fail at once (`ValueError: Argument(s) not recognized: {'lr': 0.01}`), which
    costs a search. Others fail silently: Keras 3 drops `decay=` with a warning (the learning
    rate never decays), `tf_keras`'s optimizers warn and then *ignore* `lr=` (training runs at
    the default 0.001), and Keras 3 drops `ReduceLROnPlateau(epsilon=...)` without a word.

    What each Keras does, checked against Keras 3.15.1 (`keras`, and `tf.keras` on TF 2.21)
    and `tf_keras` 2.21:

    {table}

    ## Precision on real code
    On the real-code corpora (`scripts/realcode.py`) it reports 43 findings, all true:
    `tf.keras.optimizers.legacy`, `save_format=`, `workers=`, `lr=`, `DenseFeatures` in
    examples and tutorials written before Keras 3, and `tf_keras.optimizers.SGD(lr=0.1)` in
    tf-models-official tests, which silently trains at 0.01.

    ## Example
    ```python
    import keras

    model = keras.Sequential([keras.Input((20,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(lr=0.01, decay=1e-4), loss="mse")
    model.fit_generator(batches, steps_per_epoch=100, nb_epoch=10)
    ```

    ## Use instead
    ```python
    import keras

    schedule = keras.optimizers.schedules.InverseTimeDecay(0.01, decay_steps=1, decay_rate=1e-4)
    model = keras.Sequential([keras.Input((20,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=schedule), loss="mse")
    model.fit(batches, steps_per_epoch=100, epochs=10)
    ```

    ## Options
    None.

    ## References
    - [Keras 3 migration guide](https://keras.io/guides/migrating_to_keras_3/)
    - [Keras 3 release notes](https://github.com/keras-team/keras/releases/tag/v3.0.0)
    - [TensorFlow 2.11 release notes: the new optimizers](https://github.com/tensorflow/tensorflow/releases/tag/v2.11.0)
    """

    CODE = "KL502"
    NAME = "removed-api"
    SUMMARY = ("`lr=`, `decay=`, `fit_generator`, `predict_classes`, `nb_epoch`, `save_format=`, "
               "... that the Keras in use removed, renamed or ignores.")
    MESSAGE = "`{spelled}`: {behaviour}; {replacement}"

    def check(self, facts):
        for use in facts.api.removed_uses:
            yield self.report(use.anchor, spelled=use.spelled, behaviour=_behaviour(use),
                              replacement=_instead(use.change.replacement))

    VALID = (
        Valid("""
            import keras
            opt = keras.optimizers.Adam(learning_rate=0.01)
            model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
            model.compile(optimizer=opt, loss="mse")
            model.fit(x, y, epochs=3)
            model.save("model.keras")
        """),
        # tf_keras on purpose: legacy optimizers accept lr= and decay=, fit_generator works.
        Valid("""
            import tf_keras as keras
            opt = keras.optimizers.legacy.Adam(lr=0.01, decay=1e-4)
            model = keras.Sequential([keras.layers.Dense(1)])
            model.compile(optimizer=opt, loss="mse")
            model.fit_generator(gen, steps_per_epoch=10, workers=4)
            model.save("saved", save_format="tf")
        """),
        # TF_USE_LEGACY_KERAS set before importing TensorFlow: tf.keras is tf_keras.
        Valid("""
            import os
            os.environ["TF_USE_LEGACY_KERAS"] = "1"
            import tensorflow as tf
            model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
            model.fit_generator(gen, steps_per_epoch=10)
            cb = tf.keras.callbacks.ModelCheckpoint("w.h5", period=2)
        """),
        # scikit-learn's predict_proba is not Keras's.
        Valid("""
            import keras
            from sklearn.linear_model import LogisticRegression
            clf = LogisticRegression().fit(x, y)
            p = clf.predict_proba(x)
        """),
        # save_format="h5" on a .h5 path only warns in Keras 3.
        Valid("""
            import keras
            model = keras.Sequential([keras.layers.Dense(1)])
            model.save("model.h5", save_format="h5")
        """),
        # tf.keras.backend keeps the legacy functions in Keras 3.
        Valid("""
            import tensorflow as tf
            from tensorflow.keras import backend as K
            def loss(y_true, y_pred):
                return K.mean(K.square(y_true - y_pred))
            from tensorflow.keras.preprocessing.image import ImageDataGenerator
        """),
        # A local layer with its own `init` argument is not a Keras layer.
        Valid("""
            import keras
            class Block(keras.layers.Layer):
                def __init__(self, init="zeros"):
                    super().__init__()
            b = Block(init="ones")
        """),
    )
    INVALID = (
        Invalid("""
            import keras
            opt = keras.optimizers.Adam(lr=0.01, decay=1e-4)
            model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
            model.compile(optimizer=opt, loss="mse")
            model.fit_generator(gen, steps_per_epoch=10, nb_epoch=5)
        """, lines=(2, 2, 5, 5)),
        Invalid("""
            from keras.models import Sequential
            from keras.layers import Dense, Conv2D
            model = Sequential()
            model.add(Conv2D(32, (3, 3), border_mode="same", init="he_normal"))
            model.add(Dense(10, activation="softmax"))
            classes = model.predict_classes(x)
        """, lines=(4, 4, 6)),
        # tf_keras: the new optimizers ignore lr= (training runs at 0.001) and reject decay=.
        Invalid("""
            import tf_keras
            opt = tf_keras.optimizers.Adam(lr=0.01)
            sgd = tf_keras.optimizers.SGD(learning_rate=0.1, decay=1e-6)
        """, lines=(2, 3)),
        Invalid("""
            from keras import backend as K
            from keras.layers.merge import concatenate
            from keras.utils.np_utils import to_categorical
            def loss(y_true, y_pred):
                return K.mean(K.square(y_true - y_pred))
        """, lines=(2, 3, 5, 5)),
        Invalid("""
            import tensorflow as tf
            inputs = tf.keras.Input((8,))
            outputs = tf.keras.layers.Dense(1)(inputs)
            model = tf.keras.Model(input=inputs, output=outputs)
            model.save("exported", save_format="tf")
            es = tf.keras.callbacks.ReduceLROnPlateau(epsilon=1e-3)
        """, lines=(4, 4, 5, 6)),
    )


RemovedApi.__doc__ = RemovedApi.__doc__.replace("{table}", _table().replace("\n", "\n    "))
