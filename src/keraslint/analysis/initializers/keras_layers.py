"""Keras layers by what they do to kernels: which own one (and its units/filters), which pass
a tensor through unchanged, which normalize, and which ops multiply a weight.
"""

from __future__ import annotations

KL = "keras.layers."
DENSE = {KL + n for n in ("Dense",)}
CONV = {KL + n: d for n, d in (
    ("Conv1D", 1), ("Conv2D", 2), ("Conv3D", 3), ("Convolution1D", 1), ("Convolution2D", 2),
    ("Convolution3D", 3), ("Conv1DTranspose", 1), ("Conv2DTranspose", 2), ("Conv3DTranspose", 3),
    ("Convolution2DTranspose", 2), ("Convolution3DTranspose", 3), ("SeparableConv1D", 1),
    ("SeparableConv2D", 2), ("SeparableConvolution1D", 1), ("SeparableConvolution2D", 2),
    ("LocallyConnected1D", 1), ("LocallyConnected2D", 2),
)}
DEPTHWISE = {KL + n: d for n, d in (("DepthwiseConv1D", 1), ("DepthwiseConv2D", 2))}
SEPARABLE = {KL + n for n in ("SeparableConv1D", "SeparableConv2D", "SeparableConvolution1D",
                                "SeparableConvolution2D")}
RNN = {KL + n for n in ("SimpleRNN", "LSTM", "GRU", "SimpleRNNCell", "LSTMCell", "GRUCell",
                          "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D", "CuDNNLSTM", "CuDNNGRU")}
UNIT_LAYERS = DENSE | set(CONV) | RNN  # first positional parameter is units / filters
DEFAULT_LINEAR = DENSE | set(CONV) | set(DEPTHWISE)
LAYERS_WITH_KERNEL = UNIT_LAYERS | set(DEPTHWISE) | {
    KL + n for n in ("EinsumDense", "MultiHeadAttention", "Attention", "AdditiveAttention")}
ROLE_KEYWORDS = {"kernel_initializer": "kernel", "recurrent_initializer": "recurrent",
                  "depthwise_initializer": "depthwise", "pointwise_initializer": "pointwise"}

ACTIVATION_LAYERS = {KL + "ReLU": "relu", KL + "LeakyReLU": "leaky_relu", KL + "PReLU": "prelu",
                      KL + "ELU": "elu", KL + "Softmax": "softmax",
                      KL + "ThresholdedReLU": "thresholded_relu"}
ACTIVATION_ALIASES = {"swish": "silu", "hard_swish": "hard_silu", "leakyrelu": "leaky_relu"}
INPUTS = {"keras.Input", "keras.layers.InputLayer"}
PASS_THROUGH_LAYERS = {KL + n for n in (
    "Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianNoise",
    "GaussianDropout", "AlphaDropout", "Flatten", "Reshape", "Permute", "RepeatVector",
    "MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "AveragePooling1D", "AveragePooling2D",
    "AveragePooling3D", "MaxPool1D", "MaxPool2D", "MaxPool3D", "AvgPool1D", "AvgPool2D", "AvgPool3D",
    "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalAveragePooling3D",
    "GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalMaxPooling3D", "GlobalAvgPool1D",
    "GlobalAvgPool2D", "GlobalMaxPool1D", "GlobalMaxPool2D", "ZeroPadding1D", "ZeroPadding2D",
    "ZeroPadding3D", "UpSampling1D", "UpSampling2D", "UpSampling3D", "Cropping1D", "Cropping2D",
    "Cropping3D", "Masking")}
# Layers whose output has the same last axis (features, channels) as their input.
CHANNEL_PRESERVING = {KL + n for n in (
    "Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianNoise",
    "GaussianDropout", "AlphaDropout", "MaxPooling1D", "MaxPooling2D", "MaxPooling3D",
    "AveragePooling1D", "AveragePooling2D", "AveragePooling3D", "MaxPool1D", "MaxPool2D",
    "MaxPool3D", "AvgPool1D", "AvgPool2D", "AvgPool3D", "GlobalAveragePooling1D",
    "GlobalAveragePooling2D", "GlobalAveragePooling3D", "GlobalMaxPooling1D", "GlobalMaxPooling2D",
    "GlobalMaxPooling3D", "GlobalAvgPool1D", "GlobalAvgPool2D", "GlobalMaxPool1D",
    "GlobalMaxPool2D", "ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D", "UpSampling1D",
    "UpSampling2D", "UpSampling3D", "Cropping1D", "Cropping2D", "Cropping3D", "Masking",
    "BatchNormalization", "LayerNormalization", "GroupNormalization", "UnitNormalization",
    "SyncBatchNormalization", "Activation", "ReLU", "LeakyReLU", "PReLU", "ELU", "Softmax",
    "ThresholdedReLU", "RepeatVector")}
NORMALIZATIONS = {KL + n for n in ("BatchNormalization", "LayerNormalization", "GroupNormalization",
                                     "UnitNormalization", "SyncBatchNormalization")}
MATMUL = {
    "tensorflow.matmul", "tensorflow.linalg.matmul", "tensorflow.tensordot", "tensorflow.einsum",
    "tensorflow.linalg.einsum", "tensorflow.nn.conv1d", "tensorflow.nn.conv2d", "tensorflow.nn.conv3d",
    "tensorflow.nn.conv2d_transpose", "tensorflow.nn.conv1d_transpose", "tensorflow.nn.conv3d_transpose",
    "tensorflow.nn.depthwise_conv2d", "tensorflow.nn.separable_conv2d", "tensorflow.nn.convolution",
    "tensorflow.nn.xw_plus_b", "tensorflow.compat.v1.matmul", "keras.backend.dot",
    "keras.backend.batch_dot", "keras.backend.conv1d", "keras.backend.conv2d", "keras.backend.conv3d",
    "keras.ops.matmul", "keras.ops.dot", "keras.ops.einsum", "keras.ops.tensordot", "keras.ops.conv",
    "keras.ops.conv_transpose", "keras.ops.depthwise_conv", "numpy.dot", "numpy.matmul",
}
# Activation functions applied as ops in a custom layer's `call` (by leaf name, under these).
ACTIVATION_OP_PREFIXES = ("tensorflow.nn.", "tensorflow.math.", "tensorflow.", "keras.activations.",
                           "keras.ops.", "keras.backend.")
ACTIVATION_OPS = {"relu", "relu6", "leaky_relu", "elu", "selu", "gelu", "silu", "swish", "mish",
                   "softplus", "softsign", "tanh", "sigmoid", "hard_sigmoid", "softmax",
                   "log_softmax", "hard_silu", "hard_swish", "log_sigmoid"}
BIAS_ADDS = {"tensorflow.nn.bias_add", "tensorflow.add", "tensorflow.math.add", "keras.ops.add",
              "keras.backend.bias_add"}
SIGN_FREE_CONSTRAINTS = {"keras.constraints." + n for n in (
    "MaxNorm", "max_norm", "maxnorm", "UnitNorm", "unit_norm", "unitnorm", "MinMaxNorm",
    "min_max_norm", "RadialConstraint", "radial_constraint")}
SIGN_FREE_CONSTRAINT_STRINGS = {"max_norm", "unit_norm", "min_max_norm", "radial_constraint",
                                 "maxnorm", "unitnorm"}
