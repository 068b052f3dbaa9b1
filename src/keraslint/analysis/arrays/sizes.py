"""Byte sizes as users write them in options (`"1GiB"`, `"512 MB"`) and as messages show them."""

from __future__ import annotations

import re
from typing import Any

_UNITS = {
    "": 1, "b": 1,
    "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12,
    "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40,
}


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?|\.\d+)\s*([a-zA-Z]*)\s*$")



def parse_size(value: Any) -> int:
    """Bytes from an int or a string like `"1GiB"`, `"512 MiB"`, `"2GB"` (GB = 10**9 bytes)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(f"expected a size such as 1073741824, \"1GiB\" or \"512 MiB\", got {value!r}")
    if isinstance(value, (int, float)):
        number, unit = float(value), ""
    else:
        match = _SIZE.match(value)
        if match is None or match.group(2).lower() not in _UNITS:
            raise ValueError(
                f"invalid size {value!r}: use a number of bytes or a number with one of the units "
                "B, KB, MB, GB, TB (powers of 1000) or KiB, MiB, GiB, TiB (powers of 1024)"
            )
        number, unit = float(match.group(1)), match.group(2).lower()
    size = int(number * _UNITS[unit])
    if size <= 0:
        raise ValueError(f"invalid size {value!r}: must be positive")
    return size


def format_size(nbytes: int) -> str:
    """`1.1 TiB`, `47.0 MiB`: binary units, one decimal."""
    size = float(nbytes)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if size < 1024 or unit == "TiB":
            if unit == "B":
                return f"{int(size)} B"
            text = f"{size:.1f}"
            return f"{text[:-2] if text.endswith('.0') else text} {unit}"
        size /= 1024
    raise AssertionError("unreachable")

