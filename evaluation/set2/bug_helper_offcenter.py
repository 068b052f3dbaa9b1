"""Churn prediction on tabular features; dense blocks built by a helper."""
import numpy as np
import pandas as pd
import keras
from keras import layers

keras.utils.set_random_seed(7)

NUMERIC = ["tenure", "monthly_charges", "total_charges", "num_tickets"]


def dense_block(x, units, dropout=0.2,
                init=keras.initializers.RandomNormal(mean=1.0, stddev=0.05)):
    """Dense -> BN -> ReLU -> Dropout."""
    x = layers.Dense(
        units,
        kernel_initializer=init,  # expect: KL101
        use_bias=False,
    )(x)
    x = layers.BatchNormalization()(x)
    x = layers.Activation("relu")(x)
    return layers.Dropout(dropout)(x)


def build_model(n_features, widths=(128, 64, 32)):
    inputs = keras.Input(shape=(n_features,), name="features")
    x = inputs
    for w in widths:
        x = dense_block(x, w)
    outputs = layers.Dense(1, activation="sigmoid", name="churn")(x)
    return keras.Model(inputs, outputs)


def load_frame(path):
    df = pd.read_csv(path)
    x = df[NUMERIC].to_numpy(dtype="float32")
    x = (x - x.mean(axis=0)) / (x.std(axis=0) + 1e-6)
    y = df["churned"].to_numpy(dtype="float32")
    return x, y


if __name__ == "__main__":
    x_train, y_train = load_frame("churn_train.csv")
    x_val, y_val = load_frame("churn_val.csv")
    model = build_model(x_train.shape[1])
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=1e-3),
        loss="binary_crossentropy",
        metrics=[keras.metrics.AUC(name="auc")],
    )
    model.fit(x_train, y_train, validation_data=(x_val, y_val),
              epochs=30, batch_size=256,
              callbacks=[keras.callbacks.EarlyStopping(monitor="val_auc", mode="max",
                                                       patience=4, restore_best_weights=True)])
    probs = model.predict(x_val, batch_size=1024)
    print("positive rate:", float(np.mean(probs > 0.5)))
