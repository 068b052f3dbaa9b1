"""KL301/KL302 on `np.load(path)` of a file the verifier does not have (we never have the user's
data), or whose path is only known at run time (an argparse value, an f-string): the finding's
claim is about `np.load` without `mmap_mode`, whatever the file, so its mechanism is shown on a
synthetic file instead. `np.load` without
`mmap_mode` reads the whole file into memory, `mmap_mode="r"` only maps it; `from_tensor_slices`
copies the loaded array into a tensor of its own, a generator over the memory map does not.

The test file is sparse (its header and a hole), so writing it costs nothing; reading it still
fills every page of the array. It lives in a temporary directory (the job's, in the child).
"""

from __future__ import annotations

import math
import os
import re
import tempfile
from dataclasses import dataclass
from typing import Optional

import numpy as np

from keraslint.verifier.experiments.memory import gigabytes, resident_bytes
from keraslint.verifier.experiments.verdicts import Inconclusive, undecided
from keraslint.verifier.protocol import Verdict

DEMO_BYTES = 64 * 2 ** 20  # above glibc's largest mmap threshold (32 MiB): a fresh mapping
DEFAULT_ROW = (1024,)  # a row of the test array when the static facts give no shape
BATCH_ROWS = 32  # rows read from the memory map / drawn from the datasets
HELD = 0.5  # an RSS growth over half the test file counts as holding it in memory


@dataclass
class LoadRun:
    file_bytes: int
    shape: tuple
    dtype: str
    load_rss: int  # resident growth of np.load(path)
    mmap_rss: int  # ... of np.load(path, mmap_mode="r") plus reading one batch
    in_memory: bool  # np.load returned an ordinary ndarray, not a memmap
    slices_rss: Optional[int] = None  # from_tensor_slices on the loaded array, after one batch
    slices_peak: Optional[int] = None  # ... right after the conversion
    slices_copied: Optional[bool] = None  # its tensor buffer is not the NumPy array's
    generator_rss: Optional[int] = None  # from_generator over the memmap, after one batch


MESSAGE_KEY = "finding_message"  # the finding's message, added to the facts by the child
_LOAD_IN_MESSAGE = re.compile(r"`((?:\w+\.)*load\(.*?\)(?:\[[^`]*\])?)`")


def whole_load(facts: dict) -> Optional[str]:
    """What the finding loads whole, when the verifier cannot measure its size: a missing file,
    or an `np.load` whose path the static facts do not know. None when the sizes can be
    measured: shapes the code states (a reshape or an assert), or a file that is here."""
    if _sizes_known(facts):
        return None
    missing = missing_file(facts)
    if missing is not None:
        return missing
    if facts.get("np_load_path") or _sizes_known(facts):
        return None
    call = facts.get("np_load_call") or _load_in_message(facts.get(MESSAGE_KEY) or "")
    return str(call) if call and "mmap_mode" not in str(call) else None


def _sizes_known(facts: dict) -> bool:
    if facts.get("total_bytes"):
        return True
    for entry in facts.get("arrays") or []:
        shape = entry.get("shape")
        if (entry.get("dtype") or entry.get("min_itemsize")) and shape \
                and all(isinstance(d, int) and d > 0 for d in shape):
            return True
    return False


def _load_in_message(message: str) -> Optional[str]:
    """`np.load(features_path)` as the KL301/KL302 message quotes it."""
    match = _LOAD_IN_MESSAGE.search(message)
    return match.group(1) if match else None


def missing_file(facts: dict) -> Optional[str]:
    """The `np.load` path of the finding when that file is not available here, else None."""
    path = facts.get("np_load_path")
    if not path:
        return None
    path = str(path)
    if not os.path.isabs(path):
        base = facts.get("source_dir") or (os.path.dirname(facts["path"])
                                           if facts.get("path") else None)
        if base is None:
            return path
        path = os.path.join(base, path)
    return None if os.path.exists(path) else str(facts["np_load_path"])


def demonstrate(facts: dict, call: str) -> Verdict:
    """Always inconclusive: the claim is that *this* array is large, and its size is exactly
    what is unknown here; the stand-in file only shows the mechanism (np.load without mmap_mode
    holds the whole file, from_tensor_slices adds a copy), which is stated as such."""
    name = whole_load(facts)
    dtype, row = _layout(facts)
    with tempfile.TemporaryDirectory(prefix="keraslint-np-load-") as directory:
        run = _measure(os.path.join(directory, "probe.npy"), dtype, row, call)
    if not run.in_memory:
        raise Inconclusive(f"np.load returned a {dtype} memory map here, not an in-memory array")
    text = _evidence(run, name, call)
    numbers = dict(demo_file_bytes=run.file_bytes, np_load_rss_bytes=run.load_rss,
                   mmap_rss_bytes=run.mmap_rss, from_tensor_slices_rss_bytes=run.slices_rss,
                   from_tensor_slices_peak_rss_bytes=run.slices_peak,
                   from_tensor_slices_copied=None if run.slices_copied is None
                   else float(run.slices_copied),
                   from_generator_rss_bytes=run.generator_rss)
    return undecided(text, **numbers)


