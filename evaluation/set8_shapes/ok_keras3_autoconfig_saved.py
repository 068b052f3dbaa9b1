"""Keras 3 infers get_config() for custom layers whose constructor arguments are
plain Python values (int/float/str/bool/None, including defaults), so saving and
reloading works without writing get_config()."""
import numpy as np
import keras
from keras import layers, ops


@keras.saving.register_keras_serializable(package="demo")
class PositionalEmbedding(layers.Layer):
    def __init__(self, sequence_length, vocab_size, embed_dim, **kwargs):
        super().__init__(**kwargs)
        self.token_embeddings = layers.Embedding(input_dim=vocab_size, output_dim=embed_dim)
        self.position_embeddings = layers.Embedding(input_dim=sequence_length, output_dim=embed_dim)
        self.sequence_length = sequence_length

    def call(self, inputs):
        positions = ops.arange(0, self.sequence_length, 1)
        return self.token_embeddings(inputs) + self.position_embeddings(positions)


@keras.saving.register_keras_serializable(package="demo")
class ScaledResidual(layers.Layer):
    def __init__(self, units, scale=0.1, activation="relu", **kwargs):
        super().__init__(**kwargs)
        self.scale = scale
        self.inner = layers.Dense(units, activation=activation)

    def call(self, x):
        return x + self.scale * self.inner(x)


keras.utils.set_random_seed(12)
SEQ, VOCAB, DIM = 40, 5000, 32
x = np.random.randint(1, VOCAB, size=(2000, SEQ))
y = np.random.randint(0, 2, size=(2000,)).astype("float32")

inputs = keras.Input(shape=(SEQ,), dtype="int32")
h = PositionalEmbedding(SEQ, VOCAB, DIM)(inputs)
h = layers.GlobalAveragePooling1D()(h)
h = ScaledResidual(DIM, scale=0.5)(h)
outputs = layers.Dense(1, activation="sigmoid")(h)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=2, batch_size=64)

model.save("posemb.keras")
restored = keras.models.load_model("posemb.keras")
np.testing.assert_allclose(model.predict(x[:8], verbose=0), restored.predict(x[:8], verbose=0),
                           rtol=1e-5, atol=1e-6)
