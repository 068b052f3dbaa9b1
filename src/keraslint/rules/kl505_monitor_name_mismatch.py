from keraslint.analysis.api import KERAS3
from keraslint.analysis.layers import line_of
from keraslint.rules.base import Invalid, Rule, Valid

_ALIASES = {"acc": "accuracy", "accuracy": "acc"}


def _reason(name: str, logged) -> str:
    """Why `name` is not logged: validation missing, or the metric spelled differently."""
    base = name[4:] if name.startswith("val_") else name
    if name.startswith("val_") and logged.compiled(base) and not logged.validation:
        return "this `fit` gets no `validation_data=`/`validation_split=`, so no `val_` name is logged"
    alias = _ALIASES.get(base)
    if alias is not None and logged.compiled(alias):
        spelled = ("val_" if name.startswith("val_") else "") + alias
        return (f'Keras logs a metric under the string it was given, so `metrics=["{alias}"]` '
                f"is logged as `{spelled}`, not `{name}`")
    shown = ", ".join(f"`{n}`" for n in logged.names)
    return f"the compiled model logs only {shown}"


def _effect(monitor, logged, implementation) -> str:
    base = monitor.name[4:] if monitor.name.startswith("val_") else monitor.name
    if implementation == KERAS3 and monitor.mode == "auto" and not logged.compiled(base):
        return ("with `mode=\"auto\"` Keras 3 cannot tell whether to maximize it and raises "
                "`ValueError` at the end of the first epoch")
    if monitor.kind == "EarlyStopping":
        return "Keras warns at the end of every epoch and training never stops early"
    if monitor.kind == "ReduceLROnPlateau":
        return "Keras warns at the end of every epoch and never reduces the learning rate"
    if implementation == KERAS3:
        return "Keras 3 warns and saves the model every epoch, not the best one"
    return "Keras warns and never saves a checkpoint"


