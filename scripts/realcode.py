"""Measure keraslint's precision on real code, the same way every time.

Usage:
    python scripts/realcode.py NAME=PATH [NAME=PATH ...] [--report report.json] [--verify]

Each NAME is a corpus of `evaluation/realcode/corpora.toml` (a git directory read at a pinned
commit, or a package unpacked by `scripts/fetch_corpora.sh` at the version pinned in
`scripts/corpora.txt`); PATH says where it lives on this machine. Corpora without a location
are skipped and said so. Every finding keraslint reports with its default rules goes to the
report (JSON), matched against the committed labels (`evaluation/realcode/labels.toml`):

    [[label]]
    corpus = "keras-io"
    path = "examples/vision/nerf.py"
    code = "KL302"
    line = 327
    fingerprint = "1f0c9a2e"     # of the finding's line text: labels survive line drift
    verdict = "false"            # true | intended | false
    reason = "..."

Labels may also be split into `labels.d/*.toml` beside the labels file (one file per family of
rules, so that branches add labels without editing the same file); all are read.

The script prints per-rule precision ((true + intended) / reviewed), the findings nobody has
reviewed yet, labels whose finding disappeared (a fixed false finding, or a lost true one), and,
with `--verify`, the verifier's verdicts per label (a `confirmed` on a false finding is a
verifier bug). `--stubs FILE` writes label stubs for the unreviewed findings, to fill in.
`--check` exits 1 when a finding is unreviewed, a true finding disappeared, or a finding
labelled false was confirmed. Labels of fixed false findings are kept: if a change brings one
back, it counts against precision at once instead of waiting for a review.
Only labels are committed, never the corpora's code.
"""

from __future__ import annotations

import argparse
import fnmatch
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Optional

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

HERE = Path(__file__).resolve().parent
DEFAULT_CORPORA = HERE.parent / "evaluation" / "realcode" / "corpora.toml"
DEFAULT_LABELS = HERE.parent / "evaluation" / "realcode" / "labels.toml"
DEFAULT_PINS = HERE / "corpora.txt"
VERDICTS = ("true", "intended", "false")
LABEL_KEYS = {"corpus", "path", "code", "line", "fingerprint", "verdict", "reason", "cell"}
# Linting settings of the measurement: default rule selection, nothing excluded (a corpus
# directory may well be called `build`), and no project config of the corpus or ours.
MEASUREMENT_CONFIG = "exclude = []\n"


class UsageError(Exception):
    """A bad argument, corpus definition or labels file: reported in one line, exit 2."""


# -- corpora ------------------------------------------------------------------------------------
@dataclass
class Corpus:
    name: str
    kind: str
    spec: dict
    location: Optional[Path] = None
    root: Optional[Path] = None  # the directory that was linted
    pinned: str = ""  # commit or NAME==VERSION
    files: Counter = field(default_factory=Counter)  # linted files per extension
    missing: list[str] = field(default_factory=list)  # blobs the git snapshot lacks
    skipped_copies: int = 0


def load_corpora(path: Path, pins_path: Path) -> dict[str, Corpus]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise UsageError(f"{path}: {error}") from None
    pins = _pins(pins_path)
    corpora = {}
    for spec in data.get("corpus", []):
        name, kind = spec.get("name"), spec.get("kind")
        if kind == "git":
            if not spec.get("commit") or not spec.get("paths"):
                raise UsageError(f"{path}: git corpus {name!r} needs `commit` and `paths`")
            pinned = spec["commit"]
        elif kind == "wheel":
            package = spec.get("package", name)
            if package not in pins:
                raise UsageError(f"{path}: corpus {name!r}: {package} is not pinned in {pins_path}")
            pinned = pins[package]
        else:
            raise UsageError(f"{path}: corpus {name!r} has unknown kind {kind!r}")
        corpora[name] = Corpus(name, kind, spec, pinned=pinned)
    return corpora


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    if not path.is_file():
        return pins
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            pins[line.split("==", 1)[0]] = line
    return pins


