"""Deep Q-learning on a small corridor environment (pure Python, no gym needed).

The target network's Q-values are computed outside the tape on purpose: only the online
network is differentiated.
"""
import collections
import random

import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

SEED = 0
random.seed(SEED)
np.random.seed(SEED)
tf.random.set_seed(SEED)


class Corridor:
    """Agent starts in the middle of a corridor; reward 1 at the right end."""

    def __init__(self, length=12, max_steps=50):
        self.length = length
        self.max_steps = max_steps

    def reset(self):
        self.pos = self.length // 2
        self.t = 0
        return self._obs()

    def _obs(self):
        obs = np.zeros(self.length, dtype=np.float32)
        obs[self.pos] = 1.0
        return obs

    def step(self, action):
        self.t += 1
        self.pos = max(0, min(self.length - 1, self.pos + (1 if action == 1 else -1)))
        done = self.pos in (0, self.length - 1) or self.t >= self.max_steps
        reward = 1.0 if self.pos == self.length - 1 else -0.01
        return self._obs(), reward, done


def build_q_network(n_obs, n_actions):
    return keras.Sequential([
        keras.Input(shape=(n_obs,)),
        layers.Dense(64, activation="relu"),
        layers.Dense(64, activation="relu"),
        layers.Dense(n_actions),
    ])


env = Corridor()
n_obs, n_actions = env.length, 2
model = build_q_network(n_obs, n_actions)
model_target = build_q_network(n_obs, n_actions)
model_target.set_weights(model.get_weights())

optimizer = keras.optimizers.Adam(learning_rate=1e-3)
huber = keras.losses.Huber()
gamma = 0.99
batch_size = 32
replay = collections.deque(maxlen=10000)


@tf.function
def train_step(states, actions, rewards, next_states, dones):
    future_rewards = model_target(next_states, training=False)
    updated_q = rewards + gamma * tf.reduce_max(future_rewards, axis=1) * (1.0 - dones)
    masks = tf.one_hot(actions, n_actions)
    with tf.GradientTape() as tape:
        q_values = model(states, training=True)
        q_action = tf.reduce_sum(q_values * masks, axis=1)
        loss = huber(updated_q, q_action)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss


epsilon = 1.0
step_count = 0
episode_returns = []
for episode in range(300):
    state = env.reset()
    done = False
    total = 0.0
    while not done:
        if random.random() < epsilon:
            action = random.randrange(n_actions)
        else:
            q = model(state[None, :], training=False)
            action = int(tf.argmax(q[0]))
        next_state, reward, done = env.step(action)
        replay.append((state, action, reward, next_state, float(done)))
        state = next_state
        total += reward
        step_count += 1

        if len(replay) >= batch_size:
            batch = random.sample(replay, batch_size)
            s, a, r, s2, d = map(np.array, zip(*batch))
            train_step(s.astype(np.float32), a.astype(np.int32), r.astype(np.float32),
                       s2.astype(np.float32), d.astype(np.float32))
        if step_count % 200 == 0:
            model_target.set_weights(model.get_weights())
    epsilon = max(0.05, epsilon * 0.98)
    episode_returns.append(total)
    if episode % 50 == 0:
        print(f"episode {episode}: mean return (last 50) {np.mean(episode_returns[-50:]):.3f}")
