"""What an experiment returns: verdicts with finite measurements, short numbers for the
evidence, and the notes (stand-in inputs) a job's verdict must carry.
"""

from __future__ import annotations

import math
from typing import Any, Optional, TYPE_CHECKING

from keraslint.verifier.protocol import CONFIRMED, INCONCLUSIVE, REFUTED, Verdict

if TYPE_CHECKING:
    from keraslint.verifier.experiments import standin


class Inconclusive(Exception):
    """The namespace cannot show the fault; the message is the reason given to the user."""


# What an experiment assumed on its way (a stand-in input): said with its verdict, whatever it
# is. Both are reset by `run_experiment` before each job.
NOTES: list[str] = []
STAND_INS: dict[int, standin.StandIn] = {}


def start_job() -> None:
    NOTES.clear()
    STAND_INS.clear()


def noted(evidence: str) -> str:
    """The evidence with the job's notes appended, each once."""
    notes = [note for i, note in enumerate(NOTES) if note not in NOTES[:i]]
    return evidence + "".join(f" [{note}]" for note in notes)


def verdict(kind: str, evidence: str, **measurements: float) -> Verdict:
    numbers = {k: _number(v) for k, v in measurements.items() if v is not None}
    return Verdict(kind, evidence, {k: v for k, v in numbers.items() if v is not None})


def confirmed(evidence: str, **measurements: float) -> Verdict:
    return verdict(CONFIRMED, evidence, **measurements)


def refuted(evidence: str, **measurements: float) -> Verdict:
    return verdict(REFUTED, evidence, **measurements)


def undecided(evidence: str, **measurements: float) -> Verdict:
    return verdict(INCONCLUSIVE, evidence, **measurements)


def _number(value: Any) -> Optional[float]:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def fmt(value: float, digits: int = 3) -> str:
    """Short human number: 2.30, 0.0012, 9.4e+04."""
    if value is None or not math.isfinite(value):
        return str(value)
    if value != 0 and (abs(value) >= 1e4 or abs(value) < 1e-3):
        return f"{value:.2g}"
    if abs(value) >= 1:
        return f"{value:#.{digits}g}".rstrip(".")
    return f"{value:.{digits - 1}f}"


def percent(share: float) -> str:
    return f"{100 * share:.1f} %"
