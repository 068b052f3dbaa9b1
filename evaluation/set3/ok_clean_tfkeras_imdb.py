# IMDB sentiment with an LSTM, pinned to tf_keras (Keras 2 API)
import tf_keras as keras
from tf_keras import layers
from tf_keras.preprocessing.sequence import pad_sequences

MAX_WORDS = 20000
MAX_LEN = 250

keras.utils.set_random_seed(42)
(x_train, y_train), (x_test, y_test) = keras.datasets.imdb.load_data(num_words=MAX_WORDS)
x_train = pad_sequences(x_train, maxlen=MAX_LEN)
x_test = pad_sequences(x_test, maxlen=MAX_LEN)

model = keras.Sequential()
model.add(layers.Embedding(MAX_WORDS, 128, input_length=MAX_LEN))
model.add(layers.SpatialDropout1D(0.2))
model.add(layers.LSTM(64, dropout=0.2, recurrent_dropout=0.2))
model.add(layers.Dense(32, activation="relu"))
model.add(layers.Dense(1, activation="sigmoid"))

model.compile(loss="binary_crossentropy",
              optimizer=keras.optimizers.Adam(learning_rate=1e-3),
              metrics=["accuracy"])
model.summary()

early = keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=2, restore_best_weights=True)
model.fit(x_train, y_train, batch_size=64, epochs=8, validation_split=0.2, callbacks=[early])
loss, acc = model.evaluate(x_test, y_test, verbose=0)
print(f"test accuracy {acc:.4f}")
