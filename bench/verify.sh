#!/usr/bin/env bash
# What `./mvnw -B -o verify` costs (docs/benchmarks.md, "The test suite"): each COMMIT on a fresh clone of this
# repository (compile, tests, jar), one after the other, ROUNDS rounds (default 2), under /usr/bin/time. Prints per
# run: commit, tests run, wall, CPU (user + sys), load average at the start, UTC time, and the build's result.
#   flock /tmp/latent-bench.lock bash bench/verify.sh 62bacd2 main
# The machine's load moves wall time more than CPU time: compare commits measured in the same window.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
ROUNDS=${ROUNDS:-2}
[ $# -gt 0 ] || { echo "usage: bench/verify.sh COMMIT..." >&2; exit 2; }
printf '%-8s | %5s | %8s | %8s | %5s | %s\n' commit tests wall CPU load "start (UTC), result"
for round in $(seq "$ROUNDS"); do
  for commit in "$@"; do
    dir=$(mktemp -d /tmp/latent-verify-XXXXXX)
    git clone -q "$REPO" "$dir/clone"
    git -C "$dir/clone" checkout -q "$commit"
    load=$(cut -d' ' -f1 /proc/loadavg)
    start=$(date -u +%H:%M:%S)
    result=ok
    (cd "$dir/clone" && /usr/bin/time -f '%e %U %S' -o "$dir/time" ./mvnw -B -o verify >"$dir/log" 2>&1) || result=FAILED
    # the last line: on a failed build time(1) writes "Command exited with non-zero status N" before it
    read -r wall user sys < <(tail -1 "$dir/time")
    tests=$(grep -E '^\[[A-Z]+\] Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$' "$dir/log" \
      | tail -1 | sed -E 's/.*Tests run: ([0-9]+).*/\1/')
    printf '%-8s | %5s | %7.1fs | %7.1fs | %5s | %s %s\n' "$(git -C "$dir/clone" rev-parse --short=7 HEAD)" \
      "${tests:-?}" "$wall" "$(echo "$user + $sys" | bc)" "$load" "$start" "$result"
    [ "$result" = ok ] || cp "$dir/log" "/tmp/latent-verify-failed-$commit.log"
    rm -rf "$dir"
  done
done
