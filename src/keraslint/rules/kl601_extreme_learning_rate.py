import libcst as cst

from keraslint.analysis.api import DEFAULT, SCHEDULE
from keraslint.analysis.layers import UNITS
from keraslint.analysis.models import APPLICATION
from keraslint.rules.base import Invalid, Rule, Valid

# Learning rates from which an optimizer's updates are too large: adaptive optimizers scale
# each step to about the learning rate itself, so 0.1 moves every weight by ~0.1 per step.
HIGH = {"Adam": 0.1, "AdamW": 0.1, "Adamax": 0.1, "Nadam": 0.1, "RMSprop": 0.1, "Lion": 0.1,
        "SGD": 1.0}
LOW = 1e-7  # any optimizer: updates below float32 resolution of typical weights
_USUAL = {"Adam": "1e-4 to 1e-2 (default 1e-3)", "AdamW": "1e-4 to 1e-2 (default 1e-3)",
          "Adamax": "1e-4 to 1e-2 (default 1e-3)", "Nadam": "1e-4 to 1e-2 (default 1e-3)",
          "RMSprop": "1e-4 to 1e-2 (default 1e-3)", "Lion": "1e-5 to 1e-3 (default 1e-3)",
          "SGD": "1e-3 to 0.1 (default 0.01)"}


def _is_deep(facts, model) -> bool:
    """A network with at least two weight layers (or a pretrained application): where large
    steps compound. A single linear layer (a regression line) trains fine at 0.1."""
    if model.style == APPLICATION:
        return True
    weighted = 0
    for path in model.paths:
        for step in path:
            if step.category == UNITS:
                weighted += 1
            elif (facts.call_name(step.node) or "").startswith("keras.applications.") \
                    if isinstance(step.node, cst.Call) else False:
                return True
    return weighted >= 2


