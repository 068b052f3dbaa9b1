"""Tabular 3-class classifier fed through tf.data.

Loss goes down on training data but validation accuracy jumps around between epochs.
"""
import numpy as np
import tensorflow as tf
from sklearn.model_selection import train_test_split

tf.keras.utils.set_random_seed(7)

N_FEATURES = 20
N_CLASSES = 3
BATCH_SIZE = 32


def make_data(n=6000, seed=7):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, N_FEATURES)).astype("float32")
    w = rng.normal(size=(N_FEATURES, N_CLASSES))
    noise = rng.normal(scale=0.5, size=(n, N_CLASSES))
    y = np.argmax(X @ w + noise, axis=1).astype("int64")
    return X, y


def build_model():
    inputs = tf.keras.Input(shape=(N_FEATURES,))
    x = tf.keras.layers.Dense(64, activation="relu")(inputs)
    x = tf.keras.layers.Dense(64, activation="relu")(x)
    outputs = tf.keras.layers.Dense(N_CLASSES, activation="softmax")(x)
    model = tf.keras.Model(inputs, outputs)
    model.compile(
        optimizer=tf.keras.optimizers.Adam(learning_rate=1e-3),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model


X, y = make_data()
X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.2, random_state=7)

mean = X_train.mean(axis=0)
std = X_train.std(axis=0)
X_train = (X_train - mean) / std
X_val = (X_val - mean) / std

train_ds = tf.data.Dataset.from_tensor_slices((X_train, y_train))
train_ds = train_ds.batch(BATCH_SIZE).shuffle(1000).prefetch(tf.data.AUTOTUNE)  # expect: KL304
val_ds = tf.data.Dataset.from_tensor_slices((X_val, y_val)).batch(BATCH_SIZE).prefetch(tf.data.AUTOTUNE)

model = build_model()
history = model.fit(train_ds, validation_data=val_ds, epochs=30, batch_size=BATCH_SIZE)  # expect: KL305

for name in ("loss", "accuracy", "val_loss", "val_accuracy"):
    print(name, [round(v, 3) for v in history.history[name][-3:]])
