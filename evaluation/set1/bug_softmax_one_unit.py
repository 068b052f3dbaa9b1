# Cats vs dogs: val_accuracy is exactly 0.5000 every epoch and loss is 7.6.
import tensorflow as tf
from tensorflow.keras.preprocessing.image import ImageDataGenerator
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Conv2D, MaxPooling2D, Flatten, Dense, Dropout

IMG = 150
train_gen = ImageDataGenerator(rescale=1.0 / 255, horizontal_flip=True, zoom_range=0.2)
val_gen = ImageDataGenerator(rescale=1.0 / 255)

train_flow = train_gen.flow_from_directory("data/train", target_size=(IMG, IMG),
                                           batch_size=32, class_mode="binary")
val_flow = val_gen.flow_from_directory("data/validation", target_size=(IMG, IMG),
                                       batch_size=32, class_mode="binary")

model = Sequential()
model.add(Conv2D(32, (3, 3), activation="relu", input_shape=(IMG, IMG, 3)))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Conv2D(64, (3, 3), activation="relu"))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Conv2D(128, (3, 3), activation="relu"))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Flatten())
model.add(Dense(128, activation="relu"))
model.add(Dropout(0.5))
model.add(Dense(1, activation="softmax"))

model.compile(loss="binary_crossentropy", optimizer="rmsprop", metrics=["accuracy"])  # expect: KL203

model.fit(train_flow, epochs=30, validation_data=val_flow)
model.save("cats_dogs.h5")
