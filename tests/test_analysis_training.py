"""Training facts: tapes, traced code, loops, the models called in them, and where the analysis
must answer "unknown"."""

from __future__ import annotations

import textwrap

import libcst as cst

from keraslint.analysis import FileFacts
from keraslint.analysis.training.traced import (
    CALLED_FROM_TRACED, DECORATED, KERAS_STEP, LAYER_CALL, WRAPPED,
)


def facts_of(source: str) -> FileFacts:
    return FileFacts(cst.parse_module(textwrap.dedent(source)))


def code(facts: FileFacts, node: cst.CSTNode) -> str:
    return " ".join(facts.module.code_for_node(node).split())


def calls_named(facts: FileFacts, text: str) -> list[cst.Call]:
    return [c for c in facts.index.calls if code(facts, c.func) == text]


def function(facts: FileFacts, name: str) -> cst.FunctionDef:
    (found,) = facts.index.functions[name]
    return found


# -- tapes ----------------------------------------------------------------------------------------
def test_tape_block_gradient_and_sources():
    facts = facts_of("""
        import tensorflow as tf
        def step(model, x, y):
            logits = model(x)
            with tf.GradientTape(persistent=True) as tape:
                tape.watch(x)
                loss = loss_fn(y, model(x))
            print(loss)
            grads = tape.gradient(loss, model.trainable_variables)
            return grads
    """)
    (tape,) = facts.training.tapes
    assert tape.name == "tape" and tape.persistent is True
    assert tape.function is function(facts, "step")
    (gradient,) = tape.gradients
    assert code(facts, gradient.target) == "loss"
    assert code(facts, gradient.sources) == "model.trainable_variables"
    assert [code(facts, w) for w in tape.watched] == ["x"]
    model_calls = calls_named(facts, "model")
    assert [tape.contains(c) for c in model_calls] == [False, True]
    assert facts.training.tape_of(calls_named(facts, "print")[0]) is None


def test_two_tapes_in_one_with_and_same_names_in_sequence():
    facts = facts_of("""
        import tensorflow as tf
        with tf.GradientTape() as g_tape, tf.GradientTape() as d_tape:
            fake = gen(z)
        g = g_tape.gradient(a, gen.trainable_variables)
        d = d_tape.gradient(b, disc.trainable_variables)
        with tf.GradientTape() as tape:
            one = f(x)
        tape.gradient(one, v1)
        with tf.GradientTape() as tape:
            two = f(x)
        tape.gradient(two, v2)
    """)
    tapes = facts.training.tapes
    assert [t.name for t in tapes] == ["g_tape", "d_tape", "tape", "tape"]
    assert [code(facts, g.sources) for t in tapes for g in t.gradients] == [
        "gen.trainable_variables", "disc.trainable_variables", "v1", "v2"]


def test_tape_made_first_and_entered_later_and_unknown_persistence():
    facts = facts_of("""
        import tensorflow as tf
        def f(flag):
            tape = tf.GradientTape(persistent=flag)
            with tape:
                y = x * x
            return tape.gradient(y, x)
    """)
    (tape,) = facts.training.tapes
    assert tape.name == "tape" and tape.persistent is None and len(tape.gradients) == 1


def test_no_tape_in_a_file_without_one():
    facts = facts_of("import tensorflow as tf\nwith open('f') as h:\n    pass\n")
    assert facts.training.tapes == [] and facts.training.steps == []


def test_calls_under_a_tape_reach_one_level_into_local_functions():
    facts = facts_of("""
        import tensorflow as tf
        def compute_loss(model, x, y):
            return loss_fn(y, model(x))
        def nested():
            def inner():
                return model(x)
            with tf.GradientTape() as tape:
                loss = compute_loss(model, x, y)
                f = lambda: model(x)
            return tape.gradient(loss, model.trainable_variables)
    """)
    (tape,) = facts.training.tapes
    under = [(code(facts, c.func), via is not None) for c, via in facts.training.calls_under(tape)]
    assert ("model", True) in under and ("loss_fn", True) in under
    assert ("model", False) not in under  # the lambda's body runs when called, not here


