"""Movie-poster genre tagging (multi-label, 20 genres) plus a 3-way age rating head."""
import tensorflow as tf
import keras
from keras import layers

GENRES = 20
RATINGS = ["G", "PG-13", "R"]
IMG = 160


def parse(record):
    feats = tf.io.parse_single_example(record, {
        "jpeg": tf.io.FixedLenFeature([], tf.string),
        "genres": tf.io.FixedLenFeature([GENRES], tf.float32),   # multi-hot
        "rating": tf.io.FixedLenFeature([], tf.int64),            # class id
    })
    img = tf.image.resize(tf.io.decode_jpeg(feats["jpeg"], channels=3), (IMG, IMG))
    img = keras.applications.resnet50.preprocess_input(img)
    return img, {"genres": feats["genres"], "rating": feats["rating"]}


def pipeline(pattern, training):
    files = tf.data.Dataset.list_files(pattern, shuffle=training)
    ds = files.interleave(tf.data.TFRecordDataset, num_parallel_calls=tf.data.AUTOTUNE)
    if training:
        ds = ds.shuffle(2048)
    ds = ds.map(parse, num_parallel_calls=tf.data.AUTOTUNE)
    return ds.batch(48).prefetch(tf.data.AUTOTUNE)


base = keras.applications.ResNet50(include_top=False, weights="imagenet",
                                   input_shape=(IMG, IMG, 3), pooling="avg")
base.trainable = False

inputs = keras.Input(shape=(IMG, IMG, 3))
feat = base(inputs, training=False)
feat = layers.Dropout(0.3)(feat)
genres = layers.Dense(GENRES, activation="sigmoid", name="genres")(feat)
rating = layers.Dense(len(RATINGS), activation="softmax", name="rating")(feat)
model = keras.Model(inputs, {"genres": genres, "rating": rating})

model.compile(
    optimizer=keras.optimizers.Adam(1e-3),
    loss={"genres": keras.losses.BinaryCrossentropy(),
          "rating": keras.losses.SparseCategoricalCrossentropy()},
    metrics={"genres": [keras.metrics.AUC(multi_label=True, num_labels=GENRES)],
             "rating": ["accuracy"]},
)
keras.utils.set_random_seed(20)
model.fit(pipeline("posters/train-*.tfrec", True),
          validation_data=pipeline("posters/val-*.tfrec", False), epochs=12)
