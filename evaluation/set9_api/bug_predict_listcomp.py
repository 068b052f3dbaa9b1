# Loan-default scoring helper used by a Flask endpoint that receives up to 5,000 applicants per
# request; the endpoint times out.
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(27)

FEATURES = ["income", "debt_ratio", "age", "open_lines", "late_30_59", "late_60_89",
            "late_90", "dependents", "utilization", "real_estate_loans"]


def train_model(X, y):
    model = keras.Sequential([
        keras.Input(shape=(len(FEATURES),)),
        layers.Dense(32, activation="relu"),
        layers.Dense(16, activation="relu"),
        layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    model.fit(X, y, epochs=10, batch_size=64, validation_split=0.2, verbose=0)
    return model


def score_applicants(model, X_new, threshold=0.5):
    scores = [float(model.predict(row.reshape(1, -1), verbose=0)[0, 0]) for row in X_new]  # expect: KL901
    return [{"score": s, "approve": s < threshold} for s in scores]


if __name__ == "__main__":
    rng = np.random.default_rng(27)
    X = rng.normal(size=(10000, len(FEATURES))).astype("float32")
    y = (X[:, 1] + X[:, 6] - 0.5 * X[:, 0] + rng.normal(scale=0.5, size=10000) > 1.0).astype("float32")
    model = train_model(X, y)
    decisions = score_applicants(model, rng.normal(size=(5000, len(FEATURES))).astype("float32"))
    print(sum(d["approve"] for d in decisions), "approved")
