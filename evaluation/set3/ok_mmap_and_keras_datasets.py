# Training on a memory-mapped feature file + keras.datasets through tf.data
import numpy as np
import tensorflow as tf

# Precomputed embeddings (tens of GB on disk): memory-map instead of loading
feats = np.load("/data/embeddings/train_feats.npy", mmap_mode="r")
targets = np.load("/data/embeddings/train_targets.npy", mmap_mode="r")

head = tf.keras.Sequential([
    tf.keras.Input(shape=(feats.shape[1],)),
    tf.keras.layers.Dense(512, activation="relu"),
    tf.keras.layers.Dropout(0.1),
    tf.keras.layers.Dense(1000),
])
head.compile(optimizer=tf.keras.optimizers.Adam(1e-3),
             loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
             metrics=["accuracy"])
head.fit(feats, targets, batch_size=1024, epochs=5, shuffle="batch")

# CIFAR-100 from keras.datasets is small enough for from_tensor_slices
(x_tr, y_tr), (x_te, y_te) = tf.keras.datasets.cifar100.load_data()


def scale(x, y):
    return tf.cast(x, tf.float32) / 255.0, y


train = (tf.data.Dataset.from_tensor_slices((x_tr, y_tr)).shuffle(10000)
         .map(scale, num_parallel_calls=tf.data.AUTOTUNE).batch(128).prefetch(tf.data.AUTOTUNE))
test = tf.data.Dataset.from_tensor_slices((x_te, y_te)).map(scale).batch(256)

cnn = tf.keras.Sequential([
    tf.keras.Input(shape=(32, 32, 3)),
    tf.keras.layers.Conv2D(64, 3, padding="same", activation="relu"),
    tf.keras.layers.MaxPooling2D(),
    tf.keras.layers.Conv2D(128, 3, padding="same", activation="relu"),
    tf.keras.layers.GlobalAveragePooling2D(),
    tf.keras.layers.Dense(100, activation="softmax"),
])
cnn.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
cnn.fit(train, validation_data=test, epochs=10)
