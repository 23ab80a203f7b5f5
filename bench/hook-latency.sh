#!/usr/bin/env bash
# Hook start-up latency, measured in one run against a bare JVM start on the same machine.
#
#   bench/hook-latency.sh [LONG_HISTORY_REPO]
#
# Prints, with hyperfine (apt-get install hyperfine): a hello-world `java` start; a one-commit
# `git push` to a bare repository with leakgate's pre-receive hook and to one without (the
# difference is the hook's own time); a one-file `git commit` with and without the pre-commit
# hook; a push of 1,000 new commits; and, given a repository with a long history, a one-commit
# push on top of it (the hook must not get slower as history grows).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
long=${1:-}
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }
[ -f "$here/target/leakgate.jar" ] || (cd "$here" && mvn -B -q -DskipTests package)
jar=$here/target/leakgate.jar
java=${JAVA:-java}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME=$work/home GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME"
git config --global user.name bench; git config --global user.email bench@example.test
git config --global init.defaultBranch main
runs=${RUNS:-10}
hf() { hyperfine -N --style basic --warmup 2 --runs "$runs" --export-csv "$work/$1.csv" "${@:2}" >/dev/null 2>&1 || \
       hyperfine --shell=bash --style basic --warmup 2 --runs "$runs" --export-csv "$work/$1.csv" "${@:2}" >/dev/null; }
# The median of command n in a hyperfine export (columns: command,mean,stddev,median,...): a
# noisy neighbour's slow run moves a mean, not a median.
median() { awk -F, -v n="$2" 'NR==n+1 {printf "%.3f", $4}' "$work/$1.csv"; }

# 1. A bare JVM start: measured again beside each hooked command below (the ratios use the one
# measured in the same hyperfine run, as the machine's speed drifts between runs).
mkdir -p "$work/hello"
printf 'public class Hello { public static void main(String[] a) { System.out.println("hi"); } }\n' > "$work/hello/Hello.java"
javac -d "$work/hello" "$work/hello/Hello.java"
hello="$java -XX:TieredStopAtLevel=1 -Xshare:auto -cp $work/hello Hello"
hf jvm "$hello"

# 2. One-commit pushes, with and without the pre-receive hook.
git init -q --bare "$work/hooked.git"; git init -q --bare "$work/plain.git"
"$java" -jar "$jar" install pre-receive --repo "$work/hooked.git" >/dev/null
git init -q "$work/clone"; cd "$work/clone"
echo "# bench" > README.md; git add README.md; git commit -q -m first
git push -q "$work/hooked.git" HEAD:main; git push -q "$work/plain.git" HEAD:main
prep='date +%s%N > change.txt && git add change.txt && git commit -q --amend -m change'
hyperfine --shell=bash --style basic --warmup 2 --runs "$runs" --export-csv "$work/push.csv" \
  --prepare "$prep" "git push -q --force $work/plain.git HEAD:main" \
  --prepare "$prep" "git push -q --force $work/hooked.git HEAD:main" \
  --prepare "$prep" "$hello" >/dev/null

# 3. One-file commits, with and without the pre-commit hook.
git init -q "$work/c-plain"; git init -q "$work/c-hooked"
"$java" -jar "$jar" install pre-commit --repo "$work/c-hooked" >/dev/null
for r in c-plain c-hooked; do (cd "$work/$r" && echo x > f && git add f && git commit -q -m first); done
hyperfine --shell=bash --style basic --warmup 2 --runs "$runs" --export-csv "$work/commit.csv" \
  --prepare "cd $work/c-plain && date +%s%N > f && git add f" "cd $work/c-plain && git commit -q -m c" \
  --prepare "cd $work/c-hooked && date +%s%N > f && git add f" "cd $work/c-hooked && git commit -q -m c" \
  --prepare "cd $work/c-plain && date +%s%N > f && git add f" "$hello" >/dev/null

