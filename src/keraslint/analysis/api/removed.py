"""Keras APIs that Keras 3 (or Keras 2 before it) removed, renamed or ignores, and where a file
uses them.

`CHANGES` is the catalogue, each entry checked against the sources and a run of Keras 3.15.1
(`keras`, and `tf.keras` on TensorFlow 2.21) and `tf_keras` 2.21 (`TF_USE_LEGACY_KERAS=1`):
what each one does with the old spelling (`RAISES`, `WARNS`: ignored with a warning,
`SILENT`: ignored without a word, `IGNORES_LR`: `tf_keras`'s optimizers warn and keep their
default learning rate, `OK`: still accepted), the version that made the change, and the
replacement; `rename` is set when the replacement is an exact twin (same meaning, new
spelling), so a fix may rename the node kept in `RemovedUse.node`.

A use is judged against the Keras the object comes from (`Flavour.implementation_of`), else the
file's Keras; when that is unknown, only a change that behaves the same in both is reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Iterator, Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.api.flavour import KERAS, KERAS3, LEGACY, TF_KERAS, Flavour
from keraslint.analysis.api.optimizers import Optimizers
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.layers import literal, resolve
from keraslint.analysis.models import ModelFacts

# Default learning rates of Keras's optimizers (0.001 unless listed).
DEFAULT_RATES = {"SGD": 0.01}

RAISES, WARNS, SILENT, IGNORES_LR, OK = "raises", "warns", "silent", "ignores-lr", "ok"

# Where a change applies.
OPTIMIZER_ARG = "optimizer argument"
MODEL_METHOD = "model method"
TRAINING_ARG = "fit/evaluate/predict argument"
FIT_ARG = "fit argument"
COMPILE_ARG = "compile argument"
SAVE_ARG = "save argument"
SAVE_WEIGHTS_ARG = "save_weights argument"
MODEL_ARG = "Model argument"
LAYER_ARG = "layer argument"
CALLBACK_ARG = "callback argument"
NAME = "name"  # a module, class or function (imported, or called through its dotted name)


@dataclass(frozen=True)
class Change:
    """One removed, renamed or ignored API. `key` is what the code writes (a keyword, a method,
    a dotted name); `owner` narrows where (a callback class, a layer); `keras3`/`tf_keras` say
    what each does with it; `error` is the exception Keras 3 raises; `rename` an exact twin."""

    key: str
    site: str
    keras3: str
    tf_keras: str
    version: str  # when Keras (3, or 2 for older changes) made it
    replacement: str
    error: str = ""
    legacy_version: str = ""  # when tf_keras made its change, if it differs
    rename: Optional[str] = None
    owner: Optional[str] = None
    namespaces: tuple[str, ...] = (KERAS, TF_KERAS)  # Keras 3 spellings the change applies to
    module_imports: bool = True  # False: the module itself imports, only its members fail

    def effect(self, implementation: str) -> str:
        return self.keras3 if implementation == KERAS3 else self.tf_keras

    def version_in(self, implementation: str) -> str:
        return self.legacy_version if implementation != KERAS3 and self.legacy_version \
            else self.version


_OPT = "Keras 3.0"
_K2 = "Keras 2.0"

CHANGES: tuple[Change, ...] = (
    # -- optimizers ------------------------------------------------------------------------------
    Change("lr", OPTIMIZER_ARG, RAISES, IGNORES_LR, _OPT, "`learning_rate=`",
           "ValueError: Argument(s) not recognized", rename="learning_rate",
           legacy_version="Keras 2.11"),
    Change("decay", OPTIMIZER_ARG, WARNS, RAISES, _OPT,
           "a schedule: `learning_rate=keras.optimizers.schedules.InverseTimeDecay("
           "initial_rate, decay_steps=1, decay_rate=decay)`",
           "ValueError: decay is deprecated in the new TF-Keras optimizer",
           legacy_version="Keras 2.11"),
    # -- models ----------------------------------------------------------------------------------
    Change("fit_generator", MODEL_METHOD, RAISES, OK, _OPT, "`fit(...)`, which takes generators",
           "AttributeError", rename="fit"),
    Change("evaluate_generator", MODEL_METHOD, RAISES, OK, _OPT, "`evaluate(...)`",
           "AttributeError", rename="evaluate"),
    Change("predict_generator", MODEL_METHOD, RAISES, OK, _OPT, "`predict(...)`",
           "AttributeError", rename="predict"),
    Change("predict_classes", MODEL_METHOD, RAISES, RAISES, "TF 2.6 (Keras 2.6)",
           "`np.argmax(model.predict(x), axis=-1)` (softmax) or "
           "`(model.predict(x) > 0.5).astype(\"int32\")` (sigmoid)", "AttributeError"),
    Change("predict_proba", MODEL_METHOD, RAISES, RAISES, "TF 2.6 (Keras 2.6)",
           "`model.predict(x)`", "AttributeError"),
    Change("nb_epoch", FIT_ARG, RAISES, RAISES, _K2, "`epochs=`", "TypeError", rename="epochs"),
    Change("workers", TRAINING_ARG, RAISES, OK, _OPT,
           "pass `workers=` to your `keras.utils.PyDataset`'s constructor", "TypeError"),
    Change("use_multiprocessing", TRAINING_ARG, RAISES, OK, _OPT,
           "pass `use_multiprocessing=` to your `keras.utils.PyDataset`'s constructor",
           "TypeError"),
    Change("max_queue_size", TRAINING_ARG, RAISES, OK, _OPT,
           "pass `max_queue_size=` to your `keras.utils.PyDataset`'s constructor", "TypeError"),
    Change("sample_weight_mode", COMPILE_ARG, RAISES, OK, _OPT,
           "pass per-timestep `sample_weight` to `fit` directly", "TypeError"),
    Change("experimental_run_tf_function", COMPILE_ARG, RAISES, OK, _OPT,
           "remove it (`run_eagerly=` controls eager execution)", "TypeError"),
    Change("target_tensors", COMPILE_ARG, RAISES, RAISES, "TF 2.2", "feed targets to `fit`",
           "TypeError"),
    Change("save_format", SAVE_ARG, RAISES, OK, _OPT,
           "a path ending in `.keras` (or `.h5`), or `model.export(path)` for a SavedModel",
           "ValueError: The `save_format` argument is deprecated in Keras 3"),
    Change("save_format", SAVE_WEIGHTS_ARG, RAISES, OK, _OPT,
           "a path ending in `.weights.h5`", "TypeError"),
    Change("input", MODEL_ARG, RAISES, RAISES, _K2, "`inputs=`",
           "ValueError: Unrecognized keyword arguments passed to Model", rename="inputs"),
    Change("output", MODEL_ARG, RAISES, RAISES, _K2, "`outputs=`",
           "ValueError: Unrecognized keyword arguments passed to Model", rename="outputs"),
    # -- Keras 1 layer arguments, renamed in Keras 2.0 --------------------------------------------
    *(Change(old, LAYER_ARG, RAISES, RAISES, _K2, f"`{new}=`" if new else replacement,
             "ValueError: Unrecognized keyword arguments passed to the layer", rename=new)
      for old, new, replacement in (
          ("init", "kernel_initializer", ""),
          ("inner_init", "recurrent_initializer", ""),
          ("W_regularizer", "kernel_regularizer", ""),
          ("b_regularizer", "bias_regularizer", ""),
          ("U_regularizer", "recurrent_regularizer", ""),
          ("W_constraint", "kernel_constraint", ""),
          ("b_constraint", "bias_constraint", ""),
          ("border_mode", "padding", ""),
          ("subsample", "strides", ""),
          ("subsample_length", "strides", ""),
          ("pool_length", "pool_size", ""),
          ("filter_length", "kernel_size", ""),
          ("dim_ordering", "data_format", ""),
          ("inner_activation", "recurrent_activation", ""),
          ("dropout_W", "dropout", ""),
          ("dropout_U", "recurrent_dropout", ""),
          ("output_dim", "units", ""),
          ("nb_filter", "filters", ""),
          ("nb_row", None, "`kernel_size=(rows, cols)`"),
          ("nb_col", None, "`kernel_size=(rows, cols)`"),
          ("consume_less", None, "remove it"),
      )),
    # -- callbacks -------------------------------------------------------------------------------
    Change("period", CALLBACK_ARG, RAISES, OK, _OPT,
           "`save_freq=` (in batches, or `\"epoch\"`)", "TypeError", owner="ModelCheckpoint"),
    Change("epsilon", CALLBACK_ARG, SILENT, OK, "Keras 3.0 (deprecated since Keras 2.1.6)",
           "`min_delta=`", owner="ReduceLROnPlateau", rename="min_delta"),
    Change("epsilon", CALLBACK_ARG, RAISES, RAISES, "Keras 2.1.6", "`min_delta=`", "TypeError",
           owner="EarlyStopping", rename="min_delta"),
    Change("write_grads", CALLBACK_ARG, RAISES, WARNS, _OPT, "remove it", "TypeError",
           owner="TensorBoard", legacy_version="TF 2.0"),
    Change("batch_size", CALLBACK_ARG, RAISES, WARNS, _OPT, "remove it", "TypeError",
           owner="TensorBoard", legacy_version="TF 2.0"),
    # -- modules and names -----------------------------------------------------------------------
    Change("keras.layers.merge", NAME, RAISES, RAISES, _K2,
           "`keras.layers.Concatenate`/`Add`/`Multiply`/... (or `keras.layers.concatenate`)",
           "ModuleNotFoundError"),
    Change("keras.layers.Merge", NAME, RAISES, RAISES, _K2,
           "`keras.layers.Concatenate`/`Add`/`Multiply`/...", "AttributeError"),
    Change("keras.optimizers.legacy", NAME, RAISES, OK, _OPT,
           "the Keras 3 optimizer of the same name (`keras.optimizers.Adam`)",
           "ImportError: `keras.optimizers.legacy` is not supported in Keras 3",
           module_imports=False),
    Change("keras.utils.np_utils", NAME, RAISES, RAISES, _OPT,
           "`keras.utils` (`keras.utils.to_categorical`)", "ModuleNotFoundError",
           rename="keras.utils"),
    Change("keras.wrappers.scikit_learn", NAME, RAISES, RAISES, "TF 2.12 / Keras 3.0",
           "the `scikeras` package (`scikeras.wrappers.KerasClassifier`)",
           "ModuleNotFoundError"),
    Change("keras.layers.CuDNNLSTM", NAME, RAISES, RAISES, "TF 2.0",
           "`keras.layers.LSTM` (it uses cuDNN on a GPU by itself)", "AttributeError",
           rename="keras.layers.LSTM"),
    Change("keras.layers.CuDNNGRU", NAME, RAISES, RAISES, "TF 2.0",
           "`keras.layers.GRU` (it uses cuDNN on a GPU by itself)", "AttributeError",
           rename="keras.layers.GRU"),
    Change("keras.layers.experimental.preprocessing", NAME, RAISES, OK, _OPT,
           "`keras.layers` (`keras.layers.Rescaling`, ...)", "AttributeError",
           rename="keras.layers"),
    Change("keras.layers.LocallyConnected1D", NAME, RAISES, OK, _OPT,
           "a `Conv1D`, or the `LocallyConnected` code from the Keras 2 sources", "AttributeError"),
    Change("keras.layers.LocallyConnected2D", NAME, RAISES, OK, _OPT,
           "a `Conv2D`, or the `LocallyConnected` code from the Keras 2 sources", "AttributeError"),
    Change("keras.layers.DenseFeatures", NAME, RAISES, OK, _OPT,
           "`keras.utils.FeatureSpace`", "AttributeError"),
    Change("keras.layers.ThresholdedReLU", NAME, RAISES, OK, _OPT,
           "`keras.layers.ReLU(threshold=...)`", "AttributeError", namespaces=(KERAS,)),
    *(Change(f"keras.preprocessing.{name}", NAME, RAISES, OK, _OPT, replacement,
             "AttributeError", namespaces=(KERAS,))
      for name, replacement in (
          ("image.ImageDataGenerator",
           "`keras.utils.image_dataset_from_directory` and preprocessing layers"),
          ("image.NumpyArrayIterator", "a `tf.data` pipeline"),
          ("image.DirectoryIterator", "`keras.utils.image_dataset_from_directory`"),
          ("text.Tokenizer", "`keras.layers.TextVectorization`"),
          ("text.text_to_word_sequence", "`keras.layers.TextVectorization`"),
          ("text.one_hot", "`keras.layers.TextVectorization`"),
          ("sequence.TimeseriesGenerator", "`keras.utils.timeseries_dataset_from_array`"),
          ("sequence.make_sampling_table", "its Keras 2 source (Keras 3 has none)"),
          ("sequence.skipgrams", "its Keras 2 source (Keras 3 has none)"),
      )),
)

# Keras 3's `keras.backend` keeps only these; Keras 2's other backend functions are gone
# (most have a `keras.ops` twin). `tf.keras.backend` of Keras 3 keeps more (legacy ones).
KERAS3_BACKEND = frozenset({
    "backend", "clear_session", "epsilon", "floatx", "get_uid", "image_data_format",
    "is_float_dtype", "is_int_dtype", "is_keras_tensor", "result_type", "set_epsilon",
    "set_floatx", "set_image_data_format", "standardize_dtype",
})
# Keras 2 (tf_keras 2.21) backend functions, for telling a removed one from an unknown name.
KERAS2_BACKEND = frozenset("""
abs all any arange argmax argmin batch_dot batch_flatten batch_get_value batch_normalization
batch_set_value bias_add binary_crossentropy binary_focal_crossentropy cast cast_to_floatx
categorical_crossentropy categorical_focal_crossentropy clip concatenate constant conv1d conv2d
conv2d_transpose conv3d cos count_params ctc_batch_cost ctc_decode ctc_label_dense_to_sparse
cumprod cumsum depthwise_conv2d dot dropout dtype elu equal eval exp expand_dims eye flatten
foldl foldr function gather get_session get_value gradients greater greater_equal hard_sigmoid
in_test_phase in_top_k in_train_phase int_shape is_sparse l2_normalize learning_phase
learning_phase_scope less less_equal local_conv1d local_conv2d log
manual_variable_initialization map_fn max maximum mean min minimum moving_average_update
name_scope ndim normalize_batch_in_training not_equal one_hot ones ones_like permute_dimensions
placeholder pool2d pool3d pow print_tensor prod random_bernoulli random_binomial random_normal
random_normal_variable random_uniform random_uniform_variable relu repeat repeat_elements
reset_uids reshape resize_images resize_volumes reverse rnn round separable_conv2d
set_learning_phase set_session set_value shape sigmoid sign sin softmax softplus softsign
sparse_categorical_crossentropy spatial_2d_padding spatial_3d_padding sqrt square squeeze stack
std stop_gradient sum switch tanh temporal_padding tile to_dense transpose truncated_normal
update update_add update_sub var variable zeros zeros_like
""".split())
# ... of which `tf.keras.backend` (Keras 3 on TF 2.16+) lacks these.
TF_KERAS3_BACKEND_MISSING = frozenset({
    "function", "in_test_phase", "in_train_phase", "learning_phase", "learning_phase_scope",
    "local_conv1d", "local_conv2d", "manual_variable_initialization",
    "normalize_batch_in_training", "placeholder", "print_tensor", "random_binomial",
    "reset_uids", "set_learning_phase", "get_session", "set_session",
})
# Keras 2 backend functions with a `keras.ops` function of the same name in Keras 3.
OPS_TWINS = frozenset("""
abs all any arange argmax argmin batch_normalization binary_crossentropy cast
categorical_crossentropy clip concatenate cos ctc_decode cumprod cumsum dot dtype elu equal exp
expand_dims eye greater greater_equal hard_sigmoid in_top_k less less_equal log max maximum mean
min minimum ndim not_equal one_hot ones ones_like prod relu repeat reshape round shape sigmoid
sign sin softmax softplus softsign sparse_categorical_crossentropy sqrt square squeeze stack std
stop_gradient sum switch tanh tile transpose var zeros zeros_like
""".split())
BACKEND_VERSION = _OPT


@dataclass(frozen=True)
class RemovedUse:
    """One use of a changed API. `node` is what a fix would rename or replace (the keyword
    `Name` of an argument, the method `Name`, the dotted name or import); `anchor` is the
    finding's primary node; `effect` is what the Keras the code runs on does (RAISES...);
    `implementation` is that Keras (KERAS3 or LEGACY); `spelled` is the use as written."""

    change: Change
    node: cst.CSTNode = field(repr=False)
    anchor: cst.CSTNode = field(repr=False)
    effect: str
    implementation: str
    spelled: str
    detail: str = ""  # e.g. the value passed, the learning rate kept


class RemovedApi:
    def __init__(self, facts: CoreFacts, models: ModelFacts, flavour: Flavour,
                 optimizers: Optimizers) -> None:
        self.facts = facts
        self.models = models
        self.flavour = flavour
        self.optimizers = optimizers

    @cached_property
    def uses(self) -> list[RemovedUse]:
        found = [*self._optimizer_args(), *self._model_methods(), *self._training_args(),
                 *self._compile_args(), *self._save_args(), *self._model_args(),
                 *self._layer_args(), *self._callback_args(), *self._names(),
                 *self._backend_functions()]
        return [use for use in found if use.effect != OK]

    # -- judging ---------------------------------------------------------------------------------
    def _judge(self, change: Change, node: cst.CSTNode, anchor: cst.CSTNode, owner,
               spelled: str, detail: str = "") -> Optional[RemovedUse]:
        """The use, judged against the Keras `owner` (an expression) comes from, else the
        file's; with neither known, only a change that behaves alike in both counts."""
        implementation = self.flavour.implementation_of(owner) if owner is not None else None
        implementation = implementation or self.flavour.keras
        if implementation is None:
            if change.keras3 != change.tf_keras or not self.flavour.uses_keras:
                return None
            implementation = KERAS3
        return RemovedUse(change, node, anchor, change.effect(implementation), implementation,
                          spelled, detail)

    def _keyword_uses(self, call: cst.Call, site: str, owner_expr, owner: Optional[str] = None
                      ) -> Iterator[RemovedUse]:
        for arg in call.args:
            if arg.keyword is None:
                continue
            change = _BY_KEYWORD.get((site, arg.keyword.value, owner))
            if change is None:
                continue
            value = self._value_text(arg.value)
            use = self._judge(change, arg.keyword, arg, owner_expr,
                              f"{arg.keyword.value}={value or '...'}", value)
            if use is not None:
                yield use

    def _value_text(self, value: cst.BaseExpression) -> str:
        number = literal(self.facts, value)
        if isinstance(number, (int, float, str)) and not isinstance(number, bool):
            return repr(number)
        return ""

    # -- sites -----------------------------------------------------------------------------------
    def _optimizer_args(self) -> Iterator[RemovedUse]:
        for optimizer in self.optimizers.all:
            if optimizer.is_tf1 or optimizer.legacy:
                continue  # legacy optimizers: tf_keras accepts both, Keras 3 rejects the class
            for use in self._keyword_uses(optimizer.call, OPTIMIZER_ARG, optimizer.call):
                if use.effect == IGNORES_LR:
                    default = DEFAULT_RATES.get(optimizer.kind, 0.001)
                    given = f" instead of {use.detail}" if use.detail else ""
                    use = replace(use, detail=f"{default:g}{given}")
                yield use

    def _keras_receiver(self, call: cst.Call) -> Optional[bool]:
        return self.models.trains_keras_model(call)

    def _model_owner(self, call: cst.Call):
        model = self.models.model_of(calls.receiver(call), call)
        return model.node if model is not None else None

    def _model_methods(self) -> Iterator[RemovedUse]:
        for change in CHANGES:
            if change.site != MODEL_METHOD:
                continue
            for call in self.facts.method_calls(change.key):
                certain = self.models.is_keras_model(calls.receiver(call)) is True
                if change.key.startswith("predict_") and not certain:
                    continue  # scikit-learn estimators have `predict_proba` too
                if not certain and not self._keras_receiver(call):
                    continue
                use = self._judge(change, call.func.attr, call.func.attr,  # type: ignore[union-attr]
                                  self._model_owner(call), f".{change.key}(...)")
                if use is not None:
                    yield use

    def _training_args(self) -> Iterator[RemovedUse]:
        for method in ("fit", "evaluate", "predict", "fit_generator", "evaluate_generator",
                       "predict_generator"):
            for call in self.facts.method_calls(method):
                if not any(a.keyword is not None and a.keyword.value in _TRAINING_KEYWORDS
                           for a in call.args):
                    continue
                if not self._keras_receiver(call):
                    continue
                owner = self._model_owner(call)
                yield from self._keyword_uses(call, TRAINING_ARG, owner)
                if method in ("fit", "fit_generator"):
                    yield from self._keyword_uses(call, FIT_ARG, owner)

    def _compile_args(self) -> Iterator[RemovedUse]:
        for compiled in self.models.compiles:
            call = compiled.call
            if not any(a.keyword is not None and (COMPILE_ARG, a.keyword.value, None) in _BY_KEYWORD
                       for a in call.args):
                continue
            if compiled.model is None and not self._keras_receiver(call):
                continue
            yield from self._keyword_uses(call, COMPILE_ARG, self._model_owner(call))

    def _save_args(self) -> Iterator[RemovedUse]:
        for method, site in (("save", SAVE_ARG), ("save_weights", SAVE_WEIGHTS_ARG)):
            for call in self.facts.method_calls(method):
                arg = calls.argument(call, "save_format")
                if arg is None or not self._keras_receiver(call):
                    continue
                if site == SAVE_ARG and not self._save_format_fails(call, arg):
                    continue
                yield from self._keyword_uses(call, site, self._model_owner(call))

    def _save_format_fails(self, call: cst.Call, arg: cst.Arg) -> bool:
        """Keras 3 only warns when the path ends in `.keras`/`.h5`/`.hdf5` and the format is
        not `tf`; it raises otherwise."""
        fmt = literal(self.facts, arg.value)
        if fmt in ("tf", "savedmodel"):
            return True
        path = literal(self.facts, calls.argument_value(call, "filepath", 0))
        return isinstance(path, str) and not path.endswith((".keras", ".h5", ".hdf5"))

    def _model_args(self) -> Iterator[RemovedUse]:
        for call in self.facts.calls_to("keras.Model"):
            yield from self._keyword_uses(call, MODEL_ARG, call)

    def _layer_args(self) -> Iterator[RemovedUse]:
        for call in self.facts.calls_with_prefix("keras.layers."):
            if any(a.keyword is not None and (LAYER_ARG, a.keyword.value, None) in _BY_KEYWORD
                   for a in call.args):
                leaf = (self.facts.call_name(call) or "").rsplit(".", 1)[-1]
                for use in self._keyword_uses(call, LAYER_ARG, call):
                    only = _ONLY_ON.get(use.change.key)
                    if only is None or leaf in only:
                        yield use

    def _callback_args(self) -> Iterator[RemovedUse]:
        for owner in ("ModelCheckpoint", "ReduceLROnPlateau", "EarlyStopping", "TensorBoard"):
            for call in self.facts.calls_to(f"keras.callbacks.{owner}"):
                yield from self._keyword_uses(call, CALLBACK_ARG, call, owner)

    # -- names -----------------------------------------------------------------------------------
    def _names(self) -> Iterator[RemovedUse]:
        seen: set[int] = set()
        for statement, dotted_names in self._imports():
            for dotted, node in dotted_names:
                use = self._name_use(dotted, node, statement)
                if use is not None and id(statement) not in seen:
                    seen.add(id(statement))
                    yield use
        for name, found in self.facts.calls_by_name.items():
            if not name.startswith(("keras.layers.", "keras.preprocessing.", "keras.optimizers.",
                                    "keras.wrappers.", "keras.utils.")):
                continue
            for call in found:
                if not isinstance(call.func, cst.Attribute):
                    continue  # a bare name: its import is what is reported
                raw = self.facts.raw_name(call.func)
                if raw is None:
                    continue
                use = self._name_use(raw, call.func, call)
                if use is not None:
                    yield use

    def _name_use(self, dotted: str, node: cst.CSTNode, anchor: cst.CSTNode
                  ) -> Optional[RemovedUse]:
        namespace, rest = _split_namespace(dotted)
        if namespace is None:
            return None
        for change in _NAMES:
            key = change.key[len("keras."):]
            if rest == key or rest.startswith(key + "."):
                if namespace not in change.namespaces or (rest == key and not change.module_imports):
                    return None
                implementation = self.flavour.implementation(namespace)
                if implementation is None:
                    return None
                return RemovedUse(change, node, anchor, change.effect(implementation),
                                  implementation, dotted_spelling(namespace, rest))
        return None

    def _backend_functions(self) -> Iterator[RemovedUse]:
        for name, found in self.facts.calls_by_name.items():
            if not name.startswith("keras.backend."):
                continue
            function = name[len("keras.backend."):]
            for call in found:
                raw = self.facts.raw_name(call.func)
                namespace, _ = _split_namespace(raw or "")
                implementation = self.flavour.implementation(namespace)
                if implementation != KERAS3:
                    continue
                missing = (function not in KERAS3_BACKEND if namespace == KERAS
                           else function in TF_KERAS3_BACKEND_MISSING)
                if not missing or function not in KERAS2_BACKEND:
                    continue
                twin = f"`keras.ops.{function}`" if function in OPS_TWINS else None
                change = Change(f"keras.backend.{function}", NAME, RAISES, OK, BACKEND_VERSION,
                                twin or _BACKEND_REPLACEMENTS.get(function,
                                                                  "a `keras.ops` function"),
                                "AttributeError")
                node = call.func.attr if isinstance(call.func, cst.Attribute) else call.func
                yield RemovedUse(change, node, call, RAISES, KERAS3,
                                 dotted_spelling(namespace, f"backend.{function}"))

    def _imports(self) -> Iterator[tuple[cst.CSTNode, list[tuple[str, cst.CSTNode]]]]:
        """(statement, [(dotted name, node)]) for each import statement naming Keras."""
        for small in _import_statements(self.facts.module):
            if isinstance(small, cst.ImportFrom):
                if small.relative or small.module is None:
                    continue
                base = _dotted(small.module)
                if "keras" not in base:
                    continue
                names = [(base, small.module)]
                if not isinstance(small.names, cst.ImportStar):
                    names += [(f"{base}.{_dotted(a.name)}", a.name) for a in small.names]
                yield small, names
            elif isinstance(small, cst.Import):
                names = [(_dotted(a.name), a.name) for a in small.names if "keras" in _dotted(a.name)]
                if names:
                    yield small, names


