# Answer: slice the list of file paths, not the decoded images, and load them in map()
import glob
import tensorflow as tf

paths = sorted(glob.glob('images/*.jpg'))
targets = [float(p.split('_')[-1][:-4]) for p in paths]


def load(path, target):
    img = tf.io.read_file(path)
    img = tf.image.decode_jpeg(img, channels=3)
    img = tf.image.resize(img, (299, 299)) / 255.0
    return img, target


ds = tf.data.Dataset.from_tensor_slices((paths, targets))
ds = ds.shuffle(len(paths)).map(load, num_parallel_calls=tf.data.AUTOTUNE)
ds = ds.batch(32).prefetch(tf.data.AUTOTUNE)

base = tf.keras.applications.InceptionV3(include_top=False, weights='imagenet', pooling='avg')
base.trainable = False
model = tf.keras.Sequential([base, tf.keras.layers.Dense(1)])
model.compile(optimizer=tf.keras.optimizers.Adam(1e-4), loss='mse', metrics=['mae'])
model.fit(ds, epochs=5)
