"""KL201 double activation: the model already outputs softmax/sigmoid probabilities and the loss is
told `from_logits=True`, so it applies the activation a second time. On the TensorFlow backend
Keras 3 spots a softmax/sigmoid that produced the output tensor itself (the output layer's own
activation, an Activation/Softmax layer, or tf.nn.softmax traced in fit's graph), warns, and uses
the logits underneath; anything in between (a Reshape, a Lambda, eager `call()` code), tf_keras and
the JAX/PyTorch backends get no repair. The experiment computes the loss and the last kernel's
gradient both ways, in fit's graph and eagerly, and records Keras' warning."""

from __future__ import annotations

from keraslint.verifier.experiments.capture import capture_warnings
from keraslint.verifier.experiments.data import inputs
from keraslint.verifier.experiments.forward import predict
from keraslint.verifier.experiments.loss_pairs import (
    loss_pair_step, not_probabilities, traced_and_eager,
)
from keraslint.verifier.experiments.losses import (
    chance_loss, classes_of, loss_config, loss_kind, loss_name, targets, with_from_logits,
)
from keraslint.verifier.experiments.namespace import loss_of, model_of
from keraslint.verifier.experiments.verdicts import confirmed, fmt, refuted
from keraslint.verifier.protocol import Verdict

SAME = 1e-4  # relative difference under which the two losses count as identical


def run(namespace: dict, facts: dict) -> Verdict:
    model, written = model_of(namespace), loss_of(namespace)
    if loss_config(written).get("from_logits") is False:
        return refuted(f"the loss {loss_name(written)} has from_logits=False: no second activation")
    x = inputs(namespace, facts, model)
    out = predict(model, x)
    kind = loss_kind(written, facts)
    problem = not_probabilities(out, kind)
    if problem:
        return refuted(f"the model's outputs are not probabilities ({problem}): "
                       "from_logits=True is right for them")
    correct = with_from_logits(written, False, kind)
    y = targets(namespace, facts, out, kind)
    step = loss_pair_step(model, written, correct, x, y, out)
    with capture_warnings() as captured:
        graph, eager = traced_and_eager(step, x, y)
    warned = captured.matching("from_logits=True")
    chance = chance_loss(classes_of(out, facts))
    return confirmed(_evidence(written, graph, eager, warned, chance),
                     loss_as_written=graph[0], loss_probabilities=graph[1],
                     grad_norm_as_written=graph[2], grad_norm_probabilities=graph[3],
                     loss_as_written_eager=eager[0], loss_probabilities_eager=eager[1],
                     keras_warned=float(bool(warned)),
                     repaired_in_fit=float(_same(graph[0], graph[1])),
                     repaired_eagerly=float(_same(eager[0], eager[1])))


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= SAME * max(1.0, abs(b))


def _evidence(written, graph, eager, warned, chance: float) -> str:
    text = (f"{loss_name(written)} on outputs that are already probabilities: in fit's graph the "
            f"loss is {fmt(graph[0])} as written vs {fmt(graph[1])} with from_logits=False, "
            f"last-kernel gradient norm {fmt(graph[2])} vs {fmt(graph[3])}; eagerly "
            f"{fmt(eager[0])} vs {fmt(eager[1])}. ")
    text += ("Keras warned: \"" + _sentence(warned[0]) + "\". " if warned
             else "Keras gave no warning. ")
    if _same(graph[0], graph[1]) and _same(eager[0], eager[1]):
        return text + ("Keras 3 on TensorFlow repaired it here (it used the logits under the "
                       "activation); tf_keras, the JAX and PyTorch backends, or any layer "
                       "between the activation and the output would not")
    if _same(graph[0], graph[1]):
        return text + ("Keras 3 repaired it only in fit's traced graph, not with "
                       "run_eagerly=True, tf_keras or the JAX/PyTorch backends")
    return text + ("Not repaired: the activation is applied twice, squashing the outputs "
                   f"towards a uniform guess (ln C = {fmt(chance)}) and shrinking the gradient")


def _sentence(message: str) -> str:
    first = message.strip().strip('"').split(". ")[0]
    return first if len(first) <= 200 else first[:197] + "..."
