# ResNet50 predicts "window_screen" / "chain_mail" for every photo I give it.
import sys

import numpy as np
import keras
from keras.applications.resnet50 import ResNet50, decode_predictions
from keras.preprocessing import image

keras.utils.set_random_seed(0)

model = ResNet50(weights="imagenet")

paths = sys.argv[1:] or ["elephant.jpg"]
batch = []
for path in paths:
    img = image.load_img(path, target_size=(224, 224))
    batch.append(image.img_to_array(img))
x = np.stack(batch)

preds = model.predict(x)  # expect: KL309
for path, top in zip(paths, decode_predictions(preds, top=3)):
    print(path, [(label, round(float(p), 3)) for _, label, p in top])
