#!/usr/bin/env bash
# Serving benchmark (issue 4): for each data set, start the service on a fresh H2 store, import the ratings
# over HTTP, train once, then measure with wrk GET /users/{random user}/recommendations against a trivial
# GET (/actuator/health/liveness) of the same server as the ceiling; then the fold-in latency (PUT a rating,
# GET the changed recommendations). Prints snapshot and training times from the run.
#
#   bench/serving.sh                 # ML-100K (when ../shared/data is there) and the 1M synthetic set
#   SETS=ml100k WARMUP=45 DURATION=30 CONNECTIONS=32 JAVA_OPTS="-Xmx4g" bench/serving.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh

SETS=${SETS:-"ml100k synthetic1m"}
WARMUP=${WARMUP:-45}
DURATION=${DURATION:-30}
CONNECTIONS=${CONNECTIONS:-32}
DATA=${DATA:-../shared/data}
JAR=${JAR:-target/latent.jar}
JAVA_OPTS=${JAVA_OPTS:-"-Xmx4g"}   # the server's JVM options, e.g. JAVA_OPTS="-Xmx4g -XX:+UseParallelGC"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk"; exit 1; }
[ -f "$JAR" ] || ./mvnw -q -B -DskipTests package
WORK=$(mktemp -d /tmp/latent-serving-bench.XXXXXX)
SERVER=
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

start_server() {
  PORT=$(free_port)
  rm -rf "$WORK/db"
  start_jar "$JAR" "$PORT" "$WORK/db" "$WORK/server.log" || exit 1
  SERVER=$SERVICE_PID
}
stop_server() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=; }

wrk_run() { # url, seconds, [lua]
  local lua=()
  [ -n "${3:-}" ] && lua=(-s "$3")
  wrk -t2 -c"$CONNECTIONS" -d"$2"s --latency "${lua[@]}" "$1"
}

rps() { awk '/Requests\/sec/ {print $2}'; }
pct() { awk -v p="$1%" '$1 == p {print $2}'; }

train() { # base url, label: one training run on demand, waited for; prints its counts, timings, metrics
  local run status=queued
  run=$(curl -sf -X POST "$1/model/training" | jq -r .runId)
  while [ "$status" != succeeded ]; do
    sleep 1
    status=$(curl -sf "$1/model/training/$run" | jq -r .status)
    [ "$status" = failed ] && { curl -s "$1/model/training/$run"; exit 1; }
  done
  curl -sf "$1/model/training/$run" | jq -c '{counts, snapshot_ms: .timings.snapshotMs,
      train_ms: .timings.trainMs, total_ms: .timings.totalMs, metrics}' | sed "s/^/training, $2/"
}

bench_set() { # name, file
  local name=$1 file=$2
  echo "== $name: $file"
  start_server
  local base="http://127.0.0.1:$PORT/api/v1"
  curl -sf -X POST -H 'Content-Type: text/csv' --data-binary @"$file" "$base/ratings/import" \
    | jq -c '{imported, seconds}' | sed 's/^/import: /'
  train "$base" "first run:  "
  # A second run over the same ratings: the steady state of a service that retrains every few minutes
  # (the first one also pays for the JIT warming up and the store's first read after the import).
  train "$base" "second run: "

  # Random users of the data set (first column), as a wrk Lua script.
  awk -F'[\t,:]+' 'NR > 1 || $1 ~ /^[0-9]+$/ {print $1}' "$file" | sort -u | head -100000 > "$WORK/users.txt"
  { echo 'local users = {'; sed 's/.*/"&",/' "$WORK/users.txt"; echo '}'
    echo 'math.randomseed(42)'
    echo 'request = function() return wrk.format("GET", "/api/v1/users/" .. users[math.random(#users)] .. "/recommendations?limit=10") end'
  } > "$WORK/users.lua"

  echo "warm-up ${WARMUP}s ..."
  wrk_run "http://127.0.0.1:$PORT/" "$WARMUP" "$WORK/users.lua" >/dev/null
  wrk_run "http://127.0.0.1:$PORT/actuator/health/liveness" 10 >/dev/null
  local rec live
  rec=$(wrk_run "http://127.0.0.1:$PORT/" "$DURATION" "$WORK/users.lua")
  live=$(wrk_run "http://127.0.0.1:$PORT/actuator/health/liveness" "$DURATION")
  local rr lr
  rr=$(echo "$rec" | rps); lr=$(echo "$live" | rps)
  printf 'recommendations: %s req/s  p50 %s  p99 %s\n' "$rr" "$(echo "$rec" | pct 50)" "$(echo "$rec" | pct 99)"
  printf 'liveness:        %s req/s  p50 %s  p99 %s\n' "$lr" "$(echo "$live" | pct 50)" "$(echo "$live" | pct 99)"
  printf 'ratio recommendations/liveness: %s\n' "$(python3 -c "print(round($rr/$lr, 3))")"
  echo "$rec" | grep -E "Non-2xx|Socket errors" || true

  # Fold-in latency: PUT a new rating, then GET the recommendations that reflect it (strategy folded-in),
  # over one keep-alive connection of one client process, so no process start is timed.
  local item
  item=$(curl -sf "$base/items/popular?limit=1" | jq -r '.items[0].itemId')
  python3 - "$PORT" "$item" <<'PY'
import http.client, json, statistics, sys, time
port, item = int(sys.argv[1]), sys.argv[2]
c = http.client.HTTPConnection("127.0.0.1", port)
def call(method, path, body=None):
    c.request(method, path, body=body, headers={"Content-Type": "application/json"} if body else {})
    r = c.getresponse()
    data = r.read()
    if r.status >= 300:
        sys.exit(f"{method} {path}: {r.status} {data[:200]}")
    return data
times = []
for i in range(60):
    user = f"/api/v1/users/foldin-{i}"
    t0 = time.perf_counter()
    call("PUT", f"{user}/ratings/{item}", '{"rating": 5}')
    strategy = json.loads(call("GET", f"{user}/recommendations?limit=10"))["strategy"]
    times.append(time.perf_counter() - t0)
    if strategy != "folded-in":
        sys.exit(f"fold-in did not apply: {strategy}")
times = sorted(times[10:])  # the first ten warm the fold-in path
print(f"fold-in (PUT + GET showing it, one keep-alive client): median {statistics.median(times) * 1000:.1f} ms"
      f"  p90 {times[int(0.9 * len(times))] * 1000:.1f} ms")
PY
  stop_server
}

for set in $SETS; do
  case $set in
    ml100k)
      if [ -f "$DATA/ml-100k/u.data" ]; then bench_set ml100k "$DATA/ml-100k/u.data"
      else echo "== ml100k: $DATA/ml-100k/u.data not found, skipped"; fi ;;
    synthetic1m)
      java -jar "$JAR" generate --users 6040 --items 3706 --ratings 1000000 --rank 64 --seed 7 \
        --out "$WORK/synthetic.tsv" >/dev/null
      bench_set synthetic1m "$WORK/synthetic.tsv" ;;
  esac
done
