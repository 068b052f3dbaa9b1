# Deep Q-learning agent (the popular "DQN in 50 lines of Keras" blog structure) on a toy corridor
# environment. Each episode takes minutes even though the network is tiny.
import random
from collections import deque

import numpy as np
import keras
from keras.models import Sequential
from keras.layers import Dense
from keras.optimizers import Adam

random.seed(0)
keras.utils.set_random_seed(0)

EPISODES = 300


class CorridorEnv:
    """1-D corridor: start in the middle; reaching the right end pays +1, the left end -1."""

    def __init__(self, length=12):
        self.length = length
        self.pos = length // 2

    def reset(self):
        self.pos = self.length // 2
        return self._obs()

    def _obs(self):
        obs = np.zeros(self.length, dtype=np.float32)
        obs[self.pos] = 1.0
        return obs

    def step(self, action):
        self.pos += 1 if action == 1 else -1
        if self.pos >= self.length - 1:
            return self._obs(), 1.0, True
        if self.pos <= 0:
            return self._obs(), -1.0, True
        return self._obs(), -0.01, False


class DQNAgent:
    def __init__(self, state_size, action_size):
        self.state_size = state_size
        self.action_size = action_size
        self.memory = deque(maxlen=2000)
        self.gamma = 0.95    # discount rate
        self.epsilon = 1.0  # exploration rate
        self.epsilon_min = 0.01
        self.epsilon_decay = 0.995
        self.learning_rate = 0.001
        self.model = self._build_model()

    def _build_model(self):
        # Neural Net for Deep-Q learning Model
        model = Sequential()
        model.add(Dense(24, input_dim=self.state_size, activation='relu'))
        model.add(Dense(24, activation='relu'))
        model.add(Dense(self.action_size, activation='linear'))
        model.compile(loss='mse', optimizer=Adam(learning_rate=self.learning_rate))
        return model

    def remember(self, state, action, reward, next_state, done):
        self.memory.append((state, action, reward, next_state, done))

    def replay(self, batch_size):
        minibatch = random.sample(self.memory, batch_size)
        for state, action, reward, next_state, done in minibatch:
            target = reward
            if not done:
                target = reward + self.gamma * np.amax(self.model.predict(next_state, verbose=0)[0])  # expect: KL901
            target_f = self.model.predict(state, verbose=0)  # expect: KL901
            target_f[0][action] = target
            self.model.fit(state, target_f, epochs=1, verbose=0)
        if self.epsilon > self.epsilon_min:
            self.epsilon *= self.epsilon_decay


if __name__ == "__main__":
    env = CorridorEnv()
    state_size = env.length
    action_size = 2
    agent = DQNAgent(state_size, action_size)
    batch_size = 32

    for e in range(EPISODES):
        state = np.reshape(env.reset(), [1, state_size])
        for time in range(100):
            if np.random.rand() <= agent.epsilon:
                action = random.randrange(action_size)
            else:
                q_values = agent.model.predict(state, verbose=0)  # expect: KL901
                action = int(np.argmax(q_values[0]))
            next_state, reward, done = env.step(action)
            next_state = np.reshape(next_state, [1, state_size])
            agent.remember(state, action, reward, next_state, done)
            state = next_state
            if done:
                print(f"episode: {e}/{EPISODES}, steps: {time}, reward: {reward}, e: {agent.epsilon:.2}")
                break
        if len(agent.memory) > batch_size:
            agent.replay(batch_size)
