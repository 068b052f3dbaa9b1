"""`[tool.keraslint]` in pyproject.toml: discovery, validation and rule selection (Ruff's keys).

Each file is linted with the settings of the nearest `pyproject.toml` above it that has a
`[tool.keraslint]` table (Ruff's hierarchical discovery), or `--config` when given. Every key
and code is validated: a typo is an error with the file named, never silently ignored.
"""

from __future__ import annotations

import fnmatch
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any, Iterable, Optional

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python < 3.11 only
    import tomli as tomllib

from keraslint.paths import located, resolved
from keraslint.rules import all_rules

DEFAULT_EXCLUDE = (
    ".bzr", ".direnv", ".eggs", ".git", ".git-rewrite", ".hg", ".ipynb_checkpoints", ".mypy_cache",
    ".nox", ".pants.d", ".pyenv", ".pytest_cache", ".pytype", ".ruff_cache", ".svn", ".tox",
    ".venv", ".vscode", "__pypackages__", "_build", "buck-out", "build", "dist", "node_modules",
    "site-packages", "venv",
)
_LIST_KEYS = ("select", "extend-select", "ignore", "exclude", "extend-exclude")


class ConfigError(Exception):
    """A problem in configuration or selection; reported with its source and exit code 2."""


@dataclass(frozen=True)
class Selection:
    """One layer of rule selection: a config file's `select`/`extend-select`/`ignore`, or the
    command line's. Layers apply in order, as Ruff applies them: a later layer's `select`
    replaces everything before it, its `extend-select` and `ignore` adjust what came before.
    So `--select KL201` or `--extend-select KL201` re-enables a rule the config ignores."""

    select: Optional[tuple[str, ...]] = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def updates(self) -> dict[str, bool]:
        """{code: enabled} for the codes this layer names: the more specific selector wins,
        and `ignore` wins over `select` at equal specificity (Ruff's tie-break)."""
        ordered = sorted([(_specificity(s), False, s) for s in (self.select or ()) + self.extend_select]
                         + [(_specificity(s), True, s) for s in self.ignore])
        result: dict[str, bool] = {}
        for _, ignored, selector in ordered:
            for code in all_rules():
                if _selects(selector, code):
                    result[code] = not ignored
        return result


@dataclass(frozen=True)
class Settings:
    root: Path
    source: Optional[Path] = None
    selections: tuple[Selection, ...] = ()  # the config file's layer, then the command line's
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    options: tuple[tuple[str, Any], ...] = ()

    # -- selection ---------------------------------------------------------------------------
    def enabled_codes(self) -> frozenset[str]:
        """Ruff's resolution: start from the default rules, then apply each layer in turn."""
        enabled = {code for code, rule in all_rules().items() if rule.DEFAULT_ENABLED}
        carried_ignores: tuple[str, ...] = ()
        for layer in self.selections:
            if carried_ignores:  # Ruff: `select = []` with `ignore` also applies to the next layer
                layer = replace(layer, ignore=carried_ignores + layer.ignore)
            updates = layer.updates()
            carried_ignores = ()
            if layer.select is not None:
                enabled = {code for code, on in updates.items() if on}
                if not layer.select and not layer.extend_select and layer.ignore:
                    carried_ignores = layer.ignore
            else:
                enabled |= {code for code, on in updates.items() if on}
                enabled -= {code for code, on in updates.items() if not on}
        return frozenset(enabled)

    @property
    def ignore(self) -> tuple[str, ...]:
        """Every `ignore` selector of every layer (for display and tests)."""
        return tuple(code for layer in self.selections for code in layer.ignore)

    def codes_for(self, path: Path) -> frozenset[str]:
        """Enabled codes minus the per-file-ignores that match `path`."""
        ignored = [c for pattern, codes in self.per_file_ignores if self._matches(path, pattern)
                   for c in codes]
        return frozenset(c for c in self.enabled_codes() if not any(_selects(s, c) for s in ignored))

    # -- files -------------------------------------------------------------------------------
    def is_excluded(self, path: Path) -> bool:
        return any(self._matches(path, p) for p in self.exclude + self.extend_exclude)

    def _matches(self, path: Path, pattern: str) -> bool:
        """Ruff's rule: a bare name matches any path component, a path matches from the root."""
        try:
            relative = PurePosixPath(located(path).relative_to(resolved(self.root)).as_posix())
        except ValueError:
            relative = PurePosixPath(path.name)  # outside the project: only its own name counts
        pattern = pattern.rstrip("/")
        if "/" not in pattern:
            return any(fnmatch.fnmatchcase(part, pattern) for part in relative.parts)
        pattern = pattern[2:] if pattern.startswith("./") else pattern
        text = relative.as_posix()
        return fnmatch.fnmatchcase(text, pattern) or any(
            fnmatch.fnmatchcase(parent.as_posix(), pattern) for parent in relative.parents)

    def option_values(self) -> dict[str, Any]:
        return dict(self.options)


def _selects(selector: str, code: str) -> bool:
    return selector == "ALL" or code.startswith(selector)


def _specificity(selector: str) -> int:
    return 0 if selector == "ALL" else len(selector)