# Keras 1 arguments renamed only on some layers (`Embedding(output_dim=...)` is current).
_ONLY_ON = {"output_dim": frozenset({"Dense", "LSTM", "GRU", "SimpleRNN"})}
_TRAINING_KEYWORDS = frozenset({"workers", "use_multiprocessing", "max_queue_size", "nb_epoch"})
_BY_KEYWORD = {(c.site, c.key, c.owner): c for c in CHANGES if c.site != NAME}
_NAMES = sorted((c for c in CHANGES if c.site == NAME), key=lambda c: -len(c.key))
_BACKEND_REPLACEMENTS = {
    "get_value": "`keras.ops.convert_to_numpy(x)` (or `variable.numpy()`)",
    "set_value": "`variable.assign(value)`",
    "batch_get_value": "`keras.ops.convert_to_numpy` on each variable",
    "batch_set_value": "`variable.assign(value)` on each variable",
    "int_shape": "`x.shape`", "variable": "`keras.Variable`", "constant": "`keras.ops.convert_to_tensor`",
    "placeholder": "`keras.Input`", "function": "a model (`keras.Model(inputs, outputs)`)",
    "learning_phase": "the `training=` argument of `call()`",
    "set_learning_phase": "the `training=` argument of `call()`",
    "get_session": "remove it (Keras 3 has no session)",
    "set_session": "remove it (Keras 3 has no session)",
    "random_normal": "`keras.random.normal`", "random_uniform": "`keras.random.uniform`",
    "truncated_normal": "`keras.random.truncated_normal`", "dropout": "`keras.random.dropout`",
    "flatten": "`keras.ops.reshape(x, (-1,))`", "batch_flatten": "`keras.ops.reshape(x, (len(x), -1))`",
    "permute_dimensions": "`keras.ops.transpose`", "gradients": "`tf.GradientTape`",
    "pow": "`keras.ops.power`", "l2_normalize": "`keras.utils.normalize` or `keras.ops.normalize`",
    "count_params": "`layer.count_params()`", "eval": "`keras.ops.convert_to_numpy`",
    "rnn": "`keras.layers.RNN`", "conv2d": "`keras.ops.conv`", "conv1d": "`keras.ops.conv`",
    "bias_add": "`x + bias`", "gather": "`keras.ops.take`", "reverse": "`keras.ops.flip`",
    "update": "`variable.assign`", "update_add": "`variable.assign_add`",
    "update_sub": "`variable.assign_sub`", "stack": "`keras.ops.stack`",
}


