# The same FCN-style head, but only the first converted layer gets pretrained weights: the
# second keeps its Constant(1.0) kernel and trains from it.
import keras

vgg = keras.applications.VGG16(include_top=True, weights="imagenet")
backbone = keras.Model(vgg.input, vgg.get_layer("block5_pool").output)
backbone.trainable = False

fc6 = keras.layers.Conv2D(4096, 7, padding="same", activation="relu", use_bias=False,
                          kernel_initializer=keras.initializers.Constant(1.0))
fc7 = keras.layers.Conv2D(4096, 1, padding="same", activation="relu", use_bias=False,
                          kernel_initializer=keras.initializers.Constant(1.0))  # expect: KL101, KL103

inputs = keras.Input(shape=(224, 224, 3))
x = fc7(fc6(backbone(inputs)))
x = keras.layers.Conv2D(21, 1, padding="same")(x)
model = keras.Model(inputs, keras.layers.UpSampling2D(32)(x))

fc6.set_weights([vgg.get_layer("fc1").get_weights()[0].reshape(7, 7, 512, 4096)])
model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
