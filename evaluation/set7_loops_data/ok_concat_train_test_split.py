"""Activity recognition: class arrays stacked, then a stratified split (no validation_split)."""
import numpy as np
import keras
from keras import layers
from sklearn.model_selection import train_test_split

keras.utils.set_random_seed(8)

WINDOW = 64
CHANNELS = 3
rng = np.random.default_rng(8)


def simulate(freq, amp, n):
    t = np.linspace(0, 2 * np.pi, WINDOW)
    phase = rng.uniform(0, 2 * np.pi, size=(n, 1, 1))
    base = amp * np.sin(freq * t[None, :, None] + phase)
    return (base + 0.2 * rng.normal(size=(n, WINDOW, CHANNELS))).astype("float32")


idle, walking, running = simulate(0.5, 0.1, 1500), simulate(2.0, 1.0, 1500), simulate(4.0, 2.0, 1500)
X = np.vstack([idle, walking, running])
y = np.concatenate([np.full(len(idle), 0), np.full(len(walking), 1), np.full(len(running), 2)])

X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.1, stratify=y, random_state=8)

model = keras.Sequential([
    keras.Input(shape=(WINDOW, CHANNELS)),
    layers.Conv1D(32, 5, activation="relu"),
    layers.MaxPooling1D(2),
    layers.Conv1D(64, 5, activation="relu"),
    layers.GlobalAveragePooling1D(),
    layers.Dense(32, activation="relu"),
    layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(X_train, y_train, epochs=20, batch_size=64, validation_data=(X_val, y_val), shuffle=True)
