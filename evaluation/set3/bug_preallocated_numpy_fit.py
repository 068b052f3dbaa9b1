# Kaggle: Dogs vs. Cats Redux -- loading everything into memory
# (kernel dies with "Your notebook tried to allocate more memory than is available")

# In[1]:
import os
import cv2
import numpy as np
from keras.models import Sequential
from keras.layers import Conv2D, MaxPooling2D, Flatten, Dense, Dropout

TRAIN_DIR = '../input/train/'
IMG_SIZE = 150
NUM_IMAGES = 25000

# In[2]:
train_files = sorted(os.listdir(TRAIN_DIR))[:NUM_IMAGES]
X = np.zeros((NUM_IMAGES, IMG_SIZE, IMG_SIZE, 3))
y = np.zeros((NUM_IMAGES,))
for i, fname in enumerate(train_files):
    img = cv2.imread(os.path.join(TRAIN_DIR, fname))
    X[i] = cv2.resize(img, (IMG_SIZE, IMG_SIZE)) / 255.0
    y[i] = 1.0 if fname.startswith('dog') else 0.0

# In[3]:
model = Sequential([
    Conv2D(32, (3, 3), activation='relu', input_shape=(IMG_SIZE, IMG_SIZE, 3)),
    MaxPooling2D(2, 2),
    Conv2D(64, (3, 3), activation='relu'),
    MaxPooling2D(2, 2),
    Conv2D(128, (3, 3), activation='relu'),
    MaxPooling2D(2, 2),
    Flatten(),
    Dense(512, activation='relu'),
    Dropout(0.5),
    Dense(1, activation='sigmoid'),
])
model.compile(loss='binary_crossentropy', optimizer='rmsprop', metrics=['accuracy'])

# In[4]:
model.fit(X, y, batch_size=64, epochs=10, validation_split=0.2, shuffle=True)  # expect: KL301
