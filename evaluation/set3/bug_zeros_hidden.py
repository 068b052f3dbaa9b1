# Stack Overflow: "All neurons in my hidden layer learn exactly the same weights"
import pandas as pd
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense
from tensorflow.keras.utils import to_categorical
from sklearn.preprocessing import StandardScaler, LabelEncoder

data = pd.read_csv("wine.csv")
X = StandardScaler().fit_transform(data.drop("quality_class", axis=1))
y = to_categorical(LabelEncoder().fit_transform(data["quality_class"]))

model = Sequential([
    Dense(64, activation="relu", input_shape=(X.shape[1],), kernel_initializer="zeros"),  # expect: KL103
    Dense(y.shape[1], activation="softmax"),
])
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(X, y, epochs=100, batch_size=16, validation_split=0.2)

for layer in model.layers:
    w, b = layer.get_weights()
    print(layer.name, w[:, :4])
