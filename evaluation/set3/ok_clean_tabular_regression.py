#!/usr/bin/env python
# coding: utf-8
# # Bike sharing demand - Keras regression (Kaggle notebook)

# In[1]:
import numpy as np
import pandas as pd
import tensorflow as tf
from tensorflow.keras import layers
from sklearn.model_selection import train_test_split

tf.keras.utils.set_random_seed(11)

# In[2]:
df = pd.read_csv('/kaggle/input/bike-sharing-demand/train.csv', parse_dates=['datetime'])
df['hour'] = df['datetime'].dt.hour
df['dow'] = df['datetime'].dt.dayofweek
df['month'] = df['datetime'].dt.month
feature_cols = ['season', 'holiday', 'workingday', 'weather', 'temp', 'atemp',
                'humidity', 'windspeed', 'hour', 'dow', 'month']
X = df[feature_cols].values.astype('float32')
y = np.log1p(df['count'].values).astype('float32')
X_tr, X_va, y_tr, y_va = train_test_split(X, y, test_size=0.2, random_state=11)

# In[3]:
normalizer = layers.Normalization(axis=-1)
normalizer.adapt(X_tr)

model = tf.keras.Sequential([
    layers.Input(shape=(len(feature_cols),)),
    normalizer,
    layers.Dense(128, activation='relu'),
    layers.Dropout(0.1),
    layers.Dense(64, activation='relu'),
    layers.Dense(1),
])
model.compile(optimizer=tf.keras.optimizers.Adam(1e-3),
              loss=tf.keras.losses.Huber(),
              metrics=[tf.keras.metrics.RootMeanSquaredError()])

# In[4]:
history = model.fit(X_tr, y_tr, validation_data=(X_va, y_va), epochs=100, batch_size=128,
                    callbacks=[tf.keras.callbacks.EarlyStopping(patience=10, restore_best_weights=True)],
                    verbose=0)
pd.DataFrame(history.history)[['loss', 'val_loss']].plot()
print('val RMSLE:', model.evaluate(X_va, y_va, verbose=0)[1])
