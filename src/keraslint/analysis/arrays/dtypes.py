"""dtypes: NumPy/TensorFlow spellings of a dtype, their item sizes, and scalar promotion.

dtype arithmetic follows NumPy 2 (NEP 50) for the only case we model, an array combined with
a Python scalar literal: the array's dtype wins, except that a Python float turns an integer
or bool array into float64 and true division `/` turns one into float64 (`uint8 / 255.0` is
float64, `float32 / 255.0` stays float32). Array-with-array arithmetic is left unknown.
"""

from __future__ import annotations

from typing import Any, Optional

import libcst as cst

from keraslint.analysis.calls import argument_value
from keraslint.analysis.core import CoreFacts

ITEMSIZE = {
    "bool": 1, "int8": 1, "uint8": 1, "int16": 2, "uint16": 2, "float16": 2, "bfloat16": 2,
    "int32": 4, "uint32": 4, "float32": 4, "int64": 8, "uint64": 8, "float64": 8,
    "complex64": 8, "complex128": 16,
}


_DTYPE_SPELLINGS = {
    "float": "float64", "double": "float64", "single": "float32", "half": "float16",
    "float_": "float64", "int": "int64", "int_": "int64", "intp": "int64", "uint": "uint64",
    "bool_": "bool", "bool8": "bool", "ubyte": "uint8", "byte": "int8", "short": "int16",
    "ushort": "uint16", "intc": "int32", "uintc": "uint32", "longlong": "int64",
    "complex": "complex128", "cfloat": "complex128", "cdouble": "complex128",
    "csingle": "complex64",
    "f2": "float16", "f4": "float32", "f8": "float64", "i1": "int8", "i2": "int16",
    "i4": "int32", "i8": "int64", "u1": "uint8", "u2": "uint16", "u4": "uint32", "u8": "uint64",
    "b1": "bool", "?": "bool", "c8": "complex64", "c16": "complex128", "d": "float64",
    "f": "float32", "e": "float16", "b": "int8", "B": "uint8",
}


_BUILTIN_DTYPES = {"float": "float64", "int": "int64", "bool": "bool", "complex": "complex128"}


_DTYPE_MODULES = ("numpy.", "tensorflow.", "keras.ops.")



def is_integer_dtype(dtype: Optional[str]) -> bool:
    return dtype is not None and dtype.lstrip("u").startswith("int")


def is_float_dtype(dtype: Optional[str]) -> bool:
    return dtype is not None and "float" in dtype


def normalize_dtype(text: str) -> Optional[str]:
    text = text.strip().lstrip("<>=|")
    if text in ITEMSIZE:
        return text
    return _DTYPE_SPELLINGS.get(text)


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def scalar_dtype(value: Any) -> Optional[str]:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int64"
    if isinstance(value, float):
        return "float64"
    return None


def promote(dtype: Optional[str], scalar: Any, true_division: bool) -> Optional[str]:
    """NEP 50 for array-with-Python-scalar (see the module docstring)."""
    if dtype is None:
        return None
    if is_float_dtype(dtype) or dtype.startswith("complex"):
        return dtype
    if true_division or isinstance(scalar, float):
        return "float64"
    return dtype if is_integer_dtype(dtype) else None



def dtype_of(facts: CoreFacts, expr: Optional[cst.BaseExpression]) -> Optional[str]:
    """`"float32"` for `"float32"`, `"f4"`, `np.float32`, `tf.float32`, `float`, `np.dtype("f4")`."""
    if expr is None:
        return None
    text = facts.values.string(expr)
    if text is not None:
        return normalize_dtype(text)
    if isinstance(expr, cst.Name) and expr.value in _BUILTIN_DTYPES and facts.values.binding_of(expr) is None:
        return _BUILTIN_DTYPES[expr.value]  # the builtin `float`, `int`, `bool`
    resolved = facts.values.resolve(expr)
    if isinstance(resolved, cst.Call) and facts.call_name(resolved) == "numpy.dtype":
        return dtype_of(facts, argument_value(resolved, "dtype", 0))
    name = facts.qualified_name(resolved) if resolved is not None else None
    if name is None or not name.startswith(_DTYPE_MODULES):
        return None
    return normalize_dtype(name.rsplit(".", 1)[-1])

