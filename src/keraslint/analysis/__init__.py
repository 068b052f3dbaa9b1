"""Facts any rule may ask for, computed lazily once per file. Imports LibCST only.

Rules ask one object, `FileFacts` (`facts.models`, `facts.shapes`, `facts.arrays`,
`facts.initializers`, `facts.pipelines`, `facts.api`, `facts.training`, `facts.lifecycle`, and
the names-and-values questions of `CoreFacts` on the object itself). Behind it the analysis grows
by domain, each a module or a small package behind one facade.
The domains, lowest first:

==================  =====================================================================
syntax              `walk` (read-only tree walk), `calls` (argument binding), `names`
                    (canonical Keras/TF spellings): read nodes, know nothing of the file
names and values    `scopes` (the one index walk: scopes, bindings, calls), `values`
                    (reaching bindings, literals), `core` (`CoreFacts`: qualified names,
                    calls by name, local definitions, positions), `containers` (lists
                    built by `append`/`extend`)
layers and losses   `layers` (one layer call or activation op), `losses` (one loss)
custom classes      `classes` (custom layers, models and modules: bases, constructor,
                    `self` attributes, forward pass, variables; the file's Keras flavour)
initializers        `initializers` (kernel initializers and their distributions)
arrays              `arrays` (shapes, dtypes, sizes, label encodings, fed arrays)
models              `models` (models, their layer graphs, outputs, compile/fit, loss
                    pairing; asks `arrays` for label encodings)
shapes              `shapes` (static shapes through model graphs and of fed data, value
                    ranges of targets, class counts of labels; asks `models` and `arrays`)
pipelines           `pipelines` (`tf.data` pipelines and their state, what training calls
                    are fed, pixel ranges on the way to a model; asks `arrays` and `models`)
keras api           `api` (which Keras a file runs on, optimizers, metrics and callbacks,
                    removed and TF1 APIs, work repeated in loops; asks `models`)
training            `training` (custom training loops: tapes, traced code, loops, the
                    models called in them; asks `models`)
lifecycle           `lifecycle` (`.trainable` changes, compile/fit order, serializations,
                    fine-tuned pretrained bases; asks `classes` and `models`)
file facts          `facts` (`FileFacts` = `CoreFacts` + one facade per domain)
==================  =====================================================================

A domain may import its own modules and lower domains, never a higher one, and there is no
import cycle anywhere in the analysis (imports inside functions and under `TYPE_CHECKING`
count too); domains receive a `CoreFacts`, and a facade that needs another domain receives it
(`ModelFacts(facts, arrays)`). The analysis never imports rules, the engine, reporting, the
CLI or the verifier, and never TensorFlow, Keras or NumPy. `DOMAINS` states this order and
`tests/test_layering.py` enforces it: a new module is added to `DOMAINS` where it belongs.
"""

from keraslint.analysis.facts import FileFacts
from keraslint.analysis.values import UNKNOWN

# The domains, lowest first, each with its top-level modules or packages (see the docstring).
DOMAINS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("syntax", ("walk", "calls", "names")),
    ("names and values", ("scopes", "values", "core", "containers")),
    ("layers and losses", ("layers", "losses")),
    ("custom classes", ("classes",)),
    ("initializers", ("initializers",)),
    ("arrays", ("arrays",)),
    ("models", ("models",)),
    ("shapes", ("shapes",)),
    ("pipelines", ("pipelines",)),
    ("keras api", ("api",)),
    ("training", ("training",)),
    ("lifecycle", ("lifecycle",)),
    ("file facts", ("facts",)),
)

__all__ = ["DOMAINS", "FileFacts", "UNKNOWN"]