# -- loading -----------------------------------------------------------------------------------
def find_config(start: Path) -> Optional[Path]:
    """The nearest pyproject.toml at or above `start` that has a `[tool.keraslint]` table."""
    directory = start if start.is_dir() else start.parent
    directory = resolved(directory)
    for candidate in (directory, *directory.parents):
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and _has_table(pyproject):
            return pyproject
    return None


def _has_table(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return "[tool.keraslint" in text


def load(path: Path) -> Settings:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"{path}: cannot read config: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: config is not valid UTF-8") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    table = data.get("tool", {}).get("keraslint", {}) if path.name == "pyproject.toml" else data
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.keraslint] must be a table")
    return from_table(table, root=path.parent, source=path)


def from_table(table: dict, root: Path, source: Optional[Path] = None) -> Settings:
    where = f"{source}: [tool.keraslint]" if source else "[tool.keraslint]"
    option_specs = _option_specs()
    known = set(_LIST_KEYS) | {"per-file-ignores"} | set(option_specs)
    for key in table:
        if key not in known:
            raise ConfigError(f"{where}: unknown key `{key}`{_suggest(key, known)}")
    values: dict[str, Any] = {}
    for key in _LIST_KEYS:
        if key in table:
            values[key] = tuple(_string_list(table[key], f"{where}.{key}"))
    for key in ("select", "extend-select", "ignore"):
        for code in values.get(key, ()):
            validate_selector(code, f"{where}.{key}")
    per_file = table.get("per-file-ignores", {})
    if not isinstance(per_file, dict):
        raise ConfigError(f"{where}.per-file-ignores must be a table of pattern = [codes]")
    ignores = []
    for pattern, codes in per_file.items():
        codes = tuple(_string_list(codes, f"{where}.per-file-ignores.{pattern!r}"))
        for code in codes:
            validate_selector(code, f"{where}.per-file-ignores.{pattern!r}")
        ignores.append((pattern, codes))
    options = []
    for key, spec in option_specs.items():
        if key in table:
            try:
                options.append((key, spec.parse(table[key])))
            except (ValueError, TypeError) as error:
                raise ConfigError(f"{where}.{key}: {error}") from None
    layer = Selection(values.get("select"), values.get("extend-select", ()), values.get("ignore", ()))
    return Settings(
        root=root, source=source, selections=(layer,),
        per_file_ignores=tuple(ignores), exclude=values.get("exclude", DEFAULT_EXCLUDE),
        extend_exclude=values.get("extend-exclude", ()), options=tuple(options),
    )


def with_overrides(settings: Settings, *, select=None, extend_select=(), ignore=(),
                   extend_exclude=()) -> Settings:
    """Command-line selection as a last layer on top of a file's settings, as Ruff layers
    them: it wins over the file for every code it names."""
    for code in list(select or ()) + list(extend_select) + list(ignore):
        validate_selector(code, "command line")
    layer = Selection(tuple(select) if select is not None else None, tuple(extend_select),
                      tuple(ignore))
    layers = settings.selections + ((layer,) if layer != Selection() else ())
    return replace(settings, selections=layers,
                   extend_exclude=settings.extend_exclude + tuple(extend_exclude))


def validate_selector(selector: str, where: str) -> None:
    if not selector:
        raise ConfigError(f"{where}: empty rule selector (give a code or prefix such as `KL2`, "
                          "or `ALL`)")
    if selector == "ALL" or any(code.startswith(selector) for code in all_rules()):
        if selector == "ALL" or len(selector) >= 2:
            return
    raise ConfigError(f"{where}: unknown rule selector `{selector}`{_selector_hint(selector)}")


def _selector_hint(selector: str) -> str:
    """A code the user plainly meant: the same code in other case (`kl201`), or the code of a
    rule named by its name (`double-activation`). Codes close in digits are different rules,
    so no guess is made from them (`KL999` is not a typo of `KL902`)."""
    rules = all_rules()
    if selector.upper() in rules:
        return f" (did you mean `{selector.upper()}`?)"
    by_name = {cls.NAME: code for code, cls in rules.items()}
    code = by_name.get(selector.lower().replace("_", "-"))
    return f" (did you mean `{code}`, {rules[code].NAME}?)" if code else ""


def _string_list(value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        raise ConfigError(f"{where} must be a list of strings, e.g. [\"{value}\"]")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where} must be a list of strings")
    return value


def _option_specs() -> dict:
    specs = {}
    for rule in all_rules().values():
        for option in rule.OPTIONS:
            specs.setdefault(option.key, option)
    return specs


def _suggest(word: str, choices: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean `{close[0]}`?)" if close else ""


@dataclass
class SettingsResolver:
    """Settings per file: `--config` for all, else the nearest config (cached per directory)."""

    explicit: Optional[Settings] = None
    overrides: dict = field(default_factory=dict)
    cwd: Path = field(default_factory=Path.cwd)
    _cache: dict = field(default_factory=dict)

    def for_path(self, path: Path) -> Settings:
        if self.explicit is not None:
            return self.explicit
        directory = resolved(path if path.is_dir() else path.parent)
        if directory not in self._cache:
            try:
                found = find_config(directory)
                base = load(found) if found else Settings(root=self.cwd)
                self._cache[directory] = with_overrides(base, **self.overrides)
            except ConfigError as error:
                self._cache[directory] = error  # asked again for each file below: no re-parse
        cached = self._cache[directory]
        if isinstance(cached, ConfigError):
            raise cached
        return cached
