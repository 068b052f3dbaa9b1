"""Fraud detector (keras 3). Loss is 0.0000 from the first batch and the model
predicts 1.0 for every transaction."""
import keras
import numpy as np
import pandas as pd

CFG = {"hidden": [64, 32], "dropout": 0.2, "lr": 1e-3, "epochs": 10}


def make_model(n_features, cfg=CFG):
    inputs = keras.Input(shape=(n_features,))
    x = inputs
    for units in cfg["hidden"]:
        x = keras.layers.Dense(units, activation="relu")(x)
        x = keras.layers.Dropout(cfg["dropout"])(x)
    outputs = keras.layers.Dense(1, activation=keras.activations.softmax)(x)
    model = keras.Model(inputs, outputs)
    model.compile(  # expect: KL203, KL204
        optimizer=keras.optimizers.Adam(cfg["lr"]),
        loss="categorical_crossentropy",
        metrics=["accuracy", keras.metrics.Recall()],
    )
    return model


df = pd.read_csv("creditcard.csv")
y = df.pop("Class").to_numpy("float32")
X = df.to_numpy("float32")
X = (X - X.mean(axis=0)) / (X.std(axis=0) + 1e-6)
model = make_model(X.shape[1])
model.fit(X, y, epochs=CFG["epochs"], batch_size=2048, validation_split=0.2,
          class_weight={0: 1.0, 1: 50.0})
