#!/usr/bin/env bash
# Whole-history scan speed next to the floor: git itself reading every blob once.
#
#   bench/history.sh REPO [-- extra `leakgate git` options, e.g. --threads 1]
#
# Prints, for the same repository in one run:
#   floor     git listing every blob id (cat-file --batch-all-objects --batch-check) and then
#             reading each once (cat-file --batch), output discarded
#   leakgate  `leakgate git REPO` (report to a temporary file), through the launcher as
#             `leakgate install launcher` puts it on PATH: the script, the jar and the class-data
#             archive it rehearses, installed into a temporary directory from target/leakgate.jar
# with wall and CPU (user+sys) seconds of each, their ratio, the throughput in MB/s of blob bytes
# and leakgate's peak RSS. Uses only git, java, the jar and /usr/bin/time. The two alternate
# $RUNS times (default 2); the fastest run of each is kept, so a cold page cache or a busy
# neighbour does not decide the figure, and the median of the pairs' ratios is printed too.
# LAUNCH=jar measures `java $JAVA_OPTS -jar target/leakgate.jar` instead (JAVA_OPTS defaults to
# -Xmx640m: without a limit the JVM lets its heap grow toward a quarter of the machine's memory
# on large histories, which is footprint, not need).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
repo=${1:?usage: bench/history.sh REPO [-- leakgate git options]}
shift
[ "${1:-}" = "--" ] && shift
runs=${RUNS:-2}
launch=${LAUNCH:-launcher}
java_opts=${JAVA_OPTS--Xmx640m}
jar="$here/target/leakgate.jar"
if [ ! -f "$jar" ]; then
  (cd "$here" && mvn -B -q -DskipTests package)
fi
TIME=/usr/bin/time
work=$(mktemp -d "${TMPDIR:-/tmp}/leakgate-history-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

if [ "$launch" = jar ]; then
  # shellcheck disable=SC2206
  leakgate=(java $java_opts -jar "$jar")
  how="java $java_opts -jar leakgate.jar"
else
  java -jar "$jar" install launcher --dir "$work/bin" > "$work/install" 2>&1 || { cat "$work/install" >&2; exit 2; }
  grep -q "wrote the class-data archive" "$work/install" || echo "note: $(grep archive "$work/install")" >&2
  leakgate=("$work/bin/leakgate")
  how="leakgate (launcher${LEAKGATE_JAVA_OPTS:+, LEAKGATE_JAVA_OPTS=$LEAKGATE_JAVA_OPTS})"
fi

# /usr/bin/time -o FILE -f '%e %U %S %M': the last line (a failing command adds one before it)
field() { tail -n 1 "$1" | awk -v i="$2" '{print $i}'; }

floor_once() {
  $TIME -f '%e %U %S %M' -o "$work/t1" git -C "$repo" cat-file --batch-all-objects \
      --batch-check='%(objectname) %(objecttype) %(objectsize)' > "$work/objects"
  awk '$2 == "blob" {print $1}' "$work/objects" > "$work/blobs"
  $TIME -f '%e %U %S %M' -o "$work/t2" git -C "$repo" cat-file --batch < "$work/blobs" > /dev/null
  awk -v a="$(field "$work/t1" 1)" -v b="$(field "$work/t2" 1)" \
      -v c="$(field "$work/t1" 2)" -v d="$(field "$work/t1" 3)" \
      -v e="$(field "$work/t2" 2)" -v f="$(field "$work/t2" 3)" \
      'BEGIN {printf "%.2f %.2f\n", a + b, c + d + e + f}'
}

leakgate_once() {
  # exit 1 (secrets found) is a normal outcome here
  # shellcheck disable=SC2086
  $TIME -f '%e %U %S %M' -o "$work/t3" "${leakgate[@]}" git "$repo" --quiet --format json \
      --report "$work/report.json" "$@" 2> "$work/stderr" || [ $? -eq 1 ] || { cat "$work/stderr" >&2; exit 2; }
  awk '{printf "%.2f %.2f %d\n", $1, $2 + $3, $4}' <(tail -n 1 "$work/t3")
}

best=""
best_lg=""
rss=0
ratios=()
for _ in $(seq "$runs"); do
  r=$(floor_once)
  if [ -z "$best" ] || awk -v a="${r%% *}" -v b="${best%% *}" 'BEGIN {exit !(a < b)}'; then best=$r; fi
  l=$(leakgate_once "$@")
  read -r _ _ m <<< "$l"
  rss=$(( m > rss ? m : rss ))
  if [ -z "$best_lg" ] || awk -v a="${l%% *}" -v b="${best_lg%% *}" 'BEGIN {exit !(a < b)}'; then best_lg=$l; fi
  ratios+=("$(awk -v a="${l%% *}" -v b="${r%% *}" 'BEGIN {printf "%.4f", a / b}')")
done
read -r floor floor_cpu <<< "$best"
read -r lg lg_cpu _ <<< "$best_lg"
median=$(printf '%s\n' "${ratios[@]}" | sort -g | awk '{v[NR] = $1} END {printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}')
blobs=$(wc -l < "$work/blobs")
bytes=$(awk '$2 == "blob" {s += $3} END {printf "%.0f", s}' "$work/objects")
commits=$(git -C "$repo" rev-list --all --count)

echo "repository  $repo ($commits commits, $blobs blobs, $(awk -v b="$bytes" 'BEGIN {printf "%.1f MiB", b / 1048576}'))"
echo "machine     $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "floor       ${floor} s wall, ${floor_cpu} s CPU   (git cat-file --batch-check, then --batch over every blob)"
echo "leakgate    ${lg} s wall, ${lg_cpu} s CPU   ($how git REPO $*)"
awk -v l="$lg" -v f="$floor" -v lc="$lg_cpu" -v fc="$floor_cpu" -v b="$bytes" -v r="$rss" -v n="$runs" -v m="$median" 'BEGIN {
  printf "ratio       %.2fx the floor (wall, best runs; median of %d pairs: %sx), %.2fx (CPU)\n", l / f, n, m, lc / fc
  printf "throughput  %.0f MB/s of blob bytes\n", b / 1e6 / l
  printf "peak RSS    %.0f MiB\n", r / 1024
}'
tr -d '\n ' < "$work/report.json" | grep -o '"summary":{[^}]*}' | sed 's/^/summary     /' || true
# with --verbose, leakgate's own phase timings (last run)
grep ' of CPU ' "$work/stderr" | sed 's/^leakgate: /phase       /' || true
