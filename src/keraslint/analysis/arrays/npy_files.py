"""Shapes and dtypes of `.npy` files and `.npz` members, read from their headers alone.

A `np.load("data/x.npy")` whose file exists next to the linted program says how large the array
is without any code stating it: the `.npy` format starts with a magic string, a version, a header
length and a Python dict literal `{'descr': '<f4', 'fortran_order': False, 'shape': (N, ...)}`.
An `.npz` is a zip of such files, one per key. Only the header bytes are read (a member of a
compressed `.npz` is decompressed only as far as its header), never the data, and NumPy is not
imported: plain linting never imports it.

Anything unexpected (no file, another format, a pickled object array, an unreadable header) is
None: the size stays unknown and the rules stay quiet.
"""

from __future__ import annotations

import ast
import os
import struct
import zipfile
from typing import IO, Optional

from keraslint.analysis.arrays.dtypes import normalize_dtype

MAGIC = b"\x93NUMPY"
MAX_HEADER = 1 << 16  # a real header is well under this; anything larger is not a .npy header


def npy_header(path: str, member: Optional[str] = None) -> Optional[tuple[tuple[int, ...], str]]:
    """`(shape, dtype)` of the `.npy` file at `path`, or of member `member` (a key, as in
    `np.load(path)[member]`) of the `.npz` file at `path`; None when unknown."""
    try:
        if member is None:
            if not os.path.isfile(path):
                return None
            with open(path, "rb") as handle:
                return _read_header(handle)
        if not zipfile.is_zipfile(path):
            return None
        with zipfile.ZipFile(path) as archive:
            name = f"{member}.npy"
            if name not in archive.namelist():
                return None
            with archive.open(name) as handle:
                return _read_header(handle)
    except (OSError, ValueError, zipfile.BadZipFile, RuntimeError, NotImplementedError):
        return None


def _read_header(handle: IO[bytes]) -> Optional[tuple[tuple[int, ...], str]]:
    start = handle.read(len(MAGIC) + 2)
    if len(start) != len(MAGIC) + 2 or not start.startswith(MAGIC):
        return None
    major = start[len(MAGIC)]
    if major == 1:
        length_bytes, fmt = handle.read(2), "<H"
    elif major in (2, 3):
        length_bytes, fmt = handle.read(4), "<I"
    else:
        return None
    if len(length_bytes) != struct.calcsize(fmt):
        return None
    (length,) = struct.unpack(fmt, length_bytes)
    if length > MAX_HEADER:
        return None
    text = handle.read(length)
    try:
        header = ast.literal_eval(text.decode("latin1" if major < 3 else "utf8"))
    except (ValueError, SyntaxError, UnicodeDecodeError, MemoryError, RecursionError):
        return None
    if not isinstance(header, dict):
        return None
    shape, descr = header.get("shape"), header.get("descr")
    if not isinstance(shape, tuple) or not all(isinstance(d, int) and d >= 0 for d in shape):
        return None
    dtype = normalize_dtype(descr) if isinstance(descr, str) else None
    return (shape, dtype) if dtype is not None else None
