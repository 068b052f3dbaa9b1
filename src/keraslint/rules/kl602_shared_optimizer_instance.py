import libcst as cst

from keraslint.analysis.layers import line_of, snippet
from keraslint.rules.base import Invalid, Report, Rule, Valid


class SharedOptimizerInstance(Rule):
    """
    ## What it does
    Checks for one optimizer instance compiled into two different models (the same
    `optimizer = Adam(...)` object passed to both `compile` calls), as in the classic Keras
    GAN that compiles the discriminator and the combined model with one `optimizer`.

    A string (`optimizer="adam"`) builds a new optimizer per compile and is not reported; nor
    is one model compiled twice with the same optimizer.

    ## Why is this bad?
    An optimizer keeps state per variable (Adam's moments, momentum) and, since Keras 2.11,
    is built for the variables of the first model it updates. Keras 3 and `tf_keras` then
    refuse the second model's variables: `ValueError: Unknown variable: ... This optimizer can
    only be called for the variables it was originally built with.` With Keras 2's legacy
    optimizers the two models silently share one step counter, so Adam's bias correction and
    any schedule advance twice as fast as either model trains.

    ## Precision on real code
    On the real-code corpora (`scripts/realcode.py`) it reports nothing (TensorFlow's SNGP
    ensemble shares one optimizer across models built in a loop, but a legacy one, which
    Keras 2 allowed), so its precision there is unmeasured.

    ## Example
    ```python
    import keras

    optimizer = keras.optimizers.Adam(2e-4, beta_1=0.5)
    discriminator.compile(optimizer=optimizer, loss="binary_crossentropy")
    combined.compile(optimizer=optimizer, loss="binary_crossentropy")
    ```

    ## Use instead
    ```python
    import keras

    discriminator.compile(optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
                          loss="binary_crossentropy")
    combined.compile(optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
                     loss="binary_crossentropy")
    ```

    ## Options
    None.

    ## References
    - [Keras optimizers](https://keras.io/api/optimizers/)
    - [Keras DCGAN example: one optimizer per model](https://keras.io/examples/generative/dcgan_overriding_train_step/)
    """

    CODE = "KL602"
    NAME = "shared-optimizer-instance"
    SUMMARY = "One optimizer instance compiled into several models."
    MESSAGE = ("The optimizer `{optimizer}` (line {line}) was already compiled into `{first}` "
               "(line {first_line}); sharing it with this model makes Keras raise `ValueError: "
               "Unknown variable` when it trains (the optimizer is built for the first model's "
               "variables); give each model its own optimizer")

    def check(self, facts):
        first_use = {}
        for compiled in facts.api.compiled_optimizers:
            model = compiled.compile.model
            if model is None or compiled.optimizer.legacy:
                continue  # Keras 2's legacy optimizers keep slots per variable: sharing works
            loop = _loop_building(facts, compiled)
            if loop is not None and not _is_construction(compiled.argument):
                yield Report(compiled.argument, _LOOP_MESSAGE.format(
                    optimizer=snippet(facts, compiled.optimizer.call),
                    line=line_of(facts, compiled.optimizer.call), loop_line=line_of(facts, loop)))
                continue
            key = id(compiled.optimizer.call)
            earlier = first_use.get(key)
            if earlier is None:
                first_use[key] = compiled
                continue
            if earlier.compile.model.same_as(model):
                continue
            if _is_construction(compiled.argument):
                continue  # `optimizer=Adam()` written at each compile: a new object each time
            receiver = earlier.compile.call.func.value
            yield self.report(compiled.argument, optimizer=snippet(facts, compiled.optimizer.call),
                              line=line_of(facts, compiled.optimizer.call),
                              first=snippet(facts, receiver),
                              first_line=line_of(facts, earlier.compile.call))

    VALID = (
        Valid("""
            import keras
            d = keras.Sequential([keras.layers.Dense(1)])
            g = keras.Sequential([keras.layers.Dense(1)])
            d.compile(optimizer="adam", loss="mse")
            g.compile(optimizer="adam", loss="mse")
        """),
        Valid("""
            import keras
            opt = keras.optimizers.Adam()
            model = keras.Sequential([keras.layers.Dense(1)])
            model.compile(optimizer=opt, loss="mse")
            model.compile(optimizer=opt, loss="mae")
        """),
        # A new optimizer per model in the loop.
        Valid("""
            import keras
            for fold in range(5):
                optimizer = keras.optimizers.Adam(1e-3)
                model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])
                model.compile(optimizer=optimizer, loss="mse")
        """),
        Valid("""
            import keras
            def make_opt():
                return keras.optimizers.Adam(1e-3)
            d = keras.Sequential([keras.layers.Dense(1)])
            g = keras.Sequential([keras.layers.Dense(1)])
            d.compile(optimizer=make_opt(), loss="mse")
            g.compile(optimizer=make_opt(), loss="mse")
        """),
    )
    INVALID = (
        # Cross-validation: one optimizer for a model per fold.
        Invalid("""
            import keras
            optimizer = keras.optimizers.Adam(1e-3)
            for fold in range(5):
                model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])
                model.compile(optimizer=optimizer, loss="mse")
                model.fit(x[fold], y[fold])
        """, lines=(5,)),
        Invalid("""
            import keras
            optimizer = keras.optimizers.Adam(2e-4, beta_1=0.5)
            discriminator = keras.Sequential([keras.Input((784,)), keras.layers.Dense(1, activation="sigmoid")])
            discriminator.compile(loss="binary_crossentropy", optimizer=optimizer)
            generator = keras.Sequential([keras.Input((100,)), keras.layers.Dense(784)])
            z = keras.Input((100,))
            combined = keras.Model(z, discriminator(generator(z)))
            combined.compile(loss="binary_crossentropy", optimizer=optimizer)
        """, lines=(8,)),
    )


def _is_construction(argument) -> bool:
    return isinstance(argument, cst.Call)


def _loop_building(facts, compiled):
    """The loop that builds a new model and compiles it with an optimizer made outside it."""
    compile_loops = facts.loops_around(compiled.compile.call)
    model = compiled.compile.model
    if not compile_loops or not isinstance(model.node, cst.Call):
        return None
    model_loops = facts.loops_around(model.node)
    optimizer_loops = facts.loops_around(compiled.optimizer.call)
    for loop in reversed(compile_loops):
        if any(loop is other for other in model_loops) and not any(
                loop is other for other in optimizer_loops):
            if facts.index.call_scopes.get(model.node) is facts.index.call_scopes.get(
                    compiled.compile.call):
                return loop
    return None


_LOOP_MESSAGE = ("The optimizer `{optimizer}` (line {line}) is made once, outside the loop on line "
                 "{loop_line}, but compiled into the new model built on every iteration: from the "
                 "second model on, Keras raises `ValueError: Unknown variable` when it trains (the "
                 "optimizer is built for the first model's variables); build the optimizer inside "
                 "the loop")
