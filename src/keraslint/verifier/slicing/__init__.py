"""Slicing, one module per concern: `units` (the flattened statements, inlining), `closure`
(dependencies, stubs and stand-ins), `sources` (what data can run in the child), `targets`
(what each rule's finding is about, and its facts), `program` (emitting the runnable slice)."""
