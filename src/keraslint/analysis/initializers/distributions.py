"""Distributions: what an initializer draws, and the judgements the rules share about it.

A `Distribution` keeps the mean and spread when the code fixes them, and only the scale-free
ratio |mean| / std when a run-time factor multiplies a sampler (`np.sqrt(2 / fan_in)`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Optional

NORMAL = "normal"

UNIFORM = "uniform"

CONSTANT = "constant"

SCALED = "scaled"  # Glorot/He/LeCun/VarianceScaling/Orthogonal/Identity: fan-based, zero-mean

TRUNCATED_STD = 0.8796  # std of a normal truncated at two standard deviations, per unit stddev


@dataclass(frozen=True)
class Distribution:
    """What an initializer draws. `mean`/`std` are None when only their ratio is known
    (a sampler multiplied by a run-time factor such as `np.sqrt(2 / fan_in)`)."""

    kind: str
    mean: Optional[float] = None
    std: Optional[float] = None
    low: Optional[float] = None
    high: Optional[float] = None
    ratio: Optional[float] = None  # |mean| / std, scale-free
    display: str = ""
    # The `stddev=` parameter as written (a truncated normal's real spread is 0.88x smaller):
    # thresholds users read as "stddev >= 1" compare against this.
    stddev: Optional[float] = None

    @property
    def written_std(self) -> Optional[float]:
        return self.stddev if self.stddev is not None else self.std

    @property
    def scale_known(self) -> bool:
        return self.mean is not None and self.std is not None

    def describe_mean(self) -> str:
        return _fmt(self.mean)

    def describe_values(self) -> str:
        """'mean 5 and standard deviation 0.05', for messages."""
        if self.kind == UNIFORM and self.low is not None and self.high is not None:
            return (f"a uniform range [{_fmt(self.low)}, {_fmt(self.high)}] (mean "
                    f"{_fmt(self.mean)}, standard deviation {_fmt(self.std)})")
        if self.scale_known:
            return f"mean {_fmt(self.mean)} and standard deviation {_fmt(self.std)}"
        return f"a {self.kind} distribution of run-time scale"


def _fmt(value: Optional[float]) -> str:
    if value is None:
        return "?"
    return f"{value:.3g}"


def normal_dist(mean: float, std: float, stddev: Optional[float] = None) -> Distribution:
    """`stddev` is the parameter as written, when truncation makes the real spread smaller."""
    if std == 0:
        return Distribution(CONSTANT, mean=mean, std=0.0, low=mean, high=mean)
    return Distribution(NORMAL, mean=mean, std=std, ratio=abs(mean) / std,
                        stddev=std if stddev is None else stddev)


def uniform_dist(low: float, high: float) -> Distribution:
    low, high = min(low, high), max(low, high)
    if low == high:
        return Distribution(CONSTANT, mean=low, std=0.0, low=low, high=low)
    mean, std = (low + high) / 2, (high - low) / math.sqrt(12)
    return Distribution(UNIFORM, mean=mean, std=std, low=low, high=high, ratio=abs(mean) / std)


def scaled(dist: Distribution, factor: Optional[float], zero_ok: bool = True) -> Optional[Distribution]:
    """`dist * factor`; an unknown factor keeps the kind and the mean/spread ratio only."""
    if factor is None:
        if dist.kind == CONSTANT:
            return Distribution(CONSTANT)
        return Distribution(dist.kind, ratio=dist.ratio)
    if factor == 0:
        return Distribution(CONSTANT, mean=0.0, std=0.0, low=0.0, high=0.0) if zero_ok else None
    if not dist.scale_known:
        return dist
    low = dist.low * factor if dist.low is not None else None
    high = dist.high * factor if dist.high is not None else None
    if low is not None and high is not None and low > high:
        low, high = high, low
    return replace(dist, mean=dist.mean * factor, std=dist.std * abs(factor), low=low, high=high)


def shifted(dist: Distribution, offset: float) -> Optional[Distribution]:
    if not dist.scale_known:
        return None
    mean = dist.mean + offset
    low = dist.low + offset if dist.low is not None else None
    high = dist.high + offset if dist.high is not None else None
    ratio = abs(mean) / dist.std if dist.std else None
    return replace(dist, mean=mean, low=low, high=high, ratio=ratio)



# -- judgements shared by the rules --------------------------------------------------------------
OFF_CENTER_RATIO = 1.0  # |mean| >= std: the rank-one mean part of a kernel outweighs its noise
OFF_CENTER_MIN_MEAN = 1e-3


def is_off_center(dist: Optional[Distribution], ratio: float = OFF_CENTER_RATIO,
                  min_abs_mean: float = OFF_CENTER_MIN_MEAN) -> bool:
    """A distribution whose mean is at least `ratio` times its spread: a non-zero constant
    (no spread at all), or a random one.

    Why `ratio` 1: an n x m kernel with mean mu and noise sigma has a rank-one part of norm
    mu*sqrt(n*m) and a random part of norm about sigma*(sqrt(n) + sqrt(m)); at mu >= sigma the
    rank-one part dominates in every layer wider than a handful of units.
    """
    if dist is not None and dist.kind == CONSTANT:
        return dist.mean is not None and abs(dist.mean) >= min_abs_mean
    if dist is None or dist.kind not in (NORMAL, UNIFORM) or dist.ratio is None:
        return False
    if dist.mean is not None and abs(dist.mean) < min_abs_mean:
        return False
    return dist.ratio >= ratio


def format_ratio(ratio: float) -> str:
    return f"{ratio:.0f}" if ratio >= 10 else f"{ratio:.1f}"