def _git(git_dir: Path, *args: str, data: Optional[bytes] = None) -> bytes:
    result = subprocess.run(["git", f"--git-dir={git_dir}", *args], input=data,
                            capture_output=True)
    if result.returncode != 0:
        raise UsageError(f"git {' '.join(args[:2])} in {git_dir}: "
                         f"{result.stderr.decode(errors='replace').strip()}")
    return result.stdout


def extract_git(corpus: Corpus, dest: Path) -> None:
    """Write the corpus's matching blobs at its pinned commit under `dest` (no checkout)."""
    git_dir, commit = corpus.location, corpus.pinned
    dest.mkdir(parents=True, exist_ok=True)
    _git(git_dir, "cat-file", "-e", f"{commit}^{{commit}}")
    listing = _git(git_dir, "ls-tree", "-r", "-z", "--full-tree", commit, "--",
                   *corpus.spec["paths"])
    include = corpus.spec.get("include", ["*.py"])
    entries = []
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, name = record.decode("utf-8", "surrogateescape").split("\t", 1)
        mode, kind, sha = meta.split()
        if kind == "blob" and mode in ("100644", "100755") and any(
                fnmatch.fnmatchcase(PurePosixPath(name).name, p) for p in include):
            entries.append((name, sha))
    names = {name for name, _ in entries}
    if corpus.spec.get("skip-notebook-copies"):
        kept = [(n, s) for n, s in entries if not _is_notebook_copy(n, names)]
        corpus.skipped_copies = len(entries) - len(kept)
        entries = kept
    batch = _git(git_dir, "cat-file", "--batch",
                 data="".join(f"{sha}\n" for _, sha in entries).encode())
    offset = 0
    for name, sha in entries:
        end = batch.index(b"\n", offset)
        header = batch[offset:end].decode().split()
        offset = end + 1
        if header[-1] == "missing":
            corpus.missing.append(name)
            continue
        size = int(header[2])
        target = dest.joinpath(*PurePosixPath(name).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(batch[offset:offset + size])
        offset += size + 1
        corpus.files[PurePosixPath(name).suffix] += 1
    corpus.root = dest


def _is_notebook_copy(name: str, names: set[str]) -> bool:
    """`DIR/ipynb/NAME.ipynb` generated from `DIR/NAME.py` (keras-io's layout)."""
    path = PurePosixPath(name)
    if path.suffix != ".ipynb" or path.parent.name != "ipynb":
        return False
    return str(path.parent.parent / f"{path.stem}.py") in names


def prepare_wheel(corpus: Corpus) -> None:
    root = corpus.location
    marker = root / ".fetched"
    if not marker.is_file():
        raise UsageError(f"{root}: no .fetched marker; unpack {corpus.pinned} with "
                         f"scripts/fetch_corpora.sh")
    found = marker.read_text(encoding="utf-8").splitlines()[0].strip()
    if found != corpus.pinned:
        raise UsageError(f"{root} holds {found}, but {corpus.pinned} is pinned: "
                         f"re-run scripts/fetch_corpora.sh")
    include = corpus.spec.get("include", ["*.py"])
    for path in root.rglob("*"):
        if path.is_file() and any(fnmatch.fnmatchcase(path.name, p) for p in include):
            corpus.files[path.suffix] += 1
    corpus.root = root


# -- linting ------------------------------------------------------------------------------------
def lint(corpus: Corpus, config: Path, args) -> tuple[list[dict], list[str]]:
    """keraslint's JSON findings for the corpus (paths relative to its root), and its errors."""
    out = config.parent / f"{corpus.name}.json"
    command = [sys.executable, "-m", "keraslint", "check", "--config", str(config),
               "--output-format", "json", "--exit-zero", "-o", str(out), "."]
    if args.jobs:
        command += ["--jobs", str(args.jobs)]
    if args.verify:
        command += ["--verify", "--verify-timeout", str(args.verify_timeout)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("KERASLINT_")}
    result = subprocess.run(command, cwd=corpus.root, capture_output=True, text=True, env=env)
    errors = [line for line in result.stderr.splitlines() if line.startswith("keraslint: error")]
    if result.returncode not in (0, 2) or not out.is_file():
        raise UsageError(f"keraslint failed on {corpus.name} (exit {result.returncode}):\n"
                         f"{result.stderr[-2000:]}")
    findings = []
    for item in json.loads(out.read_text(encoding="utf-8")):
        relative = Path(item["filename"]).resolve().relative_to(corpus.root.resolve()).as_posix()
        row = item["location"]["row"]
        text = line_text(corpus.root / relative, row, item.get("cell"))
        finding = {
            "corpus": corpus.name, "path": relative, "code": item["code"], "line": row,
            "column": item["location"]["column"], "cell": item.get("cell"),
            "fingerprint": fingerprint(text), "text": text.strip(), "message": item["message"],
        }
        if "verification" in item:
            finding["verification"] = item["verification"]
        findings.append(finding)
    return findings, errors


def line_text(path: Path, row: int, cell: Optional[int]) -> str:
    """The source line a finding points at (in a notebook: row `row` of cell `cell`, 1-based
    with every cell counted, as keraslint's and Ruff's JSON number them)."""
    if cell is None:
        lines = path.read_bytes().decode("utf-8", "replace").splitlines()
    else:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        source = cells[cell - 1]["source"] if 0 < cell <= len(cells) else ""
        lines = ("".join(source) if isinstance(source, list) else source).splitlines()
    return lines[row - 1] if 0 < row <= len(lines) else ""


def fingerprint(text: str) -> str:
    """Eight hex digits of the line with its whitespace normalised."""
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:8]


