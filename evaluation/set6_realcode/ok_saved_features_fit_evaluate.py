# Modelled on a video-classification tutorial: frame features extracted once, saved with
# np.save, loaded back with np.load and fed to fit and evaluate. The number of videos is
# whatever the CSV lists: the arrays' size is not stated anywhere, so it is not "large".
import numpy as np
import pandas as pd
from tensorflow import keras
from tensorflow.keras import layers

MAX_SEQ_LENGTH = 20
NUM_FEATURES = 1024

train_df = pd.read_csv("train.csv")


def prepare_all_videos(df):
    features = np.zeros((len(df), MAX_SEQ_LENGTH, NUM_FEATURES), dtype="float32")
    labels = df["tag"].astype("category").cat.codes.values
    return features, labels


if __name__ == "__main__":
    x, y = prepare_all_videos(train_df)
    np.save("train_data.npy", x)
    np.save("train_labels.npy", y)

train_data, train_labels = np.load("train_data.npy"), np.load("train_labels.npy")
test_data, test_labels = np.load("test_data.npy"), np.load("test_labels.npy")

inputs = keras.Input(shape=(MAX_SEQ_LENGTH, NUM_FEATURES))
x = layers.GRU(64)(inputs)
x = layers.Dropout(0.3)(x)
outputs = layers.Dense(5, activation="softmax")(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])

model.fit(train_data, train_labels, validation_split=0.15, epochs=10)
_, accuracy = model.evaluate(test_data, test_labels)
predictions = model.predict(np.load("test_data.npy")[:8])
