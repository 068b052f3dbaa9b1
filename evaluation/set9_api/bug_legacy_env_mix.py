# Auto MPG regression (TF "basic regression" tutorial). TF_USE_LEGACY_KERAS is set for our
# old export utilities, while the new model code imports Keras 3 directly.
import os
os.environ["TF_USE_LEGACY_KERAS"] = "1"

import numpy as np
import tensorflow as tf
import keras

tf.random.set_seed(21)

column_names = ["Cylinders", "Displacement", "Horsepower", "Weight",
                "Acceleration", "Model Year", "Europe", "Japan", "USA"]

rng = np.random.default_rng(21)
n = 392
train_features = np.column_stack([
    rng.choice([4, 6, 8], size=n),
    rng.uniform(70, 455, size=n),
    rng.uniform(46, 230, size=n),
    rng.uniform(1600, 5100, size=n),
    rng.uniform(8, 25, size=n),
    rng.integers(70, 83, size=n),
    np.eye(3)[rng.integers(0, 3, size=n)],
]).astype("float32")
train_labels = (46 - 0.007 * train_features[:, 3] + rng.normal(scale=2.0, size=n)).astype("float32")

mean = train_features.mean(axis=0)
variance = train_features.var(axis=0)

dnn_model = keras.Sequential([
    keras.Input(shape=(len(column_names),)),
    keras.layers.Normalization(mean=mean, variance=variance),
    tf.keras.layers.Dense(64, activation="relu"),  # expect: KL501
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(1),
])
dnn_model.compile(loss="mean_absolute_error", optimizer=keras.optimizers.Adam(0.001))

history = dnn_model.fit(train_features, train_labels, validation_split=0.2, verbose=0, epochs=100)
print(history.history["val_loss"][-1])
