# Transfer learning with a zero-initialised classification head, as in Big Transfer
# (BiT) fine-tuning: the head is the output layer, so zero init is harmless; it emits
# logits and the loss uses from_logits=True. The frozen base is called with training=False.
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

NUM_CLASSES = 5
IMG = 224

train_ds = keras.utils.image_dataset_from_directory("flower_photos", validation_split=0.2, subset="training",
                                                     seed=123, image_size=(IMG, IMG), batch_size=32)
val_ds = keras.utils.image_dataset_from_directory("flower_photos", validation_split=0.2, subset="validation",
                                                   seed=123, image_size=(IMG, IMG), batch_size=32)
train_ds = train_ds.prefetch(tf.data.AUTOTUNE)
val_ds = val_ds.prefetch(tf.data.AUTOTUNE)

base = keras.applications.ResNet50V2(include_top=False, weights="imagenet", input_shape=(IMG, IMG, 3))
base.trainable = False

inputs = keras.Input(shape=(IMG, IMG, 3))
x = keras.applications.resnet_v2.preprocess_input(inputs)
x = base(x, training=False)
x = layers.GlobalAveragePooling2D()(x)
outputs = layers.Dense(NUM_CLASSES, kernel_initializer="zeros", bias_initializer="zeros", name="head")(x)
model = keras.Model(inputs, outputs)

model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.003, momentum=0.9),
              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=["accuracy"])
model.fit(train_ds, validation_data=val_ds, epochs=10)

reg_head = keras.Sequential([
    keras.Input(shape=(2048,)),
    layers.Dense(1, kernel_initializer=keras.initializers.Zeros()),
])
reg_head.compile(optimizer="adam", loss="mse")
