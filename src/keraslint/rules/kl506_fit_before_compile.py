from keraslint.analysis import calls
from keraslint.analysis.layers import line_of, snippet
from keraslint.rules.base import Invalid, Rule, Valid


class FitBeforeCompile(Rule):
    """
    ## What it does
    Checks for `fit` or `evaluate` on a model the file builds (a `Sequential`, a functional
    `Model`, a subclassed model, a `keras.applications` network) that no `compile` reaches
    first: it is never compiled, or compiled only later in the same block.

    Not reported: a model loaded with `load_model` (it keeps its compile state), a model
    handed to another function or object (which may compile it), a subclassed model that
    compiles itself, and files that compile some receiver the analysis cannot name (it may be
    this model).

    ## Why is this bad?
    Keras raises `ValueError: You must call compile() before using the model.` (Keras 3;
    `tf_keras`: "You must compile your model before training/testing."): the optimizer, loss
    and metrics that `fit` and `evaluate` need are set by `compile`.

    ## Precision on real code
    On the real-code corpora (`scripts/realcode.py`) it reports nothing, so its precision
    there is unmeasured.

    ## Example
    ```python
    import keras

    model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])
    model.fit(x, y, epochs=10)
    ```

    ## Use instead
    ```python
    import keras

    model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    model.fit(x, y, epochs=10)
    ```

    ## Options
    None.

    ## References
    - [Keras: the Model training APIs](https://keras.io/api/models/model_training_apis/)
    """

    CODE = "KL506"
    NAME = "fit-before-compile"
    SUMMARY = "`fit`/`evaluate` on a model that is never compiled."
    MESSAGE = ("`{model}.{method}(...)` on {what} (line {line}) that {state}: Keras raises "
               "`ValueError: You must call compile() before using the model`; call "
               "`{model}.compile(optimizer=..., loss=...)` first")

    def check(self, facts):
        for fit in facts.api.uncompiled_fits:
            receiver = calls.receiver(fit.call)
            state = ("is never compiled" if fit.later is None else
                     f"is compiled only afterwards (line {line_of(facts, fit.later)})")
            yield self.report(fit.call, anchor=calls.anchor(fit.call),
                              model=snippet(facts, receiver), method=calls.method_name(fit.call),
                              what=_what(fit.model.style), line=line_of(facts, fit.model.node),
                              state=state)

    VALID = (
        Valid("""
            import keras
            model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])
            model.compile(optimizer="adam", loss="mse")
            model.fit(x, y)
        """),
        # Loaded models keep their compile state.
        Valid("""
            import keras
            model = keras.models.load_model("m.keras")
            model.fit(x, y)
        """),
        # Compiled inside a helper.
        Valid("""
            import keras
            def prepare(m):
                m.compile(optimizer="adam", loss="mse")
            model = keras.Sequential([keras.layers.Dense(1)])
            prepare(model)
            model.fit(x, y)
        """),
        # Builder compiles before returning.
        Valid("""
            import keras
            def build():
                model = keras.Sequential([keras.layers.Dense(1)])
                model.compile(optimizer="adam", loss="mse")
                return model
            model = build()
            model.fit(x, y)
        """),
        # Compiled in a function called later, fitted at module level after it.
        Valid("""
            import keras
            model = keras.Sequential([keras.layers.Dense(1)])
            def setup():
                model.compile(optimizer="adam", loss="mse")
            setup()
            model.fit(x, y)
        """),
        # A subclassed model compiling itself.
        Valid("""
            import keras
            class Net(keras.Model):
                def __init__(self):
                    super().__init__()
                    self.d = keras.layers.Dense(1)
                    self.compile(optimizer="adam", loss="mse")
                def call(self, x):
                    return self.d(x)
            net = Net()
            net.fit(x, y)
        """),
    )
    INVALID = (
        Invalid("""
            import keras
            model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])
            model.fit(x, y, epochs=10)
        """, lines=(3,)),
        Invalid("""
            import tensorflow as tf
            base = tf.keras.applications.MobileNetV2(weights=None, classes=3)
            base.evaluate(x, y)
        """, lines=(3,)),
        Invalid("""
            import keras
            model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])
            model.fit(x, y)
            model.compile(optimizer="adam", loss="mse")
        """, lines=(3,)),
    )


def _what(style: str) -> str:
    return {"sequential": "the `Sequential` model", "functional": "the functional model",
            "subclassed": "the subclassed model",
            "application": "the `keras.applications` model"}.get(style, "the model")
