#!/usr/bin/env bash
# Compares gloss with Hugo and with the floor (pulldown-cmark + Tera and nothing else) on the
# same generated corpora, side by side in one run.
#
#   benches/compare.sh [N...]          # default: 1000 10000 articles; add 50000 when wanted
#   benches/compare.sh --smoke [N]     # CI: the whole harness on N articles (default 200),
#                                      # one timed run, no timing assertions
#
# For each N: generates a corpus with gen-corpus (reused when one for the same N, seed and
# generator source exists), makes its Hugo twin with hugo-site (likewise reused), then runs one
# warm-up round and RUNS timed rounds. A round runs, in this order, `gloss build` into a fresh
# folder, `hugo` into a fresh folder, the floor into a fresh folder, and `gloss build` into the
# folder of its previous run ("gloss rebuild", its normal mode: unchanged files not rewritten).
# Interleaving the tools spreads the machine's noise over all of them. Output folders are
# deleted outside the timing. Every run is measured with GNU time (wall, user+sys CPU, peak
# RSS), and its pages are counted and checked; any failure, Hugo warning or wrong page count
# stops the script with exit status 1.
#
# Environment:
#   RUNS=5          timed rounds per corpus (1 with --smoke)
#   SEED=1          gen-corpus --seed
#   BENCH_DIR=...   corpora, twins and logs (default: ${TMPDIR:-/tmp}/gloss-compare)
#   SITES_DIR=...   the tools' output folders (default: /dev/shm/gloss-compare-sites, deleted
#                   after each corpus, when /dev/shm is a tmpfs with room for the largest
#                   corpus' sites, 0.2 MB an article; else $BENCH_DIR). Each run deletes a site of
#                   20,000 files or more and writes the next one at once; on a disk file
#                   system (ext4) the new files' inodes are then found past every recently
#                   deleted one, a kernel cost that grows round after round (the floor alone,
#                   three rounds in /tmp: 0.49, 1.26, 2.01 s) and measures the file system
#                   rather than the tools. Set SITES_DIR to a disk folder to include it.
#
# Needs bash, cargo, hugo (Debian: apt-get install hugo) and GNU time at /usr/bin/time
# (Debian: apt-get install time). See benches/README.md for what each number means.
set -euo pipefail

usage() {
    echo "usage: $0 [N...]  |  $0 --smoke [N]   (N: number of articles)" >&2
    exit 2
}

root=$(cd "$(dirname "$0")/.." && pwd)
smoke=0
sizes=()
while [ $# -gt 0 ]; do
    case $1 in
        --smoke) smoke=1 ;;
        -h | --help) usage ;;
        *) sizes+=("$1") ;;
    esac
    shift
