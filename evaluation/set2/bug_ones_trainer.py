"""Class-based experiment runner for a credit-default model."""
import numpy as np
import keras


class Trainer:
    def __init__(self, n_features, hidden=(64, 32), lr=1e-3):
        self.n_features = n_features
        self.hidden = hidden
        self.lr = lr
        self.model = self._build()
        self.loss_fn = keras.losses.BinaryCrossentropy()
        self.optimizer = keras.optimizers.Adam(learning_rate=self.lr)

    def _build(self):
        inputs = keras.Input(shape=(self.n_features,))
        x = keras.layers.Dense(self.hidden[0], activation="relu",
                               kernel_initializer="ones")(inputs)  # expect: KL101, KL103
        for units in self.hidden[1:]:
            x = keras.layers.Dense(units, activation="relu")(x)
        outputs = keras.layers.Dense(1, activation="sigmoid")(x)
        return keras.Model(inputs, outputs, name="credit_default")

    def compile(self):
        self.model.compile(optimizer=self.optimizer, loss=self.loss_fn,
                           metrics=[keras.metrics.AUC()])

    def train(self, x, y, x_val, y_val, epochs=20):
        self.compile()
        return self.model.fit(x, y, validation_data=(x_val, y_val),
                              epochs=epochs, batch_size=128, verbose=2)


def load(path):
    arr = np.loadtxt(path, delimiter=",", skiprows=1, dtype="float32")
    x, y = arr[:, :-1], arr[:, -1]
    x = (x - x.mean(axis=0)) / (x.std(axis=0) + 1e-7)
    return x, y


if __name__ == "__main__":
    keras.utils.set_random_seed(99)
    x_tr, y_tr = load("default_train.csv")
    x_va, y_va = load("default_valid.csv")
    trainer = Trainer(x_tr.shape[1])
    history = trainer.train(x_tr, y_tr, x_va, y_va)
    print(max(history.history["val_auc"]))
