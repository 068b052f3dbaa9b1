# ============================================================
# Plant seedlings -- EfficientNetB0 transfer learning (Kaggle notebook export)
# ============================================================
import os
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers
from tensorflow.keras.applications import EfficientNetB0
from tensorflow.keras.applications.efficientnet import preprocess_input

# ---------------- config ----------------
CFG = dict(
    seed=42,
    img_size=224,
    batch_size=32,
    head_epochs=8,
    ft_epochs=12,
    head_lr=1e-3,
    ft_lr=1e-5,
    unfreeze_last=40,
)
CLASSES = ["Black-grass", "Charlock", "Cleavers", "Common Chickweed",
           "Common wheat", "Fat Hen", "Loose Silky-bent", "Maize",
           "Scentless Mayweed", "Shepherds Purse", "Small-flowered Cranesbill",
           "Sugar beet"]
NUM_CLASSES = len(CLASSES)

keras.utils.set_random_seed(CFG["seed"])


# ---------------- data ----------------
def load_arrays(n):
    # the notebook reads the images with cv2 and resizes them to 224x224;
    # random pixels here so the script runs anywhere
    x = np.random.randint(0, 256, size=(n, CFG["img_size"], CFG["img_size"], 3)).astype("uint8")
    y = np.random.randint(0, NUM_CLASSES, size=(n,))
    return x, y


def make_dataset(x, y, training):
    ds = tf.data.Dataset.from_tensor_slices((x, y))
    if training:
        ds = ds.shuffle(len(x), seed=CFG["seed"])
    ds = ds.map(lambda img, lab: (tf.cast(img, tf.float32), lab),
                num_parallel_calls=tf.data.AUTOTUNE)
    ds = ds.batch(CFG["batch_size"])
    return ds.prefetch(tf.data.AUTOTUNE)


x_tr, y_tr = load_arrays(480)
x_va, y_va = load_arrays(96)
train_ds = make_dataset(x_tr, y_tr, training=True)
val_ds = make_dataset(x_va, y_va, training=False)


# ---------------- model ----------------
augmentation = keras.Sequential(
    [
        layers.RandomRotation(0.15),
        layers.RandomFlip(),
        layers.RandomContrast(0.1),
    ],
    name="img_augmentation",
)


def build_model(backbone):
    inputs = layers.Input(shape=(CFG["img_size"], CFG["img_size"], 3))
    x = augmentation(inputs)
    x = preprocess_input(x)
    x = backbone(x)  # expect: KL805
    x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
    x = layers.BatchNormalization()(x)
    x = layers.Dropout(0.2, name="top_dropout")(x)
    outputs = layers.Dense(NUM_CLASSES, activation="softmax", name="pred")(x)
    return keras.Model(inputs, outputs, name="EfficientNet")


backbone = EfficientNetB0(include_top=False, weights="imagenet",
                          input_shape=(CFG["img_size"], CFG["img_size"], 3))
backbone.trainable = False
model = build_model(backbone)


def compile_model(lr):
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=lr),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )


# ---------------- phase 1: head only ----------------
compile_model(CFG["head_lr"])
hist1 = model.fit(train_ds, epochs=CFG["head_epochs"], validation_data=val_ds)


# ---------------- phase 2: fine-tune top blocks ----------------
def unfreeze_top(m, n_layers):
    m.trainable = True
    for layer in m.layers[:-n_layers]:
        layer.trainable = False


unfreeze_top(backbone, CFG["unfreeze_last"])
compile_model(CFG["ft_lr"])
ckpt = keras.callbacks.ModelCheckpoint("effnet_best.keras", monitor="val_accuracy",
                                       save_best_only=True)
hist2 = model.fit(train_ds, epochs=CFG["head_epochs"] + CFG["ft_epochs"],
                  initial_epoch=hist1.epoch[-1] + 1,
                  validation_data=val_ds, callbacks=[ckpt])

# ---------------- report ----------------
val_loss, val_acc = model.evaluate(val_ds, verbose=0)
print(f"val_acc={val_acc:.4f}")
print("best epoch:", int(np.argmax(hist2.history["val_accuracy"])) + hist1.epoch[-1] + 1)
