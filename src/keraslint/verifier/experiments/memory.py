"""In-memory data (KL301, KL302): array sizes from the facts and a scaled-down run that shows
how many bytes one call copies.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

import numpy as np
import tensorflow as tf

from keraslint.verifier.experiments.verdicts import Inconclusive, confirmed, fmt, refuted, undecided
from keraslint.verifier.protocol import Verdict


GRAPH_LIMIT = 2 ** 31  # a GraphDef protobuf cannot exceed 2 GiB
SCALED_BYTES = 32 * 2 ** 20  # the scaled-down run feeds about 32 MB of arrays
DEFAULT_THRESHOLD = 2 ** 30  # KL301's default: 1 GiB of array data in one call
PAGE_BYTES = 4096


@dataclass
class ArraySize:
    name: str
    shape: tuple  # the full shape (first dimension as the code has it)
    dtype: str
    bytes: Optional[int]  # None when unknown
    source: str  # "shape" (static), "file" (os.stat of an np.load path), "unknown"


def resident_bytes() -> int:
    with open("/proc/self/statm", "rb") as statm:
        return int(statm.read().split()[1]) * _page_bytes()


def _page_bytes() -> int:
    import os

    return os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else PAGE_BYTES


def array_sizes(namespace: dict, facts: dict) -> list[ArraySize]:
    """Exact bytes of every array the finding names: static shape x itemsize (the dtype the slice
    actually produced when it built scaled arrays), or the size of an `np.load`ed file."""
    from keraslint.verifier.protocol import SLOT_ARRAYS

    built = namespace.get(SLOT_ARRAYS) or {}
    sizes = [_array_size(entry, built.get(entry.get("name")), facts)
             for entry in facts.get("arrays") or []]
    path = facts.get("np_load_path")
    if path and (not sizes or any(s.bytes is None for s in sizes)):
        sizes.append(_file_size(str(path), facts))
    return sizes


def _array_size(entry: dict, built: Any, facts: dict) -> ArraySize:
    shape = tuple(entry.get("shape") or ())
    dtype = str(entry.get("dtype") or "")
    name = str(entry.get("name") or "array")
    if built is not None and np.ndim(built) >= 1:
        actual = np.asarray(built)
        rows = shape[0] if shape and _known(shape[0]) else \
            int(actual.shape[0] * float(facts.get("scale") or 1))
        full = (rows, *actual.shape[1:])
        return ArraySize(name, full, str(actual.dtype),
                         int(np.prod(full, dtype=object)) * actual.itemsize, "shape")
    if shape and all(_known(d) for d in shape) and not _dtype_known(dtype) \
            and entry.get("min_itemsize"):
        # The code states the shape (a reshape, an assert) but not the dtype: the claim is a
        # lower bound of `min_itemsize` bytes per element, measured as such.
        itemsize = int(entry["min_itemsize"])
        return ArraySize(f"{name} (dtype unknown: at least {itemsize} byte per element)", shape,
                         "uint8" if itemsize == 1 else f"V{itemsize}",
                         int(np.prod(shape, dtype=object)) * itemsize, "shape")
    if not shape or not all(_known(d) for d in shape) or not _dtype_known(dtype):
        return ArraySize(name, shape, dtype, None, "unknown")
    return ArraySize(name, shape, dtype,
                     int(np.prod(shape, dtype=object)) * np.dtype(dtype).itemsize, "shape")


def _known(dim: Any) -> bool:
    return isinstance(dim, int) and not isinstance(dim, bool) and dim > 0


def _dtype_known(dtype: str) -> bool:
    try:
        np.dtype(dtype)
    except TypeError:
        return False
    return bool(dtype)


def _file_size(path: str, facts: dict) -> ArraySize:
    """The bytes an `np.load` of the file puts in memory, from the .npy headers (an .npz's
    members too): only headers are read, never the data. os.stat when there is no header."""
    import os

    if not os.path.isabs(path):
        base = facts.get("source_dir") or (os.path.dirname(facts["path"])
                                           if facts.get("path") else None)
        if base is None:
            return ArraySize(path, (), "", None, "unknown")
        path = os.path.join(base, path)
    headers = _headers(path)
    if headers:
        total = sum(int(np.prod(shape, dtype=object)) * dtype.itemsize for shape, dtype in headers)
        shape = headers[0][0] if len(headers) == 1 else ()
        return ArraySize(path, tuple(shape), str(headers[0][1]), total, "header")
    try:
        size = os.stat(path).st_size
    except OSError:
        return ArraySize(path, (), "", None, "unknown")
    compressed = path.endswith(".npz")
    return ArraySize(path, (), "npz" if compressed else "npy", size, "file")


def _headers(path: str) -> list[tuple[tuple, np.dtype]]:
    """(shape, dtype) of every array in an .npy or .npz file, read from the headers alone."""
    import zipfile

    def read(handle) -> tuple[tuple, np.dtype]:
        version = np.lib.format.read_magic(handle)
        header = np.lib.format.read_array_header_1_0 if version == (1, 0) else \
            np.lib.format.read_array_header_2_0
        shape, _, dtype = header(handle)
        return tuple(shape), np.dtype(dtype)

    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                found = []
                for member in archive.namelist():
                    if member.endswith(".npy"):
                        with archive.open(member) as handle:
                            found.append(read(handle))
                return found
        with open(path, "rb") as handle:
            return [read(handle)]
    except (OSError, ValueError, zipfile.BadZipFile):
        return []


@dataclass
class MemoryRun:
    scale: float  # full size / scaled size
    scaled_bytes: int  # bytes of the arrays fed in the scaled run
    arrays_rss: int  # RSS growth from building them
    extra_rss: int  # RSS growth from the call under test (copies, adapters)
    copied_bytes: int = 0  # bytes the call holds in buffers of its own (checked by address)


def scaled_run(sizes: list[ArraySize], call: str) -> MemoryRun:
    """Feed ~32 MB of arrays shaped like the real ones through the call and measure RSS.

    RSS can only under-count here (TensorFlow's allocator reuses memory freed by earlier jobs),
    so the extrapolation never assumes less than the arrays themselves."""
    shaped = [s for s in sizes if s.bytes and s.shape]
    total = sum(s.bytes for s in shaped)
    if not shaped or total == 0:
        return MemoryRun(1.0, 0, 0, 0)
    scale = max(1.0, total / SCALED_BYTES)
    _feed([np.ones((2, *s.shape[1:]), dtype=s.dtype) for s in shaped], call)  # one-off costs
    before = resident_bytes()
    arrays = [_scaled_array(s, scale) for s in shaped]
    built = resident_bytes()
    copied = _feed(arrays, call)
    after = resident_bytes()
    scaled = sum(a.nbytes for a in arrays)
    return MemoryRun(total / max(scaled, 1), scaled, built - before, after - built, copied)


def _scaled_array(size: ArraySize, scale: float) -> np.ndarray:
    rows = max(1, int(size.shape[0] / scale))
    return np.ones((rows, *size.shape[1:]), dtype=size.dtype)  # ones: every page touched


def _feed(arrays: list[np.ndarray], call: str) -> int:
    """What the call does with in-memory arrays: from_tensor_slices converts them to tensors;
    fit/evaluate/predict go through Keras' array data adapter. Three batches are drawn.
    Returns the bytes the call copied into buffers of its own."""
    copied = 0
    if call == "from_tensor_slices":
        slices = tf.data.Dataset.from_tensor_slices(tuple(arrays))
        copied = _copied_bytes(arrays, getattr(slices, "_tensors", None))
        dataset = slices.batch(32)
    else:
        try:
            from keras.src.trainers.data_adapters import get_data_adapter
        except ImportError:  # Keras moved its private adapter: measure the arrays alone
            return 0
        x = arrays[0]
        y = arrays[1] if len(arrays) > 1 and len(arrays[1]) == len(x) else None
        adapter = get_data_adapter(x, y, batch_size=32, steps_per_epoch=None,
                                   shuffle=call == "fit")
        dataset = adapter.get_tf_dataset()
    iterator = iter(dataset)
    for _ in range(3):
        next(iterator, None)
    return copied


def _copied_bytes(arrays: list[np.ndarray], tensors: Any) -> int:
    """Bytes of the tensors whose buffer is not the NumPy array's: RSS alone can miss a copy
    when TensorFlow's allocator reuses memory an earlier job freed."""
    if not tensors:
        return 0
    copied = 0
    for array, tensor in zip(arrays, tensors):
        try:
            same = tensor.numpy().ctypes.data == array.ctypes.data
        except (AttributeError, ValueError):
            continue
        copied += 0 if same else array.nbytes
    return copied


def gigabytes(n: float) -> str:
    """Binary units, as the threshold option is given (1 GiB)."""
    for unit, size in (("GiB", 2 ** 30), ("MiB", 2 ** 20), ("KiB", 2 ** 10)):
        if n >= size:
            return f"{fmt(n / size)} {unit}"
    return f"{int(n)} bytes"


def judge_memory(namespace: dict, facts: dict, call: str) -> Verdict:
    """confirmed when the memory the call needs, extrapolated from a scaled run, is over the
    threshold; refuted when exact sizes put it under; inconclusive when sizes are unknown."""
    threshold = int(facts.get("threshold_bytes") or DEFAULT_THRESHOLD)
    sizes = array_sizes(namespace, facts)
    known = [s for s in sizes if s.bytes is not None]
    unknown = [s for s in sizes if s.bytes is None]
    if not known:
        raise Inconclusive("the array sizes are unknown (no static shape and dtype, no file to "
                           "stat)" if sizes else "the slice gave no arrays to measure")
    total = sum(s.bytes for s in known)
    run = scaled_run(known, call)
    factor = 1.0
    if run.scaled_bytes:
        measured = (run.arrays_rss + run.extra_rss) / run.scaled_bytes
        factor = max(measured, 1.0 + run.copied_bytes / run.scaled_bytes)
    needed = total * factor
    numbers = dict(array_bytes=total, threshold_bytes=threshold, memory_factor=factor,
                   extrapolated_bytes=needed, scale=run.scale,
                   scaled_array_bytes=run.scaled_bytes, scaled_extra_rss_bytes=run.extra_rss,
                   scaled_copied_bytes=run.copied_bytes,
                   exceeds_graph_limit=float(total > GRAPH_LIMIT))
    text = _memory_text(known, total, run, factor, needed, threshold, call)
    if needed >= threshold:
        return confirmed(text, **numbers)
    if unknown:
        return undecided(text + f"; the size of {unknown[0].name} is unknown, so the total may "
                         "be larger", **numbers)
    if any(s.dtype == "npz" for s in known):
        return undecided(text + "; an .npz file may be compressed: its arrays can be larger "
                         "than the file", **numbers)
    return refuted(text + f": under the threshold of {gigabytes(threshold)}, so holding them in "
                   "memory is fine here", **numbers)


def _memory_text(known: list[ArraySize], total: int, run: MemoryRun, factor: float,
                 needed: float, threshold: int, call: str) -> str:
    parts = [f"{s.name} {s.shape} {s.dtype} = {gigabytes(s.bytes)}" if s.source == "shape"
             else f"{s.name}: {gigabytes(s.bytes)} of arrays (its .npy headers)"
             if s.source == "header"
             else f"{s.name}: file of {gigabytes(s.bytes)} (os.stat)" for s in known]
    text = "; ".join(parts) + (f"; {gigabytes(total)} in all" if len(known) > 1 else "")
    if run.scaled_bytes:
        what = ("converted to tensors by from_tensor_slices" if call == "from_tensor_slices"
                else f"fed to {call} through Keras' array adapter")
        text += (f". A 1/{run.scale:.0f}" if run.scale >= 10 else f". A 1/{run.scale:.1f}")
        text += (f" run {what}: {gigabytes(run.scaled_bytes)} of arrays "
                 f"took {gigabytes(max(run.arrays_rss, 0))} resident plus "
                 f"{gigabytes(max(run.extra_rss, 0))} for the call")
        if run.copied_bytes:
            text += (f", and the dataset holds its own copy of {gigabytes(run.copied_bytes)} "
                     "(its tensor buffers are not the NumPy arrays')")
        text += f" (x{fmt(factor)})"
    text += (f"; extrapolated {gigabytes(needed)} resident vs the threshold of "
             f"{gigabytes(threshold)}")
    if call == "from_tensor_slices":
        over = "over" if total > GRAPH_LIMIT else "under"
        text += (f"; inside a tf.function or TF1 graph the arrays would be embedded as "
                 f"constants, {over} the 2 GiB protobuf limit")
    return text
