# Memory error when training on a .npy file of preprocessed spectrograms
import numpy as np
import tensorflow as tf

X_train = np.load('data/X_train.npy')
y_train = np.load('data/y_train.npy')
X_test = np.load('data/X_test.npy')

print(X_train.shape, y_train.shape)

model = tf.keras.Sequential([
    tf.keras.layers.Conv2D(16, 3, activation='relu', input_shape=(128, 431, 1)),
    tf.keras.layers.MaxPooling2D(),
    tf.keras.layers.Conv2D(32, 3, activation='relu'),
    tf.keras.layers.GlobalAveragePooling2D(),
    tf.keras.layers.Dense(64, activation='relu'),
    tf.keras.layers.Dense(1, activation='sigmoid'),
])

model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])

model.fit(X_train, y_train, epochs=20, batch_size=16, validation_split=0.1)  # not expected since issue 7: np.load of a size the code does not state (was KL301)

preds = model.predict(X_test)  # not expected since issue 7: np.load of a size the code does not state (was KL301)
np.save('preds.npy', preds)