# -- labels -------------------------------------------------------------------------------------
def load_labels(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"{path}: invalid TOML: {error}") from None
    labels = data.get("label", [])
    for number, label in enumerate(labels, 1):
        where = f"{path}: label {number} ({label.get('path')}:{label.get('line')})"
        unknown = set(label) - LABEL_KEYS
        if unknown:
            raise UsageError(f"{where}: unknown keys {sorted(unknown)}")
        missing = LABEL_KEYS - {"cell"} - set(label)
        if missing:
            raise UsageError(f"{where}: missing {sorted(missing)}")
        if label["verdict"] not in VERDICTS:
            raise UsageError(f"{where}: verdict must be one of {VERDICTS}, not "
                             f"{label['verdict']!r}")
        if not str(label["reason"]).strip():
            raise UsageError(f"{where}: a label needs its reason")
    return labels


def match(findings: list[dict], labels: list[dict]) -> list[dict]:
    """Attach each finding's label (same corpus, path, cell, code and line text; the nearest
    line when a line text repeats); return the labels left without a finding."""
    groups: dict[tuple, tuple[list, list]] = defaultdict(lambda: ([], []))
    key = lambda item: (item["corpus"], item["path"], item.get("cell"), item["code"],  # noqa: E731
                        item["fingerprint"])
    for finding in findings:
        groups[key(finding)][0].append(finding)
    for label in labels:
        groups[key(label)][1].append(label)
    left = []
    for found, labelled in groups.values():
        pairs = sorted(((abs(f["line"] - lab["line"]), i, j) for i, f in enumerate(found)
                        for j, lab in enumerate(labelled)))
        used_f, used_l = set(), set()
        for _, i, j in pairs:
            if i not in used_f and j not in used_l:
                used_f.add(i)
                used_l.add(j)
                found[i]["label"] = {"verdict": labelled[j]["verdict"],
                                     "reason": labelled[j]["reason"]}
        left += [lab for j, lab in enumerate(labelled) if j not in used_l]
    return left


