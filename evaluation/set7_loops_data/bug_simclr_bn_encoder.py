"""Semi-supervised image classification with SimCLR-style contrastive pretraining.

Port of the Keras example to CIFAR-10 (5k labeled, 45k unlabeled images) with a
BatchNorm encoder. The contrastive accuracy stalls and the linear probe is poor.
"""
import tensorflow as tf
import keras
from keras import layers

keras.utils.set_random_seed(26)

AUTOTUNE = tf.data.AUTOTUNE
IMAGE_SIZE = 32
IMAGE_CHANNELS = 3
NUM_EPOCHS = 20
WIDTH = 128
TEMPERATURE = 0.1
LABELED_COUNT = 5000
UNLABELED_BATCH = 450
LABELED_BATCH = 50


def prepare_datasets():
    (x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
    x_labeled, y_labeled = x_train[:LABELED_COUNT], y_train[:LABELED_COUNT]
    x_unlabeled = x_train[LABELED_COUNT:]
    unlabeled = (
        tf.data.Dataset.from_tensor_slices((x_unlabeled, tf.fill([len(x_unlabeled), 1], -1)))
        .shuffle(10 * UNLABELED_BATCH)
        .batch(UNLABELED_BATCH, drop_remainder=True)
    )
    labeled = (
        tf.data.Dataset.from_tensor_slices((x_labeled, y_labeled))
        .shuffle(10 * LABELED_BATCH)
        .repeat()
        .batch(LABELED_BATCH, drop_remainder=True)
    )
    test = (
        tf.data.Dataset.from_tensor_slices((x_test, y_test))
        .batch(LABELED_BATCH + UNLABELED_BATCH)
        .prefetch(AUTOTUNE)
    )
    train = tf.data.Dataset.zip((unlabeled, labeled)).prefetch(AUTOTUNE)
    return train, test


def get_augmenter(min_area, brightness):
    zoom_factor = 1.0 - (min_area ** 0.5)
    return keras.Sequential(
        [
            layers.Rescaling(1 / 255),
            layers.RandomFlip("horizontal"),
            layers.RandomTranslation(zoom_factor / 2, zoom_factor / 2),
            layers.RandomZoom((-zoom_factor, 0.0), (-zoom_factor, 0.0)),
            layers.RandomBrightness(brightness, value_range=(0.0, 1.0)),
        ]
    )


def get_encoder():
    return keras.Sequential(
        [
            keras.Input(shape=(IMAGE_SIZE, IMAGE_SIZE, IMAGE_CHANNELS)),
            layers.Conv2D(WIDTH, 3, strides=2, padding="same", use_bias=False),
            layers.BatchNormalization(),
            layers.ReLU(),
            layers.Conv2D(WIDTH, 3, strides=2, padding="same", use_bias=False),
            layers.BatchNormalization(),
            layers.ReLU(),
            layers.Conv2D(WIDTH, 3, strides=2, padding="same", use_bias=False),
            layers.BatchNormalization(),
            layers.ReLU(),
            layers.Flatten(),
            layers.Dense(WIDTH, activation="relu"),
        ],
        name="encoder",
    )


class ContrastiveModel(keras.Model):
    def __init__(self):
        super().__init__()
        self.temperature = TEMPERATURE
        self.contrastive_augmenter = get_augmenter(min_area=0.25, brightness=0.6)
        self.classification_augmenter = get_augmenter(min_area=0.75, brightness=0.3)
        self.encoder = get_encoder()
        self.projection_head = keras.Sequential(
            [
                keras.Input(shape=(WIDTH,)),
                layers.Dense(WIDTH, activation="relu"),
                layers.Dense(WIDTH),
            ],
            name="projection_head",
        )
        self.linear_probe = keras.Sequential(
            [keras.Input(shape=(WIDTH,)), layers.Dense(10)], name="linear_probe"
        )

    def compile(self, contrastive_optimizer, probe_optimizer, **kwargs):
        super().compile(**kwargs)
        self.contrastive_optimizer = contrastive_optimizer
        self.probe_optimizer = probe_optimizer
        self.probe_loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
        self.contrastive_loss_tracker = keras.metrics.Mean(name="c_loss")
        self.contrastive_accuracy = keras.metrics.SparseCategoricalAccuracy(name="c_acc")
        self.probe_loss_tracker = keras.metrics.Mean(name="p_loss")
        self.probe_accuracy = keras.metrics.SparseCategoricalAccuracy(name="p_acc")

    @property
    def metrics(self):
        return [
            self.contrastive_loss_tracker,
            self.contrastive_accuracy,
            self.probe_loss_tracker,
            self.probe_accuracy,
        ]

    def contrastive_loss(self, projections_1, projections_2):
        # InfoNCE loss (NT-Xent)
        projections_1 = tf.math.l2_normalize(projections_1, axis=1)
        projections_2 = tf.math.l2_normalize(projections_2, axis=1)
        similarities = tf.matmul(projections_1, projections_2, transpose_b=True) / self.temperature

        batch_size = tf.shape(projections_1)[0]
        contrastive_labels = tf.range(batch_size)
        self.contrastive_accuracy.update_state(contrastive_labels, similarities)
        self.contrastive_accuracy.update_state(contrastive_labels, tf.transpose(similarities))

        loss_1_2 = keras.losses.sparse_categorical_crossentropy(
            contrastive_labels, similarities, from_logits=True
        )
        loss_2_1 = keras.losses.sparse_categorical_crossentropy(
            contrastive_labels, tf.transpose(similarities), from_logits=True
        )
        return (loss_1_2 + loss_2_1) / 2

    def train_step(self, data):
        (unlabeled_images, _), (labeled_images, labels) = data
        images = tf.concat((unlabeled_images, labeled_images), axis=0)
        augmented_images_1 = self.contrastive_augmenter(images, training=True)
        augmented_images_2 = self.contrastive_augmenter(images, training=True)

        with tf.GradientTape() as tape:
            features_1 = self.encoder(augmented_images_1)  # expect: KL401
            features_2 = self.encoder(augmented_images_2)  # expect: KL401
            projections_1 = self.projection_head(features_1, training=True)
            projections_2 = self.projection_head(features_2, training=True)
            contrastive_loss = self.contrastive_loss(projections_1, projections_2)
        variables = self.encoder.trainable_weights + self.projection_head.trainable_weights
        gradients = tape.gradient(contrastive_loss, variables)
        self.contrastive_optimizer.apply_gradients(zip(gradients, variables))
        self.contrastive_loss_tracker.update_state(contrastive_loss)

        # linear probe on frozen features (gradients only for the probe)
        preprocessed_images = self.classification_augmenter(labeled_images, training=True)
        features = self.encoder(preprocessed_images, training=False)
        with tf.GradientTape() as tape:
            class_logits = self.linear_probe(features, training=True)
            probe_loss = self.probe_loss(labels, class_logits)
        gradients = tape.gradient(probe_loss, self.linear_probe.trainable_weights)
        self.probe_optimizer.apply_gradients(zip(gradients, self.linear_probe.trainable_weights))
        self.probe_loss_tracker.update_state(probe_loss)
        self.probe_accuracy.update_state(labels, class_logits)

        return {m.name: m.result() for m in self.metrics}

    def test_step(self, data):
        labeled_images, labels = data
        preprocessed_images = self.classification_augmenter(labeled_images, training=False)
        features = self.encoder(preprocessed_images, training=False)
        class_logits = self.linear_probe(features, training=False)
        probe_loss = self.probe_loss(labels, class_logits)
        self.probe_loss_tracker.update_state(probe_loss)
        self.probe_accuracy.update_state(labels, class_logits)
        return {m.name: m.result() for m in self.metrics[2:]}


train_dataset, test_dataset = prepare_datasets()
pretraining_model = ContrastiveModel()
pretraining_model.compile(
    contrastive_optimizer=keras.optimizers.Adam(),
    probe_optimizer=keras.optimizers.Adam(),
)
history = pretraining_model.fit(train_dataset, epochs=NUM_EPOCHS, validation_data=test_dataset)
print("max validation probe accuracy: {:.2f}%".format(max(history.history["val_p_acc"]) * 100))
