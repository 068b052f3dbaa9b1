# REINFORCE (vanilla policy gradient) on a small multi-armed contextual bandit, written with
# tf.GradientTape. Training is fine at first, then the policy collapses and gradients go nan.
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

tf.random.set_seed(4)
np.random.seed(4)

N_CONTEXT = 8
N_ARMS = 5
BATCH = 64
STEPS = 3000

true_weights = np.random.normal(size=(N_CONTEXT, N_ARMS)).astype("float32")

policy = keras.Sequential([
    keras.Input(shape=(N_CONTEXT,)),
    layers.Dense(64, activation="tanh"),
    layers.Dense(N_ARMS),  # logits
])
optimizer = keras.optimizers.Adam(learning_rate=3e-3)
avg_reward = keras.metrics.Mean()


def sample_contexts(n):
    return np.random.normal(size=(n, N_CONTEXT)).astype("float32")


def pull(contexts, arms):
    means = contexts @ true_weights
    return (means[np.arange(len(arms)), arms] + np.random.normal(scale=0.1, size=len(arms))).astype("float32")


@tf.function
def update(contexts, actions, advantages):
    with tf.GradientTape() as tape:
        logits = policy(contexts, training=True)
        log_probs = tf.math.log(tf.nn.softmax(logits))  # expect: KL208
        chosen = tf.reduce_sum(log_probs * tf.one_hot(actions, N_ARMS), axis=1)
        loss = -tf.reduce_mean(chosen * advantages)
    grads = tape.gradient(loss, policy.trainable_variables)
    optimizer.apply_gradients(zip(grads, policy.trainable_variables))


baseline = 0.0
for step in range(STEPS):
    contexts = sample_contexts(BATCH)
    logits = policy(contexts, training=False)
    actions = tf.random.categorical(logits, 1)[:, 0].numpy()
    rewards = pull(contexts, actions)
    baseline = 0.95 * baseline + 0.05 * float(rewards.mean())
    update(tf.constant(contexts), tf.constant(actions), tf.constant(rewards - baseline))
    avg_reward.update_state(rewards)
    if step % 500 == 0:
        print(f"step {step}: avg reward {float(avg_reward.result()):.3f}")
        avg_reward.reset_state()
