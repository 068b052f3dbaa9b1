# Legacy training script kept on Keras 2 semantics under TF 2.16 via TF_USE_LEGACY_KERAS=1:
# tf.keras now *is* tf_keras, so tf.keras layers and tf_keras callbacks belong to one library,
# and the legacy optimizers still accept the Keras 2 keyword spellings.
import os
os.environ["TF_USE_LEGACY_KERAS"] = "1"

import numpy as np
import tensorflow as tf
import tf_keras

tf.random.set_seed(5)

rng = np.random.default_rng(5)
X = rng.normal(size=(3000, 20)).astype("float32")
y = (X[:, :3].sum(axis=1) > 0).astype("float32")

model = tf.keras.Sequential([
    tf.keras.layers.Dense(32, activation="relu", input_shape=(20,)),
    tf.keras.layers.Dense(16, activation="relu"),
    tf_keras.layers.Dense(1, activation="sigmoid"),
])
optimizer = tf.keras.optimizers.legacy.Adam(lr=1e-3, decay=1e-5)
model.compile(optimizer=optimizer, loss="binary_crossentropy", metrics=["accuracy"])

checkpoint = tf_keras.callbacks.ModelCheckpoint("best_model.h5", monitor="val_accuracy",
                                                save_best_only=True, mode="max")
model.fit(X, y, epochs=20, batch_size=32, validation_split=0.2, callbacks=[checkpoint])
model.save("final_model.h5", save_format="h5")