def test_training_steps_need_an_update():
    facts = facts_of("""
        import tensorflow as tf
        def train(x, y):
            with tf.GradientTape() as tape:
                loss = loss_fn(y, model(x))
            grads = tape.gradient(loss, model.trainable_variables)
            optimizer.apply_gradients(zip(grads, model.trainable_variables))
        def saliency(x):
            with tf.GradientTape() as tape:
                tape.watch(x)
                out = model(x)
            return tape.gradient(out, x)
    """)
    (step,) = facts.training.steps
    assert step.function is function(facts, "train")


# -- traced code ----------------------------------------------------------------------------------
def test_how_defs_are_traced():
    facts = facts_of("""
        import tensorflow as tf
        import keras

        @tf.function
        def decorated(x):
            return helper(x)

        def helper(x):
            return x

        @tf.function(input_signature=[tf.TensorSpec([None, 4])], jit_compile=True)
        def signed(x):
            return x

        @tf.function(reduce_retracing=True)
        def relaxed(x):
            return x

        def plain(x):
            return x

        wrapped = tf.function(plain)

        class Net(keras.Model):
            def train_step(self, data):
                return self.helper2(data)
            def helper2(self, data):
                return data
            def call(self, x):
                return x

        def eager(x):
            return x
    """)
    training = facts.training
    trace = training.trace
    assert trace(function(facts, "decorated")).kind == DECORATED
    assert trace(function(facts, "decorated")).may_retrace_on_python_values is True
    assert trace(function(facts, "helper")).kind == CALLED_FROM_TRACED
    assert trace(function(facts, "signed")).input_signature is True
    assert trace(function(facts, "signed")).may_retrace_on_python_values is False
    # reduce_retracing relaxes shapes, not Python values (measured: 12 ints, 12 traces)
    assert trace(function(facts, "relaxed")).may_retrace_on_python_values is True
    assert trace(function(facts, "plain")).kind == WRAPPED
    assert trace(function(facts, "train_step")).kind == KERAS_STEP
    assert trace(function(facts, "helper2")).kind == CALLED_FROM_TRACED
    assert trace(function(facts, "call")).kind == LAYER_CALL
    assert trace(function(facts, "eager")) is None
    assert training.eager_forced is False


def test_unknown_retracing_options_and_forced_eager():
    facts = facts_of("""
        import tensorflow as tf
        tf.config.run_functions_eagerly(True)
        @tf.function(**options)
        def f(x):
            return x
    """)
    assert facts.training.trace(function(facts, "f")).may_retrace_on_python_values is None
    assert facts.training.eager_forced is True


def test_strategy_run_of_a_step_inside_a_traced_function_traces_the_step():
    facts = facts_of("""
        import tensorflow as tf
        def step(x):
            return x
        @tf.function
        def distributed(x):
            return strategy.run(step, args=(x,))
    """)
    assert facts.training.trace(function(facts, "step")).kind == CALLED_FROM_TRACED


# -- loops ----------------------------------------------------------------------------------------
def test_batch_loops():
    facts = facts_of("""
        import tensorflow as tf
        ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(100).batch(32)
        for epoch in range(10):
            for step, (xb, yb) in enumerate(ds):
                a(xb)
            b()
        for i in range(steps_per_epoch):
            c()
        for episode in range(num_episodes):
            d()
        for i in range(5000):
            e()
        for batch in tqdm(ds.take(10)):
            f()
        for item in items:
            g()
    """)
    iteration = facts.training.iteration
    verdicts = {code(facts, c.func): iteration.batch_loop_around(c) is not None
                for c in facts.index.calls if isinstance(c.func, cst.Name)
                and len(c.func.value) == 1}
    assert verdicts == {"a": True, "b": False, "c": True, "d": False, "e": True, "f": True,
                        "g": False}


