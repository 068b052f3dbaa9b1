"""Facts any rule may ask for, computed lazily once per file. Imports LibCST only."""

from keraslint.analysis.facts import FileFacts
from keraslint.analysis.values import UNKNOWN

__all__ = ["FileFacts", "UNKNOWN"]
