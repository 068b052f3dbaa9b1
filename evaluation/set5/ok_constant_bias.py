# "Classification on imbalanced data" (TF tutorial): the output bias is initialised
# with a Constant equal to log(pos/neg) so the initial prediction matches the base
# rate. Constant bias initialisers are not kernel initialisers.
import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from tensorflow import keras
from tensorflow.keras import layers

raw_df = pd.read_csv("creditcard.csv")
raw_df.pop("Time")
raw_df["Log Amount"] = np.log(raw_df.pop("Amount") + 0.001)
train_df, test_df = train_test_split(raw_df, test_size=0.2)
train_labels = np.array(train_df.pop("Class"))
test_labels = np.array(test_df.pop("Class"))
scaler = StandardScaler()
train_features = np.clip(scaler.fit_transform(train_df), -5, 5)
test_features = np.clip(scaler.transform(test_df), -5, 5)

neg, pos = np.bincount(train_labels)
initial_bias = np.log([pos / neg])


def make_model(output_bias=None):
    if output_bias is not None:
        output_bias = keras.initializers.Constant(output_bias)
    model = keras.Sequential([
        keras.Input(shape=(train_features.shape[-1],)),
        layers.Dense(16, activation="relu", bias_initializer=keras.initializers.Constant(0.01)),
        layers.Dropout(0.5),
        layers.Dense(1, activation="sigmoid", bias_initializer=output_bias),
    ])
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=1e-3),
        loss=keras.losses.BinaryCrossentropy(),
        metrics=[keras.metrics.AUC(name="prc", curve="PR"), keras.metrics.Recall(name="recall")],
    )
    return model


model = make_model(output_bias=initial_bias)
early_stopping = keras.callbacks.EarlyStopping(monitor="val_prc", verbose=1, patience=10, mode="max", restore_best_weights=True)
weight_for_0 = (1 / neg) * (neg + pos) / 2.0
weight_for_1 = (1 / pos) * (neg + pos) / 2.0
model.fit(train_features, train_labels, batch_size=2048, epochs=100,
          validation_split=0.2, callbacks=[early_stopping],
          class_weight={0: weight_for_0, 1: weight_for_1})
print(model.evaluate(test_features, test_labels, batch_size=2048, verbose=0))
