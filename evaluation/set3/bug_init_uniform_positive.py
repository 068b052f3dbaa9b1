# Kaggle: House Prices - Keras MLP
# In[1]:
import numpy as np
import pandas as pd
import tensorflow as tf
from tensorflow.keras import Sequential
from tensorflow.keras.layers import Dense, Dropout
from tensorflow.keras.initializers import RandomUniform

# In[2]:
df = pd.read_csv('../input/house-prices-advanced-regression-techniques/train.csv')
num_cols = df.select_dtypes(include=[np.number]).columns.drop(['Id', 'SalePrice'])
X = df[num_cols].fillna(0).values
X = (X - X.mean(axis=0)) / (X.std(axis=0) + 1e-8)
y = np.log1p(df['SalePrice'].values)

# In[3]:
model = Sequential()
model.add(Dense(128, activation='relu', input_shape=(X.shape[1],),
                kernel_initializer=RandomUniform(minval=0.0, maxval=1.0)))  # expect: KL101
model.add(Dropout(0.1))
model.add(Dense(64, activation='relu'))
model.add(Dense(1))
model.compile(optimizer='adam', loss='mse', metrics=['mae'])

# In[4]:
history = model.fit(X, y, epochs=100, batch_size=32, validation_split=0.2, verbose=0)
pd.DataFrame(history.history).plot()
