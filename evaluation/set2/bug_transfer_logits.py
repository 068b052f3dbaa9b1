"""Fine-grained bird classifier on top of EfficientNetB0 (200 species)."""
import os
import numpy as np
from PIL import Image
import keras
from keras import layers

keras.utils.set_random_seed(2)
IMG = 224
N_CLASSES = 200
N_TRAIN = 30000
ROOT = "birds/train"


def load_all(root):
    classes = sorted(os.listdir(root))
    images = np.zeros((N_TRAIN, IMG, IMG, 3), dtype="float32")
    labels = np.zeros((N_TRAIN,), dtype="int32")
    i = 0
    for cls_id, cls in enumerate(classes):
        for fname in os.listdir(os.path.join(root, cls)):
            if i == N_TRAIN:
                break
            img = Image.open(os.path.join(root, cls, fname)).convert("RGB").resize((IMG, IMG))
            images[i] = np.asarray(img, dtype="float32")
            labels[i] = cls_id
            i += 1
    order = np.random.permutation(N_TRAIN)
    return images[order], labels[order]


images, labels = load_all(ROOT)
labels_1h = keras.utils.to_categorical(labels, N_CLASSES)

base = keras.applications.EfficientNetB0(include_top=False, weights="imagenet",
                                         input_shape=(IMG, IMG, 3))
base.trainable = False

inputs = keras.Input(shape=(IMG, IMG, 3))
x = base(inputs, training=False)
x = layers.GlobalAveragePooling2D()(x)
x = layers.Dropout(0.3)(x)
outputs = layers.Dense(N_CLASSES)(x)
model = keras.Model(inputs, outputs)

model.compile(optimizer=keras.optimizers.Adam(1e-3),  # expect: KL202
              loss="categorical_crossentropy",
              metrics=["accuracy"])
model.fit(images, labels_1h, batch_size=32, epochs=10, validation_split=0.1)  # expect: KL301
model.save("birds_effnet.keras")
