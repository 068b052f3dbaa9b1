"""The KL101/KL102 judgement: a flagged initialisation against the default's, by activation
scale, collapse, dead or saturated units, initial loss and gradient norm.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Optional

import keras
import numpy as np
import tensorflow as tf

from keraslint.verifier.experiments.data import BATCH, SEED, inputs, rng
from keraslint.verifier.experiments.forward import (
    NORMALIZATION, block_after, kernel_of, predict, recording,
)
from keraslint.verifier.experiments.gradients import backing, watching
from keraslint.verifier.experiments.losses import (
    _default_loss, chance_loss, classes_of, compiled_loss, loss_kind, targets,
)
from keraslint.verifier.experiments.reinit import (
    _fans, default_initialised, flagged_layers, off_scale_layers,
)
from keraslint.verifier.experiments.statistics import (
    activation_bounds, dead_share, saturated_share, top_pc_share,
)
from keraslint.verifier.experiments.verdicts import (
    Inconclusive, confirmed, fmt, percent, refuted, undecided,
)
from keraslint.verifier.protocol import SLOT_INITIALIZER, SLOT_LOSS, SLOT_MODEL, Verdict


# Activation std over 2x (or under 1/2) the default-initialised twin's. The holdout programs'
# faults sat at 3.0-3.5x and were harmful; near-misses measure 0.9-1.1x. The upper bound widens
# by He's scale over Glorot's for the kernel (sqrt((fan_in + fan_out) / fan_in)): he_normal on a
# widening layer is a Keras default, not a fault.
STD_RATIO_FAR = 2.0
PC_SHARE_FAR = 0.8  # one direction carries > 80 % of the variance where the default gives < 50 %
PC_SHARE_NORMAL = 0.5
PC_SHARE_HIGH = 0.5  # ... or at least half of it, 3x the default's share (66 % vs 11 % seen)
PC_SHARE_RATIO = 3.0
GRAD_NOTE_RATIO = 5.0  # a refuted verdict mentions a kernel gradient 5x off the default's
DEAD_FAR = 0.5  # more than half the ReLU units never fire on the batch ...
SATURATED_FAR = 0.5  # ... or more than half the tanh/sigmoid activations sit at a bound ...
HEALTHY = 0.25  # ... while the default twin stays under a quarter ...
RESPONSIVE_RATIO = 4.0  # ... or its share still responsive is 4x the flagged one's (99 vs 61 %)
LOSS_FAR = 2.0  # initial loss more than twice max(default twin's loss, ln C)
GRAD_RATIO_FAR = 100.0  # kernel gradient norm 100x larger or smaller than the twin's


@dataclass
class Signals:
    """One forward pass statistic, flagged model vs default-initialised twin."""

    name: str
    flagged: Optional[float]
    default: Optional[float]


@dataclass
class InitReport:
    layer: str
    point: str  # the layer whose output was judged (the flagged one or its norm/activation)
    renormalised_by: Optional[str]
    probe: bool
    std: Signals
    pc: Signals
    dead: Signals
    saturated: Signals
    loss: Signals
    grad: Signals
    chance: Optional[float]
    isolated: list[str] = field(default_factory=list)  # other off-scale layers reset in both runs
    he_allowance: float = 1.0  # He's kernel std over Glorot's for the flagged kernel's fans
    far: list[str] = field(default_factory=list)

    def measurements(self) -> dict[str, Optional[float]]:
        numbers: dict[str, Optional[float]] = {"chance_loss": self.chance,
                                               "other_kernels_reset": len(self.isolated)}
        for signal in (self.std, self.pc, self.dead, self.saturated, self.loss, self.grad):
            numbers[signal.name] = signal.flagged
            numbers[signal.name + "_default"] = signal.default
        return numbers


def measure_initialisation(namespace: dict, facts: dict) -> InitReport:
    """Forward (and one backward) pass of the model as written and with Keras' default kernel
    initializer on the flagged layers, judged where the next weighted layer reads the signal.
    Other off-scale kernels get the default in both runs, so the comparison isolates this one."""
    model, layers, probe = _init_subject(namespace, facts)
    target = layers[0]
    block = block_after(target)
    point = block[-1] if block else target
    x = inputs(namespace, facts, model) if not probe else _probe_inputs(facts, model)
    loss = namespace.get(SLOT_LOSS)
    others = [] if probe else off_scale_layers(model, layers)
    with default_initialised(others, seed=SEED + len(layers)):
        flagged = _init_pass(model, target, point, x, loss, namespace, facts)
        with default_initialised(layers):
            default = _init_pass(model, target, point, x, loss, namespace, facts)
    norm = next((type(b).__name__ for b in block if type(b).__name__ in NORMALIZATION), None)
    report = InitReport(
        layer=target.name, point=point.name, renormalised_by=norm, probe=probe,
        std=Signals("activation_std", flagged["std"], default["std"]),
        pc=Signals("top_pc_share", flagged["pc"], default["pc"]),
        dead=Signals("dead_share", flagged.get("dead"), default.get("dead")),
        saturated=Signals("saturated_share", flagged.get("sat"), default.get("sat")),
        loss=Signals("initial_loss", flagged.get("loss"), default.get("loss")),
        grad=Signals("kernel_grad_norm", flagged.get("grad"), default.get("grad")),
        chance=flagged.get("chance"), isolated=[layer.name for layer in others],
        he_allowance=_he_over_glorot(kernel_of(target).shape))
    report.far = _far_signals(report)
    return report


def _init_subject(namespace: dict, facts: dict) -> tuple[Any, list, bool]:
    model = namespace.get(SLOT_MODEL)
    if model is not None:
        layers = flagged_layers(namespace, model)
        if layers:
            return model, layers, False
    initializer = namespace.get(SLOT_INITIALIZER)
    if initializer is None:
        raise Inconclusive("the slice produced neither the flagged layer nor the initializer")
    return _probe_model(initializer, facts)


def _probe_model(initializer: Any, facts: dict) -> tuple[Any, list, bool]:
    """A Dense(128) layer with the flagged initializer in a small classifier: used when the slice
    could not build the user's model but did build the initializer."""
    activation = facts.get("layer_activation") or "relu"
    classes = int(facts.get("num_classes") or 10)
    units, shape = 128, _probe_shape(facts)
    if not callable(initializer):  # a tf.Variable's initial value: a tensor of a fixed shape
        fixed = tuple(getattr(initializer, "shape", ()))
        if len(fixed) != 2 or not all(isinstance(d, int) and d > 0 for d in fixed):
            raise Inconclusive(f"the flagged weight's initial value has shape {fixed}: the slice "
                               "built neither the layer it belongs to nor a probe of that shape")
        shape, units = (fixed[0],), fixed[1]
        initializer = keras.initializers.Constant(np.asarray(initializer))
    hidden = keras.layers.Dense(units, activation=activation, kernel_initializer=initializer,
                                name="probe_dense")
    model = keras.Sequential([keras.Input(shape), keras.layers.Flatten(), hidden,
                              keras.layers.Dense(classes, activation="softmax")])
    return model, [hidden], True


