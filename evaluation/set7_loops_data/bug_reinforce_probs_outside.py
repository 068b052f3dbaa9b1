# REINFORCE on CartPole. "WARNING: Gradients do not exist for variables ..." and the
# running reward never improves from ~20.
import gymnasium as gym
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

tf.random.set_seed(0)
np.random.seed(0)

env = gym.make("CartPole-v1")
num_inputs = env.observation_space.shape[0]
num_actions = env.action_space.n
gamma = 0.99
max_episodes = 1000
eps = np.finfo(np.float32).eps.item()

policy = keras.Sequential([
    keras.Input(shape=(num_inputs,)),
    layers.Dense(128, activation="relu"),
    layers.Dense(num_actions),
])
optimizer = keras.optimizers.Adam(learning_rate=1e-2)


def discounted_returns(rewards):
    returns = []
    discounted_sum = 0.0
    for r in reversed(rewards):
        discounted_sum = r + gamma * discounted_sum
        returns.insert(0, discounted_sum)
    returns = np.array(returns, dtype=np.float32)
    return (returns - returns.mean()) / (returns.std() + eps)


def run_episode(seed):
    state, _ = env.reset(seed=seed)
    log_probs, rewards = [], []
    done = False
    while not done:
        state_t = tf.convert_to_tensor(state[None, :], dtype=tf.float32)
        logits = policy(state_t)  # expect: KL402
        action = int(tf.random.categorical(logits, 1)[0, 0])
        log_probs.append(tf.nn.log_softmax(logits)[0, action])
        state, reward, terminated, truncated, _ = env.step(action)
        rewards.append(reward)
        done = terminated or truncated
    return log_probs, rewards


@tf.function(input_signature=[tf.TensorSpec([None], tf.float32), tf.TensorSpec([None], tf.float32)])
def update_policy(log_probs, returns):
    with tf.GradientTape() as tape:
        loss = -tf.reduce_sum(log_probs * returns)
    grads = tape.gradient(loss, policy.trainable_variables)
    optimizer.apply_gradients(zip(grads, policy.trainable_variables))
    return loss


running_reward = 0.0
for episode in range(max_episodes):
    log_probs, rewards = run_episode(seed=episode)
    returns = discounted_returns(rewards)
    update_policy(tf.stack(log_probs), tf.constant(returns))
    running_reward = 0.05 * sum(rewards) + 0.95 * running_reward
    if episode % 20 == 0:
        print(f"episode {episode}: running reward {running_reward:.1f}")
    if running_reward > 475:
        print(f"solved at episode {episode}")
        break
