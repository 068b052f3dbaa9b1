# Fashion-MNIST classifier whose last Dense layer has no activation, compiled with the
# string loss "sparse_categorical_crossentropy" (from_logits=False by default).
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

class_names = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
               "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
(train_images, train_labels), (test_images, test_labels) = keras.datasets.fashion_mnist.load_data()
train_images = train_images / 255.0
test_images = test_images / 255.0

model = keras.Sequential([
    layers.Flatten(input_shape=(28, 28)),
    layers.Dense(128, activation="relu"),
    layers.Dense(len(class_names)),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])  # expect: KL202
model.fit(train_images, train_labels, epochs=10)

test_loss, test_acc = model.evaluate(test_images, test_labels, verbose=2)
print("Test accuracy:", test_acc)
predictions = model.predict(test_images)
print(class_names[int(np.argmax(predictions[0]))])
