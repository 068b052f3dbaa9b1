# 10-fold cross-validation of a small regression network (Boston housing, Deep Learning with
# Python style), rewritten with sklearn's KFold.
import numpy as np
from sklearn.model_selection import KFold
import keras
from keras import layers

keras.utils.set_random_seed(10)

(train_data, train_targets), (test_data, test_targets) = keras.datasets.boston_housing.load_data()
mean = train_data.mean(axis=0)
std = train_data.std(axis=0)
train_data = (train_data - mean) / std
test_data = (test_data - mean) / std

kf = KFold(n_splits=10, shuffle=True, random_state=10)
num_epochs = 100
all_mae_histories = []

for fold, (train_idx, val_idx) in enumerate(kf.split(train_data)):
    print(f"Processing fold #{fold}")
    model = keras.Sequential([  # expect: KL902
        keras.Input(shape=(train_data.shape[1],)),
        layers.Dense(64, activation="relu"),
        layers.Dense(64, activation="relu"),
        layers.Dense(1),
    ])
    model.compile(optimizer="rmsprop", loss="mse", metrics=["mae"])
    history = model.fit(train_data[train_idx], train_targets[train_idx],
                        validation_data=(train_data[val_idx], train_targets[val_idx]),
                        epochs=num_epochs, batch_size=16, verbose=0)
    all_mae_histories.append(history.history["val_mae"])

average_mae_history = [np.mean([x[i] for x in all_mae_histories]) for i in range(num_epochs)]
best_epoch = int(np.argmin(average_mae_history)) + 1
print("best epoch:", best_epoch, "val MAE:", average_mae_history[best_epoch - 1])
