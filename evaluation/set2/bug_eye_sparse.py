"""Legacy tf_keras (Keras 2) intent classifier over sentence embeddings."""
import json
import numpy as np
import tf_keras as keras
from tf_keras import layers

INTENTS = ["greeting", "billing", "cancel", "upgrade", "tech_support", "other"]


def read_jsonl(path):
    with open(path) as fh:
        rows = [json.loads(line) for line in fh]
    x = np.array([r["embedding"] for r in rows], dtype="float32")
    y = np.array([INTENTS.index(r["intent"]) for r in rows], dtype="int64")
    return x, y


x_train, y_train = read_jsonl("intents_train.jsonl")
x_dev, y_dev = read_jsonl("intents_dev.jsonl")
n_classes = len(INTENTS)
y_train = np.eye(n_classes, dtype="float32")[y_train]
y_dev = np.eye(n_classes, dtype="float32")[y_dev]

keras.utils.set_random_seed(12)
model = keras.models.Sequential()
model.add(layers.Dense(256, activation="relu", input_shape=(x_train.shape[1],)))
model.add(layers.Dropout(0.4))
model.add(layers.Dense(128, activation="relu"))
model.add(layers.Dense(n_classes, activation="softmax"))

model.compile(optimizer=keras.optimizers.Adam(learning_rate=3e-4),  # expect: KL205
              loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])
model.fit(x_train, y_train, validation_data=(x_dev, y_dev), epochs=40, batch_size=32,
          callbacks=[keras.callbacks.EarlyStopping(monitor="val_loss", patience=5,
                                                   restore_best_weights=True)])
model.save("intent_clf.h5")
