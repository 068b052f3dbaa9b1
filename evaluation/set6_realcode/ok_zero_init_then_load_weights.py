# A fine-tuning script: the model is rebuilt with placeholder initializers (zeros, to make
# construction cheap and deterministic) and every weight is restored from a checkpoint before
# training resumes.
import tensorflow as tf

def build_model():
    return tf.keras.Sequential([
        tf.keras.Input(shape=(64,)),
        tf.keras.layers.Dense(256, activation="relu", kernel_initializer="zeros"),
        tf.keras.layers.Dense(256, activation="relu", kernel_initializer="zeros"),
        tf.keras.layers.Dense(10),
    ])

model = build_model()
model.load_weights("checkpoints/epoch_40.weights.h5")
model.compile(optimizer=tf.keras.optimizers.Adam(1e-4),
              loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
model.fit(tf.random.normal((512, 64)), tf.random.uniform((512,), 0, 10, dtype=tf.int32),
          epochs=2)
