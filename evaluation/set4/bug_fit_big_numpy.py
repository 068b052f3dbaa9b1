# Keras ran out of memory with model.fit on numpy array (60k images, 224x224), process killed
import os
import numpy as np
import cv2
from tensorflow.keras.applications import MobileNetV2
from tensorflow.keras import layers, models

DATA_DIR = 'dataset/train'
classes = sorted(os.listdir(DATA_DIR))

# 60000 training images
X = np.zeros((60000, 224, 224, 3))
y = np.zeros((60000,), dtype='int32')

i = 0
for label, cls in enumerate(classes):
    for fname in os.listdir(os.path.join(DATA_DIR, cls)):
        img = cv2.imread(os.path.join(DATA_DIR, cls, fname))
        img = cv2.resize(img, (224, 224))
        X[i] = img / 255.0
        y[i] = label
        i += 1

base = MobileNetV2(input_shape=(224, 224, 3), include_top=False, weights='imagenet')
base.trainable = False

model = models.Sequential([
    base,
    layers.GlobalAveragePooling2D(),
    layers.Dense(len(classes), activation='softmax'),
])
model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])

model.fit(X, y, batch_size=32, epochs=10, validation_split=0.2, shuffle=True)  # expect: KL301
