#!/usr/bin/env bash
# Times `gloss build` on generated corpora of N articles (default: 1000 and 10000).
#
#   benches/build-time.sh [N...]
#
# For each N: generates a corpus with the gen-corpus example (reused when one for the same N,
# seed and generator source already exists), builds once as a warm-up, then RUNS times, and
# prints the median, min and max wall time and the page count gloss reports.
#
# Environment:
#   RUNS=5          timed builds per corpus
#   SEED=1          gen-corpus --seed
#   BENCH_DIR=...   where corpora, sites and logs go (default: ${TMPDIR:-/tmp}/gloss-bench)
#   FRESH=1         delete the output before every build (outside the timing), so each build
#                   writes every file; by default builds rewrite an existing output, where
#                   gloss skips files whose bytes did not change
#
# Needs bash, cargo and GNU date (`date +%s%N`). See benches/README.md.
set -euo pipefail

usage() {
    echo "usage: $0 [N...]   (N: number of articles; default 1000 10000)" >&2
    exit 2
}

root=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-5}
seed=${SEED:-1}
work=${BENCH_DIR:-${TMPDIR:-/tmp}/gloss-bench}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
for n in "${sizes[@]}" "$runs" "$seed"; do
    case $n in '' | *[!0-9]*) usage ;; esac
done
[ "$runs" -ge 1 ] || usage
case $(date +%N) in *[!0-9]* | '') echo "error: needs GNU date (date +%s%N)" >&2 && exit 2 ;; esac

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# Median of numbers on stdin (the mean of the middle two for an even count).
median() {
    sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}

cd "$root"
cargo build --release --bin gloss --example gen-corpus
gloss=$root/target/release/gloss
generate=$root/target/release/examples/gen-corpus
mkdir -p "$work"

# A corpus is reused only if it was made by the same generator source with the same arguments.
generator=$(cksum <benches/gen_corpus.rs | cut -d' ' -f1)

# Builds a corpus once into $2, logging to $3; on failure shows the end of the log.
build() {
    if [ "${FRESH:-0}" = 1 ]; then rm -rf "$2"; fi
    if ! "$gloss" build --root "$1" --output "$2" >"$3" 2>&1; then
        echo "error: gloss build failed on $1; the end of $3:" >&2
        tail -n 20 "$3" >&2
        return 1
    fi
}

status=0
report=()
for n in "${sizes[@]}"; do
    corpus=$work/corpus-$n
    stamp=$corpus/.gen-corpus
    want="articles=$n seed=$seed generator=$generator"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        echo "Reusing $corpus"
    else
        rm -rf "$corpus"
        "$generate" --articles "$n" --seed "$seed" --out "$corpus"
        echo "$want" >"$stamp"
    fi
    out=$work/site-$n
    log=$work/build-$n.log
    echo "Building $n articles: warm-up, then $runs timed runs"
    if ! build "$corpus" "$out" "$log"; then
        status=1
        report+=("$(printf '%8s articles: build failed (see %s)' "$n" "$log")")
        continue
    fi
    times=()
    for _ in $(seq "$runs"); do
        [ "${FRESH:-0}" = 1 ] && rm -rf "$out"
        start=$(now_ms)
        if ! build "$corpus" "$out" "$log"; then
            status=1
            break
        fi
        times+=($(($(now_ms) - start)))
    done
    if [ ${#times[@]} -lt "$runs" ]; then
        report+=("$(printf '%8s articles: build failed (see %s)' "$n" "$log")")
        continue
    fi
    sorted=$(printf '%s\n' "${times[@]}" | sort -n)
    pages=$(sed -n 's/^Built \([0-9]*\) pages.*/\1/p' "$log" | tail -n 1)
    internal=$(sed -n 's/^Built .* in \([0-9]*\) ms$/\1/p' "$log" | tail -n 1)
    report+=("$(printf '%8s articles: median %6s ms  (min %s, max %s; gloss says %s ms)  %s pages' \
        "$n" "$(median <<<"$sorted")" "$(head -n 1 <<<"$sorted")" "$(tail -n 1 <<<"$sorted")" \
        "${internal:-?}" "${pages:-?}")")
done

echo
echo "gloss build, $runs runs after a warm-up$([ "${FRESH:-0}" = 1 ] && echo ', fresh output each run'):"
printf '%s\n' "${report[@]}"
exit "$status"
