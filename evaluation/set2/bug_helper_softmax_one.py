"""Click-through-rate model built from a configurable factory."""
import numpy as np
import keras
from keras import layers


def build_ctr_model(n_users, n_items, dim=32, hidden=(64, 32),
                    n_outputs=1, head_activation="softmax"):
    user = keras.Input(shape=(1,), dtype="int32", name="user")
    item = keras.Input(shape=(1,), dtype="int32", name="item")
    u = layers.Flatten()(layers.Embedding(n_users, dim)(user))
    v = layers.Flatten()(layers.Embedding(n_items, dim)(item))
    x = layers.Concatenate()([u, v, layers.Multiply()([u, v])])
    for units in hidden:
        x = layers.Dense(units, activation="relu")(x)
    out = layers.Dense(n_outputs, activation=head_activation, name="click")(x)
    return keras.Model([user, item], out)


def load_logs(path):
    logs = np.loadtxt(path, delimiter=",", dtype="int64")
    rng = np.random.default_rng(0)
    logs = logs[rng.permutation(len(logs))]
    return logs[:, 0], logs[:, 1], logs[:, 2].astype("float32")


if __name__ == "__main__":
    keras.utils.set_random_seed(0)
    users, items, clicks = load_logs("click_logs.csv")
    model = build_ctr_model(n_users=50000, n_items=8000)
    model.compile(  # expect: KL203
        optimizer="adam",
        loss=keras.losses.BinaryCrossentropy(),
        metrics=[keras.metrics.AUC(name="auc")],
    )
    model.fit([users, items], clicks, batch_size=1024, epochs=5, validation_split=0.05)
