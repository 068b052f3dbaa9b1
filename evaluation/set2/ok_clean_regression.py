"""House-price regression (Boston housing) with k-fold cross-validation."""
import json

import numpy as np
import keras
from keras import layers

SEED = 42
K_FOLDS = 4
EPOCHS = 150
BATCH_SIZE = 16


def load():
    (x_train, y_train), (x_test, y_test) = keras.datasets.boston_housing.load_data(seed=SEED)
    return (x_train.astype("float32"), y_train.astype("float32"),
            x_test.astype("float32"), y_test.astype("float32"))


def build_model(train_features, hidden=(64, 64), l2=1e-3):
    norm = layers.Normalization(axis=-1)
    norm.adapt(train_features)
    inputs = keras.Input(shape=(train_features.shape[1],))
    x = norm(inputs)
    for units in hidden:
        x = layers.Dense(
            units,
            activation="relu",
            kernel_initializer=keras.initializers.HeNormal(seed=SEED),
            kernel_regularizer=keras.regularizers.L2(l2),
        )(x)
    outputs = layers.Dense(1, name="price")(x)
    model = keras.Model(inputs, outputs)
    model.compile(
        optimizer=keras.optimizers.RMSprop(learning_rate=1e-3),
        loss=keras.losses.Huber(delta=2.0),
        metrics=[keras.metrics.MeanAbsoluteError(name="mae"),
                 keras.metrics.RootMeanSquaredError(name="rmse")],
    )
    return model


def cross_validate(x, y):
    fold_size = len(x) // K_FOLDS
    scores = []
    for fold in range(K_FOLDS):
        keras.backend.clear_session()
        val_slice = slice(fold * fold_size, (fold + 1) * fold_size)
        x_val, y_val = x[val_slice], y[val_slice]
        x_tr = np.concatenate([x[:fold * fold_size], x[(fold + 1) * fold_size:]])
        y_tr = np.concatenate([y[:fold * fold_size], y[(fold + 1) * fold_size:]])
        model = build_model(x_tr)
        model.fit(
            x_tr, y_tr,
            validation_data=(x_val, y_val),
            epochs=EPOCHS,
            batch_size=BATCH_SIZE,
            verbose=0,
            callbacks=[keras.callbacks.EarlyStopping(monitor="val_mae", patience=15,
                                                     restore_best_weights=True)],
        )
        _, mae, rmse = model.evaluate(x_val, y_val, verbose=0)
        print(f"fold {fold}: mae={mae:.2f} rmse={rmse:.2f}")
        scores.append(mae)
    return float(np.mean(scores)), float(np.std(scores))


def main():
    keras.utils.set_random_seed(SEED)
    x_train, y_train, x_test, y_test = load()
    order = np.random.default_rng(SEED).permutation(len(x_train))
    x_train, y_train = x_train[order], y_train[order]

    cv_mean, cv_std = cross_validate(x_train, y_train)
    print(f"cross-validated MAE: {cv_mean:.2f} +/- {cv_std:.2f} (k$)")

    keras.backend.clear_session()
    final = build_model(x_train)
    final.fit(x_train, y_train, epochs=80, batch_size=BATCH_SIZE, verbose=0)
    test_loss, test_mae, test_rmse = final.evaluate(x_test, y_test, verbose=0)
    preds = final.predict(x_test, verbose=0).ravel()
    report = {
        "cv_mae": cv_mean,
        "test_mae": float(test_mae),
        "test_rmse": float(test_rmse),
        "first_predictions": [round(float(p), 1) for p in preds[:5]],
    }
    print(json.dumps(report, indent=2))
    final.save("boston_regressor.keras")


if __name__ == "__main__":
    main()
