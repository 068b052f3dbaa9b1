"""Experiment runner: every architectural choice comes from a JSON config file."""
import json
import sys

import numpy as np
from tensorflow import keras


def load_config(path):
    with open(path) as fh:
        return json.load(fh)


def make_initializer(spec):
    return keras.initializers.get({"class_name": spec["name"], "config": spec.get("config", {})})


def build_model(cfg, n_features):
    inputs = keras.Input(shape=(n_features,))
    x = inputs
    for layer_cfg in cfg["layers"]:
        x = keras.layers.Dense(layer_cfg["units"], activation=layer_cfg["activation"],
                               kernel_initializer=make_initializer(cfg["kernel_init"]))(x)
    outputs = keras.layers.Dense(cfg["n_outputs"], activation=cfg["output_activation"])(x)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.get(cfg["optimizer"]),
                  loss=cfg["loss"],
                  metrics=cfg.get("metrics", []))
    return model


if __name__ == "__main__":
    cfg = load_config(sys.argv[1])
    x = np.loadtxt(cfg["x_csv"], delimiter=",", dtype="float32")
    y = np.loadtxt(cfg["y_csv"], delimiter=",", dtype="float32")
    model = build_model(cfg, x.shape[1])
    model.fit(x, y, epochs=cfg["epochs"], batch_size=cfg["batch_size"], validation_split=0.2)
    model.save(cfg["out"])
