"""The one index walk: the loops around a call (`call_blocks`, `Block.node`)."""

from __future__ import annotations

import textwrap

import libcst as cst

from keraslint.analysis.scopes import ModuleIndex


def index_of(source: str) -> ModuleIndex:
    return ModuleIndex(cst.parse_module(textwrap.dedent(source)))


def test_calls_know_the_loops_around_them_in_their_own_scope():
    index = index_of("""
        for epoch in range(3):
            while True:
                step()
            if epoch:
                log()
        def f():
            for x in data:
                inner()
        done()
    """)
    by_name = {c.func.value: c for c in index.calls}
    loops = [b.node for b in index.call_blocks[by_name["step"]] if b.is_loop]
    assert [type(n).__name__ for n in loops] == ["For", "While"]
    log_blocks = index.call_blocks[by_name["log"]]
    assert [b.is_loop for b in log_blocks] == [True, False] and log_blocks[1].node is None
    # a function body starts with no blocks: the module's loop is not around `inner()`
    inner = [b.node for b in index.call_blocks[by_name["inner"]]]
    assert len(inner) == 1 and isinstance(inner[0], cst.For)
    assert index.call_blocks[by_name["done"]] == ()
    assert index.call_blocks[by_name["range"]] == ()  # a `for` header runs before its body


def test_blocks_compare_by_id_only():
    index = index_of("for x in y:\n    a = 1\n")
    (binding,) = index.module_scope.bindings["a"]
    (block,) = binding.blocks
    assert block.node is not None and block == type(block)(block.id, True)


def test_a_binding_in_the_same_loop_block_reaches_a_later_use_despite_rebinding():
    from keraslint.analysis.values import ValueResolver

    index = index_of("""
        while True:
            state = reshape(state)
            use(state)
            state = step()
        for x in data:
            if x:
                y = 1
            use(y)
            y = 2
    """)
    resolver = ValueResolver(index)
    uses = [c.args[0].value for c in index.calls if c.func.value == "use"]
    first = resolver.binding_of(uses[0])
    assert first is not None and first.node.func.value == "reshape"
    # `y = 1` sits in a branch: on the next iteration `y = 2` may reach the use instead
    assert resolver.binding_of(uses[1]) is None

def test_a_name_imported_twice_as_the_same_module_keeps_its_meaning():
    from keraslint.analysis.core import CoreFacts

    facts = CoreFacts(cst.parse_module(textwrap.dedent("""
        from tensorflow import keras
        import keras
        import numpy as np
        import jax.numpy as np
        def build():
            return keras.Sequential([]), np.zeros(3)
    """)))
    sequential, zeros = [c for c in facts.index.calls if c.func.attr.value in ("Sequential", "zeros")]
    assert facts.call_name(sequential) == "keras.Sequential"
    assert facts.call_name(zeros) is None  # two different modules: unknown
