"""The rule registry: every module `klNNN_<name>.py` in this package defines one rule."""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from keraslint.rules.base import Invalid, Option, Report, Rule, Valid

__all__ = ["Invalid", "Option", "Report", "Rule", "Valid", "all_rules", "rule_for"]


@lru_cache(maxsize=1)
def all_rules() -> dict[str, type[Rule]]:
    """Code -> rule class, sorted by code."""
    found: dict[str, type[Rule]] = {}
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("kl"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Rule) and value.__module__ == module.__name__:
                if value.CODE in found:
                    raise RuntimeError(f"two rules claim {value.CODE}")
                found[value.CODE] = value
    return dict(sorted(found.items()))


def rule_for(code_or_name: str) -> type[Rule]:
    key = code_or_name.upper()
    for rule in all_rules().values():
        if rule.CODE == key or rule.NAME == code_or_name.lower():
            return rule
    raise KeyError(code_or_name)