def _probe_shape(facts: dict) -> tuple:
    shape = facts.get("input_shape")
    if shape and all(isinstance(d, int) and d > 0 for d in shape):
        return tuple(shape)
    return (64,)


def _probe_inputs(facts: dict, model: Any = None) -> np.ndarray:
    shape = tuple(model.inputs[0].shape[1:]) if model is not None else _probe_shape(facts)
    return rng(10).standard_normal((BATCH, *shape)).astype("float32")


def _init_pass(model: Any, target: Any, point: Any, x: Any, loss: Any, namespace: dict,
               facts: dict) -> dict:
    """One forward pass under a tape watching only the flagged kernel: the judged layer's
    output, the loss and the kernel's gradient all come from it (a pass of a small CNN on 64
    images costs ~0.08 s; this used to take three)."""
    kernel = backing(kernel_of(target))
    with watching([kernel]) as tape, recording([point]) as outputs:
        out = predict(model, x, tensor=True)
        scored = _scored(loss, out, namespace, facts)
    if id(point) not in outputs:
        raise Inconclusive(f"layer {point.name!r} was not used by the model's forward pass")
    seen = np.asarray(outputs[id(point)])
    stats: dict[str, Optional[float]] = {"std": float(np.std(seen)), "pc": top_pc_share(seen)}
    bounds = activation_bounds(seen)
    if float(np.min(seen)) >= 0 and bounds is None:
        stats["dead"] = dead_share(seen)
    if bounds is not None:
        stats["sat"] = saturated_share(seen, *bounds)
    if scored is not None:
        value, chance = scored
        try:
            grad = tape.gradient(value, kernel)
        except Exception:  # noqa: BLE001 - a loss that cannot run here only costs this signal
            return stats
        stats.update(loss=float(np.mean(np.asarray(value))), chance=chance,
                     grad=0.0 if grad is None else float(tf.norm(tf.convert_to_tensor(grad))))
    return stats


