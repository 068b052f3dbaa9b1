"""Keras 2's `keras.backend` functions that Keras 3 removed, over `keras.ops` and
`keras.random`.

Imported only by sliced programs, inside the verifier's child process: the slicer rewrites
`from keras import backend as K` (and `import keras.backend as K`) to this module, with a
stated assumption, so that Keras-2-era code such as `K.constant(np.random.random(shape))` in a
custom initializer runs under Keras 3 with the same numbers.
"""

import keras
from keras import ops, random

_backend = keras.backend


def constant(value, dtype=None, shape=None, name=None):
    tensor = ops.convert_to_tensor(value, dtype=dtype or _backend.floatx())
    return tensor if shape is None else ops.broadcast_to(tensor, shape)


def variable(value, dtype=None, name=None, constraint=None):
    return keras.Variable(value, dtype=dtype or _backend.floatx(), name=name)


def random_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    return random.normal(shape, mean=mean, stddev=stddev, dtype=dtype, seed=seed)


def random_uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    return random.uniform(shape, minval=minval, maxval=maxval, dtype=dtype, seed=seed)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    return random.truncated_normal(shape, mean=mean, stddev=stddev, dtype=dtype, seed=seed)


def int_shape(x):
    return tuple(x.shape)


def ndim(x):
    return len(x.shape)


def concatenate(tensors, axis=-1):
    return ops.concatenate(tensors, axis=axis)


def sum(x, axis=None, keepdims=False):  # noqa: A001 - Keras 2's name
    return ops.sum(x, axis=axis, keepdims=keepdims)


def mean(x, axis=None, keepdims=False):
    return ops.mean(x, axis=axis, keepdims=keepdims)


def softmax(x, axis=-1):
    return keras.activations.softmax(x, axis=axis)


def __getattr__(name):
    """Everything Keras 3 still has in `keras.backend`, then the `keras.ops` namesake."""
    for source in (_backend, ops):
        if hasattr(source, name):
            return getattr(source, name)
    raise AttributeError(f"keras.backend has no {name!r}, in Keras 2 or 3")
