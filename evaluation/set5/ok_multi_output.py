# Multi-output functional model (keras.io functional API guide, "ticket triage"):
# a priority score trained with binary cross-entropy on a sigmoid, a department
# classifier (softmax + categorical CE on one-hot labels) and a linear
# "time to resolve" regression head trained with mse.
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

num_tags, num_words, num_departments = 12, 10000, 4

title_input = keras.Input(shape=(None,), name="title")
body_input = keras.Input(shape=(None,), name="body")
tags_input = keras.Input(shape=(num_tags,), name="tags")
title_features = layers.LSTM(128)(layers.Embedding(num_words, 64)(title_input))
body_features = layers.LSTM(32)(layers.Embedding(num_words, 64)(body_input))
x = layers.concatenate([title_features, body_features, tags_input])
x = layers.Dense(64, activation="relu")(x)

priority = layers.Dense(1, activation="sigmoid", name="priority")(x)
department = layers.Dense(num_departments, activation="softmax", name="department")(x)
hours = layers.Dense(1, name="hours")(x)
model = keras.Model(inputs=[title_input, body_input, tags_input], outputs=[priority, department, hours])

model.compile(
    optimizer=keras.optimizers.RMSprop(1e-3),
    loss={
        "priority": keras.losses.BinaryCrossentropy(),
        "department": keras.losses.CategoricalCrossentropy(),
        "hours": keras.losses.MeanSquaredError(),
    },
    loss_weights={"priority": 1.0, "department": 0.2, "hours": 0.05},
)

n = 1280
title_data = np.random.randint(num_words, size=(n, 10))
body_data = np.random.randint(num_words, size=(n, 100))
tags_data = np.random.randint(2, size=(n, num_tags)).astype("float32")
priority_targets = np.random.random(size=(n, 1))
dept_targets = keras.utils.to_categorical(np.random.randint(num_departments, size=(n,)), num_departments)
hours_targets = np.random.gamma(2.0, 5.0, size=(n, 1))

model.fit(
    {"title": title_data, "body": body_data, "tags": tags_data},
    {"priority": priority_targets, "department": dept_targets, "hours": hours_targets},
    epochs=2, batch_size=32,
)
