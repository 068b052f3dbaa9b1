from keraslint.analysis.layers import line_of, snippet
from keraslint.rules.base import Invalid, Rule, Valid


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
            if model is None:
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
    import libcst as cst

    return isinstance(argument, cst.Call)
