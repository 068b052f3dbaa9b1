# "A detailed example of how to use data generators with Keras", adapted to our 3-D patches.
# Training was moved to model.fit(generator) for TF 2.16, the rest of the script was not.
import numpy as np
import tensorflow as tf
import keras
from keras import layers

keras.utils.set_random_seed(1337)

DIM = (16, 16, 16)
N_CHANNELS = 1
N_CLASSES = 10


def make_store(ids, rng):
    """Stand-in for the directory of `data/<ID>.npy` files."""
    return {i: rng.random(DIM + (N_CHANNELS,), dtype=np.float32) for i in ids}


class DataGenerator(keras.utils.Sequence):
    'Generates data for Keras'

    def __init__(self, list_IDs, labels, store, batch_size=32, dim=DIM, n_channels=N_CHANNELS,
                 n_classes=N_CLASSES, shuffle=True, **kwargs):
        'Initialization'
        super().__init__(**kwargs)
        self.dim = dim
        self.batch_size = batch_size
        self.labels = labels
        self.list_IDs = list_IDs
        self.store = store
        self.n_channels = n_channels
        self.n_classes = n_classes
        self.shuffle = shuffle
        self.on_epoch_end()

    def __len__(self):
        'Denotes the number of batches per epoch'
        return int(np.floor(len(self.list_IDs) / self.batch_size))

    def __getitem__(self, index):
        'Generate one batch of data'
        indexes = self.indexes[index * self.batch_size:(index + 1) * self.batch_size]
        list_IDs_temp = [self.list_IDs[k] for k in indexes]
        X, y = self.__data_generation(list_IDs_temp)
        return X, y

    def on_epoch_end(self):
        'Updates indexes after each epoch'
        self.indexes = np.arange(len(self.list_IDs))
        if self.shuffle:
            np.random.shuffle(self.indexes)

    def __data_generation(self, list_IDs_temp):
        'Generates data containing batch_size samples'
        X = np.empty((self.batch_size, *self.dim, self.n_channels), dtype=np.float32)
        y = np.empty((self.batch_size,), dtype=int)
        for i, ID in enumerate(list_IDs_temp):
            X[i, ] = self.store[ID]
            y[i] = self.labels[ID]
        return X, keras.utils.to_categorical(y, num_classes=self.n_classes)


rng = np.random.default_rng(0)
all_ids = [f"id-{k}" for k in range(1200)]
labels = {i: int(rng.integers(N_CLASSES)) for i in all_ids}
store = make_store(all_ids, rng)
partition = {
    "train": all_ids[:900],
    "validation": all_ids[900:1050],
    "test": all_ids[1050:],
}

params = {"dim": DIM, "batch_size": 32, "n_classes": N_CLASSES, "n_channels": N_CHANNELS}
training_generator = DataGenerator(partition["train"], labels, store, shuffle=True, **params)
validation_generator = DataGenerator(partition["validation"], labels, store, shuffle=False, **params)
test_generator = DataGenerator(partition["test"], labels, store, shuffle=False, **params)

model = keras.Sequential([
    keras.Input(shape=DIM + (N_CHANNELS,)),
    layers.Conv3D(16, 3, activation="relu", padding="same"),
    layers.MaxPooling3D(2),
    layers.Conv3D(32, 3, activation="relu", padding="same"),
    layers.GlobalAveragePooling3D(),
    layers.Dense(64, activation="relu"),
    layers.Dense(N_CLASSES, activation="softmax"),
])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3),
              loss="categorical_crossentropy",
              metrics=["accuracy"])

model.fit(training_generator, validation_data=validation_generator, epochs=5)

val_loss, val_acc = model.evaluate_generator(validation_generator, steps=len(validation_generator))  # expect: KL502
print(f"validation: loss={val_loss:.4f} acc={val_acc:.4f}")

probs = model.predict_generator(test_generator)  # expect: KL502
pred_labels = probs.argmax(axis=1)
true_labels = np.array([labels[i] for i in partition["test"][:len(pred_labels)]])
print("test accuracy:", float((pred_labels == true_labels).mean()))
