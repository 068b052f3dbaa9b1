"""Test hook (on PYTHONPATH for a CLI subprocess): LibCST's parser "segfaults" on any source
containing the marker below, as the real one does on inputs too deep for its stack.

The screening keeps real crash inputs away from LibCST, so the tests need a stand-in to show
what happens when the parser dies anyway: the file is lost, never the run."""

import ctypes

import libcst

MARKER = b"SEGFAULT-IN-LIBCST"
_parse_module = libcst.parse_module


def parse_module(source, *args, **kwargs):
    data = source if isinstance(source, bytes) else source.encode()
    if MARKER in data:
        ctypes.string_at(0)  # SIGSEGV
    return _parse_module(source, *args, **kwargs)


libcst.parse_module = parse_module
