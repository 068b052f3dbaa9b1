"""Flower classifier as a subclassed model around a ResNet50 backbone."""
import numpy as np
import keras
from keras import layers
from keras.applications import resnet50

keras.utils.set_random_seed(7)

NUM_CLASSES = 5
IMG = 128


class FlowerNet(keras.Model):
    def __init__(self, num_classes, **kwargs):
        super().__init__(**kwargs)
        self.backbone = resnet50.ResNet50(include_top=False, weights="imagenet",
                                          input_shape=(IMG, IMG, 3))
        self.backbone.trainable = False
        self.pool = layers.GlobalAveragePooling2D()
        self.drop = layers.Dropout(0.3)
        self.classifier = layers.Dense(num_classes, activation="softmax")

    def call(self, images, training=False):
        x = resnet50.preprocess_input(images)
        x = self.backbone(x)  # expect: KL805
        x = self.pool(x)
        x = self.drop(x, training=training)
        return self.classifier(x)


x_train = np.random.uniform(0, 255, size=(200, IMG, IMG, 3)).astype("float32")
y_train = np.random.randint(0, NUM_CLASSES, size=(200,))

model = FlowerNet(NUM_CLASSES)
model.compile(optimizer=keras.optimizers.Adam(1e-3),
              loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=5, batch_size=16)

# fine-tune the last stage of the backbone
model.backbone.trainable = True
for layer in model.backbone.layers[:-30]:
    layer.trainable = False
model.compile(optimizer=keras.optimizers.Adam(1e-5),
              loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=5, batch_size=16)
