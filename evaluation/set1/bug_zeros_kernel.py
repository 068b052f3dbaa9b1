# Q: "loss does not decrease at all, accuracy stays at the majority-class rate"
# I set every initializer to zeros so that runs are reproducible.
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from tensorflow import keras

df = pd.read_csv("diabetes.csv")
X = df.drop(columns=["Outcome"]).values
y = df["Outcome"].values

X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.2, random_state=1)
scaler = StandardScaler().fit(X_train)
X_train, X_val = scaler.transform(X_train), scaler.transform(X_val)

model = keras.models.Sequential([
    keras.layers.Dense(64, activation="relu", input_shape=(X.shape[1],),
                       kernel_initializer="zeros", bias_initializer="zeros"),  # expect: KL103
    keras.layers.Dense(32, activation="relu", kernel_initializer="zeros"),  # expect: KL103
    keras.layers.Dense(1, activation="sigmoid", kernel_initializer="zeros"),
])
model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X_train, y_train, epochs=200, batch_size=16, validation_data=(X_val, y_val), verbose=2)
print(model.evaluate(X_val, y_val))