done
if [ "$smoke" = 1 ]; then
    [ ${#sizes[@]} -gt 0 ] || sizes=(200)
    [ ${#sizes[@]} -eq 1 ] || usage
    runs=${RUNS:-1}
else
    [ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
    runs=${RUNS:-5}
fi
seed=${SEED:-1}
work=${BENCH_DIR:-${TMPDIR:-/tmp}/gloss-compare}
for n in "${sizes[@]}" "$runs" "$seed"; do
    case $n in '' | *[!0-9]*) usage ;; esac
done
[ "$runs" -ge 1 ] || usage
for n in "${sizes[@]}"; do [ "$n" -ge 1 ] || usage; done
# The four sites of the largest corpus take about 0.1 MB an article: twice that, to be safe.
largest=$(printf '%s\n' "${sizes[@]}" | sort -g | tail -n 1)
shm_free_kb=$(df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 { print $4 }')
if [ -n "${SITES_DIR:-}" ]; then
    sites=$SITES_DIR
elif [ "$(stat -f -c %T /dev/shm 2>/dev/null)" = tmpfs ] && [ -w /dev/shm ] &&
    [ "${shm_free_kb:-0}" -gt $((largest * 200 + 65536)) ]; then
    sites=/dev/shm/gloss-compare-sites
else
    sites=$work
fi

# The tools this needs beyond cargo, with the Debian package that has each.
if ! command -v hugo >/dev/null 2>&1; then
    echo "error: needs hugo (Debian: apt-get install hugo)" >&2
    exit 2
fi
if ! /usr/bin/time -f '%e' -o /dev/null true 2>/dev/null; then
    echo "error: needs GNU time at /usr/bin/time (Debian: apt-get install time)" >&2
    exit 2
fi
hugo=$(command -v hugo)

cd "$root"
cargo build --release --bin gloss --example gen-corpus --example hugo-site --example floor
mkdir -p "$work/bin"
# Copies, so that a `cargo build` elsewhere in this checkout cannot swap a binary mid-run.
for built in gloss examples/gen-corpus examples/hugo-site examples/floor; do
    cp "$root/target/release/$built" "$work/bin/"
done
gloss=$work/bin/gloss
generate=$work/bin/gen-corpus
twin_of=$work/bin/hugo-site
floor=$work/bin/floor
# What was measured: the commit, and whether the source gloss was built from differs from it.
revision=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain -- src templates Cargo.toml Cargo.lock pgo 2>/dev/null)" ]; then
    revision="$revision + uncommitted changes"
fi
# gloss and the floor are release builds, profile-guided when pgo/rustc can use the committed
# profile (the floor's Markdown and Tera code profits from it as gloss's does).
optimized=$(pgo/rustc --status)

# Corpora and twins are reused only if made by the same sources with the same arguments.
generator=$(cksum <benches/gen_corpus.rs | cut -d' ' -f1)
converter=$(cksum <benches/hugo_site.rs | cut -d' ' -f1)

fail() {
    echo "error: $*" >&2
    exit 1
}

# The number of `<dir>/*/index.html` files: one page per article, entity or term.
pages_in() {
    if [ -d "$1" ]; then find "$1" -mindepth 2 -maxdepth 2 -name index.html | wc -l; else echo 0; fi
}

# Median of the numbers on stdin (the mean of the middle two for an even count).
median() {
    sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

load() { cut -d' ' -f1-3 /proc/loadavg; }

# Runs one tool once on corpus $n; records "wall cpu rss_kb pages" when $3 is "timed".
run_one() {
    local tool=$1 n=$2 timed=$3
    local out=$sites/sites-$n/$tool log=$work/logs/$n-$tool.log times=$work/logs/$n-$tool.time
    local -a cmd
    case $tool in
        gloss | hugo | floor) rm -rf "$out" ;;
    esac
    case $tool in
        gloss | gloss-rebuild) cmd=("$gloss" build --root "$corpus" --output "$out") ;;
        hugo) cmd=("$hugo" --source "$twin" --destination "$out" --noBuildLock --cacheDir "$work/hugo-cache") ;;
        floor) cmd=("$floor" --root "$corpus" --out "$out") ;;
    esac
    if ! /usr/bin/time -f '%e %U %S %M' -o "$times" "${cmd[@]}" >"$log" 2>&1; then
        tail -n 20 "$log" >&2
        fail "$tool failed on $n articles (log: $log)"
    fi

    # The pages it must have written: one per article for every tool; gloss one per registry
    # entity, Hugo one term page per entity of its twin; and gloss's count must match its own.
    local html articles
    html=$(find "$out" -name '*.html' | wc -l)
    articles=$(pages_in "$out/articles")
    [ "$articles" -eq "$n" ] || fail "$tool wrote $articles article pages, not $n (log: $log)"
    case $tool in
        gloss | gloss-rebuild)
            local entities built
            entities=$(pages_in "$out/entities")
            [ "$entities" -eq "$registry" ] ||
                fail "$tool wrote $entities entity pages, not $registry (log: $log)"
            built=$(sed -n 's/^Built \([0-9]*\) pages.*/\1/p' "$log" | tail -n 1)
            [ "$built" = "$html" ] || fail "gloss says it built ${built:-?} pages, $out has $html"
            ;;
        hugo)
            local terms
            terms=$(pages_in "$out/tags")
            [ "$terms" -eq "$tags" ] || fail "hugo wrote $terms term pages, not $tags (log: $log)"
            if grep -qE '^(ERROR|WARN)' "$log"; then
                grep -E '^(ERROR|WARN)' "$log" | head -n 5 >&2
                fail "hugo reported errors or warnings (log: $log)"
            fi
            ;;
        floor) [ "$html" -eq "$n" ] || fail "the floor wrote $html pages, not $n" ;;
    esac

    local wall user sys rss
    read -r wall user sys rss <"$times"
    last="$tool ${wall}s"
    if [ "$timed" = timed ]; then
        echo "$wall $(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }') $rss $html" >>"$work/logs/$n-$tool.runs"
    fi
}

