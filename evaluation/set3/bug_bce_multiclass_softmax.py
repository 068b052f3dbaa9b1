# GitHub issue: "binary_crossentropy reports 96% accuracy but predictions are wrong (5 classes)"
import numpy as np
import pandas as pd
import tensorflow.keras as K
from sklearn.preprocessing import LabelEncoder
from sklearn.feature_extraction.text import TfidfVectorizer

df = pd.read_csv("news_topics.csv")
vectorizer = TfidfVectorizer(max_features=5000)
X = vectorizer.fit_transform(df["text"]).toarray().astype("float32")

encoder = LabelEncoder()
y_int = encoder.fit_transform(df["topic"])
NUM_CLASSES = 5
y = K.utils.to_categorical(y_int, num_classes=NUM_CLASSES)

model = K.models.Sequential()
model.add(K.layers.Dense(512, activation="relu", input_shape=(5000,)))
model.add(K.layers.Dropout(0.5))
model.add(K.layers.Dense(NUM_CLASSES, activation="softmax"))

model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])  # expect: KL204
model.fit(X, y, epochs=5, batch_size=64, validation_split=0.1)
