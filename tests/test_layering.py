"""The import structure the design promises, read statically from the source with `ast`.

Every `import`/`from` statement counts, wherever it is (inside functions, under
`TYPE_CHECKING`): a lazy import that dodges a cycle at run time is still a cycle in the design.
- no import cycle between analysis modules;
- an analysis module imports only its own domain and lower ones (`keraslint.analysis.DOMAINS`);
- the analysis never imports rules, the engine, reporting, the CLI or the verifier;
- nothing outside `keraslint/verifier/` (where the child-side experiments live) imports
  TensorFlow, Keras or NumPy.
"""

from __future__ import annotations

import ast
from pathlib import Path

import keraslint
from keraslint.analysis import DOMAINS

PACKAGE_ROOT = Path(keraslint.__file__).parent
ANALYSIS = "keraslint.analysis"
FORBIDDEN_FOR_ANALYSIS = ("keraslint.rules", "keraslint.engine", "keraslint.reporting",
                          "keraslint.cli", "keraslint.verifier")
HEAVY = frozenset({"tensorflow", "keras", "numpy", "tf_keras"})


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE_ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE_ROOT.rglob("*.py"))}


def imported_modules(name: str, path: Path) -> set[str]:
    """Every module the file names in an import statement, anywhere in the file.

    `from package import x` names `package.x` when that is a module of ours, else `package`.
    """
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(name, is_package, node.module, node.level)
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in MODULES else base)
    return found


def _absolute(name: str, is_package: bool, module: str | None, level: int) -> str:
    if level == 0:
        return module or ""
    parts = name.split(".")
    anchor = parts if is_package else parts[:-1]
    anchor = anchor[: len(anchor) - (level - 1)]
    return ".".join(anchor + ([module] if module else []))


GRAPH = {name: imported_modules(name, path) for name, path in MODULES.items()}


def analysis_edges() -> dict[str, set[str]]:
    return {name: {t for t in targets if _in_analysis(t)}
            for name, targets in GRAPH.items() if _in_analysis(name)}


def _in_analysis(name: str) -> bool:
    return name == ANALYSIS or name.startswith(ANALYSIS + ".")


def domain_rank(name: str) -> int:
    """The index of the module's domain in DOMAINS; the package itself sits above all."""
    if name == ANALYSIS:
        return len(DOMAINS)
    top = name[len(ANALYSIS) + 1:].split(".", 1)[0]
    for rank, (_, members) in enumerate(DOMAINS):
        if top in members:
            return rank
    raise AssertionError(f"{name} is in no domain of keraslint.analysis.DOMAINS: add it there")


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import cycle (as a path that ends where it starts), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(edges.get(node, ())):
            if state.get(target) == 1:
                return path[path.index(target):] + [target]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_the_graph_sees_the_known_imports():
    """Guards the parser itself: imports at module level, inside functions, and of submodules."""
    assert "keraslint.analysis.core" in GRAPH["keraslint.analysis.facts"]
    assert "keraslint.analysis.calls" in GRAPH["keraslint.analysis.layers"]  # `from pkg import mod`
    assert "tensorflow" in GRAPH["keraslint.verifier.child"]  # imported inside a function
    assert "keraslint.analysis.models" in GRAPH["keraslint.verifier.slicing.targets"]


def test_no_import_cycle_in_the_analysis():
    cycle = find_cycle(analysis_edges())
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_cycle_finder_finds_cycles():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


def test_every_analysis_module_has_a_domain():
    for name in MODULES:
        if _in_analysis(name):
            domain_rank(name)


def test_domains_import_only_lower_domains():
    upward = sorted(
        f"{source} imports {target} ({DOMAINS[domain_rank(target)][0]} is above "
        f"{DOMAINS[domain_rank(source)][0]})"
        for source, targets in analysis_edges().items() for target in targets
        if domain_rank(target) > domain_rank(source))
    assert not upward, "\n".join(upward)


def test_analysis_never_imports_rules_engine_reporting_cli_or_verifier():
    bad = sorted(f"{source} imports {target}" for source, targets in GRAPH.items()
                 if _in_analysis(source) for target in targets
                 if target.startswith(FORBIDDEN_FOR_ANALYSIS))
    assert not bad, "\n".join(bad)


def test_only_the_verifier_imports_tensorflow_keras_or_numpy():
    heavy = sorted(f"{name} imports {target}" for name, targets in GRAPH.items()
                   if not name.startswith("keraslint.verifier") for target in targets
                   if target.split(".", 1)[0] in HEAVY)
    assert not heavy, "\n".join(heavy)
