# Resume training / fine-tune a model restored from disk. Its output activation is
# not visible in this file, so nothing about logits vs probabilities can be inferred.
import sys
import numpy as np
import tensorflow as tf
from tensorflow import keras

model_path = sys.argv[1]
model = keras.models.load_model(model_path, compile=False)
model.summary()

(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
x_train = x_train.astype("float32") / 255.0
x_test = x_test.astype("float32") / 255.0

model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=1e-4),
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    metrics=["accuracy"],
)
model.fit(x_train, y_train, batch_size=64, epochs=3, validation_data=(x_test, y_test))

other = tf.keras.models.load_model("checkpoints/binary_head.h5")
other.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
scores = other.predict(x_test[:256])
print("mean score:", float(np.mean(scores)))
model.save(model_path.replace(".keras", "_finetuned.keras"))
