"""Where a slice's data comes from: what can run in the child, what is stubbed, what cannot.

- Keras' bundled datasets (`keras.datasets.mnist.load_data()` ...) are replaced by a stub that
  returns arrays of the real shapes and dtypes, 256 training / 64 test samples (the real counts
  when the code writes them as literals, e.g. `reshape(60000, 784)`).
- Files, CSV readers, directory datasets, downloads and modules we do not import in the child
  (pandas, scikit-learn, the user's own modules) are *unknowable*: a slice that needs them is
  inconclusive, except that a dimension read from them (`x.shape[1]`, `len(class_names)`) may be
  replaced by a stated stand-in where the rule's fault does not depend on it.
- `keras.applications` models are built with `weights=None`: same architecture, no download.
"""

from __future__ import annotations

from typing import Callable, Optional

import libcst as cst

# Modules whose imports a slice may keep (the child has them, and they read no data).
ALLOWED_MODULES = frozenset({
    "tensorflow", "keras", "tf_keras", "numpy", "functools", "math", "random", "itertools",
    "collections", "typing", "dataclasses", "string", "operator", "enum", "abc", "__future__",
})
# Calls that read data at run time (files, directories, the network), by canonical name prefix.
UNKNOWABLE_CALLS = (
    "numpy.load", "numpy.loadtxt", "numpy.genfromtxt", "numpy.fromfile", "numpy.memmap",
    "keras.utils.image_dataset_from_directory", "keras.utils.text_dataset_from_directory",
    "keras.utils.audio_dataset_from_directory", "keras.preprocessing.image_dataset_from_directory",
    "keras.preprocessing.text_dataset_from_directory", "keras.utils.get_file",
    "keras.preprocessing.image.ImageDataGenerator", "keras.models.load_model",
    "keras.saving.load_model", "tensorflow.data.TFRecordDataset", "tensorflow.io.",
    "tensorflow.data.experimental.make_csv_dataset", "tensorflow_datasets.",
)
UNKNOWABLE_BUILTINS = frozenset({"open", "input", "__import__", "exec", "eval"})

# Keras 2 modules that Keras 3 removed -> the module that now holds their public names (the
# canonical names of `analysis/names.py` say the same: `keras.utils.np_utils.to_categorical` is
# `keras.utils.to_categorical`).
LEGACY_MODULES = {
    "keras.utils.np_utils": "keras.utils",
    "keras.layers.core": "keras.layers",
    "keras.layers.convolutional": "keras.layers",
    "keras.layers.pooling": "keras.layers",
    "keras.layers.recurrent": "keras.layers",
    "keras.layers.normalization": "keras.layers",
    "keras.layers.merge": "keras.layers",
    "keras.layers.advanced_activations": "keras.layers",
    "keras.layers.embeddings": "keras.layers",
    # Keras 3 kept only a few `keras.backend` functions; the rest live on in this shim.
    "keras.backend": "keraslint.verifier.legacy_backend",
}

# name -> (train, test, x shape, x dtype, y shape tail, y dtype, classes)
DATASETS: dict[str, tuple[int, int, tuple, str, tuple, str, int]] = {
    "mnist": (60000, 10000, (28, 28), "uint8", (), "uint8", 10),
    "fashion_mnist": (60000, 10000, (28, 28), "uint8", (), "uint8", 10),
    "cifar10": (50000, 10000, (32, 32, 3), "uint8", (1,), "uint8", 10),
    "cifar100": (50000, 10000, (32, 32, 3), "uint8", (1,), "int64", 100),
    "imdb": (25000, 25000, (), "object", (), "int64", 2),
    "reuters": (8982, 2246, (), "object", (), "int64", 46),
    "boston_housing": (404, 102, (13,), "float64", (), "float64", 0),
    "california_housing": (16512, 4128, (8,), "float64", (), "float64", 0),
}
SMALL_TRAIN, SMALL_TEST = 256, 64
STUB = "__keraslint_dataset__"

# Stand-ins for dimensions read from unknowable data, where the rule's fault does not depend on
# them (see DIMENSION_FREE in targets.py).
STAND_IN_WIDTH = 32
STAND_IN_CLASSES = 5
STAND_IN_ROWS = 256


def dataset_name(canonical: Optional[str]) -> Optional[str]:
    """`mnist` for `keras.datasets.mnist.load_data`."""
    if not canonical or not canonical.endswith(".load_data"):
        return None
    parts = canonical.split(".")
    if len(parts) == 4 and parts[0] == "keras" and parts[1] == "datasets" and parts[2] in DATASETS:
        return parts[2]
    return None


def unknowable_call(canonical: Optional[str]) -> bool:
    if not canonical:
        return False
    if canonical in UNKNOWABLE_BUILTINS:
        return True
    for prefix in UNKNOWABLE_CALLS:
        if prefix.endswith("."):
            if canonical.startswith(prefix):
                return True
        elif canonical == prefix or canonical.startswith(prefix + "."):
            return True
    return False


