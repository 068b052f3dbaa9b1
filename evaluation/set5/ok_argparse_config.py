# Hyperparameters come from the command line (no defaults) and a JSON config, so the
# output activation, loss and data size cannot be known statically.
import argparse
import json
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

parser = argparse.ArgumentParser()
parser.add_argument("--config", required=True)
parser.add_argument("--units", type=int, required=True)
parser.add_argument("--output-activation", required=True)
parser.add_argument("--n-samples", type=int, required=True)
parser.add_argument("--init-stddev", type=float, required=True)
args = parser.parse_args()

with open(args.config) as fh:
    cfg = json.load(fh)

model = keras.Sequential([
    keras.Input(shape=(cfg["input_dim"],)),
    layers.Dense(args.units, activation=cfg["hidden_activation"],
                 kernel_initializer=keras.initializers.RandomNormal(stddev=args.init_stddev)),
    layers.Dense(cfg["num_outputs"], activation=args.output_activation),
])
loss = keras.losses.get(cfg["loss"])
model.compile(optimizer=keras.optimizers.get(cfg["optimizer"]), loss=loss,
              metrics=cfg.get("metrics", []))

x = np.random.rand(args.n_samples, cfg["input_dim"])
y = np.load(cfg["label_file"], mmap_mode="r")
model.fit(x, np.asarray(y), batch_size=cfg["batch_size"], epochs=cfg["epochs"])
