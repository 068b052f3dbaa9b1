#!/usr/bin/env python
# train_embeddings_clf.py -- fits a classifier on precomputed BERT embeddings.
# features.npy is ~38 GB (12M x 768 float32).  Works on the small sample, but on
# the full file the job dies with "Killed" during fit.
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers

FEATURES = "/data/emb/features.npy"
LABELS = "/data/emb/labels.npy"


def build_classifier(dim=768, n_classes=2):
    inp = layers.Input(shape=(dim,))
    h = layers.Dense(256, activation="relu")(inp)
    h = layers.Dropout(0.1)(h)
    out = layers.Dense(n_classes, activation="softmax")(h)
    m = tf.keras.Model(inp, out)
    m.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return m


X = np.load(FEATURES)
y = np.load(LABELS)
print("loaded", X.shape, y.shape)

clf = build_classifier()
clf.fit(X, y, batch_size=4096, epochs=3, validation_split=0.01)  # not expected since issue 7: np.load of a size the code does not state (was KL301)

preds = clf.predict(np.load("/data/emb/features_unlabelled.npy"), batch_size=8192)  # not expected since issue 7: np.load of a size the code does not state (was KL301)
np.save("/data/emb/preds.npy", preds.argmax(axis=1))
