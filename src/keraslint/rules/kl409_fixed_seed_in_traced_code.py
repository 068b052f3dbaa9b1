from keraslint.analysis import calls
from keraslint.analysis.layers import snippet
from keraslint.analysis.training.ops import KERAS_DRAW
from keraslint.analysis.training.traced import LAYER_CALL
from keraslint.rules.base import Invalid, Rule, Valid



class FixedSeedInTracedCode(Rule):
    """
    ## What it does
    Checks for a random op given a literal seed inside a layer's `call()` or a traced function
    (`@tf.function`, a `tf.function(f)` wrapper, a `train_step` override, or a def they
    call): `keras.random.normal(shape, seed=42)` and the other `keras.random.*` draws, and
    TensorFlow's stateless ops (`tf.random.stateless_normal(shape, seed=[1, 2])`,
    `tf.image.stateless_random_flip_left_right(..., seed=(0, 1))`).

    Stateful TensorFlow ops with an op seed (`tf.random.normal(shape, seed=42)`) are not
    reported: measured with TensorFlow 2.21, they advance their state on every call of a
    traced function and draw new numbers each step.

    Real-code precision: no finding on the pinned real-code corpora (`scripts/realcode.py`: the
    Keras examples and guides, the TensorFlow docs notebooks, the tf-models-official/keras-
    hub/keras wheels; keras-io's generated notebook copies not counted twice) (n = 0).

    ## Why is this bad?
    With an integer seed, Keras 3 draws through a stateless op seeded by that integer: the
    same numbers on every call, eager or traced. In a layer's `call()` or a training step the
    "random" noise, dropout mask or augmentation is then identical on every step — the
    model sees one fixed perturbation instead of fresh ones, which regularizes nothing and
    can bias it. A stateless op with a constant seed is the same by definition.

    ## Example
    ```python
    class Noise(keras.layers.Layer):
        def call(self, x):
            return x + keras.random.normal(keras.ops.shape(x), stddev=0.1, seed=42)
    ```

    ## Use instead
    ```python
    class Noise(keras.layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.seed_generator = keras.random.SeedGenerator(42)

        def call(self, x):
            return x + keras.random.normal(keras.ops.shape(x), stddev=0.1,
                                           seed=self.seed_generator)
    ```

    ## Options
    None.

    ## References
    - [Keras: random operations and `SeedGenerator`](https://keras.io/api/random/)
    - [TensorFlow: random number generation (stateless RNGs)](https://www.tensorflow.org/guide/random_numbers#stateless_rngs)
    """

    CODE = "KL409"
    NAME = "fixed-seed-in-traced-code"
    SUMMARY = ("A random op with a literal integer `seed=` inside a layer's `call()` or a "
               "`tf.function`: every step draws the same numbers.")
    MESSAGE = ("`{call}` draws with the fixed seed `{seed}` inside {where}: {why}, so every "
               "step gets the same numbers. {fix}")

    def check(self, facts):
        training = facts.training
        for call, kind in training.seeded_draws:
            seed = calls.argument_value(call, "seed")
            function = facts.index.enclosing_function.get(call)
            trace = training.trace(function)
            if trace is None:
                continue
            where = (f"`{function.name.value}()` of a layer" if trace.kind == LAYER_CALL
                     else f"`{function.name.value}`, which runs traced")
            if kind == KERAS_DRAW:
                why = "Keras draws with a stateless op when given an integer seed"
                fix = ("Create a `keras.random.SeedGenerator(seed)` once (in `__init__`) and "
                       "pass it as `seed=`")
            else:
                why = ("a stateless op with a constant seed returns the same values for the "
                       "same seed")
                fix = ("Draw a new seed per step (`tf.random.Generator` / "
                       "`make_seeds`), or use a stateful generator")
            yield self.report(call, call=snippet(facts, call), seed=snippet(facts, seed, 20),
                              where=where, why=why, fix=fix)

    VALID = (
        Valid("""
            import keras
            class Noise(keras.layers.Layer):
                def __init__(self):
                    super().__init__()
                    self.seed_generator = keras.random.SeedGenerator(42)
                def call(self, x):
                    return x + keras.random.normal(keras.ops.shape(x), seed=self.seed_generator)
        """),
        # Stateful TF op with an op seed: new numbers on every call (measured).
        Valid("""
            import tensorflow as tf
            @tf.function
            def augment(x):
                return x + tf.random.normal(tf.shape(x), seed=42)
        """),
        # Outside traced code (data generation, once).
        Valid("""
            import keras
            x = keras.random.normal((100, 4), seed=0)
        """),
        # The seed comes from an argument.
        Valid("""
            import tensorflow as tf
            @tf.function
            def augment(image, seed):
                return tf.image.stateless_random_flip_left_right(image, seed=seed)
        """),
    )
    INVALID = (
        Invalid("""
            import keras
            class Noise(keras.layers.Layer):
                def call(self, x):
                    return x + keras.random.normal(keras.ops.shape(x), stddev=0.1, seed=42)
        """, lines=(4,)),
        Invalid("""
            import tensorflow as tf
            @tf.function
            def train_step(x, y):
                noise = tf.random.stateless_normal(tf.shape(x), seed=[1, 2])
                return x + noise
        """, lines=(4,)),
        Invalid("""
            import keras
            import tensorflow as tf
            class GAN(keras.Model):
                def train_step(self, images):
                    z = keras.random.normal((32, 128), seed=1337)
                    return {}
        """, lines=(5,)),
    )