def stub(finding: dict) -> str:
    cell = f"cell = {finding['cell']}\n" if finding.get("cell") is not None else ""
    return (f"[[label]]\ncorpus = {json.dumps(finding['corpus'])}\n"
            f"path = {json.dumps(finding['path'])}\n{cell}code = {json.dumps(finding['code'])}\n"
            f"line = {finding['line']}\nfingerprint = {json.dumps(finding['fingerprint'])}\n"
            f"# {finding['text'][:120]}\n# {finding['message'][:300]}\n"
            f"verdict = \"\"\nreason = \"\"\n\n")


# -- summary ------------------------------------------------------------------------------------
def precision_table(findings: list[dict]) -> dict[str, dict]:
    rows: dict[str, Counter] = defaultdict(Counter)
    for finding in findings:
        for rule in (finding["code"], "total"):
            row = rows[rule]
            row["findings"] += 1
            label = finding.get("label")
            if label:
                row["reviewed"] += 1
                row[label["verdict"]] += 1
            verdict = (finding.get("verification") or {}).get("verdict")
            if verdict:
                row[verdict] += 1
    table = {}
    for rule in sorted(rows, key=lambda r: (r == "total", r)):
        row = rows[rule]
        good = row["true"] + row["intended"]
        table[rule] = {k: row[k] for k in ("findings", "reviewed", *VERDICTS, "confirmed",
                                          "refuted", "inconclusive")}
        table[rule]["precision"] = round(good / row["reviewed"], 4) if row["reviewed"] else None
    return table


def print_summary(corpora: list[Corpus], findings: list[dict], left: list[dict],
                  table: dict[str, dict], errors: list[str], verified: bool) -> None:
    print(f"{'corpus':<20} {'pinned':<26} {'findings':>8}  files")
    for corpus in corpora:
        files = ", ".join(f"{n} {ext}" for ext, n in sorted(corpus.files.items())) or "none"
        extra = (f"; {len(corpus.missing)} blobs missing" if corpus.missing else "") + (
            f"; {corpus.skipped_copies} notebook copies skipped" if corpus.skipped_copies else "")
        count = sum(1 for f in findings if f["corpus"] == corpus.name)
        pinned = corpus.pinned[:12] if corpus.kind == "git" else corpus.pinned
        print(f"{corpus.name:<20} {pinned:<26} {count:>8}  {files}{extra}")
    print()
    header = "rule    findings reviewed  true intended false precision"
    print(header + ("  confirmed refuted inconclusive" if verified else ""))
    for rule, row in table.items():
        precision = f"{row['precision']:.1%}" if row["precision"] is not None else "-"
        line = (f"{rule:<7} {row['findings']:>8} {row['reviewed']:>8} {row['true']:>5} "
                f"{row['intended']:>8} {row['false']:>5} {precision:>9}")
        if verified:
            line += f"  {row['confirmed']:>9} {row['refuted']:>7} {row['inconclusive']:>12}"
        print(line)
    unreviewed = [f for f in findings if "label" not in f]
    print(f"\nnot yet reviewed: {len(unreviewed)}")
    for f in unreviewed:
        print(f"  {f['corpus']} {_where(f)} {f['code']} {f['message'][:110]}")
    fixed = [lab for lab in left if lab["verdict"] == "false"]
    lost = [lab for lab in left if lab["verdict"] != "false"]
    print(f"labels whose finding disappeared: {len(left)} ({len(fixed)} false findings fixed, "
          f"{len(lost)} true or intended findings no longer reported)")
    for label in fixed + lost:
        print(f"  {label['corpus']} {_where(label)} {label['code']} was {label['verdict']}: "
              f"{label['reason'][:100]}")
    if verified:
        wrong = [f for f in findings if (f.get("verification") or {}).get("verdict") == "confirmed"
                 and (f.get("label") or {}).get("verdict") == "false"]
        print(f"confirmed verdicts on findings labelled false: {len(wrong)}")
        for f in wrong:
            print(f"  {f['corpus']} {_where(f)} {f['code']}")
    if errors:
        print(f"keraslint errors: {len(errors)}")
        for error in errors:
            print(f"  {error}")


