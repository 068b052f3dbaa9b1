"""Face attribute model: smile probability, age regression and 5-way hair colour."""
import tensorflow as tf
import keras
from keras import layers

keras.utils.set_random_seed(77)
IMG = 128


def backbone(inputs):
    x = layers.Rescaling(1.0 / 255)(inputs)
    for filters in (32, 64, 128, 256):
        x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
        x = layers.MaxPooling2D()(x)
    return layers.GlobalAveragePooling2D()(x)


inputs = keras.Input(shape=(IMG, IMG, 3))
features = backbone(inputs)
features = layers.Dropout(0.25)(features)
smile = layers.Dense(1, activation="sigmoid", name="smile")(features)
age = layers.Dense(1, name="age")(layers.Dense(64, activation="relu")(features))
hair = layers.Dense(5, activation="softmax", name="hair")(features)
model = keras.Model(inputs, [smile, age, hair])

model.compile(  # expect: KL204
    optimizer=keras.optimizers.Adam(5e-4),
    loss=["categorical_crossentropy", "mae", "categorical_crossentropy"],
    loss_weights=[1.0, 0.05, 1.0],
)


def parse(example):
    spec = {
        "image": tf.io.FixedLenFeature([], tf.string),
        "smile": tf.io.FixedLenFeature([], tf.float32),
        "age": tf.io.FixedLenFeature([], tf.float32),
        "hair": tf.io.FixedLenFeature([5], tf.float32),
    }
    ex = tf.io.parse_single_example(example, spec)
    img = tf.image.resize(tf.io.decode_jpeg(ex["image"], channels=3), (IMG, IMG))
    return img, (ex["smile"], ex["age"], ex["hair"])


files = tf.io.gfile.glob("faces/train-*.tfrecord")
ds = (tf.data.TFRecordDataset(files, num_parallel_reads=tf.data.AUTOTUNE)
      .shuffle(5000)
      .map(parse, num_parallel_calls=tf.data.AUTOTUNE)
      .batch(64)
      .prefetch(tf.data.AUTOTUNE))
model.fit(ds, epochs=20)
