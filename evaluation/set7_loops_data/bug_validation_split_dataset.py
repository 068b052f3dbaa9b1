import keras
from keras import layers

keras.utils.set_random_seed(99)

IMG_SIZE = (128, 128)
BATCH_SIZE = 32

# one folder per class: data/train/{defect,ok}
train_ds = keras.utils.image_dataset_from_directory(
    "data/train",
    labels="inferred",
    label_mode="binary",
    image_size=IMG_SIZE,
    batch_size=BATCH_SIZE,
    shuffle=True,
    seed=99,
)
train_ds = train_ds.prefetch(buffer_size=8)


def make_model():
    inputs = keras.Input(shape=IMG_SIZE + (3,))
    x = layers.Rescaling(1.0 / 255)(inputs)
    x = layers.Conv2D(32, 3, activation="relu")(x)
    x = layers.MaxPooling2D()(x)
    x = layers.Conv2D(64, 3, activation="relu")(x)
    x = layers.MaxPooling2D()(x)
    x = layers.Conv2D(128, 3, activation="relu")(x)
    x = layers.GlobalAveragePooling2D()(x)
    x = layers.Dropout(0.3)(x)
    outputs = layers.Dense(1, activation="sigmoid")(x)
    return keras.Model(inputs, outputs)


model = make_model()
model.compile(optimizer=keras.optimizers.Adam(3e-4), loss="binary_crossentropy", metrics=["accuracy"])

# hold out 20% for validation
history = model.fit(train_ds, epochs=25, validation_split=0.2)  # expect: KL305
model.save("defect_classifier.keras")
