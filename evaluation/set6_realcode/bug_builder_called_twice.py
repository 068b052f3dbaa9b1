# A model builder called twice (a baseline and a run with another optimizer): both models end
# in softmax and both are compiled with a loss told it receives logits.
import keras
from keras import layers


def build_classifier(num_classes=10):
    inputs = keras.Input(shape=(28, 28, 1))
    x = layers.Conv2D(32, 3, activation="relu")(inputs)
    x = layers.MaxPooling2D()(x)
    x = layers.Flatten()(x)
    x = layers.Dense(128, activation="relu")(x)
    outputs = layers.Dense(num_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs)


baseline = build_classifier()
tuned = build_classifier()
loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
baseline.compile(optimizer="adam", loss=loss_fn, metrics=["accuracy"])  # expect: KL201
tuned.compile(optimizer=keras.optimizers.SGD(0.01, momentum=0.9), loss=loss_fn)  # expect: KL201