def keras3_module(dotted: Optional[str]) -> Optional[str]:
    """`keras.utils` for `keras.utils.np_utils` (also under `tensorflow.`); None if not legacy."""
    if not dotted:
        return None
    prefix = "tensorflow." if dotted.startswith("tensorflow.keras.") else ""
    found = LEGACY_MODULES.get(dotted[len(prefix):])
    if found and found.startswith("keraslint."):
        return found  # our shim serves every spelling
    return prefix + found if found else None


MAX_ALLOCATION = 64 * 2**20  # bytes a NumPy allocation of the slice may take as written
SHRUNK_ROWS = 64
# NumPy allocators -> where their shape is: ("shape", position) or ("dims", 0) for rand(d0, d1).
_ALLOCATORS = {
    "numpy.zeros": ("shape", 0), "numpy.ones": ("shape", 0), "numpy.empty": ("shape", 0),
    "numpy.full": ("shape", 0), "numpy.random.rand": ("dims", 0),
    "numpy.random.randn": ("dims", 0), "numpy.random.random": ("size", 0),
    "numpy.random.standard_normal": ("size", 0), "numpy.random.normal": ("size", 2),
    "numpy.random.uniform": ("size", 2), "numpy.random.randint": ("size", 2),
}


def allocation_rows(canonical: Optional[str], call: cst.Call
                    ) -> Optional[tuple[cst.BaseExpression, Callable[[cst.CSTNode], cst.CSTNode]]]:
    """(the first dimension, a replacement with SHRUNK_ROWS rows) of a NumPy allocation."""
    spec = _ALLOCATORS.get(canonical or "")
    if spec is None:
        return None
    keyword, position = spec
    args = list(call.args)
    index = next((i for i, a in enumerate(args) if a.keyword and a.keyword.value == keyword), None)
    if index is None and keyword != "dims":
        positional = [i for i, a in enumerate(args) if a.keyword is None]
        index = positional[position] if len(positional) > position else None
    if keyword == "dims":
        index = 0 if args and args[0].keyword is None and not args[0].star else None
        shape = args[index].value if index is not None else None
        return None if shape is None else (shape, _with_arg(index, cst.Integer(str(SHRUNK_ROWS))))
    shape = args[index].value if index is not None else None
    if isinstance(shape, (cst.Tuple, cst.List)) and shape.elements:
        first = shape.elements[0]
        rows = shape.with_changes(elements=[first.with_changes(
            value=cst.Integer(str(SHRUNK_ROWS)))] + list(shape.elements[1:]))
        return first.value, _with_arg(index, rows)
    if shape is not None and not isinstance(shape, (cst.Tuple, cst.List)):
        return shape, _with_arg(index, cst.Integer(str(SHRUNK_ROWS)))
    return None


def _with_arg(index: int, value: cst.BaseExpression) -> Callable[[cst.CSTNode], cst.CSTNode]:
    def replace(call: cst.CSTNode) -> cst.CSTNode:
        assert isinstance(call, cst.Call)
        args = list(call.args)
        args[index] = args[index].with_changes(value=value)
        return call.with_changes(args=args)

    return replace


def allowed_module(dotted: Optional[str]) -> bool:
    return bool(dotted) and dotted.split(".")[0] in ALLOWED_MODULES


def full_size_literals() -> set[int]:
    """Sample counts that, written as literals in the slice, ask for the real dataset size."""
    return {n for spec in DATASETS.values() for n in spec[:2]}


STUB_SOURCE = '''
def __keraslint_dataset__(name, full=False, **kwargs):
    """Synthetic stand-in for keras.datasets.<name>.load_data(): real shapes and dtypes."""
    import numpy as np
    specs = %(specs)r
    train, test, shape, dtype, tail, ydtype, classes = specs[name]
    if not full:
        train, test = min(train, %(train)d), min(test, %(test)d)
    if name == "cifar100" and kwargs.get("label_mode") == "coarse":
        classes = 20
    if name in ("imdb", "reuters"):
        classes = 2 if name == "imdb" else 46
    rng = np.random.default_rng(0)

    def part(n):
        if dtype == "object":
            vocabulary = int(kwargs.get("num_words") or 10000)
            x = np.empty(n, dtype=object)
            for i in range(n):
                x[i] = [1] + list(rng.integers(2, vocabulary, size=int(rng.integers(10, 120))))
        elif dtype == "uint8":
            x = rng.integers(0, 256, size=(n, *shape), dtype=np.uint8)
        else:
            x = rng.standard_normal((n, *shape)).astype(dtype)
        if classes:
            y = rng.integers(0, classes, size=(n, *tail)).astype(ydtype)
        else:  # regression targets over their real range (prices in $1000s, in dollars)
            low, high = {"boston_housing": (5.0, 50.0)}.get(name, (15000.0, 500000.0))
            y = rng.uniform(low, high, size=n).astype(ydtype)
        return x, y

    return part(train), part(test)
'''


def stub_source() -> str:
    return STUB_SOURCE % {"specs": DATASETS, "train": SMALL_TRAIN, "test": SMALL_TEST}
