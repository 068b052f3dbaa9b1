# Learning-rate sweep where the model factory itself resets the Keras session before building,
# followed by a staged fine-tuning loop that keeps training one and the same model.
import numpy as np
import tensorflow as tf

tf.keras.utils.set_random_seed(44)

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784).astype("float32") / 255.0
x_test = x_test.reshape(-1, 784).astype("float32") / 255.0


def make_model(lr):
    tf.keras.backend.clear_session()
    model = tf.keras.Sequential([
        tf.keras.Input(shape=(784,)),
        tf.keras.layers.Dense(128, activation="relu"),
        tf.keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=lr),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


scores = {}
for lr in [3e-4, 1e-3, 3e-3]:
    model = make_model(lr)
    model.fit(x_train, y_train, epochs=3, batch_size=128, verbose=0)
    scores[lr] = model.evaluate(x_test, y_test, verbose=0)[1]
    print(f"lr={lr}: {scores[lr]:.4f}")

best_lr = max(scores, key=scores.get)
final = make_model(best_lr)
for stage, batch_size in enumerate([64, 128, 256]):
    final.fit(x_train, y_train, epochs=2, batch_size=batch_size, verbose=0)
    print(f"stage {stage}: test acc {final.evaluate(x_test, y_test, verbose=0)[1]:.4f}")
