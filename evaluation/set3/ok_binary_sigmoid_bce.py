#!/usr/bin/env python
# coding: utf-8
# # Pima Indians Diabetes - Keras baseline (Kaggle notebook export)

# In[1]:
import numpy as np
import pandas as pd
import tensorflow as tf
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

tf.keras.utils.set_random_seed(2024)

# In[2]:
df = pd.read_csv('/kaggle/input/pima-indians-diabetes-database/diabetes.csv')
cols = ['Glucose', 'BloodPressure', 'SkinThickness', 'Insulin', 'BMI']
df[cols] = df[cols].replace(0, np.nan).fillna(df[cols].median())
X = df.drop('Outcome', axis=1).values
y = df['Outcome'].values.astype('float32')

# In[3]:
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, stratify=y, random_state=0)
sc = StandardScaler().fit(X_train)
X_train, X_test = sc.transform(X_train), sc.transform(X_test)

# In[4]:
model = tf.keras.Sequential([
    tf.keras.layers.Input(shape=(8,)),
    tf.keras.layers.Dense(24, activation='relu'),
    tf.keras.layers.Dropout(0.2),
    tf.keras.layers.Dense(12, activation='relu'),
    tf.keras.layers.Dense(1, activation='sigmoid'),
])
model.compile(optimizer='adam',
              loss=tf.keras.losses.BinaryCrossentropy(from_logits=False),
              metrics=['accuracy', tf.keras.metrics.AUC()])

# In[5]:
model.fit(X_train, y_train, epochs=150, batch_size=16, validation_split=0.15, verbose=0)
print(model.evaluate(X_test, y_test, verbose=0))
