from keraslint.analysis.api import GRAPH_ONLY, KERAS3_LAYERS
from keraslint.rules.base import Invalid, Rule, Valid


def _problem(use) -> str:
    if use.kind == KERAS3_LAYERS:
        return ("TensorFlow 2.16+ routes `tf.compat.v1.layers` to Keras 3, which raises "
                f"`AttributeError: `{use.name}` is not available with Keras 3`")
    if use.kind == GRAPH_ONLY:
        if use.name in ("Session", "InteractiveSession"):
            return ("TensorFlow 2 runs eagerly, so this session's graph is empty and `run` "
                    "raises `RuntimeError: The Session graph is empty`")
        return ("TensorFlow 2 runs eagerly and raises `RuntimeError: tf.placeholder() is not "
                "compatible with eager execution`")
    return f"TensorFlow 2 has no `{use.qualified.replace('tensorflow.', 'tf.', 1)}` (`AttributeError`)"


def _fix(use) -> str:
    if use.kind == KERAS3_LAYERS:
        return "use `keras.layers`"
    twin = use.twin
    if use.kind == GRAPH_ONLY:
        return (f"write it for TF2 ({twin})" if twin else "write it for TF2") + \
            ", or build it inside `with tf.Graph().as_default():`"
    compat = use.qualified.replace("tensorflow.", "tf.compat.v1.", 1)
    return f"use {twin}" if twin else f"use the TF2 API (or `{compat}` in a graph)"


class Tf1ApiInTf2(Rule):
    """
    ## What it does
    Checks for TensorFlow 1 APIs in a TensorFlow 2 program:

    - TF1 names reached through TF2's `tf` namespace: `tf.Session`, `tf.placeholder`,
      `tf.global_variables_initializer`, `tf.train.AdamOptimizer`, `tf.log`, `tf.contrib...`
      (every public name of `tf.compat.v1` that `tf` lacks);
    - `tf.compat.v1` graph code that eager execution rejects (`tf.compat.v1.placeholder`, a
      `tf.compat.v1.Session` whose `run` finds an empty graph), unless the program runs
      graphs on purpose (`tf.compat.v1.disable_eager_execution()`,
      `disable_v2_behavior()`, `with tf.Graph().as_default():`, `wrap_function`,
      estimators);
    - `tf.compat.v1.layers.*`, which TF 2.16+ routes to Keras 3.

    `tf.compat.v1` utilities that work eagerly (`tf.compat.v1.logging`,
    `tf.compat.v1.ConfigProto`, `tf.compat.v1.get_variable`...) are not reported, nor is code
    under a version check (`if tf.__version__.startswith("1.")`) or in a `try` that catches
    the failure.

    ## Why is this bad?
    TensorFlow 2 removed these names from `tf` (`AttributeError: module 'tensorflow' has no
    attribute 'Session'`) and runs eagerly, so graph-only code fails at run time, often deep
    inside a script that ran fine on TF 1.

    ## Precision on real code
    On the real-code corpora (`scripts/realcode.py`) it reports 48 findings, all true:
    `tf.compat.v1.layers` in TensorFlow's migration guides (written for TF <= 2.15, it
    raises with Keras 3) and TF1 names (`tf.Session`, `tf.logging`, `tf.random_normal`...)
    on legacy code paths of tf-models-official and a Keras example.

    ## Example
    ```python
    import tensorflow as tf

    x = tf.placeholder(tf.float32, [None, 784])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
    ```

    ## Use instead
    ```python
    import tensorflow as tf

    @tf.function
    def forward(x):
        return model(x)
    ```
    or, to keep TF1 code running while migrating:
    ```python
    import tensorflow.compat.v1 as tf
    tf.disable_v2_behavior()
    ```

    ## Options
    None.

    ## References
    - [Migrate to TensorFlow 2](https://www.tensorflow.org/guide/migrate)
    - [tf.compat.v1](https://www.tensorflow.org/api_docs/python/tf/compat/v1)
    """

    CODE = "KL504"
    NAME = "tf1-api-in-tf2"
    SUMMARY = "`tf.Session`, `tf.placeholder`, `tf.compat.v1` graph code in a TF2 program."
    MESSAGE = "`{spelled}`: {problem}; {fix}"

    def check(self, facts):
        for use in facts.api.tf1_uses:
            yield self.report(use.call, anchor=use.node, spelled=use.spelled,
                              problem=_problem(use), fix=_fix(use))

    VALID = (
        # TF1 code on purpose, through tf.compat.v1 in graph mode.
        Valid("""
            import tensorflow.compat.v1 as tf
            tf.disable_v2_behavior()
            x = tf.placeholder(tf.float32, [None, 3])
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
        """),
        # A graph built on purpose inside TF2.
        Valid("""
            import tensorflow as tf
            with tf.Graph().as_default():
                x = tf.compat.v1.placeholder(tf.float32, [None])
                with tf.compat.v1.Session() as sess:
                    print(sess.run(x * 2, {x: [1.0]}))
        """),
        # Eager-compatible compat.v1 utilities.
        Valid("""
            import tensorflow as tf
            tf.compat.v1.logging.set_verbosity(tf.compat.v1.logging.ERROR)
            config = tf.compat.v1.ConfigProto()
            config.gpu_options.allow_growth = True
        """),
        # Version-dependent code.
        Valid("""
            import tensorflow as tf
            if tf.__version__.startswith("1."):
                sess = tf.Session()
            else:
                sess = None
        """),
        Valid("""
            import tensorflow as tf
            try:
                tf.set_random_seed(0)
            except AttributeError:
                tf.random.set_seed(0)
        """),
        # TF2 spellings.
        Valid("""
            import tensorflow as tf
            tf.random.set_seed(1)
            y = tf.math.log(tf.random.normal([3]))
        """),
    )
    INVALID = (
        Invalid("""
            import tensorflow as tf
            x = tf.placeholder(tf.float32, [None, 784])
            w = tf.get_variable("w", [784, 10])
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
        """, lines=(2, 3, 4, 5)),
        Invalid("""
            import tensorflow as tf
            x = tf.compat.v1.placeholder(tf.float32, [None, 3])
            y = tf.compat.v1.layers.dense(x, 4)
        """, lines=(2, 3)),
        Invalid("""
            import tensorflow as tf
            opt = tf.train.AdamOptimizer(0.001)
            tf.set_random_seed(42)
            loss = -tf.reduce_sum(tf.log(p))
        """, lines=(2, 3, 4)),
    )