# 4. A push of 1,000 new commits (each changing one file).
cd "$work/clone"
{ for i in $(seq 1 1000); do
    printf 'commit refs/heads/big\ncommitter bench <bench@example.test> %d +0000\ndata 4\nc%03d\n' $((1700000000 + i)) $((i % 1000))
    [ "$i" = 1 ] && printf 'from main\n'
    content="line $i of a config file: value_$i = $RANDOM$RANDOM"
    printf 'M 100644 inline src/file%d.txt\ndata %d\n%s\n' $((i % 50)) $(( ${#content} + 1 )) "$content"
  done; } | git fast-import --quiet
hyperfine --shell=bash --style basic --warmup 1 --runs 3 --export-csv "$work/big.csv" \
  --prepare "git push -q $work/plain.git :refs/heads/big 2>/dev/null || true" "git push -q $work/plain.git big" \
  --prepare "git push -q $work/hooked.git :refs/heads/big 2>/dev/null || true" "git push -q $work/hooked.git big" >/dev/null

jvm=$(median jvm 1)
push_plain=$(median push 1); push_hook=$(median push 2); push_jvm=$(median push 3)
commit_plain=$(median commit 1); commit_hook=$(median commit 2); commit_jvm=$(median commit 3)
big_plain=$(median big 1); big_hook=$(median big 2)
echo "machine: $(nproc) cores; $($java -version 2>&1 | head -1)"
echo "medians of $runs runs; each ratio is to the bare JVM start measured in the same hyperfine run"
awk -v j="$jvm" -v pp="$push_plain" -v ph="$push_hook" -v pj="$push_jvm" -v cp="$commit_plain" -v ch="$commit_hook" \
    -v cj="$commit_jvm" -v bp="$big_plain" -v bh="$big_hook" 'BEGIN {
  printf "bare JVM start (hello world)          %7.3f s   (%.3f s beside the pushes, %.3f s beside the commits)\n", j, pj, cj
  printf "one-commit push, no hook              %7.3f s\n", pp
  printf "one-commit push, pre-receive hook     %7.3f s   hook itself %.3f s = %.2fx JVM start\n", ph, ph-pp, (ph-pp)/pj
  printf "one-file commit, no hook              %7.3f s\n", cp
  printf "one-file commit, pre-commit hook      %7.3f s   hook itself %.3f s = %.2fx JVM start\n", ch, ch-cp, (ch-cp)/cj
  printf "1,000-commit push, no hook            %7.3f s\n", bp
  printf "1,000-commit push, pre-receive hook   %7.3f s   hook itself %.3f s\n", bh, bh-bp
}'

# 5. One-commit push on top of a long history.
if [ -n "$long" ]; then
  # Copy the repository as it is (snapshots may lack some large blobs, which a clone would need).
  src=$long; [ -d "$long/.git" ] && src=$long/.git
  cp -r "$src" "$work/long.git"; git -C "$work/long.git" config core.bare true
  cp -r "$work/long.git" "$work/long-plain.git"
  "$java" -jar "$jar" install pre-receive --repo "$work/long.git" >/dev/null
  git clone -q --depth 1 --no-local "file://$work/long-plain.git" "$work/long-clone"
  cd "$work/long-clone"
  commits=$(git -C "$work/long.git" rev-list --count HEAD)
  branch=$(git symbolic-ref --short HEAD)
  hyperfine --shell=bash --style basic --warmup 2 --runs "$runs" --export-csv "$work/long.csv" \
    --prepare "$prep" "git push -q --force $work/long-plain.git HEAD:$branch" \
    --prepare "$prep" "git push -q --force $work/long.git HEAD:$branch" \
    --prepare "$prep" "$hello" >/dev/null
  lp=$(median long 1); lh=$(median long 2); lj=$(median long 3)
  awk -v j="$lj" -v lp="$lp" -v lh="$lh" -v n="$commits" 'BEGIN {
    printf "one-commit push onto %d commits, no hook   %7.3f s\n", n, lp
    printf "one-commit push onto %d commits, hook      %7.3f s   hook itself %.3f s = %.2fx JVM start\n", n, lh, lh-lp, (lh-lp)/j
  }'
fi
