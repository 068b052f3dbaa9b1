# Tabular MLP with BatchNorm (Dense -> BN -> ReLU) for the credit default data.
import numpy as np
import tensorflow as tf

tf.keras.utils.set_random_seed(90)

X = np.random.randn(12000, 23).astype("float32")
y = (X[:, 0] - 0.8 * X[:, 5] + 0.3 * np.random.randn(12000) > 0.9).astype("float32")

model = tf.keras.Sequential([
    tf.keras.Input(shape=(23,)),
    tf.keras.layers.Dense(256, use_bias=False),
    tf.keras.layers.BatchNormalization(),
    tf.keras.layers.ReLU(),
    tf.keras.layers.Dense(128),  # expect: KL810
    tf.keras.layers.BatchNormalization(),
    tf.keras.layers.ReLU(),
    tf.keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy",
              metrics=[tf.keras.metrics.AUC(name="auc")])
model.fit(X, y, epochs=20, batch_size=256, validation_split=0.2,
          callbacks=[tf.keras.callbacks.EarlyStopping(monitor="val_auc", mode="max",
                                                      patience=4, restore_best_weights=True)])
