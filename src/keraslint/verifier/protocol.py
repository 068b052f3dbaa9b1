"""What the parent sends the child and what comes back: JSON lines, one job per finding.

The parent (LibCST only) builds a `Job`: the finding, a sliced program and static facts. The
child (the only place TensorFlow is imported) runs the program in a fresh namespace; the
program leaves its results under the `SLOT_*` names below, and the rule's experiment turns
them into a `Verdict`.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Optional

CONFIRMED, REFUTED, INCONCLUSIVE = "confirmed", "refuted", "inconclusive"
VERDICTS = (CONFIRMED, REFUTED, INCONCLUSIVE)

# Names a sliced program binds for the experiment (absent when the slice could not build it).
SLOT_MODEL = "__keraslint_model__"  # the Keras model the finding is about
SLOT_LOSS = "__keraslint_loss__"  # the loss as the user wrote it (string, object or function)
SLOT_X = "__keraslint_x__"  # a small batch of inputs (synthetic, or the user's own preparation)
SLOT_Y = "__keraslint_y__"  # the matching labels, encoded as the user's code encodes them
SLOT_INITIALIZER = "__keraslint_initializer__"  # KL1xx: the flagged initializer object
SLOT_LAYER = "__keraslint_layer__"  # KL1xx/KL203: the flagged layer object (in SLOT_MODEL)
# KL807/KL810/KL811: the layer the flagged one feeds (the second Dense, the BatchNormalization)
SLOT_PARTNER = "__keraslint_partner__"
SLOT_ARRAYS = "__keraslint_arrays__"  # KL3xx: {name: array} scaled down by `facts["scale"]`
SLOT_OPTIMIZER_FACTORY = "__keraslint_optimizer_factory__"  # KL405: `lambda: <the optimizer>`


@dataclass
class Job:
    id: str
    code: str
    path: str
    line: int
    message: str
    program: str  # Python source, already sliced; exec'd in a temporary directory
    facts: dict[str, Any] = field(default_factory=dict)  # static facts the experiment needs
    seconds: float = 30.0  # time limit for this job (the parent enforces it)
    memory_mb: int = 4096  # memory limit for this job (the child enforces it)

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> "Job":
        return cls(**json.loads(text))


@dataclass
class Verdict:
    verdict: str  # one of VERDICTS
    evidence: str  # the numbers, with the comparison that makes them meaningful
    measurements: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0
    id: Optional[str] = None

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> "Verdict":
        return cls(**json.loads(text))

    def as_finding_field(self) -> dict[str, Any]:
        """The `verification` object of a finding in every output format."""
        return {"verdict": self.verdict, "evidence": self.evidence,
                "measurements": self.measurements, "seconds": round(self.seconds, 3)}


def inconclusive(reason: str, seconds: float = 0.0) -> Verdict:
    return Verdict(INCONCLUSIVE, reason, {}, seconds)
