# A 1.6 GB design matrix is only ever handed to scikit-learn (PCA); the network is
# trained on the 64-dimensional projection streamed through tf.data.
import numpy as np
import tensorflow as tf
from sklearn.decomposition import IncrementalPCA
from sklearn.linear_model import LogisticRegression
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.default_rng(0)
raw = np.random.rand(200_000, 1024)  # float64, about 1.6 GB
labels = rng.integers(0, 2, size=200_000)

pca = IncrementalPCA(n_components=64, batch_size=10_000)
pca.fit(raw)
baseline = LogisticRegression(max_iter=200).fit(raw[:20_000], labels[:20_000])
print("sklearn baseline:", baseline.score(raw[20_000:40_000], labels[20_000:40_000]))

reduced = np.concatenate([pca.transform(raw[i:i + 10_000]) for i in range(0, len(raw), 10_000)])
reduced = reduced.astype("float32")
del raw

ds = (tf.data.Dataset.from_tensor_slices((reduced, labels))
      .shuffle(50_000).batch(512).prefetch(tf.data.AUTOTUNE))

model = keras.Sequential([
    keras.Input(shape=(64,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(ds, epochs=5)
