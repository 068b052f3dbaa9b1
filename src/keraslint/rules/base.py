"""The rule base class: a rule is one file with its code, name, docs, examples and check."""

from __future__ import annotations

import inspect
import textwrap
from dataclasses import dataclass, field
from typing import Any, Callable, ClassVar, Iterator, Mapping, Optional

import libcst as cst

from keraslint.analysis import FileFacts

DOCS_URL = "https://github.com/keraslint/keraslint/blob/main/rules/{code}.md"


@dataclass(frozen=True)
class Option:
    """A rule setting, read from `[tool.keraslint]` under `key`."""

    key: str
    default: Any
    description: str
    parse: Callable[[Any], Any] = lambda value: value


@dataclass(frozen=True)
class Invalid:
    """An example program on which the rule must report exactly `lines` (1-based)."""

    code: str
    lines: tuple[int, ...]
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Valid:
    """An example program on which the rule must stay quiet (with these options)."""

    code: str
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Report:
    """What a check yields: the node the finding covers and its message.

    `anchor` (default: `node`) is where the finding starts, i.e. its primary line.
    """

    node: cst.CSTNode
    message: str
    anchor: Optional[cst.CSTNode] = None


class Rule:
    CODE: ClassVar[str]
    NAME: ClassVar[str]
    SUMMARY: ClassVar[str]  # one line, for tables and SARIF short descriptions
    MESSAGE: ClassVar[str]
    DEFAULT_ENABLED: ClassVar[bool] = True
    OPTIONS: ClassVar[tuple[Option, ...]] = ()
    VALID: ClassVar[tuple[Any, ...]] = ()
    INVALID: ClassVar[tuple[Invalid, ...]] = ()
    # LibCST metadata providers the check reads through `facts.metadata(...)`; resolved lazily.
    METADATA: ClassVar[tuple[type, ...]] = ()
    # True for rules the engine itself implements (unused-noqa): `check` is never called.
    ENGINE: ClassVar[bool] = False

    def __init__(self, options: Optional[Mapping[str, Any]] = None) -> None:
        given = dict(options or {})
        self.options = {
            opt.key: opt.parse(given[opt.key]) if opt.key in given else opt.default
            for opt in self.OPTIONS
        }

    def check(self, facts: FileFacts) -> Iterator[Report]:
        raise NotImplementedError

    def report(self, node: cst.CSTNode, anchor: Optional[cst.CSTNode] = None, **fields: Any) -> Report:
        return Report(node, self.MESSAGE.format(**fields), anchor)

    # -- docs ------------------------------------------------------------------------------------
    @classmethod
    def docs(cls) -> str:
        """The rule's page body (What it does / Why is this bad? / ...), from its docstring."""
        return textwrap.dedent(inspect.cleandoc(cls.__doc__ or "")).strip()

    @classmethod
    def summary(cls) -> str:
        return cls.SUMMARY

    @classmethod
    def url(cls) -> str:
        return DOCS_URL.format(code=cls.CODE)
