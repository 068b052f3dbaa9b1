from typing import Iterator

from keraslint.analysis import FileFacts
from keraslint.analysis.calls import argument, argument_value, method_name
from keraslint.analysis.layers import line_of, snippet
from keraslint.analysis.pipelines import OTHER
from keraslint.rules.base import Invalid, Report, Rule, Valid


class ValidationSplitUnshuffled(Rule):
    """
    ## What it does
    Checks for `fit(x, y, validation_split=...)` where the labels are assembled class by class
    and never shuffled: concatenated blocks of one label (`np.concatenate([np.zeros(n),
    np.ones(m)])`, `[0] * n + [1] * m`), `np.repeat(np.arange(k), n)`, or a list appended in a
    loop over the files of each class (`for label, folder in enumerate(classes): for f in
    ...: labels.append(label)`), followed through `np.array`, `astype`, `to_categorical` and
    `LabelEncoder`.

    It stays quiet when the arrays are shuffled on the way (a permutation index,
    `sklearn.utils.shuffle`, `train_test_split`, an in-place `np.random.shuffle` of them), when
    `validation_data=` is given (it overrides the split) and when the labels' order is unknown.

    Real code (Keras examples and guides, TensorFlow docs notebooks, the three wheels): no
    finding.

    ## Why is this bad?
    Keras takes the validation set from the *last* samples of `x` and `y`, before shuffling
    (`shuffle=True` only shuffles the training part). With data sorted by class, the last 20 %
    are the last class or classes: the model never trains on them and is validated only on
    them, so validation accuracy is near zero (or meaningless) while training looks fine.

    ## Example
    ```python
    x = np.concatenate([cats, dogs])
    y = np.concatenate([np.zeros(len(cats)), np.ones(len(dogs))])
    model.fit(x, y, epochs=10, validation_split=0.2)
    ```

    ## Use instead
    ```python
    x = np.concatenate([cats, dogs])
    y = np.concatenate([np.zeros(len(cats)), np.ones(len(dogs))])
    order = np.random.permutation(len(y))
    model.fit(x[order], y[order], epochs=10, validation_split=0.2)
    ```

    ## Options
    None.

    ## References
    - [Keras: Model.fit](https://keras.io/api/models/model_training_apis/#fit-method)
      ("The validation data is selected from the last samples in the `x` and `y` data
      provided, before shuffling.")
    """

    CODE = "KL307"
    NAME = "validation-split-unshuffled"
    SUMMARY = ("`validation_split=` on labels assembled class by class and never shuffled: the "
               "split takes the last classes only.")
    MESSAGE = ("`{given}` takes the {share} of the samples as validation data, before any "
               "shuffling, and the labels `{labels}` are {how} (`{where}`, line {line}) and "
               "never shuffled: the validation set holds only samples of the last class(es), so "
               "the validation metrics say nothing about the others. Shuffle `x` and `y` together before `fit` "
               "(`p = np.random.permutation(len(y)); x, y = x[p], y[p]`) or split with "
               "`train_test_split(x, y, stratify=y)` and pass `validation_data=`")

    def check(self, facts: FileFacts) -> Iterator[Report]:
        pipelines = facts.pipelines
        for call in pipelines.training_calls:
            if method_name(call) != "fit":
                continue
            split = argument(call, "validation_split", 6)
            if split is None or argument(call, "validation_data", 7) is not None:
                continue
            fraction = facts.values.literal(split.value)
            if fraction in (None, 0, 0.0, False):
                continue
            fed = pipelines.fed(call)
            labels = argument_value(call, "y", 1)
            if fed is None or fed.kind != OTHER or labels is None:
                continue
            blocks = pipelines.class_blocks(labels)
            if blocks is None:
                continue
            share = (f"last {fraction:.0%}" if isinstance(fraction, float) and 0 < fraction < 1
                     else "last part")
            yield self.report(call, split, given=f"validation_split={snippet(facts, split.value)}",
                              share=share, labels=snippet(facts, labels, 30), how=blocks.how,
                              where=snippet(facts, blocks.node, 60),
                              line=line_of(facts, blocks.node))

    VALID = (
        # Shuffled with a permutation before fit.
        Valid("""
            import numpy as np
            import keras
            x = np.concatenate([cats, dogs])
            y = np.concatenate([np.zeros(len(cats)), np.ones(len(dogs))])
            order = np.random.permutation(len(y))
            x, y = x[order], y[order]
            model.fit(x, y, validation_split=0.2)
        """),
        # Shuffled in place.
        Valid("""
            import numpy as np
            import keras
            labels = []
            for label, folder in enumerate(["cat", "dog"]):
                for name in os.listdir(folder):
                    labels.append(label)
            labels = np.array(labels)
            np.random.shuffle(labels)
            model.fit(images, labels, validation_split=0.1)
        """),
        # Split with sklearn (shuffles by default).
        Valid("""
            import numpy as np
            import keras
            from sklearn.model_selection import train_test_split
            y = np.concatenate([np.zeros(100), np.ones(100)])
            x_tr, x_va, y_tr, y_va = train_test_split(x, y, test_size=0.2)
            model.fit(x_tr, y_tr, validation_data=(x_va, y_va))
        """),
        # validation_data overrides the split.
        Valid("""
            import numpy as np
            import keras
            y = np.concatenate([np.zeros(100), np.ones(100)])
            model.fit(x, y, validation_split=0.2, validation_data=(xv, yv))
        """),
        # Labels of unknown order.
        Valid("""
            import numpy as np
            import keras
            import pandas as pd
            df = pd.read_csv("data.csv")
            model.fit(df.drop(columns="y").values, df["y"].values, validation_split=0.2)
        """),
        # The appended label comes from the same loop as the file: order unknown.
        Valid("""
            import numpy as np
            import keras
            labels = []
            for path, label in zip(paths, targets):
                labels.append(label)
            model.fit(x, np.array(labels), validation_split=0.2)
        """),
    )
    INVALID = (
        Invalid("""
            import numpy as np
            import keras
            x = np.concatenate([cats, dogs])
            y = np.concatenate([np.zeros(len(cats)), np.ones(len(dogs))])
            model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(1, "sigmoid")])
            model.fit(x, y, epochs=10, validation_split=0.2)
        """, lines=(6,)),
        # Appended class by class while reading folders.
        Invalid("""
            import os
            import numpy as np
            from tensorflow import keras
            images, labels = [], []
            for label, folder in enumerate(sorted(os.listdir("data"))):
                for name in os.listdir(os.path.join("data", folder)):
                    images.append(load(os.path.join("data", folder, name)))
                    labels.append(label)
            x = np.array(images) / 255.0
            y = keras.utils.to_categorical(np.array(labels))
            model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(3)])
            model.fit(x, y, epochs=5,
                      validation_split=0.25)
        """, lines=(13,)),
        # A label list built from repeated blocks.
        Invalid("""
            import numpy as np
            import tensorflow as tf
            y = np.array([0] * 500 + [1] * 500 + [2] * 500)
            model = tf.keras.Sequential([tf.keras.layers.Dense(3, activation="softmax")])
            model.fit(features, y, validation_split=0.1, shuffle=True)
        """, lines=(5,)),
        Invalid("""
            import numpy as np
            from tensorflow import keras
            y = np.repeat(np.arange(4), 250)
            model = keras.Sequential([keras.layers.Dense(4, activation="softmax")])
            model.fit(x, y, validation_split=0.2)
        """, lines=(5,)),
    )