class MonitorNameMismatch(Rule):
    """
    ## What it does
    Checks for an `EarlyStopping`, `ReduceLROnPlateau` or `ModelCheckpoint` that monitors a
    name the `fit` running it never logs: `monitor="val_acc"` when the model is compiled with
    `metrics=["accuracy"]` (logged as `accuracy`/`val_accuracy`), a `val_` name when `fit`
    gets no validation data (including the default `monitor="val_loss"`), or a metric that was
    never compiled.

    Keras names what it logs (Keras 3 `compile_utils`, and Keras >= 2.3 before it): `loss`; a
    metric given as a string under that string (`"accuracy"` -> `accuracy`, `"acc"` ->
    `acc`); a metric object under its `name` (`AUC()` -> `auc`, or `auc_1`... when several are
    built); a function under its name; `val_` in front of each only when `fit` gets
    `validation_data=` or `validation_split=`. Only single-output models compiled with metrics
    the code fixes are judged; a model with its own `train_step`, metrics added elsewhere
    (`add_metric`, a custom callback) or a `fit` whose validation is unknown leave it unknown.
    A `ModelCheckpoint` without `save_best_only=True` is reported only when Keras 3 raises.

    ## Why is this bad?
    The callback never sees its quantity. In Keras 3 a name that is neither `loss` nor a
    compiled metric, with the default `mode="auto"`, raises `ValueError: EarlyStopping
    callback received monitor=val_acc, but Keras isn't able to automatically determine
    whether that metric should be maximized or minimized` at the end of the first epoch.
    Otherwise Keras warns at the end of every epoch ("Early stopping conditioned on metric
    `val_loss` which is not available") and trains on: early stopping never stops, the
    learning rate is never reduced, and Keras 3's `ModelCheckpoint(save_best_only=True)`
    saves every epoch (`tf_keras` saves none).

    ## Precision on real code
    On the real-code corpora (`scripts/realcode.py`) it reports 2 findings, both intended:
    Keras's own callback tests monitor `"unknown"` on purpose to check the warning.

    ## Example
    ```python
    import keras

    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    stop = keras.callbacks.EarlyStopping(monitor="val_acc", patience=3)
    model.fit(x, y, validation_split=0.1, epochs=100, callbacks=[stop])
    ```

    ## Use instead
    ```python
    stop = keras.callbacks.EarlyStopping(monitor="val_accuracy", mode="max", patience=3)
    model.fit(x, y, validation_split=0.1, epochs=100, callbacks=[stop])
    ```

    ## Options
    None.

    ## References
    - [Keras callbacks: EarlyStopping](https://keras.io/api/callbacks/early_stopping/)
    - [Keras 2.3.0 release notes: metrics are logged under the name they were given](https://github.com/keras-team/keras/releases/tag/2.3.0)
    """

    CODE = "KL505"
    NAME = "monitor-name-mismatch"
    SUMMARY = ("A callback monitors a name the compiled metrics do not produce (`val_acc` vs "
               "`accuracy`).")
    MESSAGE = ("`{kind}` monitors `{name}`, which the `fit` on line {fit_line} never logs: "
               "{reason}; {effect}. Monitor {suggestion}")

    def check(self, facts):
        reported: set[int] = set()
        tf1 = facts.api.is_tf1_program
        for monitored in facts.api.monitored_fits:
            monitor, logged = monitored.monitor, monitored.logged
            if logged is None or id(monitor.call) in reported:
                continue
            if logged.logs(monitor.name) is not False:
                continue
            base = monitor.name[4:] if monitor.name.startswith("val_") else monitor.name
            if tf1 and base in _ALIASES:
                continue  # TF 1's tf.keras logged "accuracy" as `acc`
            implementation = facts.api.flavour.implementation_of(monitor.call) or KERAS3
            keras3_raises = (implementation == KERAS3 and monitor.mode == "auto"
                             and not logged.compiled(base))
            if monitor.kind == "ModelCheckpoint" and not monitor.save_best_only \
                    and not keras3_raises:
                continue  # the monitored value only matters to save_best_only
            reported.add(id(monitor.call))
            yield self.report(monitor.node or monitor.call, kind=monitor.kind, name=monitor.name,
                              fit_line=line_of(facts, monitored.fit.call),
                              reason=_reason(monitor.name, logged),
                              effect=_effect(monitor, logged, implementation),
                              suggestion=_suggestion(monitor.name, logged))

    VALID = (
        Valid("""
            import keras
            model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
            stop = keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=3)
            model.fit(x, y, validation_split=0.1, epochs=50, callbacks=[stop])
        """),
        Valid("""
            import keras
            model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
            model.compile(optimizer="adam", loss="mse", metrics=["mae"])
            stop = keras.callbacks.EarlyStopping(monitor="loss", patience=3)
            ckpt = keras.callbacks.ModelCheckpoint("m.keras", monitor="val_mae", save_best_only=True)
            model.fit(x, y, validation_data=(xv, yv), callbacks=[stop, ckpt])
        """),
        # `acc` logged as `acc`.
        Valid("""
            import keras
            model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])
            model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["acc"])
            cb = keras.callbacks.ReduceLROnPlateau(monitor="val_acc")
            model.fit(x, y, validation_split=0.2, callbacks=[cb])
        """),
        # Metric objects: named by class, numbered per session.
        Valid("""
            import keras
            model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])
            model.compile(optimizer="adam", loss="binary_crossentropy",
                          metrics=[keras.metrics.AUC(), keras.metrics.Precision(name="prec")])
            a = keras.callbacks.EarlyStopping(monitor="val_auc", mode="max")
            b = keras.callbacks.EarlyStopping(monitor="val_prec", mode="max")
            model.fit(x, y, validation_data=val, callbacks=[a, b])
        """),
        # Validation data decided at run time.
        Valid("""
            import keras
            def train(model, x, y, val=None):
                model.compile(optimizer="adam", loss="mse")
                stop = keras.callbacks.EarlyStopping()
                model.fit(x, y, validation_data=val, callbacks=[stop])
        """),
        # ModelCheckpoint without save_best_only does not use the monitored value.
        Valid("""
            import keras
            model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
            model.compile(optimizer="adam", loss="mse")
            ckpt = keras.callbacks.ModelCheckpoint("m.keras")
            model.fit(x, y, callbacks=[ckpt])
        """),
        # A subclassed model with its own train_step logs what it likes.
        Valid("""
            import keras
            class GAN(keras.Model):
                def train_step(self, data):
                    return {"d_loss": 0.0, "g_loss": 0.0}
            gan = GAN()
            gan.compile(optimizer="adam")
            gan.fit(ds, callbacks=[keras.callbacks.EarlyStopping(monitor="g_loss")])
        """),
    )
    INVALID = (
        Invalid("""
            import keras
            model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
            stop = keras.callbacks.EarlyStopping(monitor="val_acc", patience=3)
            model.fit(x, y, validation_split=0.1, epochs=50, callbacks=[stop])
        """, lines=(4,)),
        # No validation data: the default val_loss is never logged.
        Invalid("""
            import tensorflow as tf
            model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
            model.compile(optimizer="adam", loss="mse")
            stop = tf.keras.callbacks.EarlyStopping(patience=5, restore_best_weights=True)
            model.fit(x, y, epochs=100, callbacks=[stop])
        """, lines=(4,)),
        Invalid("""
            import keras
            model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
            model.compile(optimizer="adam", loss="mse", metrics=["mae"])
            callbacks = [
                keras.callbacks.ModelCheckpoint("best.keras", monitor="val_accuracy",
                                                save_best_only=True),
            ]
            model.fit(x, y, validation_split=0.2, callbacks=callbacks)
        """, lines=(5,)),
    )


def _suggestion(name: str, logged) -> str:
    base = name[4:] if name.startswith("val_") else name
    alias = _ALIASES.get(base)
    if name.startswith("val_") and logged.compiled(base) and not logged.validation:
        return f"`{base}`, or pass validation data to `fit`"
    if alias is not None and logged.compiled(alias):
        return f"`{'val_' if name.startswith('val_') else ''}{alias}`"
    return "one of the logged names"
