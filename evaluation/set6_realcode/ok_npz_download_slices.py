# Modelled on keras.io's NeRF example: a small .npz of images and camera poses downloaded
# with get_file and split into tf.data pipelines. The file's size is never stated in the
# code (it is ~12 MB), so nothing says the arrays are large.
import numpy as np
import tensorflow as tf
from tensorflow import keras

BATCH_SIZE = 5
AUTO = tf.data.AUTOTUNE

url = "https://example.org/datasets/tiny_scene.npz"
data = keras.utils.get_file(origin=url)
data = np.load(data)
images = data["images"]
poses = data["poses"]
focal = float(data["focal"])
num_images, H, W, _ = images.shape

split = int(num_images * 0.8)
train_images, val_images = images[:split], images[split:]
train_poses, val_poses = poses[:split], poses[split:]

train_img_ds = tf.data.Dataset.from_tensor_slices(train_images)
train_pose_ds = tf.data.Dataset.from_tensor_slices(train_poses)
train_ds = (tf.data.Dataset.zip((train_img_ds, train_pose_ds))
            .shuffle(BATCH_SIZE).batch(BATCH_SIZE, drop_remainder=True).prefetch(AUTO))

val_img_ds = tf.data.Dataset.from_tensor_slices(np.load(url.split("/")[-1])["images"])
