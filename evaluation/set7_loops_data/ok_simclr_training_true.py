"""SimCLR pretraining with a BatchNorm encoder in a tf.function loop, then a linear probe.

Every call inside the tape passes training=True; the NT-Xent loss is a user function of
two projection batches (symmetric, no y_true/y_pred order).
"""
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(26)

BATCH = 256
WIDTH = 128
TEMPERATURE = 0.2
EPOCHS = 20

(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
x_train = x_train.astype("float32") / 255.0
x_test = x_test.astype("float32") / 255.0

pretrain_ds = (tf.data.Dataset.from_tensor_slices(x_train)
               .shuffle(50000).batch(BATCH, drop_remainder=True).prefetch(tf.data.AUTOTUNE))

augmenter = keras.Sequential([
    layers.RandomFlip("horizontal"),
    layers.RandomTranslation(0.15, 0.15),
    layers.RandomZoom((-0.3, 0.0)),
    layers.RandomContrast(0.4),
], name="augmenter")

encoder = keras.Sequential([
    keras.Input(shape=(32, 32, 3)),
    layers.Conv2D(64, 3, strides=2, padding="same", use_bias=False),
    layers.BatchNormalization(),
    layers.ReLU(),
    layers.Conv2D(128, 3, strides=2, padding="same", use_bias=False),
    layers.BatchNormalization(),
    layers.ReLU(),
    layers.Conv2D(256, 3, strides=2, padding="same", use_bias=False),
    layers.BatchNormalization(),
    layers.ReLU(),
    layers.GlobalAveragePooling2D(),
], name="encoder")

projection_head = keras.Sequential([
    keras.Input(shape=(256,)),
    layers.Dense(WIDTH, activation="relu"),
    layers.Dense(WIDTH),
], name="projection_head")

optimizer = keras.optimizers.Adam(1e-3)
loss_tracker = keras.metrics.Mean()


def nt_xent(projections_1, projections_2, temperature=TEMPERATURE):
    p1 = tf.math.l2_normalize(projections_1, axis=1)
    p2 = tf.math.l2_normalize(projections_2, axis=1)
    similarities = tf.matmul(p1, p2, transpose_b=True) / temperature
    labels = tf.range(tf.shape(p1)[0])
    loss_12 = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=similarities)
    loss_21 = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=tf.transpose(similarities))
    return tf.reduce_mean(loss_12 + loss_21) / 2.0


@tf.function
def pretrain_step(images):
    view_1 = augmenter(images, training=True)
    view_2 = augmenter(images, training=True)
    with tf.GradientTape() as tape:
        z1 = projection_head(encoder(view_1, training=True), training=True)
        z2 = projection_head(encoder(view_2, training=True), training=True)
        loss = nt_xent(z1, z2)
    variables = encoder.trainable_variables + projection_head.trainable_variables
    grads = tape.gradient(loss, variables)
    optimizer.apply_gradients(zip(grads, variables))
    loss_tracker.update_state(loss)


for epoch in range(EPOCHS):
    loss_tracker.reset_state()
    for images in pretrain_ds:
        pretrain_step(images)
    print(f"epoch {epoch}: contrastive loss {loss_tracker.result():.4f}")

# linear probe on frozen features
train_features = encoder.predict(x_train, batch_size=512, verbose=0)
test_features = encoder.predict(x_test, batch_size=512, verbose=0)
probe = keras.Sequential([keras.Input(shape=(256,)), layers.Dense(10)])
probe.compile(optimizer=keras.optimizers.Adam(1e-3),
              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=["accuracy"])
probe.fit(train_features, y_train, batch_size=256, epochs=30, validation_data=(test_features, y_test))
print("probe accuracy:", probe.evaluate(test_features, y_test, verbose=0)[1])
