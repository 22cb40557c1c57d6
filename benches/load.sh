#!/usr/bin/env bash
# Load on `gloss serve` while files are edited and rebuilt: wrk (Debian: apt-get install wrk)
# with 100 connections for 20 s on loopback, against the bundled example (or the project
# given), every answer checked whole by benches/load.lua, while an article is saved every
# half second and each save rebuilds.
#
#   benches/load.sh [PROJECT]
#
# Environment:
#   CONNECTIONS=100  DURATION=20s  THREADS=2   wrk's -c, -d and -t
#   EDIT_EVERY=0.5   seconds between saves of the article
#   GLOSS=...        the gloss binary (default: target/release/gloss, built if missing)
#
# Prints wrk's summary (requests/s, latency percentiles, failures, truncated answers, socket
# errors) and how many rebuilds ran meanwhile. Exits 1 if any answer failed or was cut short.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
project=${1:-$root}
connections=${CONNECTIONS:-100}
duration=${DURATION:-20s}
threads=${THREADS:-2}
edit_every=${EDIT_EVERY:-0.5}
command -v wrk >/dev/null || { echo "error: needs wrk (apt-get install wrk)" >&2; exit 2; }
gloss=${GLOSS:-$root/target/release/gloss}
if [ -z "${GLOSS:-}" ]; then
    (cd "$root" && cargo build --release --quiet)
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/gloss-load.XXXXXX")
server=""
editor=""
cleanup() {
    [ -n "$editor" ] && kill "$editor" 2>/dev/null || true
    [ -n "$server" ] && kill "$server" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# A copy, so the edits never touch the project itself.
mkdir -p "$work/project"
cp -r "$project/content" "$work/project/"
[ -d "$project/templates" ] && cp -r "$project/templates" "$work/project/"
article=$(find "$work/project/content/articles" -name '*.md' | sort | head -n 1)

"$gloss" serve --root "$work/project" --output "$work/site" --port 0 >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do
    grep -q '^Serving ' "$work/serve.log" && break
    sleep 0.1
done
address=$(grep -o 'http://[0-9.:]*/' "$work/serve.log" | head -n 1)
[ -n "$address" ] || { cat "$work/serve.log" >&2; exit 2; }

# Every HTML page of the site, as paths.
(cd "$work/site" && find . -name index.html | sed 's|^\.||; s|index\.html$||' | sort) >"$work/pages"
export GLOSS_PAGES="$work/pages"

# The editor: saves the article with one line more, then as it was, over and over.
cp "$article" "$work/original.md"
(
    n=0
    while true; do
        n=$((n + 1))
        if [ $((n % 2)) -eq 1 ]; then
            { cat "$work/original.md"; echo; echo "Edit number $n, saved under load."; } >"$article.tmp"
        else
            cp "$work/original.md" "$article.tmp"
        fi
        mv "$article.tmp" "$article"
        sleep "$edit_every"
    done
) &
editor=$!

echo "gloss serve at $address, $(wc -l <"$work/pages") pages; wrk -t$threads -c$connections -d$duration"
wrk -t"$threads" -c"$connections" -d"$duration" --timeout 10s -s "$root/benches/load.lua" "$address" | tee "$work/wrk.out"
kill "$editor" 2>/dev/null || true
editor=""
rebuilds=$(grep -c ' changed' "$work/serve.log" || true)
echo "rebuilds during the run: $rebuilds"
grep -q '^failed (not 200): 0, truncated: 0$' "$work/wrk.out" &&
    grep -q '^socket errors: connect 0, read 0, write 0, timeout 0$' "$work/wrk.out"
