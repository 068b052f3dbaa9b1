"""Production-style training script: EfficientNet fine-tuning under MirroredStrategy."""
import argparse
import os

import tensorflow as tf

AUTOTUNE = tf.data.AUTOTUNE


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--train-dir", default="/data/plants/train")
    p.add_argument("--val-dir", default="/data/plants/val")
    p.add_argument("--img-size", type=int, default=224)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--epochs", type=int, default=15)
    p.add_argument("--out", default="artifacts")
    return p.parse_args()


def load(dir_, args, shuffle):
    ds = tf.keras.utils.image_dataset_from_directory(
        dir_, image_size=(args.img_size, args.img_size), batch_size=args.batch_size,
        shuffle=shuffle, seed=1337)
    return ds, ds.class_names


def build(num_classes, img_size):
    augment = tf.keras.Sequential([
        tf.keras.layers.RandomFlip("horizontal"),
        tf.keras.layers.RandomRotation(0.1),
    ])
    base = tf.keras.applications.EfficientNetB0(include_top=False, weights="imagenet",
                                                input_shape=(img_size, img_size, 3))
    base.trainable = False
    inp = tf.keras.Input(shape=(img_size, img_size, 3))
    x = augment(inp)
    x = base(x, training=False)
    x = tf.keras.layers.GlobalAveragePooling2D()(x)
    x = tf.keras.layers.Dropout(0.3)(x)
    out = tf.keras.layers.Dense(num_classes, activation="softmax")(x)
    return tf.keras.Model(inp, out)


def main():
    args = parse_args()
    tf.keras.utils.set_random_seed(1337)
    train_ds, class_names = load(args.train_dir, args, shuffle=True)
    val_ds, _ = load(args.val_dir, args, shuffle=False)
    train_ds, val_ds = train_ds.prefetch(AUTOTUNE), val_ds.prefetch(AUTOTUNE)

    strategy = tf.distribute.MirroredStrategy()
    with strategy.scope():
        model = build(len(class_names), args.img_size)
        model.compile(
            optimizer=tf.keras.optimizers.Adam(learning_rate=1e-3),
            loss=tf.keras.losses.SparseCategoricalCrossentropy(),
            metrics=["accuracy"],
        )

    os.makedirs(args.out, exist_ok=True)
    callbacks = [
        tf.keras.callbacks.ModelCheckpoint(os.path.join(args.out, "best.keras"),
                                           monitor="val_accuracy", save_best_only=True),
        tf.keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True),
        tf.keras.callbacks.CSVLogger(os.path.join(args.out, "log.csv")),
    ]
    model.fit(train_ds, validation_data=val_ds, epochs=args.epochs, callbacks=callbacks)
    model.save(os.path.join(args.out, "final.keras"))


if __name__ == "__main__":
    main()
