# Conv stem + MLP head with explicit, fan-in-sized initializers
import tensorflow as tf
from tensorflow.keras import layers as kl
from tensorflow.keras import initializers as ki

d_model = 256
num_classes = 100


def stem(x):
    x = kl.Conv2D(64, 3, padding="same", activation="relu", kernel_initializer="he_normal")(x)
    x = kl.Conv2D(64, 3, padding="same", activation="relu",
                  kernel_initializer=ki.VarianceScaling(scale=2.0, mode="fan_in"))(x)
    return kl.MaxPooling2D()(x)


inputs = tf.keras.Input(shape=(64, 64, 3))
x = kl.Rescaling(1.0 / 255)(inputs)
x = stem(x)
x = kl.GlobalAveragePooling2D()(x)
x = kl.Dense(d_model, activation="gelu", kernel_initializer=ki.TruncatedNormal(stddev=0.1))(x)
x = kl.Dense(d_model, activation="relu", kernel_initializer=ki.RandomNormal(mean=0.0, stddev=0.08))(x)
x = kl.Dense(d_model, activation="tanh", kernel_initializer=ki.RandomUniform(minval=-0.1, maxval=0.1))(x)
x = kl.Dense(d_model, activation="sigmoid", kernel_initializer=ki.GlorotUniform())(x)
outputs = kl.Dense(num_classes, activation="softmax", kernel_initializer="glorot_normal")(x)
model = tf.keras.Model(inputs, outputs)
model.compile(optimizer=tf.keras.optimizers.Adam(3e-4),
              loss="sparse_categorical_crossentropy", metrics=["accuracy"])

train_ds = tf.keras.utils.image_dataset_from_directory("tiny-imagenet/train", image_size=(64, 64),
                                                       batch_size=128)
model.fit(train_ds.prefetch(tf.data.AUTOTUNE), epochs=30)
