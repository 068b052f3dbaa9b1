# Blog: "Understanding weight initialization in Keras" -- experiment 3
# We try a 'positive' initializer so that ReLUs never die...
import matplotlib.pyplot as plt
import tensorflow as tf
from tensorflow.keras import initializers
from tensorflow.keras.layers import Dense, Flatten, Input
from tensorflow.keras.models import Model

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()
x_train, x_test = x_train / 255.0, x_test / 255.0

positive_init = initializers.RandomNormal(mean=1.0, stddev=0.05, seed=7)


def mlp(init, depth=4, width=256):
    inp = Input(shape=(28, 28))
    x = Flatten()(inp)
    for _ in range(depth):
        x = Dense(width, activation="relu",
                  kernel_initializer=init)(x)  # expect: KL101
    out = Dense(10, activation="softmax")(x)
    return Model(inp, out)


model = mlp(positive_init)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
hist = model.fit(x_train, y_train, epochs=5, batch_size=128, validation_data=(x_test, y_test))

plt.plot(hist.history["loss"], label="mean=1.0 init")
plt.legend()
plt.title("Training loss")
plt.savefig("init_experiment_3.png")
