#!/usr/bin/env bash
# Single-thread throughput of the detection engine over text, next to the keyword pass alone.
#
#   bench/engine.sh REPO [MB] [-- extra EngineBench args, e.g. --config FILE]
#
# Builds a corpus from REPO's history as `git log -p` text (the first MB megabytes, default 400)
# plus the current source files, then runs the engine over it on one core.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
repo=${1:?usage: bench/engine.sh REPO [MB] [-- EngineBench args]}
mb=${2:-400}
shift $(( $# >= 2 ? 2 : 1 ))
[ "${1:-}" = "--" ] && shift

out=${TMPDIR:-/tmp}/leakgate-engine-bench
mkdir -p "$out"
# Named after the repository's whole path (snapshots are often all called "repo") and the size.
name=$(cd "$repo" && pwd | tr '/' '_')
logp="$out/$name-$mb-logp.txt"
if [ ! -s "$logp" ]; then
  echo "building corpus: git log -p of $repo (first $mb MB)" >&2
  git -C "$repo" log -p HEAD 2>/dev/null | head -c $((mb * 1000 * 1000)) > "$logp" || true
fi

cd "$here"
if [ ! -f target/leakgate.jar ] || [ ! -d target/test-classes ]; then
  mvn -B -q -DskipTests package test-compile
fi
java -Xms1g -Xmx2g -cp target/leakgate.jar:target/test-classes io.leakgate.detect.EngineBench "$@" "$logp"
