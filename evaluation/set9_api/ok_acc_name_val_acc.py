# Binary text classifier (Deep Learning with Python style) in Keras 3. metrics=["acc"] is logged
# under the name "acc", so the callbacks monitor "val_acc"; the AUC metric is named "auc".
import numpy as np
import tensorflow as tf
import keras
from keras import layers

keras.utils.set_random_seed(2718)

max_features = 10000
maxlen = 256

(x_train, y_train), (x_test, y_test) = keras.datasets.imdb.load_data(num_words=max_features)
x_train = keras.utils.pad_sequences(x_train, maxlen=maxlen)
x_test = keras.utils.pad_sequences(x_test, maxlen=maxlen)

x_val, y_val = x_train[:5000], y_train[:5000]
x_tr, y_tr = x_train[5000:], y_train[5000:]

train_ds = (tf.data.Dataset.from_tensor_slices((x_tr, y_tr))
            .shuffle(len(x_tr))
            .batch(128)
            .prefetch(tf.data.AUTOTUNE))
val_ds = tf.data.Dataset.from_tensor_slices((x_val, y_val)).batch(128).prefetch(tf.data.AUTOTUNE)

model = keras.Sequential([
    keras.Input(shape=(maxlen,), dtype="int32"),
    layers.Embedding(max_features, 32),
    layers.GlobalAveragePooling1D(),
    layers.Dense(32, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="rmsprop",
              loss="binary_crossentropy",
              metrics=["acc", keras.metrics.AUC(name="auc")])

callbacks = [
    keras.callbacks.EarlyStopping(monitor="val_acc", patience=3, mode="max"),
    keras.callbacks.ModelCheckpoint("imdb_best.keras", monitor="val_auc", mode="max", save_best_only=True),
    keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=2),
]
history = model.fit(train_ds, validation_data=val_ds, epochs=20, callbacks=callbacks)
print(sorted(history.history.keys()))
print(model.evaluate(x_test, y_test, verbose=0))
