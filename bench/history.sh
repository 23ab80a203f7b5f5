#!/usr/bin/env bash
# Whole-history scan speed next to the floor: git itself reading every blob once.
#
#   bench/history.sh REPO [-- extra `leakgate git` options, e.g. --threads 1]
#
# Prints, for the same repository in one run:
#   floor     git listing every blob id (cat-file --batch-all-objects --batch-check) and then
#             reading each once (cat-file --batch), output discarded
#   leakgate  `leakgate git REPO` (report written to a temporary file)
# and their ratio, the throughput in MB/s of blob bytes and leakgate's peak RSS.
# Uses only git, java, the jar and /usr/bin/time. Runs each twice and keeps the faster run, so a
# cold page cache or a busy neighbour does not decide the figure.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
repo=${1:?usage: bench/history.sh REPO [-- leakgate git options]}
shift
[ "${1:-}" = "--" ] && shift
jar="$here/target/leakgate.jar"
if [ ! -f "$jar" ]; then
  (cd "$here" && mvn -B -q -DskipTests package)
fi
TIME=/usr/bin/time
work=$(mktemp -d "${TMPDIR:-/tmp}/leakgate-history-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

seconds() { tail -n 1 "$1" | awk '{print $1}'; }

floor_once() {
  $TIME -f '%e' -o "$work/t1" git -C "$repo" cat-file --batch-all-objects \
      --batch-check='%(objectname) %(objecttype) %(objectsize)' > "$work/objects"
  awk '$2 == "blob" {print $1}' "$work/objects" > "$work/blobs"
  $TIME -f '%e' -o "$work/t2" git -C "$repo" cat-file --batch < "$work/blobs" > /dev/null
  awk -v a="$(seconds "$work/t1")" -v b="$(seconds "$work/t2")" 'BEGIN {printf "%.2f\n", a + b}'
}

leakgate_once() {
  # exit 1 (secrets found) is a normal outcome here
  $TIME -f '%e %M' -o "$work/t3" java -jar "$jar" git "$repo" --quiet --format json \
      --report "$work/report.json" "$@" 2> "$work/stderr" || [ $? -eq 1 ] || { cat "$work/stderr" >&2; exit 2; }
  tail -n 1 "$work/t3"
}

min() { printf '%s\n' "$@" | sort -g | head -1; }

f1=$(floor_once); f2=$(floor_once)
floor=$(min "$f1" "$f2")
blobs=$(wc -l < "$work/blobs")
bytes=$(awk '$2 == "blob" {s += $3} END {printf "%d", s}' "$work/objects")
read -r l1 rss1 <<< "$(leakgate_once "$@")"
read -r l2 rss2 <<< "$(leakgate_once "$@")"
lg=$(min "$l1" "$l2")
rss=$(( rss1 > rss2 ? rss1 : rss2 ))
commits=$(git -C "$repo" rev-list --all --count)

echo "repository  $repo"
echo "commits     $commits"
echo "blobs       $blobs ($(awk -v b="$bytes" 'BEGIN {printf "%.1f MiB", b / 1048576}'))"
echo "floor       ${floor} s   (git cat-file --batch-check + --batch over every blob; runs: $f1 $f2)"
echo "leakgate    ${lg} s   (leakgate git; runs: $l1 $l2)"
awk -v l="$lg" -v f="$floor" -v b="$bytes" -v r="$rss" 'BEGIN {
  printf "ratio       %.2fx the floor\n", l / f
  printf "throughput  %.0f MB/s of blob bytes\n", b / 1e6 / l
  printf "peak RSS    %.0f MiB\n", r / 1024
}'
grep -o '"summary"[^}]*}' "$work/report.json" | tr -d '\n ' | sed 's/^/summary     /'; echo
