#!/usr/bin/env python
# coding: utf-8

# # Titanic - simple neural net baseline
# Exported from a Kaggle notebook.

# In[1]:

import numpy as np
import pandas as pd
import tensorflow as tf
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

# In[2]:

df = pd.read_csv('/kaggle/input/titanic/train.csv')
test_df = pd.read_csv('/kaggle/input/titanic/test.csv')
df.head()

# In[3]:

def preprocess(frame):
    frame = frame.copy()
    frame['Sex'] = frame['Sex'].map({'male': 0, 'female': 1})
    frame['Age'] = frame['Age'].fillna(frame['Age'].median())
    frame['Fare'] = frame['Fare'].fillna(frame['Fare'].median())
    frame['Embarked'] = frame['Embarked'].fillna('S').map({'S': 0, 'C': 1, 'Q': 2})
    return frame[['Pclass', 'Sex', 'Age', 'SibSp', 'Parch', 'Fare', 'Embarked']].values

X = preprocess(df)
y = df['Survived'].values
X_test = preprocess(test_df)

scaler = StandardScaler()
X = scaler.fit_transform(X)
X_test = scaler.transform(X_test)

X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.2, random_state=42)

# In[4]:

model = tf.keras.Sequential([
    tf.keras.layers.Dense(32, activation='relu', input_shape=(X_train.shape[1],)),
    tf.keras.layers.Dropout(0.3),
    tf.keras.layers.Dense(16, activation='relu'),
    tf.keras.layers.Dense(1, activation='sigmoid'),
])

model.compile(optimizer=tf.keras.optimizers.Adam(1e-3),  # expect: KL201
              loss=tf.keras.losses.BinaryCrossentropy(from_logits=True),
              metrics=['accuracy'])
model.summary()

# In[5]:

history = model.fit(X_train, y_train,
                    validation_data=(X_val, y_val),
                    epochs=50, batch_size=32, verbose=2)

# In[6]:

preds = (model.predict(X_test) > 0.5).astype(int).ravel()
submission = pd.DataFrame({'PassengerId': test_df['PassengerId'], 'Survived': preds})
submission.to_csv('submission.csv', index=False)
