"""Reproduction code for "Revisiting small CNNs on CIFAR-10" (Sec. 4.2).

Usage: python train_cifar.py --depth 3 --width 64 --epochs 60
"""
import argparse
import json

import tensorflow as tf
from tensorflow.keras import layers, initializers, regularizers


# ---- models/convnet.py (inlined) -------------------------------------------
def conv_block(x, filters, cfg):
    x = layers.Conv2D(filters, 3, padding="same", activation="relu",
                      kernel_initializer=initializers.TruncatedNormal(stddev=1.0),  # expect: KL102
                      kernel_regularizer=regularizers.l2(cfg.wd))(x)
    x = layers.BatchNormalization()(x)
    return x


def get_model(cfg, num_classes=10):
    inp = layers.Input(shape=(32, 32, 3))
    x = inp
    for stage in range(cfg.depth):
        x = conv_block(x, cfg.width * 2 ** stage, cfg)
        x = conv_block(x, cfg.width * 2 ** stage, cfg)
        x = layers.MaxPooling2D()(x)
    x = layers.GlobalAveragePooling2D()(x)
    out = layers.Dense(num_classes)(x)
    return tf.keras.Model(inp, out)


# ---- data/cifar.py (inlined) ------------------------------------------------
def get_data(batch_size):
    (xtr, ytr), (xte, yte) = tf.keras.datasets.cifar10.load_data()
    ytr = tf.keras.utils.to_categorical(ytr, 10)
    yte = tf.keras.utils.to_categorical(yte, 10)

    def prep(x, y):
        return tf.cast(x, tf.float32) / 255.0, y

    train = (tf.data.Dataset.from_tensor_slices((xtr, ytr)).shuffle(50000)
             .map(prep, num_parallel_calls=tf.data.AUTOTUNE).batch(batch_size).prefetch(2))
    test = tf.data.Dataset.from_tensor_slices((xte, yte)).map(prep).batch(batch_size)
    return train, test


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--depth", type=int, default=3)
    ap.add_argument("--width", type=int, default=64)
    ap.add_argument("--wd", type=float, default=5e-4)
    ap.add_argument("--epochs", type=int, default=60)
    ap.add_argument("--batch-size", type=int, default=128)
    cfg = ap.parse_args()
    tf.keras.utils.set_random_seed(0)

    train, test = get_data(cfg.batch_size)
    model = get_model(cfg)
    model.compile(optimizer=tf.keras.optimizers.SGD(0.05, momentum=0.9),  # expect: KL202
                  loss="categorical_crossentropy", metrics=["accuracy"])
    hist = model.fit(train, validation_data=test, epochs=cfg.epochs)
    with open("history.json", "w") as f:
        json.dump(hist.history, f)


if __name__ == "__main__":
    main()
