"""Linear probe on precomputed CLIP image embeddings."""
import numpy as np
import keras
from keras import layers

EMB_DIM = 768
N_CLASSES = 1000


def probe(emb_dim=EMB_DIM, n_classes=N_CLASSES, l2=1e-4):
    inputs = keras.Input(shape=(emb_dim,))
    x = layers.LayerNormalization()(inputs)
    outputs = layers.Dense(n_classes, activation="softmax",
                           kernel_regularizer=keras.regularizers.L2(l2))(x)
    return keras.Model(inputs, outputs)


def main():
    keras.utils.set_random_seed(1)
    train_x = np.load("imagenet_train_clip_l14.npy")
    train_y = np.load("imagenet_train_labels.npy")
    model = probe()
    model.compile(optimizer=keras.optimizers.AdamW(learning_rate=1e-3, weight_decay=1e-4),
                  loss="sparse_categorical_crossentropy",
                  metrics=["accuracy", keras.metrics.SparseTopKCategoricalAccuracy(5)])
    model.fit(train_x, train_y, batch_size=2048, epochs=10, shuffle=True)  # not expected since issue 7: np.load of a size the code does not state (was KL301)
    preds = model.predict(np.load("imagenet_val_clip_l14.npy"), batch_size=4096)  # not expected since issue 7: np.load of a size the code does not state (was KL301)
    np.save("val_probe_probs.npy", preds)


if __name__ == "__main__":
    main()
