from keraslint.analysis.layers import DROPOUTS, MAX_POOLINGS, drops
from keraslint.analysis.models import node_text
from keraslint.rules.base import Invalid, Rule, Valid


class DropoutBeforePooling(Rule):
    """
    ## What it does
    Checks for a `Dropout` (or `SpatialDropout1D/2D/3D`) layer whose output feeds straight
    into a max-pooling layer. Off by default: this is a design smell, not a fault.

    ## Why is this bad?
    Max pooling keeps the largest activation of each window. Dropout placed just before it
    zeroes some activations, and the pooling then mostly picks another survivor of the same
    window, so much of the regularization is lost while the rescaling by `1 / (1 - rate)`
    still inflates what passes: the dropout acts mainly on the magnitude of the maxima, not
    as the feature-level noise it is meant to be. Dropout after the pooling (or spatial
    dropout after the convolution block) regularizes what the next layer sees.

    ## Example
    ```python
    from keras import layers

    x = layers.Conv2D(32, 3, activation="relu")(x)
    x = layers.Dropout(0.25)(x)
    x = layers.MaxPooling2D()(x)
    ```

    ## Use instead
    ```python
    from keras import layers

    x = layers.Conv2D(32, 3, activation="relu")(x)
    x = layers.MaxPooling2D()(x)
    x = layers.Dropout(0.25)(x)
    ```

    ## Real code
    On the pinned real-code corpora (`scripts/realcode.py`: the Keras examples and guides,
    TensorFlow's tutorial and guide notebooks, the tf-models-official, keras-hub and keras
    wheels), (rule off by default) 2 findings, true design smells: the gradient-centralization
    example places `Dropout(0.5)` right before `MaxPooling2D`.

    ## Options
    None. Enable it with `extend-select = ["KL814"]`.

    ## References
    - [Wu & Gu, Towards dropout training for convolutional neural networks (2015)](https://arxiv.org/abs/1512.00242)
    - [NeuraLint: model-level checks for deep learning programs](https://arxiv.org/abs/2105.07578)
    """

    CODE = "KL814"
    NAME = "dropout-before-pooling"
    SUMMARY = "`Dropout` feeding straight into a max-pooling layer (off by default)."
    MESSAGE = ("{dropout} feeds straight into {pool}: max pooling picks another surviving "
               "activation of each window, so the dropout mostly rescales the maxima instead "
               "of regularizing. Apply the dropout after the pooling")
    DEFAULT_ENABLED = False

    def check(self, facts):
        reported: set[int] = set()
        for fact, node in facts.models.layer_nodes():
            if node.kind not in DROPOUTS or id(node.construction) in reported \
                    or not drops(facts, node.construction, node.ctx):
                continue
            pools = [c for c in fact.graph.consumers(node) if c.kind in MAX_POOLINGS]
            if not pools:
                continue
            reported.add(id(node.construction))
            yield self.report(node.construction, dropout=node_text(facts, node),
                              pool=node_text(facts, pools[0]))

    VALID = (
        Valid("""
            import keras
            model = keras.Sequential([keras.Input((28, 28, 1)),
                                      keras.layers.Conv2D(32, 3, activation="relu"),
                                      keras.layers.MaxPooling2D(),
                                      keras.layers.Dropout(0.25)])
        """),
        # Average pooling averages the dropped activations: not this smell.
        Valid("""
            import keras
            model = keras.Sequential([keras.Input((28, 28, 1)),
                                      keras.layers.Conv2D(32, 3, activation="relu"),
                                      keras.layers.Dropout(0.25),
                                      keras.layers.AveragePooling2D()])
        """),
    )
    INVALID = (
        Invalid("""
            import keras
            model = keras.Sequential([keras.Input((28, 28, 1)),
                                      keras.layers.Conv2D(32, 3, activation="relu"),
                                      keras.layers.Dropout(0.25),
                                      keras.layers.MaxPooling2D()])
        """, lines=(4,)),
        Invalid("""
            from tensorflow.keras import layers
            def block(x, filters):
                x = layers.Conv1D(filters, 5, activation="relu")(x)
                x = layers.SpatialDropout1D(0.2)(x)
                return layers.MaxPool1D(2)(x)
        """, lines=(4,)),
    )
