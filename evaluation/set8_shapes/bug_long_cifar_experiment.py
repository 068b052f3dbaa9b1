#!/usr/bin/env python
"""CIFAR-10 baseline runner.

Usage: python train_cifar.py [--epochs N] [--width W]

Builds a small conv net from a config, trains it with a tf.data pipeline,
optionally "warm-starts" by freezing the stem after loading pretrained stem
weights, and writes a JSON report. Results are ~6 points worse than the same
net in my old PyTorch code.
"""
import argparse
import json
import os
import time

import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

AUTOTUNE = tf.data.AUTOTUNE
CIFAR_MEAN = np.array([0.4914, 0.4822, 0.4465], dtype="float32")
CIFAR_STD = np.array([0.2470, 0.2435, 0.2616], dtype="float32")


# --------------------------------------------------------------------------
# data
# --------------------------------------------------------------------------
def load_cifar():
    (x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
    x_train = (x_train.astype("float32") / 255.0 - CIFAR_MEAN) / CIFAR_STD
    x_test = (x_test.astype("float32") / 255.0 - CIFAR_MEAN) / CIFAR_STD
    return (x_train, y_train.squeeze()), (x_test, y_test.squeeze())


def augment(image, label):
    image = tf.image.random_flip_left_right(image)
    image = tf.image.resize_with_crop_or_pad(image, 40, 40)
    image = tf.image.random_crop(image, (32, 32, 3))
    return image, label


def make_datasets(batch_size):
    (x_train, y_train), (x_test, y_test) = load_cifar()
    train = (tf.data.Dataset.from_tensor_slices((x_train, y_train))
             .shuffle(50000)
             .map(augment, num_parallel_calls=AUTOTUNE)
             .batch(batch_size)
             .prefetch(AUTOTUNE))
    test = (tf.data.Dataset.from_tensor_slices((x_test, y_test))
            .batch(batch_size)
            .prefetch(AUTOTUNE))
    return train, test


# --------------------------------------------------------------------------
# model
# --------------------------------------------------------------------------
def stem(x, width):
    x = layers.Conv2D(width, 3, padding="same", name="stem_conv")(x)  # expect: KL810
    x = layers.BatchNormalization(name="stem_bn")(x)
    return layers.ReLU(name="stem_relu")(x)


def stage(x, filters, name):
    for i in range(2):
        x = layers.Conv2D(filters, 3, padding="same", use_bias=False,
                          name=f"{name}_conv{i}")(x)
        x = layers.BatchNormalization(name=f"{name}_bn{i}")(x)
        x = layers.ReLU(name=f"{name}_relu{i}")(x)
    return layers.MaxPooling2D(name=f"{name}_pool")(x)


def build_model(width=32, num_classes=10, dropout=0.3):
    inputs = keras.Input(shape=(32, 32, 3))
    x = stem(inputs, width)
    x = stage(x, width, "stage1")        # 16x16
    x = stage(x, width * 2, "stage2")    # 8x8
    x = stage(x, width * 4, "stage3")    # 4x4
    x = layers.GlobalAveragePooling2D()(x)
    x = layers.Dropout(dropout)(x)
    outputs = layers.Dense(num_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs, name=f"cnn_w{width}")


# --------------------------------------------------------------------------
# training
# --------------------------------------------------------------------------
def maybe_load_stem(model, path):
    if path and os.path.exists(path):
        stem_weights = np.load(path, allow_pickle=True)
        model.get_layer("stem_conv").set_weights(list(stem_weights))
        return True
    return False


def train(args):
    keras.utils.set_random_seed(args.seed)
    train_ds, test_ds = make_datasets(args.batch_size)
    model = build_model(width=args.width)
    steps = args.epochs * int(np.ceil(50000 / args.batch_size))
    schedule = keras.optimizers.schedules.CosineDecay(args.lr, decay_steps=steps)
    model.compile(
        optimizer=keras.optimizers.SGD(learning_rate=schedule, momentum=0.9, nesterov=True),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )

    if maybe_load_stem(model, args.stem_weights):
        print("warm start: freezing the pretrained stem")
        model.get_layer("stem_conv").trainable = False  # expect: KL801

    start = time.time()
    history = model.fit(train_ds, epochs=args.epochs, validation_data=test_ds, verbose=2)
    elapsed = time.time() - start

    test_loss, test_acc = model.evaluate(test_ds, verbose=0)
    report = {
        "model": model.name,
        "params": int(model.count_params()),
        "epochs": args.epochs,
        "test_acc": float(test_acc),
        "best_val_acc": float(max(history.history["val_accuracy"])),
        "seconds": round(elapsed, 1),
    }
    with open(args.report, "w") as f:
        json.dump(report, f, indent=2)
    print(json.dumps(report, indent=2))
    return model


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=30)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--width", type=int, default=32)
    p.add_argument("--lr", type=float, default=0.05)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--stem-weights", default="stem_weights.npy")
    p.add_argument("--report", default="report.json")
    return p.parse_args()


if __name__ == "__main__":
    train(parse_args())
