"""Multi-task model on user-profile embeddings (Keras 3), reviewed version:
linear age head on raw years, softmax category head sized from the class list."""
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(2025)

CATEGORIES = ["student", "professional", "retired", "business", "other"]
EMB_DIM = 64
N = 12000

emb = np.random.randn(N, EMB_DIM).astype("float32")
cat = np.random.randint(0, len(CATEGORIES), size=(N,))
age = np.random.uniform(18.0, 90.0, size=(N,)).astype("float32")
n_train = int(0.85 * N)

inputs = keras.Input(shape=(EMB_DIM,), name="profile_embedding")
trunk = layers.Dense(256, activation="relu")(inputs)
trunk = layers.Dropout(0.2)(trunk)
trunk = layers.Dense(128, activation="relu")(trunk)

c = layers.Dense(64, activation="relu")(trunk)
category = layers.Dense(len(CATEGORIES), activation="softmax", name="category")(c)
a = layers.Dense(32, activation="relu")(trunk)
age_out = layers.Dense(1, name="age")(a)

model = keras.Model(inputs, {"category": category, "age": age_out})
model.compile(
    optimizer=keras.optimizers.Adam(1e-3),
    loss={"category": "sparse_categorical_crossentropy", "age": "mse"},
    loss_weights={"category": 1.0, "age": 0.001},
    metrics={"category": ["accuracy"], "age": ["mae"]},
)
model.fit(emb[:n_train], {"category": cat[:n_train], "age": age[:n_train]},
          validation_data=(emb[n_train:], {"category": cat[n_train:], "age": age[n_train:]}),
          epochs=20, batch_size=128,
          callbacks=[keras.callbacks.EarlyStopping(monitor="val_loss", patience=5,
                                                   restore_best_weights=True)])
