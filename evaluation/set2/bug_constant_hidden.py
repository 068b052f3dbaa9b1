"""Quick baseline for the wine-quality data set."""
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(1234)

data = np.genfromtxt("winequality-red.csv", delimiter=";", skip_header=1, dtype="float32")
features, quality = data[:, :-1], data[:, -1]
mean, std = features.mean(axis=0), features.std(axis=0)
features = (features - mean) / std

# quality scores 3..8 -> class ids 0..5
labels = (quality - 3).astype("int32")
n_classes = 6

perm = np.random.permutation(len(features))
split = int(0.8 * len(features))
train_idx, test_idx = perm[:split], perm[split:]

model = keras.Sequential(
    [
        keras.Input(shape=(features.shape[1],)),
        layers.Dense(
            64,
            activation="relu",
            kernel_initializer=keras.initializers.Constant(0.5),  # expect: KL101, KL103
        ),
        layers.Dropout(0.3),
        layers.Dense(32, activation="relu", kernel_initializer="he_normal"),
        layers.Dense(n_classes, activation="softmax"),
    ]
)
model.compile(
    optimizer=keras.optimizers.RMSprop(learning_rate=5e-4),
    loss=keras.losses.SparseCategoricalCrossentropy(),
    metrics=["accuracy"],
)
model.fit(
    features[train_idx],
    labels[train_idx],
    validation_data=(features[test_idx], labels[test_idx]),
    epochs=60,
    batch_size=32,
)
print(model.evaluate(features[test_idx], labels[test_idx], verbose=0))
