"""CRNN for captcha-like text images (after the Keras OCR example).

Conv features are reshaped into a sequence (one step per image column) before
the Dense + BiLSTM layers; the model is trained with a per-column classifier
here instead of CTC to keep the example short.
"""
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(99)

IMG_W, IMG_H = 128, 32
N_CHARS = 20                      # characters + blank
images = np.random.rand(1000, IMG_W, IMG_H, 1).astype("float32")
# one label per output column (IMG_W // 4 = 32 columns)
col_labels = np.random.randint(0, N_CHARS, size=(1000, IMG_W // 4))

inputs = keras.Input(shape=(IMG_W, IMG_H, 1), name="image")
x = layers.Conv2D(32, (3, 3), activation="relu", padding="same", name="conv1")(inputs)
x = layers.MaxPooling2D((2, 2), name="pool1")(x)                     # 64 x 16
x = layers.Conv2D(64, (3, 3), activation="relu", padding="same", name="conv2")(x)
x = layers.MaxPooling2D((2, 2), name="pool2")(x)                     # 32 x 8
new_shape = ((IMG_W // 4), (IMG_H // 4) * 64)
x = layers.Reshape(target_shape=new_shape, name="reshape")(x)        # (batch, 32, 512)
x = layers.Dense(64, activation="relu", name="dense1")(x)
x = layers.Dropout(0.2)(x)
x = layers.Bidirectional(layers.LSTM(128, return_sequences=True, dropout=0.25))(x)
x = layers.Bidirectional(layers.LSTM(64, return_sequences=True, dropout=0.25))(x)
outputs = layers.Dense(N_CHARS, activation="softmax", name="chars")(x)

model = keras.Model(inputs, outputs, name="ocr_crnn")
model.compile(optimizer=keras.optimizers.Adam(1e-3),
              loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(images, col_labels, epochs=5, batch_size=16, validation_split=0.1)
