# Modelled on an FCN segmentation example: VGG's fully-connected layers re-expressed as
# convolutions. The conv kernels start as placeholders (Constant(1.0)) and are overwritten
# with VGG's pretrained fc weights before training, and the block is frozen.
import keras

NUM_CLASSES = 21
vgg = keras.applications.VGG19(include_top=True, weights="imagenet")
backbone = keras.Model(vgg.layers[1].input, vgg.get_layer("block5_pool").output)
backbone.trainable = False

units = [4096, 4096]
fc_convs = []
for i in range(len(units)):
    conv = keras.layers.Conv2D(
        filters=units[i],
        kernel_size=(7, 7) if i == 0 else (1, 1),
        activation="relu",
        padding="same",
        use_bias=False,
        kernel_initializer=keras.initializers.Constant(1.0),
    )
    fc_convs.append(conv)
    fc_convs.append(keras.layers.Dropout(0.5))
fc_convs = keras.Sequential(fc_convs)
fc_convs.trainable = False

inputs = keras.Input(shape=(224, 224, 3))
x = fc_convs(backbone(inputs))
x = keras.layers.Conv2D(NUM_CLASSES, 1, padding="same")(x)
outputs = keras.layers.UpSampling2D(32, interpolation="bilinear")(x)
model = keras.Model(inputs, outputs)

w1 = vgg.get_layer("fc1").get_weights()[0].reshape(7, 7, 512, 4096)
w2 = vgg.get_layer("fc2").get_weights()[0].reshape(1, 1, 4096, 4096)
fc_convs.layers[0].set_weights([w1])
fc_convs.layers[2].set_weights([w2])

model.compile(optimizer="adam",
              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
