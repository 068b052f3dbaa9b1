"""Spam filter on TF-IDF features (tf_keras, TF 2.16+).

Loss prints 0.0000 (or 1e-7) every epoch and accuracy never changes.
"""
import numpy as np
import pandas as pd
import tf_keras as keras
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import train_test_split

df = pd.read_csv("spam.csv", encoding="latin-1")[["v1", "v2"]]
df.columns = ["label", "text"]
y = (df.label == "spam").astype("float32").values

vec = TfidfVectorizer(max_features=5000)
X = vec.fit_transform(df.text).toarray().astype("float32")
X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.2, stratify=y, random_state=0)

model = keras.Sequential([
    keras.layers.Dense(128, activation="relu", input_shape=(5000,)),
    keras.layers.Dropout(0.3),
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(  # expect: KL204
    loss=keras.losses.CategoricalCrossentropy(),
    optimizer=keras.optimizers.Adam(learning_rate=1e-3),
    metrics=["accuracy"],
)
model.fit(X_tr, y_tr, epochs=10, batch_size=64, validation_data=(X_te, y_te))
