from keraslint.analysis.layers import line_of, snippet
from keraslint.rules.base import Invalid, Rule, Valid


class ModelsInLoopWithoutClearSession(Rule):
    """
    ## What it does
    Checks for models built and trained inside a `for`/`while` loop (hyper-parameter
    searches, cross-validation folds, ensembles: the loop also calls `compile` or `fit`) when
    nothing in the loop, or in the builder function it calls, runs
    `keras.backend.clear_session()` (or `keras.utils.clear_session()`). A model is a
    `Sequential`/`Model`/`keras.applications` construction, a local subclass of `Model`, or a
    call of a local function that certainly returns one. A loop that builds the blocks of one
    model (no `compile`/`fit` in it) and loops over a literal handful of items
    (`for units in (32, 64)`) are not reported.

    ## Why is this bad?
    Keras keeps global state for every model built: the layer-name counters and, with
    TensorFlow, the graph objects and compiled functions behind each model. Building many
    models in one process makes memory grow with every iteration, slows each new model down
    and eventually runs out of memory, the reason Keras documents `clear_session()` for
    "creating many models in a loop". It also makes layer names drift (`dense_57`), which
    breaks code that looks layers up by name.

    ## Precision on real code
    On the real-code corpora (`scripts/realcode.py`) it reports 1 finding, intended (a Keras
    unit test building four throwaway models); loops that build the blocks of one model and
    ensembles that keep every model are not reported.

    ## Example
    ```python
    import keras

    for fold, (train, val) in enumerate(folds):
        model = build_model()
        model.fit(x[train], y[train], validation_data=(x[val], y[val]))
    ```

    ## Use instead
    ```python
    import keras

    for fold, (train, val) in enumerate(folds):
        keras.backend.clear_session()
        model = build_model()
        model.fit(x[train], y[train], validation_data=(x[val], y[val]))
    ```

    ## Options
    None.

    ## References
    - [keras.backend.clear_session](https://keras.io/api/utils/config_utils/#clearsession-function)
    """

    CODE = "KL902"
    NAME = "models-in-loop-without-clear-session"
    SUMMARY = "Models built in a loop without `keras.backend.clear_session()`."
    MESSAGE = ("`{call}` builds a new model on every iteration of the loop on line {loop_line}, "
               "and nothing in the loop calls `keras.backend.clear_session()`: Keras keeps the "
               "global state of every model built, so memory and build time grow with each "
               "iteration; call `keras.backend.clear_session()` at the start of the loop body")

    def check(self, facts):
        for looped in facts.api.models_in_loops:
            yield self.report(looped.call, call=snippet(facts, looped.call),
                              loop_line=line_of(facts, looped.loop))

    VALID = (
        Valid("""
            import keras
            for units in range(20):
                keras.backend.clear_session()
                model = keras.Sequential([keras.layers.Dense(units), keras.layers.Dense(1)])
                model.compile(optimizer="adam", loss="mse")
        """),
        # Blocks of one model built in a loop: nothing is trained in it.
        Valid("""
            import keras
            def make_ffn(units):
                return keras.Sequential([keras.layers.Dense(units), keras.layers.Dropout(0.1)])
            blocks = []
            for i in range(depth):
                blocks.append(make_ffn(64))
        """),
        # The builder clears the session itself.
        Valid("""
            import keras
            def build(units):
                keras.utils.clear_session()
                return keras.Sequential([keras.layers.Dense(units)])
            for units in sizes:
                model = build(units)
                model.fit(x, y)
        """),
        # A handful of models.
        Valid("""
            import keras
            for units in (32, 64):
                model = keras.Sequential([keras.layers.Dense(units)])
                model.compile(optimizer="adam", loss="mse")
        """),
        # Layers built in a loop are not models.
        Valid("""
            import keras
            x = inputs = keras.Input((8,))
            for units in sizes:
                x = keras.layers.Dense(units)(x)
            model = keras.Model(inputs, x)
        """),
    )
    INVALID = (
        Invalid("""
            import keras
            def build_model(units):
                return keras.Sequential([keras.Input((8,)), keras.layers.Dense(units),
                                         keras.layers.Dense(1)])
            for units in [16, 32, 64, 128, 256]:
                model = build_model(units)
                model.compile(optimizer="adam", loss="mse")
        """, lines=(6,)),
        Invalid("""
            import tensorflow as tf
            for fold in range(10):
                model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
                model.compile(optimizer="adam", loss="mse")
        """, lines=(3,)),
    )
