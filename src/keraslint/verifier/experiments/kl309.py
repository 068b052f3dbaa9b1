"""KL309 a pretrained `keras.applications` model fed images that never pass its
`preprocess_input`. What the mismatch does to predictions depends on the ImageNet weights,
which the verifier does not download (slices build applications with `weights=None`), so the
verdict is inconclusive, with what can be shown: the range of the images as they reach the
model (from the static facts) against what the application's own `preprocess_input` makes of
the same 0-255 pixels, computed here with Keras's function.
"""

from __future__ import annotations

import importlib

import numpy as np

from keraslint.verifier.experiments.verdicts import Inconclusive, undecided
from keraslint.verifier.protocol import Verdict

MODULES = {
    "ResNet50": "resnet50", "ResNet101": "resnet", "ResNet152": "resnet", "VGG16": "vgg16",
    "VGG19": "vgg19", "ResNet50V2": "resnet_v2", "ResNet101V2": "resnet_v2",
    "ResNet152V2": "resnet_v2", "InceptionV3": "inception_v3",
    "InceptionResNetV2": "inception_resnet_v2", "Xception": "xception",
    "MobileNet": "mobilenet", "MobileNetV2": "mobilenet_v2", "NASNetMobile": "nasnet",
    "NASNetLarge": "nasnet", "DenseNet121": "densenet", "DenseNet169": "densenet",
    "DenseNet201": "densenet",
}
def fmt(value: float) -> str:
    """0, 255, 0.0039, -1, 151.06: integers as integers, small values with 2 significant digits."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2g}" if abs(value) < 0.01 else f"{value:.3g}"


REASON = ("the effect on the predictions needs the ImageNet weights, which the verifier does "
          "not download")


def run(namespace: dict, facts: dict) -> Verdict:
    name, low, high = facts.get("application"), facts.get("low"), facts.get("high")
    if name is None or low is None or high is None:
        raise Inconclusive("the application or the range of its input is not known")
    pixels = np.random.default_rng(0).integers(0, 256, size=(4, 32, 32, 3)).astype("float32")
    module = MODULES.get(name)
    if module is None:  # built-in preprocessing: the model rescales 0-255 pixels itself
        return undecided(
            f"{REASON}. What can be shown: `{name}` rescales its input itself (it expects "
            f"0-255 pixels), and the images reach it in [{fmt(low)}, {fmt(high)}], so after "
            f"its own rescaling they span [{fmt(low / 255)}, {fmt(high / 255)}] instead of "
            f"[0, 1]", reaching_low=low, reaching_high=high)
    keras_module = importlib.import_module(f"keras.applications.{module}")
    done = np.asarray(keras_module.preprocess_input(pixels.copy()))
    return undecided(
        f"{REASON}. What can be shown: the images reach `{name}` in [{fmt(low)}, {fmt(high)}], "
        f"while `keras.applications.{module}.preprocess_input` maps 0-255 pixels to "
        f"[{fmt(float(done.min()))}, {fmt(float(done.max()))}] (mean "
        f"{fmt(float(done.mean()))}), the range its weights were trained on",
        reaching_low=low, reaching_high=high, preprocessed_min=float(done.min()),
        preprocessed_max=float(done.max()))
