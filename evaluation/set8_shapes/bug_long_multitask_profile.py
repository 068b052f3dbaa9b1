"""Multi-task model on user-profile embeddings (Keras 3).

Head 1: account category (5 classes). Head 2: user age in years.
The category head is fine; the age head predicts 0.99 for everybody.
"""
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(2025)

CATEGORIES = ["student", "professional", "retired", "business", "other"]
EMB_DIM = 64
N = 12000


# ---------------------------------------------------------------- data
def synth_profiles(n):
    emb = np.random.randn(n, EMB_DIM).astype("float32")
    cat = np.random.randint(0, len(CATEGORIES), size=(n,))
    age = np.random.uniform(18.0, 90.0, size=(n,)).astype("float32")
    return emb, cat, age


emb, cat, age = synth_profiles(N)
n_train = int(0.85 * N)
train_x, val_x = emb[:n_train], emb[n_train:]
train_y = {"category": cat[:n_train], "age": age[:n_train]}
val_y = {"category": cat[n_train:], "age": age[n_train:]}


# ---------------------------------------------------------------- model
def shared_trunk(x):
    x = layers.Dense(256, activation="relu", name="trunk_1")(x)
    x = layers.Dropout(0.2)(x)
    x = layers.Dense(128, activation="relu", name="trunk_2", input_shape=(256,))(x)  # expect: KL503
    return x


def category_head(h):
    h = layers.Dense(64, activation="relu")(h)
    return layers.Dense(len(CATEGORIES), activation="softmax", name="category")(h)


def age_head(h):
    h = layers.Dense(32, activation="relu")(h)
    return layers.Dense(1, activation="sigmoid", name="age")(h)  # expect: KL210


inputs = keras.Input(shape=(EMB_DIM,), name="profile_embedding")
trunk = shared_trunk(inputs)
model = keras.Model(inputs, {"category": category_head(trunk), "age": age_head(trunk)})

model.compile(
    optimizer=keras.optimizers.Adam(1e-3),
    loss={"category": "sparse_categorical_crossentropy", "age": "mse"},
    loss_weights={"category": 1.0, "age": 0.01},
    metrics={"category": ["accuracy"], "age": ["mae"]},
)
model.summary()

callbacks = [
    keras.callbacks.EarlyStopping(monitor="val_loss", patience=5, restore_best_weights=True),
    keras.callbacks.CSVLogger("multitask_log.csv"),
]
history = model.fit(train_x, train_y, validation_data=(val_x, val_y),
                    epochs=50, batch_size=128, callbacks=callbacks)

# ---------------------------------------------------------------- report
preds = model.predict(val_x[:10], verbose=0)
for i in range(10):
    c = CATEGORIES[int(np.argmax(preds["category"][i]))]
    print(f"{c:>12s}  age_pred={preds['age'][i, 0]:.2f}  age_true={val_y['age'][i]:.1f}")