def _scored(loss: Any, out: Any, namespace: dict, facts: dict) -> Optional[tuple[Any, float]]:
    """(loss tensor on the taped output, ln C), or None when no loss applies or it fails."""
    values = np.asarray(out)
    loss = loss if loss is not None else _default_loss(values)
    if loss is None:
        return None
    y = targets(namespace, facts, values, loss_kind(loss, facts))
    try:
        value = compiled_loss(loss, y, values)(y, out)
    except Exception:  # noqa: BLE001 - a loss that cannot run here only costs this signal
        return None
    return value, chance_loss(classes_of(values, facts))


def _he_over_glorot(shape: tuple) -> float:
    """How much larger He's kernel std is than Glorot's for these fans (>= 1)."""
    if len(shape) < 2:
        return 1.0
    fan_in, fan_out = _fans(tuple(shape))
    return math.sqrt((fan_in + fan_out) / fan_in)


def _far_signals(r: InitReport) -> list[str]:
    far = []
    if _both(r.std) and r.std.default > 0:
        ratio = r.std.flagged / r.std.default
        if ratio > STD_RATIO_FAR * r.he_allowance or ratio < 1 / STD_RATIO_FAR:
            far.append("std")
    if _both(r.pc) and _collapsed(r.pc.flagged, r.pc.default):
        far.append("pc")
    if _both(r.dead) and _much_worse(r.dead.flagged, r.dead.default, DEAD_FAR):
        far.append("dead")
    if _both(r.saturated) and _much_worse(r.saturated.flagged, r.saturated.default,
                                          SATURATED_FAR):
        far.append("saturated")
    if _both(r.loss) and r.loss.flagged > LOSS_FAR * max(r.loss.default, r.chance or 0):
        far.append("loss")
    if _both(r.grad) and r.grad.default > 0:
        ratio = r.grad.flagged / r.grad.default
        if ratio > GRAD_RATIO_FAR or ratio < 1 / GRAD_RATIO_FAR:
            far.append("grad")
    return far


def _collapsed(flagged: float, default: float) -> bool:
    """Most of the variance on one direction where the default spreads it, or half of it and
    3x the default's share."""
    return (flagged > PC_SHARE_FAR and default < PC_SHARE_NORMAL) \
        or (flagged >= PC_SHARE_HIGH and flagged >= PC_SHARE_RATIO * default)


def _much_worse(flagged: float, default: float, far: float) -> bool:
    """Most units dead or saturated, where the twin has few, or 4x more still responsive."""
    return flagged > far and (default < HEALTHY
                              or (1 - flagged) * RESPONSIVE_RATIO <= 1 - default)


def _both(signal: Signals) -> bool:
    return signal.flagged is not None and signal.default is not None \
        and math.isfinite(signal.flagged) and math.isfinite(signal.default)


