"""Warnings and log records raised during an experiment, captured so they can be evidence."""

from __future__ import annotations

import contextlib
import logging
import warnings
from dataclasses import dataclass, field
from typing import Iterator



@dataclass
class Captured:
    messages: list[str] = field(default_factory=list)

    def matching(self, text: str) -> list[str]:
        return [m for m in self.messages if text in m]


class _ListHandler(logging.Handler):
    def __init__(self, sink: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        self.sink.append(record.getMessage())


@contextlib.contextmanager
def capture_warnings() -> Iterator[Captured]:
    """Keras warns through `warnings`, TensorFlow through its logger: collect both."""
    captured = Captured()
    handler = _ListHandler(captured.messages)
    loggers = [logging.getLogger(name) for name in ("keras", "tensorflow", "absl")]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as records:
            warnings.simplefilter("always")
            yield captured
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
    captured.messages.extend(str(record.message) for record in records)
