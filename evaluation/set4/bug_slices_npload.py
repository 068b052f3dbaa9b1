# from_tensor_slices: Cannot create a tensor proto whose content is larger than 2GB
import numpy as np
import tensorflow as tf

features = np.load('features.npy')
labels = np.load('labels.npy')

dataset = tf.data.Dataset.from_tensor_slices((features, labels))  # not expected since issue 7: np.load of a size the code does not state (was KL302)
dataset = dataset.shuffle(1000).batch(64).prefetch(tf.data.AUTOTUNE)

model = tf.keras.Sequential([
    tf.keras.layers.Dense(256, activation='relu', input_shape=(2048,)),
    tf.keras.layers.Dropout(0.5),
    tf.keras.layers.Dense(100, activation='softmax'),
])
model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
model.fit(dataset, epochs=10)
