#!/usr/bin/env python
# coding: utf-8

# # Whale call detection -- baseline NN
# Exported from Kaggle notebook.

# In[1]:


import numpy as np
import pandas as pd
import tensorflow as tf
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense, Dropout, BatchNormalization


# In[2]:


X = np.load("../input/whale-spectrograms/X_train.npy")
y = pd.read_csv("../input/whale-spectrograms/train.csv")["label"].values
print(X.shape, y.mean())


# In[3]:


model = Sequential()
model.add(Dense(512, activation="relu", input_shape=(X.shape[1],)))
model.add(BatchNormalization())
model.add(Dropout(0.3))
model.add(Dense(128, activation="relu"))
model.add(Dense(1))
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])  # expect: KL202
model.summary()


# In[4]:


hist = model.fit(X, y, epochs=15, batch_size=256, validation_split=0.2)  # not expected since issue 7: np.load of a size the code does not state (was KL301)


# In[5]:


pd.DataFrame(hist.history).plot()
