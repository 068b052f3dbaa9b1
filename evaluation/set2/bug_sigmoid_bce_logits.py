"""IMDB sentiment with a 1-D CNN over word embeddings."""
import keras
from keras import layers

keras.utils.set_random_seed(42)

MAX_WORDS = 10000
MAXLEN = 300

(x_train, y_train), (x_test, y_test) = keras.datasets.imdb.load_data(num_words=MAX_WORDS)
x_train = keras.utils.pad_sequences(x_train, maxlen=MAXLEN)
x_test = keras.utils.pad_sequences(x_test, maxlen=MAXLEN)

inputs = keras.Input(shape=(MAXLEN,), dtype="int32")
x = layers.Embedding(MAX_WORDS, 64,
                     embeddings_initializer=keras.initializers.RandomUniform(-1.0, 1.0))(inputs)
x = layers.Conv1D(128, 7, activation="relu")(x)
x = layers.GlobalMaxPooling1D()(x)
x = layers.Dropout(0.5)(x)
x = layers.Dense(64, activation="relu")(x)
outputs = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inputs, outputs)

loss = keras.losses.BinaryCrossentropy(from_logits=True)
model.compile(optimizer="adam", loss=loss, metrics=["accuracy"])  # expect: KL201

model.fit(
    x_train,
    y_train,
    batch_size=64,
    epochs=5,
    validation_data=(x_test, y_test),
    callbacks=[keras.callbacks.EarlyStopping(monitor="val_loss", patience=1)],
)