def _split_namespace(dotted: str) -> tuple[Optional[str], str]:
    """(namespace, the rest as `keras.<rest>` would read it) for a raw Keras name; None for
    private modules (`keras.src`, `tf_keras.src`): they are not the public API."""
    if dotted.startswith(("keras.src.", "tf_keras.src.", "keras._tf_keras.", "keras.api.")):
        return None, dotted
    for prefix, namespace in (("tensorflow.compat.v1.keras.", TF_KERAS),
                              ("tensorflow.compat.v2.keras.", TF_KERAS),
                              ("tensorflow.keras.", TF_KERAS),
                              ("tf_keras.", "tf_keras"),
                              ("keras.", KERAS)):
        if dotted.startswith(prefix):
            return namespace, dotted[len(prefix):]
    return None, dotted


def dotted_spelling(namespace: Optional[str], rest: str) -> str:
    base = {TF_KERAS: "tf.keras", "tf_keras": "tf_keras"}.get(namespace or "", "keras")
    return f"{base}.{rest}"


def _dotted(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return node.value if isinstance(node, cst.Name) else ""


def _import_statements(module: cst.Module) -> Iterator[cst.BaseSmallStatement]:
    """Every import statement, in any block (statements are walked, expressions are not)."""
    stack: list = list(reversed(module.body))
    while stack:
        statement = stack.pop()
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, (cst.Import, cst.ImportFrom)):
                    yield small
            continue
        inner = []
        for part in ("body", "orelse", "finalbody"):
            block = getattr(statement, part, None)
            if isinstance(block, (cst.Else, cst.Finally)):
                block = block.body
            if isinstance(block, cst.If):
                inner.append(block)
                continue
            if isinstance(block, cst.BaseSuite):
                inner.extend(getattr(block, "body", ()))
        for handler in getattr(statement, "handlers", ()):
            inner.extend(getattr(handler.body, "body", ()))
        stack.extend(reversed(inner))


__all__ = ["CHANGES", "Change", "RemovedApi", "RemovedUse", "RAISES", "WARNS", "SILENT",
           "IGNORES_LR", "OK", "resolve"]
