# "Develop your first neural network with Keras" (2016 edition of the Pima Indians diabetes
# tutorial) run on a fresh TF 2.16 install
import numpy
import keras
from keras.models import Sequential
from keras.layers import Dense

# fix random seed for reproducibility
seed = 7
keras.utils.set_random_seed(seed)

# stand-in for pima-indians-diabetes.csv: 768 patients, 8 standardized measurements, 0/1 outcome
rng = numpy.random.default_rng(seed)
X = rng.normal(size=(768, 8)).astype("float32")
Y = (X[:, 1] + 0.5 * X[:, 5] + rng.normal(scale=0.5, size=768) > 0).astype("float32")

# create model
model = Sequential()
model.add(Dense(12, input_dim=8, activation='relu'))
model.add(Dense(8, activation='relu'))
model.add(Dense(1, activation='sigmoid'))

# Compile model
model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])

# Fit the model
model.fit(X, Y, nb_epoch=150, batch_size=10)  # expect: KL502

# evaluate the model
scores = model.evaluate(X, Y)
print("\naccuracy: %.2f%%" % (scores[1] * 100))

# calculate predictions
predictions = model.predict_classes(X)  # expect: KL502
rounded = [int(x[0]) for x in predictions]
print(rounded[:20])
