# Answer: don't load the whole .npy into RAM; memory-map it and feed batches with a Sequence
import math
import numpy as np
import tensorflow as tf


class NpySequence(tf.keras.utils.Sequence):
    def __init__(self, x_path, y_path, batch_size=16):
        super().__init__()
        self.x = np.load(x_path, mmap_mode='r')
        self.y = np.load(y_path, mmap_mode='r')
        self.batch_size = batch_size

    def __len__(self):
        return math.ceil(len(self.x) / self.batch_size)

    def __getitem__(self, idx):
        sl = slice(idx * self.batch_size, (idx + 1) * self.batch_size)
        return np.asarray(self.x[sl], dtype='float32'), np.asarray(self.y[sl], dtype='float32')


train_seq = NpySequence('data/X_train.npy', 'data/y_train.npy')
val_seq = NpySequence('data/X_val.npy', 'data/y_val.npy')

model = tf.keras.Sequential([
    tf.keras.layers.Conv2D(16, 3, activation='relu', input_shape=(128, 431, 1)),
    tf.keras.layers.MaxPooling2D(),
    tf.keras.layers.Conv2D(32, 3, activation='relu'),
    tf.keras.layers.GlobalAveragePooling2D(),
    tf.keras.layers.Dense(64, activation='relu'),
    tf.keras.layers.Dense(1, activation='sigmoid'),
])

model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
model.fit(train_seq, validation_data=val_seq, epochs=20)
