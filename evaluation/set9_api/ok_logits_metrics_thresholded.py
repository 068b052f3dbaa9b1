# Binary classifiers that report accuracy correctly: a logits model with AUC(from_logits=True)
# and BinaryAccuracy(threshold=0.0), a sigmoid model with plain "accuracy", and a custom loop
# that feeds sigmoid probabilities (not logits) to BinaryAccuracy.
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

tf.random.set_seed(808)

rng = np.random.default_rng(808)
X = rng.normal(size=(12000, 16)).astype("float32")
y = (X[:, 0] * X[:, 1] + X[:, 2] > 0.2).astype("float32").reshape(-1, 1)

# 1) logits + from_logits=True, metrics configured for logits
logit_model = keras.Sequential([keras.Input(shape=(16,)), layers.Dense(64, activation="relu"), layers.Dense(1)])
logit_model.compile(optimizer="adam",
                    loss=keras.losses.BinaryCrossentropy(from_logits=True),
                    metrics=[keras.metrics.BinaryAccuracy(threshold=0.0, name="accuracy"),
                             keras.metrics.AUC(from_logits=True, name="auc")])
logit_model.fit(X, y, epochs=5, batch_size=128, validation_split=0.2)

# 2) sigmoid output + default from_logits=False: 0.5 threshold is right
prob_model = keras.Sequential([keras.Input(shape=(16,)), layers.Dense(64, activation="relu"),
                               layers.Dense(1, activation="sigmoid")])
prob_model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(), metrics=["accuracy"])
prob_model.fit(X, y, epochs=5, batch_size=128, validation_split=0.2)

# 3) custom loop: loss on logits, accuracy on probabilities
loop_model = keras.Sequential([keras.Input(shape=(16,)), layers.Dense(64, activation="relu"), layers.Dense(1)])
loss_fn = keras.losses.BinaryCrossentropy(from_logits=True)
optimizer = keras.optimizers.Adam(1e-3)
acc = keras.metrics.BinaryAccuracy()
mean_loss = keras.metrics.Mean()
ds = tf.data.Dataset.from_tensor_slices((X, y)).shuffle(12000).batch(128).prefetch(tf.data.AUTOTUNE)


@tf.function
def train_step(xb, yb):
    with tf.GradientTape() as tape:
        logits = loop_model(xb, training=True)
        loss = loss_fn(yb, logits)
    grads = tape.gradient(loss, loop_model.trainable_variables)
    optimizer.apply_gradients(zip(grads, loop_model.trainable_variables))
    mean_loss.update_state(loss)
    acc.update_state(yb, tf.sigmoid(logits))


for epoch in range(5):
    acc.reset_state()
    mean_loss.reset_state()
    for xb, yb in ds:
        train_step(xb, yb)
    print(f"epoch {epoch}: loss={float(mean_loss.result()):.4f} acc={float(acc.result()):.4f}")
