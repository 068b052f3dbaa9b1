# Signal classifier: the samples come out of the simulator grouped by class.
# I do shuffle the dataset, but the loss curve looks like a staircase.
import numpy as np
import tensorflow as tf

tf.random.set_seed(4)

NUM_CLASSES = 4
PER_CLASS = 3000
LENGTH = 100


def simulate_class(k, n, rng):
    t = np.linspace(0.0, 1.0, LENGTH, dtype=np.float32)
    freqs = rng.uniform(2 + 3 * k, 4 + 3 * k, size=(n, 1)).astype(np.float32)
    x = np.sin(2 * np.pi * freqs * t) + 0.3 * rng.normal(size=(n, LENGTH)).astype(np.float32)
    return x.astype(np.float32), np.full(n, k, dtype=np.int32)


rng = np.random.default_rng(4)
parts = [simulate_class(k, PER_CLASS, rng) for k in range(NUM_CLASSES)]
x_all = np.concatenate([p[0] for p in parts])[..., None]
y_all = np.concatenate([p[1] for p in parts])

perm = rng.permutation(len(x_all))
test_idx = perm[:2000]
train_mask = np.ones(len(x_all), dtype=bool)
train_mask[test_idx] = False

train_ds = tf.data.Dataset.from_tensor_slices((x_all[train_mask], y_all[train_mask]))
train_ds.shuffle(1000)  # expect: KL308
train_ds = train_ds.batch(64).prefetch(tf.data.AUTOTUNE)
test_ds = tf.data.Dataset.from_tensor_slices((x_all[test_idx], y_all[test_idx])).batch(64).prefetch(tf.data.AUTOTUNE)

model = tf.keras.Sequential([
    tf.keras.layers.Input(shape=(LENGTH, 1)),
    tf.keras.layers.Conv1D(16, 7, activation="relu"),
    tf.keras.layers.MaxPooling1D(2),
    tf.keras.layers.Conv1D(32, 5, activation="relu"),
    tf.keras.layers.GlobalMaxPooling1D(),
    tf.keras.layers.Dense(NUM_CLASSES),
])
model.compile(
    optimizer=tf.keras.optimizers.Adam(1e-3),
    loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    metrics=["accuracy"],
)
model.fit(train_ds, epochs=10, validation_data=test_ds)
