#!/usr/bin/env bash
# Makes pgo/gloss.profdata again: the profile a release build of gloss is optimized with (see
# pgo/rustc). Run it after changes to hot code, and before measuring: a profile older than the
# code still builds, but the functions changed since are optimized without it.
#
#   benches/pgo.sh
#
# It builds gloss instrumented (in target/pgo-generate, so the usual build stays as it is),
# runs it on what a build meets in use: a fresh build of a generated 1,000-article corpus, a
# rebuild of it into the same folder, `gloss check` on it, and a build of the bundled example;
# then merges the counts into pgo/gloss.profdata, writes the LLVM version that made it into
# pgo/llvm-version and a checksum of the sources it describes into pgo/sources (which
# `pgo/rustc --status` compares with the sources at hand). Commit all three.
#
# Needs llvm-profdata of rustc's LLVM version (`rustc -vV` shows it; Debian: apt-get install
# llvm-22 for LLVM 22), found as llvm-profdata-<major>, /usr/lib/llvm-<major>/bin/llvm-profdata,
# or rustup's llvm-tools component.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
major=$(rustc -vV | sed -n 's/^LLVM version: \([0-9]*\).*/\1/p')
[ -n "$major" ] || { echo "error: cannot tell rustc's LLVM version (rustc -vV)" >&2; exit 2; }
profdata=
for candidate in "llvm-profdata-$major" "/usr/lib/llvm-$major/bin/llvm-profdata" \
    "$(rustc --print sysroot)/lib/rustlib/$(rustc -vV | sed -n 's/^host: //p')/bin/llvm-profdata"; do
    if command -v "$candidate" >/dev/null 2>&1; then
        profdata=$(command -v "$candidate")
        break
    fi
done
if [ -z "$profdata" ]; then
    echo "error: needs llvm-profdata of LLVM $major (Debian: apt-get install llvm-$major;" \
        "rustup: rustup component add llvm-tools)" >&2
    exit 2
fi

# The sources the profile will describe, taken before anything is built from them.
sources=$(pgo/rustc --sources)
work=$(mktemp -d "${TMPDIR:-/tmp}/gloss-pgo.XXXXXX")
trap 'rm -rf "$work"' EXIT
raw=$work/raw

# The generator is an ordinary release build; gloss is built with counters, without the old
# profile (GLOSS_PGO=0), so that the new one describes plain code.
cargo build --release --example gen-corpus
GLOSS_PGO=0 RUSTFLAGS="-Cprofile-generate=$raw" \
    cargo build --release --bin gloss --target-dir target/pgo-generate
gloss=$root/target/pgo-generate/release/gloss

target/release/examples/gen-corpus --articles 1000 --out "$work/corpus" >/dev/null
# Build scripts compiled with counters wrote profiles of their own while cargo ran them.
rm -rf "$raw"
"$gloss" build --root "$work/corpus" --output "$work/site" >/dev/null
"$gloss" build --root "$work/corpus" --output "$work/site" >/dev/null
"$gloss" check --root "$work/corpus" >/dev/null
"$gloss" build --root "$root" --output "$work/example" >/dev/null

"$profdata" merge --sparse -o pgo/gloss.profdata "$raw"/*.profraw
echo "$major" >pgo/llvm-version
echo "$sources" >pgo/sources
echo "wrote pgo/gloss.profdata ($(wc -c <pgo/gloss.profdata) bytes), pgo/llvm-version ($major)" \
    "and pgo/sources"
echo "a release build now uses it: cargo build --release"