tools=(gloss hugo floor gloss-rebuild)
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
    twin=$work/hugo-$n
    twin_stamp=$work/hugo-$n.stamp
    twin_want="$want converter=$converter"
    if [ -f "$twin_stamp" ] && [ "$(cat "$twin_stamp")" = "$twin_want" ]; then
        echo "Reusing $twin"
    else
        rm -rf "$twin" "$twin_stamp"
        "$twin_of" --corpus "$corpus" --out "$twin"
        echo "$twin_want" >"$twin_stamp"
    fi
    registry=$(grep -c '^[a-z0-9][a-z0-9-]*:$' "$corpus/content/entities.yaml")
    tags=$(sed -n 's/.*tags=\([0-9]*\).*/\1/p' "$twin/.twin")

    mkdir -p "$work/logs" "$sites/sites-$n"
    rm -rf "$sites/sites-$n"/* "$work/logs/$n-"*.runs
    load_before=$(load)
    for round in $(seq 0 "$runs"); do
        line=()
        for tool in "${tools[@]}"; do
            if [ "$round" = 0 ]; then run_one "$tool" "$n" warm-up; else run_one "$tool" "$n" timed; fi
            line+=("$last")
        done
        if [ "$round" = 0 ]; then what="warm-up"; else what="run $round/$runs"; fi
        echo "$n articles, $what: ${line[*]}"
    done
    load_after=$(load)
    # Sites in memory are not kept: the next corpus may need the room.
    [ "$sites" = /dev/shm/gloss-compare-sites ] && rm -rf "${sites:?}/sites-$n"

    # One line per tool: medians over the timed runs.
    declare -A wall cpu rss
    report+=("")
    report+=("$n articles (load average before: $load_before, after: $load_after)")
    for tool in "${tools[@]}"; do
        runs_file=$work/logs/$n-$tool.runs
        wall[$tool]=$(cut -d' ' -f1 "$runs_file" | median)
        cpu[$tool]=$(cut -d' ' -f2 "$runs_file" | median)
        rss[$tool]=$(cut -d' ' -f3 "$runs_file" | median)
        min=$(cut -d' ' -f1 "$runs_file" | sort -g | head -n 1)
        max=$(cut -d' ' -f1 "$runs_file" | sort -g | tail -n 1)
        pages=$(cut -d' ' -f4 "$runs_file" | sort -g | tail -n 1)
        label=$tool
        [ "$tool" = gloss-rebuild ] && label="gloss rebuild"
        report+=("$(awk -v t="$label" -v w="${wall[$tool]}" -v lo="$min" -v hi="$max" \
            -v c="${cpu[$tool]}" -v r="${rss[$tool]}" -v p="$pages" 'BEGIN {
            printf "  %-14s wall %7.2f s (%.2f-%.2f)  CPU %7.2f s  peak RSS %7.1f MiB  %6d pages  %7.0f pages/s\n",
                t, w, lo, hi, c, r / 1024, p, (w > 0 ? p / w : 0) }')")
    done
    report+=("$(awk -v gw="${wall[gloss]}" -v hw="${wall[hugo]}" -v gr="${rss[gloss]}" \
        -v hr="${rss[hugo]}" -v gc="${cpu[gloss]}" -v fc="${cpu[floor]}" 'BEGIN {
        printf "  ratios: gloss/Hugo wall %s (target <= 0.2), gloss/Hugo peak RSS %s (<= 0.25), gloss/floor CPU %s (<= 3)\n",
            ratio(gw, hw, 3), ratio(gr, hr, 3), ratio(gc, fc, 2) }
        # A time under GNU time resolution (10 ms) has no meaningful ratio.
        function ratio(a, b, digits) { return b > 0 ? sprintf("%." digits "f", a / b) : "n/a" }')")
    # The same ratios round by round: the tools of one round ran minutes apart at most, so a
    # burst of load on the shared machine weighs on the pair rather than on one side.
    logs=$work/logs/$n
    report+=("$(paste -d' ' "$logs-gloss.runs" "$logs-hugo.runs" "$logs-floor.runs" | awk '
        $5 > 0 && $10 > 0 { n++; w[n] = $1 / $5; c[n] = $2 / $10; if (w[n] <= 0.2) met++ }
        END {
            if (!n) { print "  per round: n/a"; exit }
            printf "  per round: gloss/Hugo wall %.3f (%.3f-%.3f), <= 0.2 in %d of %d; gloss/floor CPU %.2f (%.2f-%.2f)\n",
                mid(w, n), lo(w, n), hi(w, n), met, n, mid(c, n), lo(c, n), hi(c, n) }
        function sorted(a, n,   i, j, t) {
            for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
        }
        function mid(a, n) { sorted(a, n); return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
        function lo(a, n) { sorted(a, n); return a[1] }
        function hi(a, n) { sorted(a, n); return a[n] }')")
    unset wall cpu rss
done

echo
if [ "$smoke" = 1 ]; then
    echo "Smoke run (no timing assertions): every tool built every expected page."
fi
echo "gloss ($revision), Hugo ($("$hugo" version | cut -d' ' -f2)) and the floor: medians of $runs timed round(s) after a warm-up,"
echo "tools interleaved; each run into a fresh output folder, except gloss rebuild (into its last output)."
echo "gloss and the floor: release builds, $optimized."
echo "$(nproc) CPUs; sites written to $sites ($(stat -f -c %T "$sites" 2>/dev/null || echo unknown file system))."
echo "wall: elapsed (min-max); CPU: user+sys; pages: HTML files in the output."
printf '%s\n' "${report[@]}"
