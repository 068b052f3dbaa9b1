"""Small, exact helpers for reading call arguments the way Python binds them."""

from __future__ import annotations

from typing import Optional

import libcst as cst


def argument(call: cst.Call, keyword: str, position: Optional[int] = None) -> Optional[cst.Arg]:
    """The argument bound to parameter `keyword` (passed by name, or at `position`)."""
    positional = 0
    for arg in call.args:
        if arg.keyword is not None:
            if arg.keyword.value == keyword:
                return arg
        elif not arg.star:
            if position is not None and positional == position:
                return arg
            positional += 1
        elif position is not None and positional <= position:
            return None  # `*args` before our position: which value lands there is unknown
    return None


def argument_value(call: cst.Call, keyword: str, position: Optional[int] = None) -> Optional[cst.BaseExpression]:
    arg = argument(call, keyword, position)
    return None if arg is None else arg.value


def has_unpacking(call: cst.Call) -> bool:
    """`f(*args)` or `f(**kwargs)`: any parameter may receive a value we cannot see."""
    return any(arg.star for arg in call.args)


def receiver(call: cst.Call) -> Optional[cst.BaseExpression]:
    """`model` in `model.fit(...)`."""
    return call.func.value if isinstance(call.func, cst.Attribute) else None


def method_name(call: cst.Call) -> Optional[str]:
    return call.func.attr.value if isinstance(call.func, cst.Attribute) else None


def anchor(call: cst.Call) -> cst.CSTNode:
    """The node whose line is the call's primary line: the `.compile` of `model\\n.compile(`."""
    return call.func.attr if isinstance(call.func, cst.Attribute) else call
