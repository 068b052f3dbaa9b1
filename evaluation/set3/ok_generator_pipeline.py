"""Streaming input pipeline for a large audio corpus (no full in-memory arrays)."""
import glob

import numpy as np
import tensorflow as tf

SAMPLE_RATE = 16000
CLIP = SAMPLE_RATE  # 1 s clips
LABELS = ["yes", "no", "up", "down", "left", "right", "on", "off", "stop", "go"]

paths = sorted(glob.glob("speech_commands/*/*.wav"))
labels = [LABELS.index(p.split("/")[-2]) if p.split("/")[-2] in LABELS else 0 for p in paths]


def decode(path, label):
    audio, _ = tf.audio.decode_wav(tf.io.read_file(path), desired_channels=1)
    audio = tf.squeeze(audio, -1)[:CLIP]
    audio = tf.pad(audio, [[0, CLIP - tf.shape(audio)[0]]])
    spec = tf.abs(tf.signal.stft(audio, frame_length=255, frame_step=128))
    return spec[..., tf.newaxis], label


files_ds = tf.data.Dataset.from_tensor_slices((paths, labels))
train_ds = (files_ds.shuffle(len(paths)).map(decode, num_parallel_calls=tf.data.AUTOTUNE)
            .batch(64).prefetch(tf.data.AUTOTUNE))


def noise_gen():
    rng = np.random.default_rng(0)
    while True:
        yield rng.normal(0.0, 0.01, size=(124, 129, 1)).astype(np.float32), 0


noise_ds = tf.data.Dataset.from_generator(
    noise_gen,
    output_signature=(tf.TensorSpec((124, 129, 1), tf.float32), tf.TensorSpec((), tf.int32)),
).take(2000).batch(64)

model = tf.keras.Sequential([
    tf.keras.Input(shape=(124, 129, 1)),
    tf.keras.layers.Resizing(32, 32),
    tf.keras.layers.Conv2D(32, 3, activation="relu"),
    tf.keras.layers.Conv2D(64, 3, activation="relu"),
    tf.keras.layers.MaxPooling2D(),
    tf.keras.layers.Dropout(0.25),
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dense(128, activation="relu"),
    tf.keras.layers.Dense(len(LABELS)),
])
model.compile(optimizer="adam",
              loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=["accuracy"])
model.fit(train_ds.concatenate(noise_ds), epochs=10)
