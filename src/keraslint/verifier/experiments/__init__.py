"""Per-rule experiments run inside the verifier's child process.

`EXPERIMENTS` maps a rule code to the module whose `run(namespace, facts) -> Verdict` turns a
sliced program's namespace into evidence. The parent may import this package to learn which
codes are verifiable: the modules (and TensorFlow) are imported only by `run_experiment`.
A rule becomes verifiable by adding its `klNNN.py` module here: the modules are found by name,
without importing them.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import time
from typing import Any

from keraslint.verifier.protocol import Verdict, inconclusive

_EXPERIMENT_MODULE = re.compile(r"kl\d{3}")


def _discover() -> dict[str, str]:
    """Rule code -> module path for every `klNNN` module of this package, in code order."""
    names = sorted(info.name for info in pkgutil.iter_modules(__path__)
                   if not info.ispkg and _EXPERIMENT_MODULE.fullmatch(info.name))
    return {name.upper(): f"{__name__}.{name}" for name in names}


EXPERIMENTS: dict[str, str] = _discover()

# Rules whose measurement can depend on the input width (a flagged first layer's fan-in): a
# stand-in input is then an assumption of the verdict, not only a detail of the run.
WIDTH_DEPENDENT = ("KL102",)
WIDTH_ASSUMPTION = ("assumption: a badly scaled first layer's effect depends on the real input "
                    "width, which the stand-in replaces")


def run_experiment(code: str, namespace: dict[str, Any], facts: dict[str, Any]) -> Verdict:
    """The rule's verdict; an experiment that raises becomes `inconclusive` with the reason."""
    started = time.perf_counter()
    module_path = EXPERIMENTS.get(code)
    if module_path is None:
        return inconclusive(f"no runtime experiment exists for {code}",
                            seconds=time.perf_counter() - started)
    verdicts = None
    try:
        module = importlib.import_module(module_path)
        verdicts = importlib.import_module(f"{__name__}.verdicts")
        verdicts.start_job()
        _seed()
        namespace = importlib.import_module(f"{__name__}.outputs").single_output(
            namespace, facts or {})
        verdict = module.run(namespace, facts or {})
    except Exception as error:  # noqa: BLE001 - any failure is a reason, never a crash
        verdict = inconclusive(_reason(code, error))
    if verdicts is not None and verdicts.NOTES:
        if code in WIDTH_DEPENDENT:
            verdicts.NOTES.append(WIDTH_ASSUMPTION)
        verdict.evidence = verdicts.noted(verdict.evidence)
    verdict.seconds = time.perf_counter() - started
    return verdict


def _seed() -> None:
    import keras

    keras.utils.set_random_seed(0)


def _reason(code: str, error: Exception) -> str:
    text = " ".join(str(error).split())
    if len(text) > 300:
        text = text[:297] + "..."
    if type(error).__name__ == "Inconclusive":  # verdicts.Inconclusive: the reason says it all
        return text
    return f"the {code} experiment failed: {type(error).__name__}: {text}"
