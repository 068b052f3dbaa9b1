"""House listing model: price regression, sold-within-30-days logit, property type."""
import numpy as np
import pandas as pd
import keras
from keras import layers

NUMERIC = ["sqft", "bedrooms", "bathrooms", "lot_size", "year_built", "lat", "lon"]
TYPES = ["house", "condo", "townhouse", "multi_family"]


def numeric_branch(x):
    x = layers.Dense(64, activation="relu")(x)
    return layers.Dense(32, activation="relu")(x)


def text_branch(tokens, vocab=15000):
    x = layers.Embedding(vocab, 48,
                         embeddings_initializer=keras.initializers.RandomNormal(stddev=1.0))(tokens)
    return layers.GlobalAveragePooling1D()(x)


def build(n_numeric):
    num_in = keras.Input(shape=(n_numeric,), name="numeric")
    txt_in = keras.Input(shape=(64,), dtype="int32", name="description")
    h = layers.Concatenate()([numeric_branch(num_in), text_branch(txt_in)])
    h = layers.Dense(128, activation="relu")(h)
    h = layers.Dropout(0.2)(h)
    price = layers.Dense(1, name="log_price")(h)
    sold = layers.Dense(1, name="sold_fast")(h)
    ptype = layers.Dense(len(TYPES), activation="softmax", name="ptype")(h)
    return keras.Model({"numeric": num_in, "description": txt_in},
                       {"log_price": price, "sold_fast": sold, "ptype": ptype})


if __name__ == "__main__":
    keras.utils.set_random_seed(3)
    df = pd.read_parquet("listings.parquet").sample(frac=1.0, random_state=3)
    num = df[NUMERIC].to_numpy("float32")
    num = (num - num.mean(0)) / num.std(0)
    tokens = np.stack(df["tokens"].to_numpy()).astype("int32")
    targets = {
        "log_price": np.log(df["price"].to_numpy("float32")),
        "sold_fast": (df["days_on_market"] <= 30).to_numpy("float32"),
        "ptype": df["ptype"].map(TYPES.index).to_numpy("int32"),
    }
    model = build(len(NUMERIC))
    model.compile(
        optimizer=keras.optimizers.Adam(5e-4),
        loss={
            "log_price": "mse",
            "sold_fast": keras.losses.BinaryCrossentropy(from_logits=True),
            "ptype": "sparse_categorical_crossentropy",
        },
        loss_weights={"log_price": 1.0, "sold_fast": 0.3, "ptype": 0.3},
        metrics={"log_price": ["mae"], "sold_fast": [keras.metrics.AUC(from_logits=True)],
                 "ptype": ["accuracy"]},
    )
    model.fit({"numeric": num, "description": tokens}, targets,
              validation_split=0.15, epochs=25, batch_size=256)
