from keraslint.analysis.layers import (
    ACTIVATION,
    BATCH_NORMALIZATIONS,
    GLOBAL_POOLINGS,
    INFERENCE_IDENTITIES,
    POOLINGS,
    TRANSPOSED_CONVOLUTIONS,
    UNITS,
    UPSAMPLINGS,
    kinds_of_ranks,
)
from keraslint.analysis.models import node_text
from keraslint.rules.base import Invalid, Rule, Valid

_EXTRACTORS = kinds_of_ranks("Conv", "Convolution", "SeparableConv", "SeparableConvolution")
_BETWEEN = (INFERENCE_IDENTITIES | BATCH_NORMALIZATIONS | POOLINGS | kinds_of_ranks("ZeroPadding")
            | {"Activation", "ReLU", "LeakyReLU", "PReLU", "ELU"})
_REDUCERS = GLOBAL_POOLINGS | {"Flatten"}
_DECODERS = TRANSPOSED_CONVOLUTIONS | UPSAMPLINGS


class NonExpandingFeatureMaps(Rule):
    """
    ## What it does
    Checks a plain convolutional feature extractor (a chain of convolutions with pooling,
    normalization, dropout and activations between them, ending in `Flatten` or a global
    pooling) for a convolution with fewer filters than the convolution before it. Off by
    default: a design smell (NeuraLint's f023), not a fault.

    Networks with branches (residual or inception blocks), decoders and generators (any
    `Conv2DTranspose` or `UpSampling` layer), 1x1 projections and convolutions after the
    flattening are not plain feature extractors and are not checked.

    ## Why is this bad?
    A feature extractor trades spatial resolution for channels: each stage halves the map
    and should widen it (32 -> 64 -> 128 filters), so the information the pooling discards
    has somewhere to go. A stage that narrows after pooling squeezes the representation
    twice and usually caps accuracy; most often the filter list was written in the wrong
    order.

    ## Example
    ```python
    import keras

    model = keras.Sequential([
        keras.Input((32, 32, 3)),
        keras.layers.Conv2D(128, 3, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(64, 3, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Flatten(),
        keras.layers.Dense(10, activation="softmax"),
    ])
    ```

    ## Use instead
    ```python
    import keras

    model = keras.Sequential([
        keras.Input((32, 32, 3)),
        keras.layers.Conv2D(64, 3, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(128, 3, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Flatten(),
        keras.layers.Dense(10, activation="softmax"),
    ])
    ```

    ## Real code
    On the pinned real-code corpora (`scripts/realcode.py`: the Keras examples and guides,
    TensorFlow's tutorial and guide notebooks, the tf-models-official, keras-hub and keras
    wheels), (rule off by default) 2 findings, intended: the functional-API guide's autoencoder
    encoder narrows 32 -> 16 filters into its bottleneck on purpose.

    ## Options
    None. Enable it with `extend-select = ["KL815"]`.

    ## References
    - [Simonyan & Zisserman, Very Deep Convolutional Networks (VGG), section 2.1](https://arxiv.org/abs/1409.1556)
    - [Nikanjam et al., Automatic Fault Detection for Deep Learning Programs Using Graph Transformations (NeuraLint)](https://arxiv.org/abs/2105.08095)
    """

    CODE = "KL815"
    NAME = "non-expanding-feature-maps"
    SUMMARY = ("Filter counts that shrink from one convolution to the next in a plain "
               "convolutional feature extractor (off by default).")
    MESSAGE = ("{layer} has {after} filters, fewer than the {before} of {previous} before it: "
               "in a plain feature extractor each stage should keep or widen the channels as "
               "the map shrinks. Check the order of the filter counts")
    DEFAULT_ENABLED = False

    def check(self, facts):
        reported: set[int] = set()
        for fact in facts.models.graphs:
            if fact.model is None or not _plain_extractor(fact.graph):
                continue
            graph = fact.graph
            for node in graph.layer_nodes():
                if node.kind not in _EXTRACTORS or id(node.construction) in reported:
                    continue
                previous = graph.upstream(node, _between)
                if previous is None or previous.kind not in _EXTRACTORS:
                    continue
                before, after = previous.info.units, node.info.units
                if before is None or after is None or after >= before:
                    continue
                window = facts.shapes.window(node)
                if window is None or all(w == 1 for w in window.size):
                    continue  # a 1x1 projection narrows on purpose
                reported.add(id(node.construction))
                yield self.report(node.construction, layer=node_text(facts, node), after=after,
                                  before=before, previous=node_text(facts, previous))

    VALID = (
        Valid("""
            import keras
            model = keras.Sequential([keras.Input((32, 32, 3)),
                                      keras.layers.Conv2D(32, 3, activation="relu"),
                                      keras.layers.MaxPooling2D(),
                                      keras.layers.Conv2D(64, 3, activation="relu"),
                                      keras.layers.GlobalAveragePooling2D(),
                                      keras.layers.Dense(10)])
        """),
        # A decoder narrows on purpose.
        Valid("""
            import keras
            model = keras.Sequential([keras.Input((7, 7, 128)),
                                      keras.layers.Conv2DTranspose(64, 3, strides=2),
                                      keras.layers.Conv2D(32, 3, padding="same"),
                                      keras.layers.Conv2D(1, 3, padding="same")])
        """),
        # A 1x1 bottleneck.
        Valid("""
            import keras
            model = keras.Sequential([keras.Input((32, 32, 3)),
                                      keras.layers.Conv2D(64, 3, activation="relu"),
                                      keras.layers.Conv2D(16, 1),
                                      keras.layers.Flatten(), keras.layers.Dense(2)])
        """),
    )
    INVALID = (
        Invalid("""
            import keras
            model = keras.Sequential([
                keras.Input((32, 32, 3)),
                keras.layers.Conv2D(128, 3, activation="relu"),
                keras.layers.MaxPooling2D(),
                keras.layers.Conv2D(64, 3, activation="relu"),
                keras.layers.MaxPooling2D(),
                keras.layers.Flatten(),
                keras.layers.Dense(10, activation="softmax"),
            ])
        """, lines=(6,)),
        Invalid("""
            from tensorflow.keras import layers, models
            inputs = layers.Input((64, 64, 1))
            x = layers.Conv2D(64, 3, activation="relu")(inputs)
            x = layers.BatchNormalization()(x)
            x = layers.Conv2D(32, 3, activation="relu")(x)
            x = layers.GlobalMaxPooling2D()(x)
            model = models.Model(inputs, layers.Dense(1, activation="sigmoid")(x))
        """, lines=(5,)),
    )


def _between(node) -> bool:
    return node.kind in _BETWEEN or (node.info.is_op and node.info.category == ACTIVATION)


def _plain_extractor(graph) -> bool:
    """A chain of convolutions (no branches, no decoder layers, no unknown layers) that is
    flattened or globally pooled."""
    if not graph.complete or len(graph.inputs) != 1 or len(graph.outputs) != 1:
        return False
    reduced = False
    for node in graph.layer_nodes():
        if node.op is not None or len(node.inputs) != 1 or len(graph.consumers(node)) > 1:
            return False
        if node.kind in _DECODERS or node.info.category not in (UNITS, ACTIVATION) and \
                node.kind not in _BETWEEN and node.kind not in _REDUCERS:
            return False
        if node.kind in _REDUCERS:
            reduced = True
        elif reduced and node.kind in _EXTRACTORS:
            return False
    return reduced
