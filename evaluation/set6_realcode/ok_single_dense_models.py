# Single-layer models whose only kernel starts at a constant: a linear regression fitted to a
# line, and a nested model of one Dense layer in a migration demo. No hidden layer: nothing to
# grow through, no units to keep apart.
import numpy as np
import tensorflow as tf

x = np.linspace(-1, 1, 200).reshape(-1, 1).astype("float32")
y = 3 * x + 2 + np.random.normal(scale=0.1, size=x.shape).astype("float32")

linear = tf.keras.Sequential([
    tf.keras.Input(shape=(1,)),
    tf.keras.layers.Dense(1, kernel_initializer="ones"),
])
linear.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss="mse")
linear.fit(x, y, epochs=20, verbose=0)

inp = tf.keras.Input(shape=(5, 5))
dense = tf.keras.layers.Dense(10, name="dense", kernel_regularizer="l2",
                              kernel_initializer=tf.compat.v1.ones_initializer())
nested = tf.keras.Model(inputs=inp, outputs=dense(inp))
nested(tf.ones((1, 5, 5)))
