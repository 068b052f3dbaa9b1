"""Statistics of activations that tell a harmful initialisation from a harmless one."""

from __future__ import annotations

from typing import Optional

import numpy as np



def as_samples(a: np.ndarray) -> np.ndarray:
    """(samples, units): every position of a feature map counts as a sample of its channels."""
    a = np.asarray(a, dtype="float64")
    return a.reshape(-1, a.shape[-1]) if a.ndim >= 2 else a.reshape(-1, 1)


def top_pc_share(a: np.ndarray) -> float:
    """Share of the variance along the first principal component (1.0 = one direction only)."""
    rows = as_samples(a)
    if rows.shape[1] < 2:
        return float("nan")
    rows = rows[:4096] - rows[:4096].mean(axis=0)
    singular = np.linalg.svd(rows, compute_uv=False)
    total = float(np.sum(singular ** 2))
    return float(singular[0] ** 2 / total) if total > 0 else 1.0


def dead_share(a: np.ndarray) -> float:
    """Units that never fire (never > 0) on the whole batch."""
    rows = as_samples(a)
    return float(np.mean(np.max(rows, axis=0) <= 0))


def saturated_share(a: np.ndarray, low: float, high: float) -> float:
    """Share of activations pinned at a bound (|tanh| > 0.99, sigmoid < 0.01 or > 0.99)."""
    rows = as_samples(a)
    span = high - low
    return float(np.mean((rows <= low + 0.01 * span) | (rows >= high - 0.01 * span)))


def activation_bounds(a: np.ndarray) -> Optional[tuple[float, float]]:
    """(low, high) when the values look like a bounded activation's output (tanh or sigmoid)."""
    lo, hi = float(np.min(a)), float(np.max(a))
    if lo >= -1.0 and hi <= 1.0 and lo < 0:
        return (-1.0, 1.0)
    if lo >= 0.0 and hi <= 1.0:
        return (0.0, 1.0)
    return None
