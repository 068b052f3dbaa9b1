# Stack Overflow: "Received a label value of 1 which is outside the valid range" /
# "logits and labels must have the same first dimension" -- speech commands MLP
import numpy as np
import pandas as pd
import tensorflow as tf
from tensorflow.keras.layers import Dense, Dropout, BatchNormalization

features = pd.read_csv("mfcc_features.csv")
labels = features.pop("command").astype("category").cat.codes.values
n_classes = 8

X = features.values.astype("float32")
X = (X - X.mean(axis=0)) / X.std(axis=0)
y = tf.keras.utils.to_categorical(labels, num_classes=n_classes)

model = tf.keras.Sequential()
model.add(Dense(256, activation="relu", input_shape=(X.shape[1],),
                kernel_initializer=tf.keras.initializers.Zeros()))  # expect: KL103
model.add(BatchNormalization())
model.add(Dropout(0.3))
model.add(Dense(n_classes, activation="softmax"))

loss = tf.keras.losses.SparseCategoricalCrossentropy()
model.compile(optimizer="adam", loss=loss, metrics=["accuracy"])  # expect: KL205
model.fit(X, y, epochs=40, batch_size=64, validation_split=0.2, shuffle=True)
