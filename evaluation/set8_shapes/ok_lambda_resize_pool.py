"""Multi-scale feature fusion: a coarse branch is upsampled back before pooling.

Shapes (input 32x32):
  coarse: 32 -> pool 8 -> 4x4 -> Lambda resize -> 16x16 -> MaxPool 8 -> 2x2
  upsampled: 4x4 -> UpSampling2D(4) -> 16x16 -> MaxPool 8 -> 2x2
  padded: 4x4 -> ZeroPadding2D(2) -> 8x8 -> MaxPool 4 -> 2x2
No pooling window is larger than the map it receives.
"""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(4)

x = np.random.rand(1000, 32, 32, 3).astype("float32")
y = np.random.randint(0, 10, size=(1000,))

inputs = keras.Input(shape=(32, 32, 3))
base = layers.Conv2D(32, 3, padding="same", activation="relu")(inputs)      # 32x32
coarse = layers.MaxPooling2D(pool_size=8)(base)                              # 4x4
coarse = layers.Conv2D(64, 3, padding="same", activation="relu")(coarse)    # 4x4

resized = layers.Lambda(lambda t: tf.image.resize(t, (16, 16)), name="resize16")(coarse)
branch_a = layers.MaxPooling2D(pool_size=8)(resized)                         # 2x2

up = layers.UpSampling2D(size=4)(coarse)                                     # 16x16
branch_b = layers.MaxPooling2D(pool_size=8)(up)                              # 2x2

padded = layers.ZeroPadding2D(padding=2)(coarse)                             # 8x8
branch_c = layers.MaxPooling2D(pool_size=4)(padded)                          # 2x2

merged = layers.Concatenate()([branch_a, branch_b, branch_c])                # 2x2x192
merged = layers.GlobalAveragePooling2D()(merged)
outputs = layers.Dense(10, activation="softmax")(merged)
model = keras.Model(inputs, outputs)

model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=5, batch_size=32)
