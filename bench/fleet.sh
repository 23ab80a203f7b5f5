#!/usr/bin/env bash
# leakgate repos: first and second run over a set of repositories, and N worker processes on one
# PostgreSQL against one.
#
#   bench/fleet.sh [-n N] [--jdbc URL] REPO...
#
# REPO: local repositories (bare or not), list files or clone URLs, as `leakgate repos` takes them.
#
#   sqlite    first run into a new SQLite datastore, then a second run over the same, unchanged
#             repositories (which should read no blob: it costs opening each repository and the
#             walk of its history)
#   postgres  a first run by 1 worker process, then by N (default 3) worker processes sharing
#             one --run, each into a new database; the speedup is the ratio of the wall times
#
# PostgreSQL: --jdbc URL (user and password from LEAKGATE_DATASTORE_USER/_PASSWORD; the script
# creates databases leakgate_bench_1 and leakgate_bench_N beside the URL's database, with psql
# from PGHOST/PGPORT/PGUSER), or else a throwaway cluster started from the distribution's
# PostgreSQL (initdb and pg_ctl on PATH or under /usr/lib/postgresql/*/bin), run as the
# postgres user when this script runs as root. Without either the postgres part is skipped.
# LEAKGATE_JAR=FILE runs that jar instead of target/leakgate.jar.
# Each worker runs `repos --jobs 1`; every figure is wall seconds from /usr/bin/time, with CPU
# seconds (user+sys) and peak RSS.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
workers=3
jdbc=
while [ $# -gt 0 ]; do
  case "$1" in
    -n) workers=$2; shift 2 ;;
    --jdbc) jdbc=$2; shift 2 ;;
    --) shift; break ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
[ $# -gt 0 ] || { echo "usage: bench/fleet.sh [-n N] [--jdbc URL] REPO..." >&2; exit 2; }
repos=()
for r in "$@"; do
  case "$r" in
    *://*|*@*:*) repos+=("$r") ;;
    *) repos+=("$(cd "$(dirname "$r")" && pwd)/$(basename "$r")") ;;
  esac
done

cd "$here"
[ -n "${LEAKGATE_JAR:-}" ] || [ -f target/leakgate.jar ] || mvn -B -q -DskipTests package
jar=${LEAKGATE_JAR:-$here/target/leakgate.jar}
work=$(mktemp -d "${TMPDIR:-/tmp}/leakgate-fleet-bench.XXXXXX")
pgdata=
cleanup() {
  if [ -n "$pgdata" ]; then
    as_pg pg_ctl -D "$pgdata" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# Runs a command and prints "wall cpu rss" (seconds, seconds, MiB) on fd 3; its stderr goes to $2.
timed() {
  local out=$1; shift
  /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" 2>"$out" || true
  # the last line: /usr/bin/time puts "Command exited with non-zero status N" first (exit 1 = findings)
  tail -1 "$work/time" | awk '{printf "%.2f %.2f %.0f\n", $1, $2 + $3, $4 / 1024}'
}

summary() { grep -o 'blobs read: [0-9]* ([0-9.]* MB), blobs recalled: [0-9]*' "$1" | tail -1; }

echo "repositories: ${#repos[@]} (${repos[*]})"
echo "machine: $(nproc) processors, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "== SQLite datastore"
db=$work/sqlite/leakgate.db
mkdir -p "$work/sqlite"
read -r w c m < <(timed "$work/first.err" java -jar "$jar" repos -q --datastore "$db" --cache "$work/cache" "${repos[@]}")
echo "first run:  ${w} s wall, ${c} s CPU, ${m} MiB peak; $(summary "$work/first.err")"
read -r w2 c2 m2 < <(timed "$work/second.err" java -jar "$jar" repos -q --datastore "$db" --cache "$work/cache" "${repos[@]}")
echo "second run: ${w2} s wall, ${c2} s CPU, ${m2} MiB peak; $(summary "$work/second.err")"
echo "datastore:  $(du -k "$db" | cut -f1) KiB"

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_bin() {
  command -v "$1" 2>/dev/null || ls /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -1
}

echo
echo "== PostgreSQL, 1 worker against $workers"
if [ -z "$jdbc" ]; then
  initdb=$(pg_bin initdb); pgctl=$(pg_bin pg_ctl)
  if [ -z "$initdb" ] || [ -z "$pgctl" ]; then
    echo "skipped: no --jdbc URL and no initdb/pg_ctl"
    exit 0
  fi
  pgdata=$work/pgdata
  mkdir -p "$pgdata"
  [ "$(id -u)" = 0 ] && chown postgres "$work" "$pgdata"
  port=$((20000 + RANDOM % 20000))
  as_pg "$initdb" -D "$pgdata" -U postgres -A trust >/dev/null
  as_pg "$pgctl" -D "$pgdata" -l "$pgdata/log" -w \
    -o "-p $port -k $pgdata -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
  export PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres
  jdbc_base="jdbc:postgresql://127.0.0.1:$port"
  export LEAKGATE_DATASTORE_USER=postgres
else
  jdbc_base=${jdbc%/*}
fi
for n in 1 "$workers"; do
  psql -q -d postgres -c "DROP DATABASE IF EXISTS leakgate_bench_$n" -c "CREATE DATABASE leakgate_bench_$n" >/dev/null
  url="$jdbc_base/leakgate_bench_$n"
  # Creates the schema first, so the timed runs measure scanning, not N workers racing to migrate.
  java -jar "$jar" report --datastore "$url" --format json >/dev/null
  cat > "$work/workers.sh" <<EOF
for i in \$(seq 1 $n); do
  java -jar "$jar" repos -q --jobs 1 --run bench-$n --datastore "$url" --cache "$work/cache-pg-\$i" ${repos[*]@Q} 2>"$work/pg-$n-\$i.err" &
done
wait
EOF
  read -r w c m < <(timed "$work/pg-$n.err" bash "$work/workers.sh")
  eval "wall_$n=$w"
  echo "$n worker(s): ${w} s wall, ${c} s CPU (all processes); $(summary "$work/pg-$n-1.err")"
done
awk -v a="$wall_1" -v b="$(eval echo \$wall_$workers)" -v n="$workers" \
  'BEGIN {printf "speedup of %d workers over 1: %.2fx\n", n, a / b}'
