# Categorical focal loss for a 5-class imbalanced problem (tf_keras project, backend functions);
# predictions are clipped to [eps, 1 - eps] before the log.
import numpy as np
import tensorflow as tf
import tf_keras as keras
from tf_keras import backend as K
from tf_keras import layers

tf.random.set_seed(61)


def categorical_focal_loss(gamma=2.0, alpha=0.25):
    def focal_loss(y_true, y_pred):
        y_pred = K.clip(y_pred, K.epsilon(), 1.0 - K.epsilon())
        cross_entropy = -y_true * K.log(y_pred)
        weight = alpha * y_true * K.pow(1 - y_pred, gamma)
        return K.sum(weight * cross_entropy, axis=-1)
    return focal_loss


rng = np.random.default_rng(61)
n = 15000
X = rng.normal(size=(n, 32)).astype("float32")
scores = X[:, :5] + np.array([1.5, 0.0, -0.5, -1.0, -1.5], dtype="float32")
labels = np.argmax(scores + rng.normal(scale=0.7, size=(n, 5)), axis=1)
Y = keras.utils.to_categorical(labels, num_classes=5)

model = keras.Sequential([
    layers.Dense(128, activation="relu", input_shape=(32,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(5, activation="softmax"),
])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3),
              loss=categorical_focal_loss(gamma=2.0, alpha=0.25),
              metrics=["accuracy"])
model.fit(X, Y, epochs=25, batch_size=128, validation_split=0.2)