def _layout(facts: dict) -> tuple[str, tuple]:
    """dtype and row shape of the loaded array when the static facts know them, else float32
    rows of 1024."""
    for entry in facts.get("arrays") or []:
        shape, dtype = entry.get("shape"), entry.get("dtype")
        if not dtype or not shape or len(shape) < 2:
            continue
        row = tuple(shape[1:])
        if all(isinstance(d, int) and d > 0 for d in row):
            try:
                return np.dtype(dtype).name, row
            except TypeError:
                continue
    return "float32", DEFAULT_ROW


def _measure(path: str, dtype: str, row: tuple, call: str) -> LoadRun:
    row_bytes = np.dtype(dtype).itemsize * math.prod(row)
    shape = (max(1, DEMO_BYTES // row_bytes), *row)
    _write_sparse(path, dtype, shape)
    before = resident_bytes()
    loaded = np.load(path)
    loaded_at = resident_bytes()
    mapped = np.load(path, mmap_mode="r")
    np.asarray(mapped[:BATCH_ROWS]).sum()
    run = LoadRun(os.path.getsize(path), shape, dtype, loaded_at - before,
                  resident_bytes() - loaded_at, not isinstance(loaded, np.memmap))
    if call == "from_tensor_slices":
        _measure_slices(run, loaded, mapped)
    del loaded, mapped
    return run


def _write_sparse(path: str, dtype: str, shape: tuple) -> None:
    """A valid .npy of that shape whose data is a hole: nothing is written or held."""
    mapped = np.lib.format.open_memmap(path, mode="w+", dtype=dtype, shape=shape)
    del mapped


def _measure_slices(run: LoadRun, loaded: np.ndarray, mapped: np.memmap) -> None:
    import tensorflow as tf

    start = resident_bytes()
    slices = tf.data.Dataset.from_tensor_slices(loaded)
    run.slices_peak = resident_bytes() - start
    tensors = getattr(slices, "_tensors", None) or []
    run.slices_copied = bool(tensors) and \
        tensors[0].numpy().ctypes.data != loaded.ctypes.data
    next(iter(slices.batch(BATCH_ROWS)))
    run.slices_rss = resident_bytes() - start
    start = resident_bytes()
    rows = tf.data.Dataset.from_generator(
        lambda: iter(mapped), output_signature=tf.TensorSpec(mapped.shape[1:], mapped.dtype))
    next(iter(rows.batch(BATCH_ROWS)))
    run.generator_rss = resident_bytes() - start
    del slices, tensors, rows


def _evidence(run: LoadRun, name: str, call: str) -> str:
    size = gigabytes(run.file_bytes)
    text = (f"np.load without mmap_mode read all of a {size} test file ({run.dtype} "
            f"{run.shape}) into memory (+{gigabytes(max(run.load_rss, 0))} resident) vs "
            f"+{gigabytes(max(run.mmap_rss, 0))} with mmap_mode='r' (reading a batch of "
            f"{BATCH_ROWS} rows)")
    double = False
    if call == "from_tensor_slices" and run.slices_rss is not None:
        held = run.slices_rss >= HELD * run.file_bytes or bool(run.slices_copied)
        double = held
        text += ("; from_tensor_slices on the loaded array then held a copy of its own "
                 if held else "; from_tensor_slices on the loaded array added ")
        text += (f"(+{gigabytes(max(run.slices_rss, 0))} resident after the first batch, "
                 f"+{gigabytes(max(run.slices_peak or 0, 0))} at the conversion"
                 + ("; its tensor buffer is not the NumPy array's" if run.slices_copied else "")
                 + f") vs +{gigabytes(max(run.generator_rss or 0, 0))} for from_generator "
                 "over the memory map")
    growth = "x2 with it (the loaded array plus the dataset's copy)" if double else "1:1 with it"
    where = f"`{name}` itself is not available here" if not name.endswith(")") else \
        f"The path of `{name}` is only known at run time"
    return (f"Measured on a stand-in file: {text}. {where}, so its size, the claim's own "
            f"premise, is unknown: memory grows {growth}, but whether it is large was not "
            "measured")
