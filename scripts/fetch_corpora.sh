#!/usr/bin/env bash
# Fetch the real-code corpora that keraslint is benchmarked and tried on.
#
# For each pinned requirement (NAME==VERSION) this downloads the distribution
# from PyPI with pip (no dependencies, whatever file pip picks by default:
# a wheel for all three current pins) and unpacks only its .py files into
# .corpora/NAME/ at the repository root. .corpora/ is git-ignored.
#
# Pins come from, in order of precedence:
#   KERASLINT_CORPORA       whitespace- or comma-separated requirements,
#                           e.g. KERASLINT_CORPORA="keras==3.15.1"
#   KERASLINT_CORPORA_FILE  a file like scripts/corpora.txt
#   scripts/corpora.txt     the default pins
# Every requirement must be pinned with '==' so runs are reproducible.
#
# Other knobs:
#   KERASLINT_CORPORA_DIR   destination (default: <repo>/.corpora)
#   PYTHON                  interpreter whose pip is used (default: python3)
#
# Idempotent: a corpus whose .corpora/NAME/.fetched marker records the same
# requirement is skipped. A corpus with another (or no) marker is replaced.
# Unpacking goes to a temporary folder that is renamed into place at the end,
# so an interrupted run never leaves a half-unpacked corpus that looks done.
#
# At the end it prints the number of .py files and lines of every corpus
# (lines = newline characters, plus one for a last line without a newline;
# scripts/benchmark.py counts the same way).
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$script_dir/.." && pwd)"
pins_file="${KERASLINT_CORPORA_FILE:-$script_dir/corpora.txt}"
dest_root="${KERASLINT_CORPORA_DIR:-$repo_root/.corpora}"
python="${PYTHON:-python3}"

die() { echo "fetch_corpora: $*" >&2; exit 1; }

# --- read the pins ----------------------------------------------------------
specs=()
if [[ -n "${KERASLINT_CORPORA:-}" ]]; then
    read -r -a specs <<<"${KERASLINT_CORPORA//,/ }"
    source_desc="KERASLINT_CORPORA"
else
    [[ -f "$pins_file" ]] || die "pins file not found: $pins_file"
    while IFS= read -r line || [[ -n "$line" ]]; do
        line="${line%%#*}"
        line="$(echo "$line" | tr -d '[:space:]')"
        [[ -n "$line" ]] && specs+=("$line")
    done <"$pins_file"
    source_desc="$pins_file"
fi
((${#specs[@]} > 0)) || die "no corpora listed in $source_desc"
for spec in "${specs[@]}"; do
    [[ "$spec" =~ ^[A-Za-z0-9][A-Za-z0-9._-]*==[A-Za-z0-9][A-Za-z0-9.+!_-]*$ ]] ||
        die "not a pinned requirement (want NAME==VERSION): '$spec' (from $source_desc)"
done

mkdir -p "$dest_root"
work="$(mktemp -d "${TMPDIR:-/tmp}/keraslint-corpora.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# --- helper: unpack the .py files of one archive ----------------------------
# Usage: unpack ARCHIVE DEST. Wheels (.whl) keep their paths; sdists
# (.tar.gz, .tgz, .tar.bz2, .zip) lose their single top-level folder.
unpack() {
    "$python" - "$1" "$2" <<'PY'
import pathlib, sys, tarfile, zipfile

archive, dest = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
name = archive.name

def members():
    if name.endswith((".whl", ".zip")):
        with zipfile.ZipFile(archive) as zf:
            for info in zf.infolist():
                if not info.is_dir():
                    yield info.filename, lambda info=info: zf.read(info)
    elif name.endswith((".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".tar")):
        with tarfile.open(archive) as tf:
            for info in tf.getmembers():
                if info.isfile():
                    yield info.name, lambda info=info: tf.extractfile(info).read()
    else:
        sys.exit(f"fetch_corpora: don't know how to unpack {name}")

strip_top = not name.endswith(".whl")
count = 0
for member, read in members():
    if not member.endswith(".py"):
        continue
    parts = [p for p in member.replace("\\", "/").split("/") if p not in ("", ".")]
    if strip_top:
        parts = parts[1:]
    if not parts or ".." in parts or member.startswith("/"):
        print(f"fetch_corpora: skipping unsafe member {member!r}", file=sys.stderr)
        continue
    target = dest.joinpath(*parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(read())
    count += 1
if count == 0:
    sys.exit(f"fetch_corpora: no .py files in {name}")
PY
}

# --- fetch each corpus ------------------------------------------------------
names=()
for spec in "${specs[@]}"; do
    name="${spec%%==*}"
    names+=("$name")
    target="$dest_root/$name"
    marker="$target/.fetched"
    if [[ -f "$marker" ]] && [[ "$(head -n1 "$marker")" == "$spec" ]]; then
        echo "== $spec: already in ${target#"$repo_root"/}, skipping"
        continue
    fi
    echo "== $spec: downloading"
    dl="$work/dl-$name"
    mkdir -p "$dl"
    "$python" -m pip download --no-deps --no-binary=:none: \
        --disable-pip-version-check --quiet -d "$dl" "$spec"
    shopt -s nullglob
    archives=("$dl"/*)
    shopt -u nullglob
    ((${#archives[@]} == 1)) || die "expected one file from pip for $spec, got ${#archives[@]}"
    archive="${archives[0]}"
    echo "   got $(basename "$archive"); unpacking .py files"
    staging="$dest_root/.staging-$name"
    rm -rf "$staging"
    mkdir -p "$staging"
    unpack "$archive" "$staging"
    sha="$("$python" -c 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest())' "$archive")"
    printf '%s\n%s\nsha256:%s\n' "$spec" "$(basename "$archive")" "$sha" >"$staging/.fetched"
    rm -rf "$target"
    mv "$staging" "$target"
done

# --- report -----------------------------------------------------------------
echo
"$python" - "$dest_root" "${names[@]}" <<'PY'
import pathlib, sys

root = pathlib.Path(sys.argv[1])
rows, total_files, total_lines = [], 0, 0
for name in sys.argv[2:]:
    files = lines = 0
    for path in sorted((root / name).rglob("*.py")):
        data = path.read_bytes()
        files += 1
        lines += data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)
    version = (root / name / ".fetched").read_text().splitlines()[0]
    rows.append((version, files, lines))
    total_files += files
    total_lines += lines
rows.append(("total", total_files, total_lines))
width = max(len(r[0]) for r in rows)
print(f"{'corpus':<{width}}  {'files':>7}  {'lines':>9}")
for spec, files, lines in rows:
    print(f"{spec:<{width}}  {files:>7,}  {lines:>9,}")
PY
