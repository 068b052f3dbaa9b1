"""KL202 logits into a probability loss: a linear output read by a cross-entropy that keeps
`from_logits=False` (string losses included). Keras then clips the raw scores into [eps, 1-eps]
(and rescales categorical rows by their sum), so negative scores cost -ln(1e-7) = 16.1 each and
the gradient is zero wherever the clip bites; Keras gives no warning. The experiment compares the
initial loss as written with ln(C), a uniform guess, and with the same loss told from_logits=True,
and reports the output range and row sums.

Untrained outputs can happen to lie in [0, 1] (a small Dense(1) after an Embedding): the outputs
count as probabilities only if they stay so when the inputs are scaled x10 and x100 and the output
layer's kernel x100 and bias -5 (a softmax or sigmoid at the end keeps them there; a linear output
is unbounded)."""

from __future__ import annotations

from typing import Any, Optional

import numpy as np

from keraslint.verifier.experiments.capture import capture_warnings
from keraslint.verifier.experiments.data import inputs
from keraslint.verifier.experiments.forward import predict
from keraslint.verifier.experiments.loss_pairs import (
    loss_pair_step, not_probabilities, probe_bounds, traced,
)
from keraslint.verifier.experiments.losses import (
    chance_loss, chance_text, classes_of, loss_config, loss_kind, loss_name, targets,
    with_from_logits,
)
from keraslint.verifier.experiments.namespace import loss_of, model_of
from keraslint.verifier.experiments.verdicts import confirmed, fmt, refuted
from keraslint.verifier.protocol import Verdict

LOSS_FAR = 1.5  # the loss as written more than 1.5x ln(C) counts as far from a uniform guess


def run(namespace: dict, facts: dict) -> Verdict:
    model, written = model_of(namespace), loss_of(namespace)
    if loss_config(written).get("from_logits") is True:
        return refuted(f"the loss {loss_name(written)} has from_logits=True: the logits are "
                       "read as logits")
    x = inputs(namespace, facts, model)
    out = predict(model, x)
    kind = loss_kind(written, facts)
    range_text = _range(out)
    probed: Optional[tuple[str, str, np.ndarray]] = None
    if not not_probabilities(out, kind):
        probe = probe_bounds(model, x, kind)
        if probe.broken is None:
            return refuted(f"the outputs are probabilities after all ({range_text}; still "
                           f"{_range(probe.widest)} at the widest for {probe.tried}): "
                           "from_logits=False is right for them", **_range_numbers(out))
        probed = probe.broken
    y = targets(namespace, facts, out, kind)
    step = loss_pair_step(model, written, with_from_logits(written, True, kind), x, y, out)
    with capture_warnings() as captured:
        graph = traced(step, x, y)
    chance = chance_loss(classes_of(out, facts))
    outputs = f"outputs {range_text}: not probabilities" if probed is None else \
        (f"outputs {range_text} on this batch but {_range(probed[2])} for {probed[0]}: "
         "not probabilities (" + ("a linear output is unbounded"
                                  if probed[1].startswith("values range") else probed[1]) + ")")
    text = (f"initial loss {fmt(graph[0])} as written vs {chance_text(classes_of(out, facts))} "
            f"for a uniform guess and {fmt(graph[1])} with from_logits=True; {outputs}; "
            f"last-kernel gradient norm {fmt(graph[2])} vs {fmt(graph[3])} with "
            "from_logits=True; "
            + ("Keras warned" if captured.matching("logits") else "Keras gave no warning"))
    if probed is not None:
        text += (". The untrained outputs happen to lie in [0, 1] here, so the loss is read as "
                 "probabilities now; nothing keeps them there once training moves the weights")
    elif graph[0] <= LOSS_FAR * chance:
        text += (". The loss is not far from ln(C) here, but it is computed on clipped "
                 "scores, not probabilities")
    numbers = _range_numbers(out)
    if probed is not None:
        numbers.update(probed_output_min=float(np.min(probed[2])),
                       probed_output_max=float(np.max(probed[2])))
    return confirmed(text, loss_as_written=graph[0], chance_loss=chance,
                     loss_from_logits=graph[1], grad_norm_as_written=graph[2],
                     grad_norm_from_logits=graph[3], **numbers)


def _range(out: Any) -> str:
    out = np.asarray(out)
    text = f"range [{fmt(float(np.min(out)))}, {fmt(float(np.max(out)))}]"
    if out.ndim >= 2 and out.shape[-1] > 1:
        text += f", rows sum to {fmt(float(np.mean(out.sum(axis=-1))))} on average"
    return text


def _range_numbers(out: np.ndarray) -> dict:
    numbers = {"output_min": float(np.min(out)), "output_max": float(np.max(out))}
    if out.ndim >= 2 and out.shape[-1] > 1:
        numbers["mean_row_sum"] = float(np.mean(out.sum(axis=-1)))
    return numbers
