from keraslint.analysis import calls
from keraslint.analysis.layers import line_of, snippet
from keraslint.rules.base import Invalid, Rule, Valid


class PredictInLoop(Rule):
    """
    ## What it does
    Checks for `model.predict(...)` on one sample at a time inside a Python `for`/`while`
    loop or a comprehension: the argument is a batch of one the code builds (`x[i:i + 1]`,
    `x[None]`, `np.expand_dims(x, 0)`, `x.reshape(1, ...)`, `np.array([x])`,
    `tf.expand_dims(x, 0)`), directly or through a name. Loops over a literal handful of items
    (`for img in [a, b, c]`) are not reported.

    ## Why is this bad?
    Every `predict` call sets up a data adapter, a progress bar and a callback list and runs
    a compiled step: a fixed cost of a few milliseconds that dwarfs the work on one sample.
    Predicting 10,000 samples one by one typically takes 100 to 1,000 times longer than one
    batched call (and prints a progress bar each time). Predict on the whole batch once; when
    samples arrive one by one (an agent acting in an environment), call the model directly,
    `model(x, training=False)`, or use `predict_on_batch`.

    ## Precision on real code
    On the real-code corpora (`scripts/realcode.py`) it reports 12 findings, all true: Keras
    examples predicting frame by frame (video classification), token by token (text
    generation) and point by point over a latent grid (VAE).

    ## Example
    ```python
    predictions = []
    for i in range(len(x_test)):
        predictions.append(model.predict(x_test[i:i + 1])[0])
    ```

    ## Use instead
    ```python
    predictions = model.predict(x_test, batch_size=256)
    ```
    or, one sample at a time, `model(x[None], training=False)`.

    ## Options
    None.

    ## References
    - [Keras FAQ: what's the difference between `predict()` and `__call__()`?](https://keras.io/getting_started/faq/#whats-the-difference-between-model-methods-predict-and-call)
    """

    CODE = "KL901"
    NAME = "predict-in-loop"
    SUMMARY = "`model.predict` on one sample at a time inside a Python loop."
    MESSAGE = ("`{call}` predicts one sample (`{sample}`) per iteration of the loop on line "
               "{loop_line}: each `predict` call pays a fixed setup cost of milliseconds; "
               "predict the whole batch in one call, or call `{model}(x, training=False)` "
               "when samples come one by one")

    def check(self, facts):
        for looped in facts.api.predict_in_loops:
            receiver = calls.receiver(looped.call)
            yield self.report(looped.call, anchor=calls.anchor(looped.call),
                              call=snippet(facts, looped.call), sample=snippet(facts, looped.sample),
                              loop_line=line_of(facts, looped.loop), model=snippet(facts, receiver))

    VALID = (
        Valid("""
            import keras
            model = keras.models.load_model("m.keras")
            predictions = model.predict(x_test, batch_size=256)
        """),
        # Batches of a dataset, not single samples.
        Valid("""
            import keras
            model = keras.models.load_model("m.keras")
            for batch in dataset:
                out = model.predict(batch)
        """),
        # A handful of images.
        Valid("""
            import numpy as np
            import keras
            model = keras.models.load_model("m.keras")
            for img in [cat, dog]:
                print(model.predict(np.expand_dims(img, 0)))
        """),
        # scikit-learn's predict.
        Valid("""
            import numpy as np
            from sklearn.linear_model import LinearRegression
            import keras
            reg = LinearRegression().fit(x, y)
            for row in x:
                reg.predict(row.reshape(1, -1))
        """),
    )
    INVALID = (
        Invalid("""
            import keras
            model = keras.models.load_model("m.keras")
            predictions = []
            for i in range(len(x_test)):
                predictions.append(model.predict(x_test[i:i + 1])[0])
        """, lines=(5,)),
        Invalid("""
            import numpy as np
            import tensorflow as tf
            model = tf.keras.Sequential([tf.keras.layers.Dense(2)])
            while not done:
                state = np.reshape(state, (1, 4))
                action = np.argmax(model.predict(state)[0])
                state, reward, done = env.step(action)
        """, lines=(6,)),
        Invalid("""
            import numpy as np
            import keras
            model = keras.models.load_model("m.keras")
            scores = [model.predict(np.expand_dims(img, axis=0)) for img in images]
        """, lines=(4,)),
    )
