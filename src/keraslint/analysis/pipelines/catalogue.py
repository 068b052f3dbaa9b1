"""What the data-feeding APIs do, as tables: no tree, no file.

- `SOURCES`: the calls that start a `tf.data` pipeline (`Dataset.from_tensor_slices`,
  `TFRecordDataset`, ...) and the Keras helpers that build one from files or arrays
  (`image_dataset_from_directory`, `timeseries_dataset_from_array`, ...), with what the
  dataset they return already does: batch (and the parameter that sets the batch size, with its
  default), shuffle every epoch (and the parameter that turns it off), prefetch.
- `METHODS`: what each `tf.data.Dataset` method does to the pipeline it is called on.
- The Keras image-data generators and `keras.applications` models with the input their
  ImageNet weights expect.

Defaults are Keras 3.15's (`keras/src/utils/*_dataset_utils.py`): the directory helpers batch
32 examples and shuffle them (a buffer of `8 * batch_size`, reshuffled every epoch) and
prefetch; `timeseries_dataset_from_array` batches 128 windows and does not shuffle.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class Parameter:
    """A parameter of a source call: its keyword, its position, its default."""

    keyword: str
    position: Optional[int]
    default: object


@dataclass(frozen=True)
class SourceSpec:
    """What the dataset a source call returns already does.

    `batch`: the parameter giving the batch size (None: the source never batches); a value of
    None for it means "not batched". `shuffle`: the parameter that makes the source reshuffle
    its examples every epoch (None: never shuffles). `images`: yields images in 0-255.
    """

    kind: str
    batch: Optional[Parameter] = None
    shuffle: Optional[Parameter] = None
    prefetches: bool = False
    images: bool = False
    keras_helper: bool = False


_TF_DATA = "tensorflow.data."
_DATASET = "tensorflow.data.Dataset."

# Keras directory/array helpers, Keras 3 signatures (positions count from 0).
_IMAGE_DIR = SourceSpec("image_dataset_from_directory", Parameter("batch_size", 5, 32),
                        Parameter("shuffle", 7, True), prefetches=True, images=True,
                        keras_helper=True)
_TEXT_DIR = SourceSpec("text_dataset_from_directory", Parameter("batch_size", 4, 32),
                       Parameter("shuffle", 6, True), prefetches=True, keras_helper=True)
_AUDIO_DIR = SourceSpec("audio_dataset_from_directory", Parameter("batch_size", 4, 32),
                        Parameter("shuffle", 8, True), prefetches=True, keras_helper=True)
_TIMESERIES = SourceSpec("timeseries_dataset_from_array", Parameter("batch_size", 5, 128),
                         Parameter("shuffle", 6, False), prefetches=True, keras_helper=True)

_HELPERS = {
    "image_dataset_from_directory": _IMAGE_DIR,
    "text_dataset_from_directory": _TEXT_DIR,
    "audio_dataset_from_directory": _AUDIO_DIR,
    "timeseries_dataset_from_array": _TIMESERIES,
}

SOURCES: dict[str, SourceSpec] = {
    **{f"{_DATASET}{name}": SourceSpec(name) for name in (
        "from_tensor_slices", "from_tensors", "from_generator", "range", "zip", "load",
        "sample_from_datasets", "choose_from_datasets", "counter", "random")},
    f"{_DATASET}list_files": SourceSpec("list_files", shuffle=Parameter("shuffle", 1, True)),
    **{f"{_TF_DATA}{name}": SourceSpec(name) for name in (
        "TFRecordDataset", "TextLineDataset", "FixedLengthRecordDataset")},
    "tensorflow.data.experimental.CsvDataset": SourceSpec("CsvDataset"),
    "tensorflow.data.experimental.load": SourceSpec("load"),
    "tensorflow.data.experimental.make_csv_dataset": SourceSpec(
        "make_csv_dataset", Parameter("batch_size", 1, None), Parameter("shuffle", 9, True),
        prefetches=True),
    **{f"keras.utils.{name}": spec for name, spec in _HELPERS.items()},
    **{f"keras.preprocessing.{name}": spec for name, spec in _HELPERS.items()},
}

# Sources that combine other datasets (their state is what the combined ones agree on).
COMBINING = frozenset({"zip", "sample_from_datasets", "choose_from_datasets"})

TFDS_LOAD = frozenset({"tensorflow_datasets.load"})
# tfds data sets whose `image` feature is an image in 0-255 (uint8).
TFDS_IMAGE_DATASETS = frozenset({
    "mnist", "fashion_mnist", "cifar10", "cifar100", "emnist", "kmnist", "svhn_cropped",
    "tf_flowers", "cats_vs_dogs", "oxford_flowers102", "oxford_iiit_pet", "food101",
    "stanford_dogs", "caltech101", "eurosat", "horses_or_humans", "rock_paper_scissors",
    "beans", "imagenette", "imagenet2012", "stl10", "celeb_a", "colorectal_histology",
    "malaria", "patch_camelyon", "deep_weeds", "plant_village", "cassava", "binary_alpha_digits",
})


def normalized(name: Optional[str]) -> Optional[str]:
    """`tensorflow.compat.v1.data.Dataset.range` reads as `tensorflow.data.Dataset.range`;
    `tensorflow.data.Dataset.from_tensor_slices` stays; `tf.data.DatasetV2` too."""
    if name is None:
        return None
    if name.startswith("tensorflow.compat.v1.data."):
        name = "tensorflow.data." + name[len("tensorflow.compat.v1.data."):]
    if name.startswith("tensorflow.data.DatasetV2."):
        name = _DATASET + name[len("tensorflow.data.DatasetV2."):]
    return name


# -- dataset methods ------------------------------------------------------------------------------
BATCH, UNBATCH, SHUFFLE, REPEAT, CACHE, PREFETCH, MAP, KEEP, COMBINE, OPAQUE = (
    "batch", "unbatch", "shuffle", "repeat", "cache", "prefetch", "map", "keep", "combine",
    "opaque")

METHODS: dict[str, str] = {
    "batch": BATCH, "padded_batch": BATCH, "ragged_batch": BATCH, "sparse_batch": BATCH,
    "bucket_by_sequence_length": BATCH, "rebatch": BATCH,
    "unbatch": UNBATCH,
    "shuffle": SHUFFLE,
    "repeat": REPEAT,
    "cache": CACHE,
    "prefetch": PREFETCH,
    "map": MAP, "map_with_legacy_function": MAP,
    # Keep the elements' structure and order (a subset of them, or all of them).
    "filter": KEEP, "take": KEEP, "skip": KEEP, "shard": KEEP, "with_options": KEEP,
    "ignore_errors": KEEP, "take_while": KEEP, "assert_cardinality": KEEP, "unique": KEEP,
    "apply_options": KEEP,
    # Add another dataset's elements.
    "concatenate": COMBINE,
    # Anything may come out: new elements from a function, windows, groups, a transformation.
    "flat_map": OPAQUE, "interleave": OPAQUE, "parallel_interleave": OPAQUE, "window": OPAQUE,
    "apply": OPAQUE, "scan": OPAQUE, "group_by_window": OPAQUE, "enumerate": OPAQUE,
    "rejection_resample": OPAQUE, "snapshot": OPAQUE, "zip": OPAQUE, "distribute": OPAQUE,
}

# Methods no other common library has on its objects (pandas, NumPy, Spark, PyTorch): a receiver
# chain of an unknown source through one of them is a `tf.data` dataset.
DISTINCTIVE_METHODS = frozenset({
    "prefetch", "padded_batch", "unbatch", "ragged_batch", "bucket_by_sequence_length",
    "rebatch", "with_options", "interleave", "flat_map", "shard", "take_while",
    "assert_cardinality", "map_with_legacy_function",
})

# Methods whose result is a new dataset: as a bare statement, it is thrown away.
TRANSFORMATIONS = frozenset(METHODS)

# -- annotations that say a value is a dataset ------------------------------------------------------
DATASET_TYPES = frozenset({
    "tensorflow.data.Dataset", "tensorflow.data.DatasetV2", "tensorflow.data.TFRecordDataset",
})

# -- Keras image-data generators (ImageDataGenerator.flow*): the iterators are Keras Sequences.
IMAGE_DATA_GENERATOR = "keras.preprocessing.image.ImageDataGenerator"
GENERATOR_FLOWS = frozenset({"flow", "flow_from_directory", "flow_from_dataframe"})
# Options of ImageDataGenerator that change pixel values (scale, center or standardize).
GENERATOR_SCALING = frozenset({
    "rescale", "preprocessing_function", "featurewise_center", "samplewise_center",
    "featurewise_std_normalization", "samplewise_std_normalization", "zca_whitening",
})

# Bases of Keras data objects that yield batches (`__getitem__` returns one batch).
DATA_OBJECT_BASES = frozenset({
    "keras.utils.PyDataset", "keras.utils.Sequence", "keras.trainers.data_adapters.PyDataset",
    "keras.trainers.data_adapters.py_dataset_adapter.PyDataset",
})

# -- keras.applications: the input range their ImageNet weights expect ------------------------------
CAFFE, TF_MODE, TORCH, BUILT_IN = "caffe", "tf", "torch", "built-in"

# `preprocess_input` modes (keras/src/applications/*.py) and what each expects.
EXPECTED_INPUT = {
    CAFFE: "BGR pixels in 0-255 minus the ImageNet channel means (`preprocess_input`)",
    TF_MODE: "pixels scaled to [-1, 1] (`preprocess_input`: x / 127.5 - 1)",
    TORCH: "pixels scaled to [0, 1] then standardized with the ImageNet mean and std "
           "(`preprocess_input`)",
    BUILT_IN: "raw pixels in 0-255 (it rescales them itself)",
}

_APPLICATION_MODES = {
    CAFFE: ("ResNet50", "ResNet101", "ResNet152", "VGG16", "VGG19"),
    TF_MODE: ("ResNet50V2", "ResNet101V2", "ResNet152V2", "InceptionV3", "InceptionResNetV2",
              "Xception", "MobileNet", "MobileNetV2", "NASNetMobile", "NASNetLarge"),
    TORCH: ("DenseNet121", "DenseNet169", "DenseNet201"),
    BUILT_IN: tuple(f"EfficientNetB{i}" for i in range(8)) + tuple(
        f"EfficientNetV2{v}" for v in ("B0", "B1", "B2", "B3", "S", "M", "L")) + tuple(
        f"ConvNeXt{v}" for v in ("Tiny", "Small", "Base", "Large", "XLarge")) + (
        "MobileNetV3Small", "MobileNetV3Large") + tuple(
        f"ResNetRS{d}" for d in (50, 101, 152, 200, 270, 350, 420)) + tuple(
        f"RegNet{k}{s}" for k in "XY" for s in (
            "002", "004", "006", "008", "016", "032", "040", "064", "080", "120", "160", "320")),
}
APPLICATION_MODE: dict[str, str] = {
    name: mode for mode, names in _APPLICATION_MODES.items() for name in names}
# Built-in preprocessing that `include_preprocessing=False` turns off (EfficientNet B0-B7
# always has it): those models then expect [-1, 1] like the tf mode.
OPTIONAL_BUILT_IN = frozenset(name for name in APPLICATION_MODE
                              if not name.startswith("EfficientNetB"))

# The module of each mode's `preprocess_input`, for the fix in messages.
PREPROCESS_MODULE = {
    "ResNet50": "resnet50", "ResNet101": "resnet", "ResNet152": "resnet", "VGG16": "vgg16",
    "VGG19": "vgg19", "ResNet50V2": "resnet_v2", "ResNet101V2": "resnet_v2",
    "ResNet152V2": "resnet_v2", "InceptionV3": "inception_v3",
    "InceptionResNetV2": "inception_resnet_v2", "Xception": "xception", "MobileNet": "mobilenet",
    "MobileNetV2": "mobilenet_v2", "NASNetMobile": "nasnet", "NASNetLarge": "nasnet",
    "DenseNet121": "densenet", "DenseNet169": "densenet", "DenseNet201": "densenet",
}

# -- randomness -----------------------------------------------------------------------------------
# Keras layers that draw new random numbers on every call (in `training` mode, their default
# when called directly, e.g. inside `Dataset.map`).
RANDOM_LAYERS = frozenset({
    "RandomFlip", "RandomRotation", "RandomZoom", "RandomContrast", "RandomTranslation",
    "RandomCrop", "RandomBrightness", "RandomHeight", "RandomWidth", "RandAugment",
    "RandomColorJitter", "RandomGrayscale", "RandomHue", "RandomSaturation", "RandomSharpness",
    "RandomShear", "RandomPerspective", "RandomErasing", "RandomGaussianBlur",
    "RandomPosterization", "RandomInvert", "RandomColorDegeneration", "RandomElasticTransform",
    "AugMix", "CutMix", "MixUp",
})
# Random ops by canonical-name prefix (`tf.image.random_flip_left_right`, `tf.random.uniform`).
RANDOM_PREFIXES = ("tensorflow.random.", "tensorflow.image.random_", "keras.random.",
                   "tensorflow.compat.v1.random.", "tensorflow.compat.v1.image.random_")
# Not random on every call: seeding, generators' construction, stateless ops (deterministic for
# a given seed argument).
NOT_RANDOM = frozenset({
    "tensorflow.random.set_seed", "tensorflow.random.Generator", "keras.random.SeedGenerator",
    "tensorflow.random.get_global_generator", "tensorflow.random.experimental.Generator",
})
STATELESS_MARK = ".stateless_"

# -- image value ranges -----------------------------------------------------------------------------
# Ops that keep pixel values where they are (first argument: the image).
VALUE_PRESERVING_OPS = frozenset({
    "tensorflow.cast", "tensorflow.image.resize", "tensorflow.image.resize_with_pad",
    "tensorflow.image.resize_with_crop_or_pad", "tensorflow.image.central_crop",
    "tensorflow.image.crop_to_bounding_box", "tensorflow.image.pad_to_bounding_box",
    "tensorflow.image.flip_left_right", "tensorflow.image.flip_up_down", "tensorflow.image.rot90",
    "tensorflow.image.transpose", "tensorflow.image.random_flip_left_right",
    "tensorflow.image.random_flip_up_down", "tensorflow.image.random_crop",
    "tensorflow.image.random_brightness", "tensorflow.image.random_contrast",
    "tensorflow.image.random_saturation", "tensorflow.image.random_hue",
    "tensorflow.image.grayscale_to_rgb", "tensorflow.reshape", "tensorflow.expand_dims",
    "tensorflow.squeeze", "tensorflow.convert_to_tensor", "tensorflow.constant",
    "tensorflow.identity", "tensorflow.ensure_shape", "tensorflow.tile", "tensorflow.transpose",
    "tensorflow.random_crop", "tensorflow.image.resize_images", "tensorflow.compat.v1.image.resize",
    "numpy.expand_dims", "numpy.reshape", "numpy.array", "numpy.asarray", "numpy.squeeze",
    "numpy.stack", "numpy.concatenate", "numpy.vstack", "numpy.copy", "numpy.ascontiguousarray",
    "numpy.float32", "keras.ops.cast", "keras.ops.convert_to_tensor", "keras.ops.expand_dims",
    "keras.ops.reshape", "keras.ops.image.resize", "keras.utils.img_to_array",
    "keras.preprocessing.image.img_to_array",
})
# Of those, the ones that return float32 whatever they are given (resizing interpolates).
FLOAT_RESULT_OPS = frozenset({
    "tensorflow.image.resize", "tensorflow.image.resize_with_pad", "tensorflow.image.resize_images",
    "tensorflow.compat.v1.image.resize", "keras.ops.image.resize", "keras.utils.img_to_array",
    "keras.preprocessing.image.img_to_array",
})
# Array/tensor methods that keep pixel values (receiver: the image).
VALUE_PRESERVING_METHODS = frozenset({
    "astype", "reshape", "copy", "squeeze", "resize", "convert", "numpy", "transpose",
})
# Calls that produce raw pixels in 0-255 (uint8 unless noted).
RAW_IMAGE_READERS = {
    "tensorflow.io.decode_jpeg": "uint8", "tensorflow.io.decode_png": "uint8",
    "tensorflow.io.decode_image": "uint8", "tensorflow.io.decode_bmp": "uint8",
    "tensorflow.image.decode_jpeg": "uint8", "tensorflow.image.decode_png": "uint8",
    "tensorflow.image.decode_image": "uint8", "tensorflow.image.decode_bmp": "uint8",
    "keras.utils.load_img": "image", "keras.preprocessing.image.load_img": "image",
    "PIL.Image.open": "image", "cv2.imread": "uint8",
}
# keras.datasets with images (`x` of `load_data()`): uint8 pixels in 0-255.
IMAGE_DATASETS = frozenset({"mnist", "fashion_mnist", "cifar10", "cifar100"})
# Layers that keep pixel values where they are (geometry, dropout, pooling, augmentation that
# moves pixels). A learned layer (Dense, Conv...) reached through these sees the input as fed.
VALUE_PRESERVING_LAYERS = frozenset({
    "InputLayer", "Flatten", "Reshape", "Permute", "Resizing", "CenterCrop", "Cropping1D",
    "Cropping2D", "Cropping3D", "ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D", "RandomFlip",
    "RandomRotation", "RandomZoom", "RandomTranslation", "RandomCrop", "RandomShear",
    "RandomPerspective", "RandomHeight", "RandomWidth", "RandomElasticTransform", "Dropout",
    "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianDropout",
    "MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "MaxPool1D", "MaxPool2D", "MaxPool3D",
    "AveragePooling1D", "AveragePooling2D", "AveragePooling3D", "AvgPool2D", "RepeatVector",
    "UpSampling2D", "Identity", "ActivityRegularization",
})
# Layers a model may start with that learn from the raw values they receive.
LEARNED_KINDS = frozenset({
    "Dense", "Conv1D", "Conv2D", "Conv3D", "Convolution1D", "Convolution2D", "Convolution3D",
    "SeparableConv1D", "SeparableConv2D", "DepthwiseConv1D", "DepthwiseConv2D",
    "Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose", "LocallyConnected1D",
    "LocallyConnected2D", "SimpleRNN", "LSTM", "GRU", "ConvLSTM2D", "EinsumDense",
})