def describe_initialisation(r: InitReport) -> str:
    """Every measured comparison, the far ones first, as one evidence sentence."""
    where = f"output of {r.point!r}" if r.point == r.layer \
        else f"output of {r.point!r} (after {r.layer!r})"
    if r.probe:
        where += " in a probe classifier (the slice did not build the model's flagged layer)"
    parts = []
    if _both(r.std):
        parts.append(f"activation std {fmt(r.std.flagged)} vs {fmt(r.std.default)} "
                     f"with glorot_uniform ({fmt(r.std.flagged / max(r.std.default, 1e-12))}x)")
    if _both(r.pc):
        parts.append(f"top principal component carries {percent(r.pc.flagged)} of the variance "
                     f"vs {percent(r.pc.default)}")
    if _both(r.dead):
        parts.append(f"{percent(r.dead.flagged)} of ReLU units never fire vs "
                     f"{percent(r.dead.default)}")
    if _both(r.saturated):
        parts.append(f"{percent(r.saturated.flagged)} of activations saturated vs "
                     f"{percent(r.saturated.default)}")
    if _both(r.loss):
        parts.append(f"initial loss {fmt(r.loss.flagged)} vs {fmt(r.loss.default)} "
                     f"(ln C = {fmt(r.chance)})")
    if _both(r.grad):
        parts.append(f"kernel gradient norm {fmt(r.grad.flagged)} vs {fmt(r.grad.default)}")
    text = f"{where}: " + "; ".join(parts)
    if r.isolated:
        names = ", ".join(repr(name) for name in r.isolated[:4])
        more = f" and {len(r.isolated) - 4} more" if len(r.isolated) > 4 else ""
        text += (f" (the off-scale kernels of {names}{more} were set to glorot_uniform in both "
                 "runs, to isolate this initializer)")
    return text


def judge_initialisation(namespace: dict, facts: dict) -> Verdict:
    """confirmed when any signal is far from the default twin; refuted when all are close.

    A probe classifier (the slice built the initializer but not the model's layer) measures the
    initializer, not the kernel the model trains with, which the program may replace
    (`set_weights`, `load_weights`) or use at another depth: the claim's own premise was
    replaced, so the verdict is inconclusive whatever the probe shows."""
    report = measure_initialisation(namespace, facts)
    evidence = describe_initialisation(report)
    numbers = report.measurements()
    if report.probe:
        found = ("far from the default in " + ", ".join(FAR_NAMES[f] for f in report.far)) \
            if report.far else "close to the default"
        return undecided(evidence + f". The probe is {found}, but it is a stand-in: the slice "
                         "did not build the model's own layer, so the kernel this model trains "
                         "with (and whether the program replaces it) was not measured",
                         **numbers)
    if report.far:
        return confirmed(evidence + ". " + _why_far(report), **numbers)
    reason = "the flagged layers behave like default-initialised ones within the thresholds"
    if report.renormalised_by:
        reason = f"the {report.renormalised_by} right after renormalises the signal"
    return refuted(evidence + f". Harmless here: {reason} ({_std_band(report)}, "
                   f"no collapsed, dead or saturated units, loss near the default's)"
                   + _gradient_note(report), **numbers)


def _std_band(r: InitReport) -> str:
    high = STD_RATIO_FAR * r.he_allowance
    if r.he_allowance > 1.05:
        return (f"std between {fmt(1 / STD_RATIO_FAR)}x and {fmt(high)}x the default's, "
                "He's scale allowed")
    return f"std within {STD_RATIO_FAR:g}x of the default's"


def _gradient_note(r: InitReport) -> str:
    """A refuted verdict still says when the kernel's gradient is notably off: behind a
    normalisation that only slows the layer's learning (its output is scale-invariant)."""
    if not _both(r.grad) or r.grad.default <= 0 or r.grad.flagged <= 0:
        return ""
    ratio = r.grad.flagged / r.grad.default
    if 1 / GRAD_NOTE_RATIO <= ratio <= GRAD_NOTE_RATIO:
        return ""
    size = f"{fmt(1 / ratio)}x smaller" if ratio < 1 else f"{fmt(ratio)}x larger"
    return (f"; note the kernel gradient is {size} than the default's (under the threshold of "
            f"{GRAD_RATIO_FAR:g}x): that layer learns at a different pace")


FAR_NAMES = {"std": "activation scale", "pc": "collapse onto one direction",
             "dead": "dead ReLU units", "saturated": "saturated activations",
             "loss": "initial loss", "grad": "gradient scale"}


def _why_far(r: InitReport) -> str:
    text = "Far from the default: " + ", ".join(FAR_NAMES[f] for f in r.far)
    if r.renormalised_by and "std" not in r.far:
        text += (f" ({r.renormalised_by} right after fixes the scale, not "
                 + ("the shared direction" if "pc" in r.far else "this") + ")")
    return text
