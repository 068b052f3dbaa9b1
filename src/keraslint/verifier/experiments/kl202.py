"""KL202 logits into a probability loss: a linear output read by a cross-entropy that keeps
`from_logits=False` (string losses included). Keras then clips the raw scores into [eps, 1-eps]
(and rescales categorical rows by their sum), so negative scores cost -ln(1e-7) = 16.1 each and
the gradient is zero wherever the clip bites; Keras gives no warning. The experiment compares the
initial loss as written with ln(C), a uniform guess, and with the same loss told from_logits=True,
and reports the output range and row sums."""

from __future__ import annotations

import numpy as np

from keraslint.verifier.experiments.common import (
    capture_warnings, chance_loss, chance_text, classes_of, confirmed, fmt, inputs, loss_config,
    loss_kind, loss_name, loss_of, loss_pair_step, model_of, not_probabilities, predict, refuted,
    targets, traced, with_from_logits,
)
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
    problem = not_probabilities(out, kind)
    if not problem:
        return refuted(f"the outputs are probabilities after all ({range_text}): "
                       "from_logits=False is right for them", **_range_numbers(out))
    y = targets(namespace, facts, out, kind)
    step = loss_pair_step(model, written, with_from_logits(written, True, kind), x, y, out)
    with capture_warnings() as captured:
        graph = traced(step, x, y)
    chance = chance_loss(classes_of(out, facts))
    text = (f"initial loss {fmt(graph[0])} as written vs {chance_text(classes_of(out, facts))} "
            f"for a uniform guess and {fmt(graph[1])} with from_logits=True; "
            f"outputs {range_text}: not probabilities; last-kernel gradient norm "
            f"{fmt(graph[2])} vs {fmt(graph[3])} with from_logits=True; "
            + ("Keras warned" if captured.matching("logits") else "Keras gave no warning"))
    if graph[0] <= LOSS_FAR * chance:
        text += (". The loss is not far from ln(C) here, but it is computed on clipped "
                 "scores, not probabilities")
    return confirmed(text, loss_as_written=graph[0], chance_loss=chance,
                     loss_from_logits=graph[1], grad_norm_as_written=graph[2],
                     grad_norm_from_logits=graph[3], **_range_numbers(out))


def _range(out: np.ndarray) -> str:
    text = f"range [{fmt(float(np.min(out)))}, {fmt(float(np.max(out)))}]"
    if out.ndim >= 2 and out.shape[-1] > 1:
        text += f", rows sum to {fmt(float(np.mean(out.sum(axis=-1))))} on average"
    return text


def _range_numbers(out: np.ndarray) -> dict:
    numbers = {"output_min": float(np.min(out)), "output_max": float(np.max(out))}
    if out.ndim >= 2 and out.shape[-1] > 1:
        numbers["mean_row_sum"] = float(np.mean(out.sum(axis=-1)))
    return numbers
