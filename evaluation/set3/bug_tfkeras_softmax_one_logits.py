# tf_keras (Keras 2) fraud detector kept on the legacy package for TF-Serving compat
import numpy as np
import pandas as pd
import tf_keras as keras
from tf_keras import layers
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import RobustScaler

df = pd.read_csv("creditcard.csv")
y = df.pop("Class").values.astype("float32")
X = RobustScaler().fit_transform(df.values).astype("float32")
X_tr, X_va, y_tr, y_va = train_test_split(X, y, test_size=0.2, stratify=y, random_state=1)

neg, pos = np.bincount(y_tr.astype(int))
class_weight = {0: 1.0, 1: neg / pos}

model = keras.Sequential([
    layers.Dense(64, activation="relu", input_shape=(X.shape[1],)),
    layers.Dropout(0.2),
    layers.Dense(32, activation="relu"),
    layers.Dense(1, activation="softmax"),
])
model.compile(  # expect: KL201, KL203
    optimizer=keras.optimizers.Adam(1e-3),
    loss=keras.losses.BinaryCrossentropy(from_logits=True),
    metrics=[keras.metrics.AUC(name="auc"), keras.metrics.Precision(), keras.metrics.Recall()],
)
model.fit(X_tr, y_tr, validation_data=(X_va, y_va), epochs=20, batch_size=2048,
          class_weight=class_weight)