def test_where_a_step_runs_through_callers():
    facts = facts_of("""
        import tensorflow as tf
        def train_step(x, y):
            pass
        def train_epoch(ds):
            for x, y in ds:
                train_step(x, y)
        def once():
            train_step(1, 2)
        class Trainer:
            def step(self, x):
                pass
            def fit(self, data):
                for epoch in range(3):
                    for x in data:
                        self.step(x)
        for epoch in range(3):
            once()
    """)
    iteration = facts.training.iteration
    # `for x, y in ds` over a parameter nobody passes: an unknown iterable in a single loop
    # is not a batch loop; the epoch loop around `once()` is not one either
    assert list(iteration.loop_sites(function(facts, "train_step"))) == []
    assert [code(facts, s.func) for s, _ in iteration.loop_sites(function(facts, "step"))] == \
        ["self.step"]
    with_caller = facts_of("""
        import tensorflow as tf
        train_ds = tf.data.Dataset.range(10).batch(2)
        def train_step(x):
            pass
        def train_epoch(ds):
            for x in ds:
                train_step(x)
        def fit():
            train_epoch(train_ds)
        fit()
    """)
    sites = list(with_caller.training.iteration.loop_sites(function(with_caller, "train_step")))
    assert [code(with_caller, site.func) for site, _ in sites] == ["train_step"]


# -- models called --------------------------------------------------------------------------------
def test_callees_models_self_and_attributes():
    facts = facts_of("""
        import keras
        import tensorflow as tf
        disc = keras.Sequential([keras.layers.Dense(4), keras.layers.Dropout(0.3),
                                 keras.layers.Dense(1)])
        class Block(keras.layers.Layer):
            def call(self, x, training=None):
                return x
        class GAN(keras.Model):
            def __init__(self, discriminator):
                super().__init__()
                self.discriminator = discriminator
                self.block = Block()
                self.dense = keras.layers.Dense(3)
            def train_step(self, data):
                with tf.GradientTape() as tape:
                    p = self.discriminator(data)
                    q = self(data)
                    r = self.block(data)
                    s = self.dense(data)
                    t = unknown_model(data)
                tape.gradient(p, self.discriminator.trainable_weights)
        gan = GAN(disc)
    """)
    training = facts.training
    (tape,) = training.tapes
    callees = {code(facts, c.func): training.callee(c) for c in tape.calls
               if code(facts, c.func) != "tape.gradient"}
    assert callees["self.discriminator"].model is not None
    assert [c.what for c in training.training_layers(callees["self.discriminator"])] == ["dropout"]
    assert callees["self"].cls is not None and callees["self.block"].cls is not None
    assert callees["self.dense"] is None and callees["unknown_model"] is None
    (gradient,) = tape.gradients
    site = calls_named(facts, "self.discriminator")[0]
    assert training.trains(gradient, callees["self.discriminator"], site)
    assert not training.trains(gradient, callees["self.block"], site)


def test_variable_owners_through_names_and_sums():
    facts = facts_of("""
        import tensorflow as tf
        with tf.GradientTape() as tape:
            loss = f()
        params = encoder.trainable_weights + decoder.trainable_weights
        tape.gradient(loss, params)
        tape.gradient(loss, [w, b])
    """)
    training = facts.training
    (tape,) = training.tapes
    owners = [training.trained_owners(g) for g in tape.gradients]
    assert [code(facts, o) for o in owners[0]] == ["encoder", "decoder"]
    assert owners[1] is None


# -- dataflow -------------------------------------------------------------------------------------
def test_chain_follows_certain_assignments_and_stops_at_unknown_ones():
    facts = facts_of("""
        def step(x, y):
            logits = model(x)
            probs = softmax(logits)
            loss = loss_fn(y, probs)
            total = loss
            total += reg
            return loss, total
    """)
    training = facts.training
    returns = facts.index.returns[function(facts, "step")]
    loss, total = returns[0].value.elements
    found = training.chain(loss.value, function(facts, "step"))
    assert [s.name for s in found.steps] == ["loss", "probs", "logits"]
    assert found.complete
    assert not training.chain(total.value, function(facts, "step")).complete
