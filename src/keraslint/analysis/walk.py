"""A read-only traversal of LibCST trees, several times faster than `node.visit(visitor)`.

LibCST's visitor rebuilds every node it passes (`_visit_and_replace_children`), which on real
code costs as much as parsing. Analysis only reads the tree, so we iterate each node type's
semantic fields directly, skipping whitespace, punctuation and the names that are never
looked up (keyword argument names, attribute names, `def` names: they bind, they are not read).
"""

from __future__ import annotations

import dataclasses
from typing import Iterator

import libcst as cst

_SKIP = frozenset({
    "asynchronous", "colon", "comma", "comment", "default_indent", "default_newline", "dot",
    "empty_lines", "encoding", "equal", "first_colon", "footer", "has_trailing_newline", "header",
    "indent", "lbrace", "lbracket", "leading_lines", "lines_after_decorators", "lpar", "newline",
    "operator", "rbrace", "rbracket", "relative", "rpar", "second_colon", "semicolon", "separator",
    "star", "trailing_comma", "trailing_whitespace", "posonly_ind", "conversion", "keyword",
    "attr", "name", "asname",
})
_FIELDS: dict[type, tuple[str, ...]] = {}


def child_fields(kind: type) -> tuple[str, ...]:
    fields = _FIELDS.get(kind)
    if fields is None:
        fields = tuple(f.name for f in dataclasses.fields(kind)
                       if f.name not in _SKIP and not f.name.startswith("whitespace"))
        _FIELDS[kind] = fields
    return fields


def children(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """The node's semantic children in source order."""
    for name in child_fields(type(node)):
        value = getattr(node, name)
        if isinstance(value, cst.CSTNode):
            yield value
        elif isinstance(value, (tuple, list)):
            for item in value:
                if isinstance(item, cst.CSTNode):
                    yield item


def descendants(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """Every semantic node below `node` (and `node` itself), in source order."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(list(children(current))))
