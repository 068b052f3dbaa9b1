"""Options that several rules read under one key, defined once so they cannot drift apart."""

from keraslint.analysis.arrays import parse_size
from keraslint.rules.base import Option

LARGE_ARRAY_THRESHOLD = Option(
    "large-array-threshold", 2**30,
    "Total bytes of statically known array data in one call above which it is reported "
    "(an int, or a string such as \"1GiB\", \"512 MiB\", \"2GB\").", parse_size,
)
