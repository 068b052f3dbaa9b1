"""Fine-tuning EfficientNetB0 on Stanford Dogs-style folders (Keras example pattern).

EfficientNet models in keras.applications include their own Rescaling/Normalization
layers and expect float pixels in [0, 255], so no preprocess_input / division is applied.
"""
import tensorflow as tf
import keras
from keras import layers
from keras.applications import EfficientNetB0

keras.utils.set_random_seed(2)

IMG_SIZE = 224
BATCH_SIZE = 64

train_ds, val_ds = keras.utils.image_dataset_from_directory(
    "dogs/train",
    validation_split=0.2,
    subset="both",
    seed=2,
    image_size=(IMG_SIZE, IMG_SIZE),
    batch_size=BATCH_SIZE,
    label_mode="categorical",
)
NUM_CLASSES = len(train_ds.class_names)
train_ds = train_ds.prefetch(tf.data.AUTOTUNE)
val_ds = val_ds.prefetch(tf.data.AUTOTUNE)

img_augmentation = keras.Sequential(
    [
        layers.RandomRotation(factor=0.15),
        layers.RandomTranslation(height_factor=0.1, width_factor=0.1),
        layers.RandomFlip(),
        layers.RandomContrast(factor=0.1),
    ],
    name="img_augmentation",
)


def build_model(num_classes):
    inputs = layers.Input(shape=(IMG_SIZE, IMG_SIZE, 3))
    x = img_augmentation(inputs)
    base = EfficientNetB0(include_top=False, weights="imagenet", input_shape=(IMG_SIZE, IMG_SIZE, 3))
    base.trainable = False
    x = base(x, training=False)

    x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
    x = layers.BatchNormalization()(x)
    x = layers.Dropout(0.2, name="top_dropout")(x)
    outputs = layers.Dense(num_classes, activation="softmax", name="pred")(x)

    model = keras.Model(inputs, outputs, name="EfficientNet")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-2),
                  loss="categorical_crossentropy", metrics=["accuracy"])
    return model


model = build_model(num_classes=NUM_CLASSES)
model.fit(train_ds, epochs=10, validation_data=val_ds)
