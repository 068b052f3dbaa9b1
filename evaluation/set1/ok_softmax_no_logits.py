"""Fashion-MNIST MLP (keras 3). Softmax output, loss explicitly NOT from logits."""
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(1234)

(x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
x_train = x_train.reshape(-1, 28 * 28).astype("float32") / 255.0
x_test = x_test.reshape(-1, 28 * 28).astype("float32") / 255.0
y_train = y_train.astype("int64")
y_test = y_test.astype("int64")

model = keras.Sequential(
    [
        keras.Input(shape=(784,)),
        layers.Dense(256, activation="relu", kernel_initializer="he_normal"),
        layers.Dropout(0.3),
        layers.Dense(128, activation="relu", kernel_initializer=keras.initializers.HeUniform()),
        layers.Dense(10, activation="softmax"),
    ]
)

model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=1e-3),
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=False),
    metrics=[keras.metrics.SparseCategoricalAccuracy(name="acc")],
)

callbacks = [keras.callbacks.EarlyStopping(monitor="val_acc", patience=3, restore_best_weights=True)]
model.fit(x_train, y_train, batch_size=128, epochs=30, validation_split=0.1, callbacks=callbacks)
test_loss, test_acc = model.evaluate(x_test, y_test, verbose=0)
print(f"test acc: {test_acc:.4f}")
np.save("fmnist_probs.npy", model.predict(x_test[:100]))
