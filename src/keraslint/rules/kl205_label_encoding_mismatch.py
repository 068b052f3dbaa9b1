from keraslint.analysis.layers import line_of, snippet
from keraslint.analysis.losses import CATEGORICAL_KINDS, SPARSE
from keraslint.rules.base import Invalid, Rule, Valid


class LabelEncodingMismatch(Rule):
    """
    ## What it does
    Checks for integer class labels (e.g. straight from `keras.datasets.*.load_data()`,
    `np.argmax`, `.astype(int)`) trained with `CategoricalCrossentropy`, and one-hot labels
    (`to_categorical`, `np.eye(n)[y]`, `tf.one_hot`) trained with
    `SparseCategoricalCrossentropy`.

    Integer labels are class indices only when their shape says so: one value per sample,
    `(N,)` or `(N, 1)`. Integer rows of one value per class, such as multi-hot targets
    `randint(2, size=(N, 4))` for a 4-unit output or vote counts, are not class indices and
    are not reported (the sparse loss would reject them).

    For a model with several outputs, each output's loss is compared with that output's
    labels (`fit(x, [y1, y2])`, `fit(x, {"name": y})`).

    ## Why is this bad?
    Categorical cross-entropy expects one row of class probabilities per sample, sparse
    categorical cross-entropy one class index. Swapping them fails with a shape error
    ("Arguments `target` and `output` must have the same shape", "logits and labels must
    have the same first dimension") or, when the shapes happen to broadcast, trains on
    nonsense.

    ## Example
    ```python
    import keras

    (x_train, y_train), _ = keras.datasets.mnist.load_data()
    model = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten(),
                              keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    model.fit(x_train / 255.0, y_train)
    ```

    ## Use instead
    ```python
    import keras

    (x_train, y_train), _ = keras.datasets.mnist.load_data()
    model = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten(),
                              keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(x_train / 255.0, y_train)
    ```

    ## Real code
    On the pinned real-code corpora (`scripts/realcode.py`: the Keras examples and guides,
    TensorFlow's tutorial and guide notebooks, the tf-models-official, keras-hub and keras
    wheels), no finding. Before issue 7: 2, both false (multi-hot targets `randint(2, size=(N,
    4))` shaped like a 4-unit output).

    ## Options
    None.

    ## References
    - [Keras: CategoricalCrossentropy](https://keras.io/api/losses/probabilistic_losses/#categoricalcrossentropy-class)
    - [Keras: SparseCategoricalCrossentropy](https://keras.io/api/losses/probabilistic_losses/#sparsecategoricalcrossentropy-class)
    """

    CODE = "KL205"
    NAME = "label-encoding-mismatch"
    SUMMARY = ("Integer labels with `CategoricalCrossentropy`, or one-hot labels with "
               "`SparseCategoricalCrossentropy`.")
    MESSAGE = ("`{loss}`{target} expects {expected}, but the labels from `{labels}` "
               "(line {line}) are {actual}: {fix}")

    def check(self, facts):
        reported: set[int] = set()  # one finding per compile, whichever outputs are wrong
        for use in facts.models.loss_uses:
            if use.loss.kind not in CATEGORICAL_KINDS and use.loss.kind != SPARSE:
                continue
            for labels in use.labels:
                encoding = facts.models.label_encoding(labels)
                fields = _mismatch(use.loss.kind, encoding)
                if fields is not None and id(use.node) not in reported:
                    reported.add(id(use.node))
                    target = f" (for {use.output_label})" if use.output_label else ""
                    yield self.report(use.node, anchor=use.anchor, loss=use.loss.spelling,
                                      target=target, labels=snippet(facts, labels),
                                      line=line_of(facts, labels), **fields)
                    break

    VALID = (
        Valid("""
            import keras
            (x_train, y_train), _ = keras.datasets.mnist.load_data()
            model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
            model.compile(loss="sparse_categorical_crossentropy")
            model.fit(x_train, y_train)
        """),
        Valid("""
            import keras
            (x_train, y_train), _ = keras.datasets.mnist.load_data()
            y_train = keras.utils.to_categorical(y_train, 10)
            model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
            model.compile(loss="categorical_crossentropy")
            model.fit(x_train, y_train)
        """),
        # Labels of unknown encoding (read from a CSV).
        Valid("""
            import keras
            import pandas as pd
            df = pd.read_csv("data.csv")
            y = df.pop("label").values
            model = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
            model.compile(loss="categorical_crossentropy")
            model.fit(df.values, y)
        """),
        # Binary cross-entropy: not this rule.
        Valid("""
            import keras
            import numpy as np
            y = np.random.randint(0, 2, size=(100,))
            model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
            model.compile(loss="binary_crossentropy")
            model.fit(np.random.rand(100, 4), y)
        """),
        # A different model is fitted on the integer labels.
        Valid("""
            import keras
            (x, y), _ = keras.datasets.mnist.load_data()
            a = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
            b = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
            a.compile(loss="categorical_crossentropy")
            b.compile(loss="sparse_categorical_crossentropy")
            b.fit(x, y)
        """),
        # Several outputs, each trained on labels of its encoding.
        Valid("""
            import keras
            (x, y), _ = keras.datasets.mnist.load_data()
            inputs = keras.Input((28, 28))
            h = keras.layers.Flatten()(inputs)
            digit = keras.layers.Dense(10, activation="softmax", name="digit")(h)
            odd = keras.layers.Dense(1, activation="sigmoid", name="odd")(h)
            model = keras.Model(inputs, [digit, odd])
            model.compile(loss={"digit": "sparse_categorical_crossentropy",
                                "odd": "binary_crossentropy"})
            model.fit(x, {"digit": y, "odd": y % 2})
        """),
        # Labels given as a list whose length differs from the outputs: pairing unknown.
        Valid("""
            import keras
            (x, y), _ = keras.datasets.mnist.load_data()
            inputs = keras.Input((28, 28))
            h = keras.layers.Flatten()(inputs)
            digit = keras.layers.Dense(10, activation="softmax")(h)
            odd = keras.layers.Dense(1, activation="sigmoid")(h)
            model = keras.Model(inputs, [digit, odd])
            model.compile(loss=["categorical_crossentropy", "binary_crossentropy"])
            model.fit(x, [y])
        """),
        # Recompiled with the right loss before fitting.
        Valid("""
            import keras
            (x, y), _ = keras.datasets.mnist.load_data()
            model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
            model.compile(loss="categorical_crossentropy")
            model.compile(loss="sparse_categorical_crossentropy")
            model.fit(x, y)
        """),
        # A PyDataset whose batches carry one-hot labels, with categorical cross-entropy.
        Valid("""
            import keras
            class Batches(keras.utils.PyDataset):
                def __getitem__(self, i):
                    y = keras.utils.to_categorical(self.ids[i], num_classes=12)
                    return self.feats[i], y
            model = keras.Sequential([keras.layers.Dense(12, activation="softmax")])
            model.compile(loss="categorical_crossentropy")
            model.fit(Batches(feats, ids))
        """),
        # A Sequence whose labels are read from `self`: their encoding is unknown.
        Valid("""
            import tensorflow as tf
            class Batches(tf.keras.utils.Sequence):
                def __getitem__(self, i):
                    return self.x[i], self.y[i]
            model = tf.keras.Sequential([tf.keras.layers.Dense(5, activation="softmax")])
            model.compile(loss="sparse_categorical_crossentropy")
            model.fit(Batches())
        """),
        # A generator yielding integer class ids, with sparse categorical cross-entropy.
        Valid("""
            import numpy as np
            import tensorflow as tf
            def batches():
                while True:
                    yield np.random.rand(32, 8), np.random.randint(0, 4, size=(32,))
            ds = tf.data.Dataset.from_generator(batches, output_signature=SIG).prefetch(2)
            model = tf.keras.Sequential([tf.keras.layers.Dense(4)])
            model.compile(loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
            model.fit(ds, steps_per_epoch=100)
        """),
        # Integer values are class indices only when the shape says so: rows of one value per
        # class (multi-hot targets, vote counts) shaped like the output are not, whatever
        # their values (the sparse loss would reject them).
        Valid("""
            import numpy as np
            import keras
            num_departments = 4
            inputs = keras.Input(shape=(12,))
            department = keras.layers.Dense(num_departments, name="department")(inputs)
            model = keras.Model(inputs, {"department": department})
            multi_hot = keras.losses.CategoricalCrossentropy(from_logits=True)
            model.compile(loss={"department": multi_hot})
            dept_targets = np.random.randint(2, size=(1280, num_departments))
            votes = np.random.randint(0, 4, size=(1280, num_departments))
            model.fit(np.random.rand(1280, 12), {"department": dept_targets})
            model.fit(np.random.rand(1280, 12), votes)
        """),
    )
    INVALID = (
        # One class id per sample, as an (N, 1) column, with categorical cross-entropy.
        Invalid("""
            import numpy as np
            import keras
            y_train = np.random.randint(0, 8, size=(2000, 1))
            model = keras.Sequential([keras.Input((32,)), keras.layers.Dense(8, "softmax")])
            model.compile(optimizer="adam", loss=keras.losses.CategoricalCrossentropy())
            model.fit(np.random.random((2000, 32)), y_train, epochs=3)
        """, lines=(5,)),
        # Integer labels from load_data with categorical cross-entropy.
        Invalid("""
            import keras
            (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
            model = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten(),
                                      keras.layers.Dense(10, activation="softmax")])
            model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
            model.fit(x_train / 255.0, y_train, epochs=5)
        """, lines=(5,)),
        # One-hot labels with sparse categorical cross-entropy.
        Invalid("""
            import tensorflow as tf
            from tensorflow.keras.utils import to_categorical
            (x_train, y_train), _ = tf.keras.datasets.cifar10.load_data()
            y_train = to_categorical(y_train, 10)
            model = tf.keras.Sequential([tf.keras.layers.Flatten(),
                                         tf.keras.layers.Dense(10, activation="softmax")])
            model.compile(loss=tf.keras.losses.SparseCategoricalCrossentropy(), optimizer="adam")
            model.fit(x=x_train, y=y_train)
        """, lines=(7,)),
        # Labels through a tf.data pipeline.
        Invalid("""
            import tensorflow as tf
            (x, y), _ = tf.keras.datasets.fashion_mnist.load_data()
            ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(1000).batch(32)
            model = tf.keras.Sequential([tf.keras.layers.Flatten(), tf.keras.layers.Dense(10)])
            model.compile(loss=tf.keras.losses.CategoricalCrossentropy(from_logits=True))
            model.fit(ds, epochs=3)
        """, lines=(5,)),
        # Several outputs: the integer labels of the first one meet categorical CE.
        Invalid("""
            import keras
            (x, y), _ = keras.datasets.mnist.load_data()
            inputs = keras.Input((28, 28))
            h = keras.layers.Flatten()(inputs)
            digit = keras.layers.Dense(10, activation="softmax")(h)
            odd = keras.layers.Dense(1, activation="sigmoid")(h)
            model = keras.Model(inputs, [digit, odd])
            model.compile(loss=["categorical_crossentropy", "binary_crossentropy"])
            model.fit(x, [y, y % 2])
        """, lines=(8,)),
        # Builder model, compile outside.
        Invalid("""
            import keras
            def build():
                return keras.Sequential([keras.layers.Dense(10, activation="softmax")])
            (x_train, y_train), _ = keras.datasets.mnist.load_data()
            y_train = keras.utils.to_categorical(y_train)
            model = build()
            model.compile("adam", "sparse_categorical_crossentropy")
            model.fit(x_train, y_train)
        """, lines=(7,)),
        # A PyDataset whose `__getitem__` one-hot encodes, with the sparse loss.
        Invalid("""
            import keras
            class Batches(keras.utils.PyDataset):
                def __getitem__(self, i):
                    y = keras.utils.to_categorical(self.ids[i], num_classes=12)
                    return self.feats[i], y
            model = keras.Sequential([keras.layers.Dense(12, activation="softmax")])
            model.compile(loss=keras.losses.SparseCategoricalCrossentropy())
            model.fit(Batches(feats, ids), epochs=3)
        """, lines=(7,)),
        # A generator fed to `fit` directly, yielding class ids, with categorical cross-entropy.
        Invalid("""
            import numpy as np
            from tensorflow import keras
            def batches(x, labels):
                while True:
                    idx = np.random.randint(0, len(x), 32)
                    yield x[idx], np.argmax(labels[idx], axis=1)
            model = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
            model.compile(optimizer="adam", loss="categorical_crossentropy")
            model.fit(batches(x, y), steps_per_epoch=50)
        """, lines=(8,)),
    )


def _mismatch(kind, encoding):
    if kind == SPARSE and encoding == "one_hot":
        return dict(expected="integer class indices", actual="one-hot",
                    fix="use `CategoricalCrossentropy`, or pass the class indices "
                        "(`np.argmax(labels, axis=-1)`)")
    if kind != SPARSE and encoding == "integer":
        return dict(expected="one-hot labels", actual="integer class indices",
                    fix="use `SparseCategoricalCrossentropy`, or one-hot encode them with "
                        "`keras.utils.to_categorical`")
    return None