class ExtremeLearningRate(Rule):
    """
    ## What it does
    Checks for an optimizer built with a learning rate far outside its working range: Adam,
    AdamW, Adamax, Nadam, RMSprop or Lion at 0.1 or more, SGD at 1 or more, and any optimizer
    at 1e-7 or less. A learning-rate schedule counts with its initial rate (its warm-up target
    when it warms up). The optimizer must be compiled into a network the code builds with at
    least two weight layers (or a `keras.applications` base): a single linear layer (a
    regression line, as in TensorFlow's regression tutorial) trains fine at 0.1, and an
    optimizer applied to something else (an image in style transfer, a test's variables) is
    not judged. Adadelta (whose paper rate is 1.0), Adagrad, Ftrl and optimizers whose rate
    the code does not fix are not judged either.

    ## Why is this bad?
    Adaptive optimizers move each weight by about the learning rate per step whatever the
    gradient's size, so a rate of 0.1 moves weights initialised at about 0.05 by twice that
    every step: the loss jumps or turns NaN. SGD at 1 or more diverges on most networks. At
    1e-7 or less an adaptive optimizer moves a weight by at most about 1e-7 per step, so even
    100,000 steps move it by 0.01: nothing trains. Such values are usually typos (`1e-1` for
    `1e-4`), a rate meant for another optimizer, or a rate scaled twice.

    ## Precision on real code
    On the real-code corpora (`scripts/realcode.py`) it reports 3 findings, all intended
    (Keras's callback tests pick 0.1 to watch a callback change it); before it required a
    network of two weight layers it also reported TensorFlow's regression tutorial (one
    linear layer at 0.1, which converges) and style transfer's SGD on an image, both false.

    ## Example
    ```python
    import keras

    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.3), loss="mse")
    ```

    ## Use instead
    ```python
    import keras

    model.compile(optimizer=keras.optimizers.Adam(learning_rate=3e-4), loss="mse")
    ```

    ## Options
    None.

    ## References
    - [Keras optimizers](https://keras.io/api/optimizers/)
    - Kingma & Ba, [Adam: A Method for Stochastic Optimization](https://arxiv.org/abs/1412.6980) (section 2.1: the step size is bounded by the learning rate)
    """

    CODE = "KL601"
    NAME = "extreme-learning-rate"
    SUMMARY = "Adam/RMSprop learning rate >= 0.1, SGD >= 1, or any <= 1e-7."
    MESSAGE = ("`{optimizer}` gets a learning rate of {rate:g}{source}, {relation}: {effect}; "
               "{kind} usually trains with {usual}")

    def check(self, facts):
        reported: set[int] = set()
        for compiled in facts.api.compiled_optimizers:
            optimizer = compiled.optimizer
            model = compiled.compile.model
            if id(optimizer.call) in reported or model is None or not _is_deep(facts, model):
                continue
            rate = optimizer.learning_rate
            if rate.value is None or rate.source == DEFAULT:
                continue
            high = HIGH.get(optimizer.kind)
            if high is not None and rate.value >= high:
                relation = f"at or above {high:g}"
                effect = ("each step moves every weight by about that much, so the loss "
                          "oscillates or diverges" if optimizer.kind != "SGD" else
                          "steps this large make the loss diverge on most networks")
            elif 0 < rate.value <= LOW and optimizer.kind in _USUAL:
                relation = f"at or below {LOW:g}"
                effect = ("the weights barely move (100,000 steps move a weight by about "
                          f"{rate.value * 1e5:g})" if optimizer.kind != "SGD" else
                          f"each update is the gradient times {rate.value:g}: the weights barely "
                          "move")
            else:
                continue
            source = f" (the initial rate of its `{rate.schedule}`)" if rate.source == SCHEDULE \
                and rate.schedule else ""
            reported.add(id(optimizer.call))
            yield self.report(rate.node or optimizer.call, optimizer=optimizer.kind,
                              rate=rate.value, source=source, relation=relation, effect=effect,
                              kind=optimizer.kind, usual=_USUAL.get(optimizer.kind, "1e-4 to 1e-2"))

    VALID = (
        Valid("""
            import keras
            opt = keras.optimizers.Adam(learning_rate=1e-3)
            sgd = keras.optimizers.SGD(0.1, momentum=0.9)
            ada = keras.optimizers.Adadelta(learning_rate=1.0)
            rms = keras.optimizers.RMSprop()
        """),
        # A schedule that warms up from 0 to a usual rate.
        Valid("""
            import keras
            schedule = keras.optimizers.schedules.CosineDecay(0.0, 10000, warmup_target=1e-3,
                                                              warmup_steps=1000)
            opt = keras.optimizers.AdamW(learning_rate=schedule)
        """),
        # A single linear layer: a regression line trains fine at 0.1.
        Valid("""
            import tensorflow as tf
            model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
            model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.1),
                          loss="mean_absolute_error")
        """),
        # Not compiled into a model (style transfer optimizes an image).
        Valid("""
            import tensorflow as tf
            opt = tf.keras.optimizers.SGD(tf.keras.optimizers.schedules.ExponentialDecay(100.0, 100, 0.96))
            opt.apply_gradients([(grads, image)])
        """),
        # A rate read from a config: unknown.
        Valid("""
            import keras
            def make(config):
                return keras.optimizers.Adam(learning_rate=config.lr)
        """),
    )
    INVALID = (
        Invalid("""
            import keras
            model = keras.Sequential([keras.Input((10,)), keras.layers.Dense(32, activation="relu"),
                                      keras.layers.Dense(1)])
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.3), loss="mse")
        """, lines=(4,)),
        Invalid("""
            import tensorflow as tf
            LR = 1.5
            opt = tf.keras.optimizers.SGD(LR)
            model = tf.keras.Sequential([tf.keras.layers.Conv2D(8, 3), tf.keras.layers.Flatten(),
                                         tf.keras.layers.Dense(10)])
            model.compile(optimizer=opt, loss="mse")
        """, lines=(3,)),
        Invalid("""
            import keras
            schedule = keras.optimizers.schedules.ExponentialDecay(
                initial_learning_rate=0.5, decay_steps=1000, decay_rate=0.9)
            opt = keras.optimizers.RMSprop(learning_rate=schedule)
            tiny = keras.optimizers.Adam(1e-9)
            model = keras.Sequential([keras.layers.LSTM(32), keras.layers.Dense(5)])
            model.compile(optimizer=opt, loss="mse")
            small = keras.Sequential([keras.layers.Dense(8), keras.layers.Dense(1)])
            small.compile(optimizer=tiny, loss="mse")
        """, lines=(3, 5)),
    )
