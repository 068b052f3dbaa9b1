# Answer: use he_normal for ReLU layers (or a small stddev), keep the bias constant small
import tensorflow as tf
from tensorflow.keras import layers, initializers

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.cifar10.load_data()
x_train = x_train.astype('float32') / 255.0
x_test = x_test.astype('float32') / 255.0

model = tf.keras.Sequential([
    layers.Conv2D(32, 3, padding='same', activation='relu', input_shape=(32, 32, 3),
                  kernel_initializer='he_normal',
                  bias_initializer=initializers.Constant(0.1)),
    layers.MaxPooling2D(),
    layers.Conv2D(64, 3, padding='same', activation='relu',
                  kernel_initializer=initializers.HeUniform()),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(128, activation='relu',
                 kernel_initializer=initializers.RandomNormal(mean=0.0, stddev=0.02)),
    layers.Dense(64, activation='tanh', kernel_initializer=initializers.GlorotUniform()),
    layers.Dense(10, activation='softmax',
                 kernel_initializer=initializers.TruncatedNormal(stddev=0.01)),
])

model.compile(optimizer='adam',
              loss='sparse_categorical_crossentropy',
              metrics=['accuracy'])
model.fit(x_train, y_train, epochs=10, batch_size=64, validation_data=(x_test, y_test))