def _where(item: dict) -> str:
    cell = f"[cell {item['cell']}]" if item.get("cell") is not None else ""
    return f"{item['path']}{cell}:{item['line']}"


# -- main ---------------------------------------------------------------------------------------
def parse_args(argv: list[str]):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("locations", nargs="*", metavar="NAME=PATH",
                        help="where a corpus lives: a git directory, or an unpacked package")
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--pins", type=Path, default=DEFAULT_PINS)
    parser.add_argument("--labels", type=Path, default=DEFAULT_LABELS)
    parser.add_argument("--report", type=Path, help="write every finding here (JSON)")
    parser.add_argument("--stubs", type=Path, help="write label stubs for unreviewed findings")
    parser.add_argument("--verify", action="store_true", help="run keraslint --verify too")
    parser.add_argument("--verify-timeout", type=float, default=60.0)
    parser.add_argument("--jobs", type=int)
    parser.add_argument("--check", action="store_true",
                        help="exit 1 on unreviewed findings, a lost true finding or a confirmed "
                             "verdict on a false finding")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    try:
        return run(args)
    except UsageError as error:
        print(f"realcode: error: {error}", file=sys.stderr)
        return 2


def run(args) -> int:
    corpora = load_corpora(args.corpora, args.pins)
    for item in args.locations:
        name, sep, location = item.partition("=")
        if not sep or name not in corpora:
            raise UsageError(f"{item!r}: want NAME=PATH with NAME one of {sorted(corpora)}")
        if not Path(location).exists():
            raise UsageError(f"{name}: {location} does not exist")
        corpora[name].location = Path(location)
    chosen = [c for c in corpora.values() if c.location is not None]
    for corpus in corpora.values():
        if corpus.location is None:
            print(f"(skipping {corpus.name}: no location given)")
    labels = load_labels(args.labels) + [
        label for extra in sorted((args.labels.parent / "labels.d").glob("*.toml"))
        for label in load_labels(extra)]
    findings, errors = [], []
    with tempfile.TemporaryDirectory(prefix="keraslint-realcode-") as tmp:
        config = Path(tmp) / "keraslint.toml"
        config.write_text(MEASUREMENT_CONFIG, encoding="utf-8")
        for corpus in chosen:
            if corpus.kind == "git":
                extract_git(corpus, Path(tmp) / "src" / corpus.name)
            else:
                prepare_wheel(corpus)
            found, failed = lint(corpus, config, args)
            findings += found
            errors += [f"{corpus.name}: {e}" for e in failed]
    measured = {c.name for c in chosen}
    left = match(findings, [lab for lab in labels if lab["corpus"] in measured])
    table = precision_table(findings)
    print_summary(chosen, findings, left, table, errors, args.verify)
    if args.report:
        args.report.write_text(json.dumps({
            "corpora": [{"name": c.name, "kind": c.kind, "pinned": c.pinned,
                         "files": dict(c.files), "missing_blobs": c.missing,
                         "skipped_notebook_copies": c.skipped_copies} for c in chosen],
            "precision": table, "findings": findings, "disappeared_labels": left,
            "errors": errors,
        }, indent=2) + "\n", encoding="utf-8")
    if args.stubs:
        args.stubs.write_text("".join(stub(f) for f in findings if "label" not in f),
                              encoding="utf-8")
    unreviewed = any("label" not in f for f in findings)
    wrong = any((f.get("verification") or {}).get("verdict") == "confirmed"
                and f.get("label", {}).get("verdict") == "false" for f in findings)
    lost_true = any(lab["verdict"] == "true" for lab in left)
    return 1 if args.check and (unreviewed or lost_true or wrong) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
