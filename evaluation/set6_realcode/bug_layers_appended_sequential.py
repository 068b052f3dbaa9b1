# A configurable MLP: the layer list is built with append/extend from a width list and then
# handed to Sequential. The hidden layers start at zero (all units identical) and the softmax
# output is fed to a loss told it gets logits.
import tensorflow as tf

widths = [256, 128]
layers = [tf.keras.Input(shape=(64,))]
for width in widths:
    layers.append(tf.keras.layers.Dense(width, activation="relu",
                                        kernel_initializer="zeros"))  # expect: KL103
    layers.append(tf.keras.layers.Dropout(0.2))
layers.extend([tf.keras.layers.Dense(10, activation="softmax")])
model = tf.keras.Sequential(layers)

model.compile(optimizer="adam",  # expect: KL201
              loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=["accuracy"])
