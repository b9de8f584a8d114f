#!/usr/bin/env bash
# Catalogue and business-rule benchmark (issue 14), one server, one run, ratios against baselines of the
# same run (the machine is shared: absolute figures move with its load, same-run ratios much less).
#  1. catalogue import: ITEMS synthetic items (2-4 categories, a title and a price label) as NDJSON to
#     POST /items/import on a fresh H2 store, a plain import that creates them all, then a gzip import that
#     updates them all; items/s from the client's wall clock. IMPORT_ROUNDS rounds (a fresh store each), median.
#     JARS="old.jar new.jar" runs each jar in every round, one after another, and prints the ratio of each
#     median to the first jar's (the same-run baseline).
#  2. ML-100K ratings and its 1,682 movies (genres as categories, plus category c10 on every tenth movie: 10 %
#     of the items), one training run; then, after WARMUP s of load, ROUNDS rounds of wrk -c CONNECTIONS for
#     DURATION s each over: the bare liveness GET, plain recommendations for random users, the same with
#     category=c10, with explain=true, and page 2 (offset=10); then a random one of the first ten pages, plain and
#     with explain=true (there most explanations are first ones: the cache entry remembers only the terms of the
#     user's last 16 explained items). Prints the median of the rounds and the ratios, the explanation cache's hit
#     rate over the run (explain=true warm: every user's factor cached) and the share of remembered items.
#  3. explanations cold: the same store and model served again with latent.serving.explanation-cache-size=0
#     (every explanation builds and factorises its user's system), after COLD_WARMUP s: ROUNDS rounds of plain
#     and explain=true, and their ratio on that server.
#  SECTIONS picks the sections: "import serving cold" (default), e.g. SECTIONS="serving cold" skips the import.
#
#   flock /tmp/latent-bench.lock bench/catalog.sh
#   SECTIONS="serving cold" ROUNDS=3 flock /tmp/latent-bench.lock bench/catalog.sh
#   SECTIONS=import IMPORT_ROUNDS=5 JARS="/tmp/latent-import-base.jar target/latent.jar" flock /tmp/latent-bench.lock bench/catalog.sh
#   ITEMS=500000 WARMUP=45 DURATION=30 ROUNDS=3 CONNECTIONS=32 flock /tmp/latent-bench.lock bench/catalog.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
ITEMS=${ITEMS:-200000}
WARMUP=${WARMUP:-45}
DURATION=${DURATION:-20}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-32}
SECTIONS=${SECTIONS:-"import serving cold"}
COLD_WARMUP=${COLD_WARMUP:-30}
DATA=${DATA:-/work/shared/data/ml-100k}
JAR=${JAR:-target/latent.jar}
JARS=${JARS:-$JAR}
IMPORT_ROUNDS=${IMPORT_ROUNDS:-1}
JAVA_OPTS=${JAVA_OPTS:-"-Xmx3g"}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk"; exit 1; }
[ -f "$JAR" ] || ./mvnw -q -B -DskipTests package
WORK=$(mktemp -d /tmp/latent-catalog-bench.XXXXXX)
SERVER=
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
section() { [[ " $SECTIONS " == *" $1 "* ]]; }
start_server() { # extra server arguments; KEEP_DB=1 serves the store (and model) of the last server again
  PORT=$(free_port); [ "${KEEP_DB:-0}" = 1 ] || rm -rf "$WORK/db"
  start_jar "$JAR" "$PORT" "$WORK/db" "$WORK/server.log" "$@" || exit 1
  SERVER=$SERVICE_PID
}
stop_server() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=; }
# The server's CPU time (user + sys, clock ticks of 10 ms) and a wrk run's request count: CPU per request is
# far less sensitive to the load of a shared machine than throughput.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
requests() { awk '/requests in/ {print $1}'; }
cpu_us() { awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN {printf "%.1f", (b - a) * 10000 / n}'; }
ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; print v}'; }

if section import; then
echo "== catalogue import: $ITEMS items, $IMPORT_ROUNDS round(s) of: $JARS ($(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
python3 - "$ITEMS" > "$WORK/items.ndjson" <<'PY'
import json, random, sys
random.seed(7)
cats = ["c%d" % k for k in range(40)]
for i in range(int(sys.argv[1])):
    print(json.dumps({"itemId": "item%d" % i, "categories": random.sample(cats, random.randint(2, 4)),
                      "labels": {"title": "Item number %d" % i, "price": round(random.random() * 100, 2)}}))
PY
gzip -1 -c "$WORK/items.ndjson" > "$WORK/items.ndjson.gz"
declare -A CREATED UPDATED
for r in $(seq 1 "$IMPORT_ROUNDS"); do
  for jar in $JARS; do
    JAR=$jar start_server
    base="http://127.0.0.1:$PORT/api/v1"
    for f in plain gzip; do
      rm -f "$WORK/out.json"
      cpu_before=$(awk '{print $14 + $15}' /proc/"$SERVER"/stat)
      start_ns=$(date +%s%N)
      if [ $f = plain ]; then
        curl -sf -H 'Content-Type: application/x-ndjson' --data-binary @"$WORK/items.ndjson" "$base/items/import" > "$WORK/out.json"
      else
        curl -sf -H 'Content-Type: application/x-ndjson' -H 'Content-Encoding: gzip' --data-binary @"$WORK/items.ndjson.gz" \
          "$base/items/import" > "$WORK/out.json"
      fi
      end_ns=$(date +%s%N)
      cpu_now=$(awk '{print $14 + $15}' /proc/"$SERVER"/stat)
      rate=$(awk -v n="$ITEMS" -v t=$(( (end_ns - start_ns) / 1000000 )) 'BEGIN {printf "%.0f", n / (t / 1000)}')
      echo "round $r $jar import ($f, $( [ $f = plain ] && echo 'all created' || echo 'all updated')): $(cat "$WORK/out.json") -> $rate items/s, server CPU $(awk -v t=$((cpu_now - cpu_before)) -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f", t / hz}') s (load $(cut -d' ' -f1 /proc/loadavg))"
      if [ $f = plain ]; then CREATED[$jar]="${CREATED[$jar]:-} $rate"; else UPDATED[$jar]="${UPDATED[$jar]:-} $rate"; fi
    done
    stop_server
  done
done
first=
for jar in $JARS; do
  # shellcheck disable=SC2086
  c=$(median ${CREATED[$jar]}); u=$(median ${UPDATED[$jar]})
  [ -n "$first" ] || { first=$jar; c0=$c; u0=$u; }
  printf 'import median of %s round(s), %s: created %.0f items/s (rounds:%s), updated %.0f items/s (rounds:%s); ratio to %s: created %.2f, updated %.2f\n' \
    "$IMPORT_ROUNDS" "$jar" "$c" "${CREATED[$jar]}" "$u" "${UPDATED[$jar]}" "$first" "$(awk -v a="$c" -v b="$c0" 'BEGIN {print a / b}')" \
    "$(awk -v a="$u" -v b="$u0" 'BEGIN {print a / b}')"
done
fi

section serving || section cold || exit 0
echo "== ML-100K rules and explanations (warm-up ${WARMUP}s, $ROUNDS rounds of ${DURATION}s, wrk -t2 -c$CONNECTIONS)"
start_server
base="http://127.0.0.1:$PORT/api/v1"
curl -sf -H 'Content-Type: text/tab-separated-values' --data-binary @"$DATA/u.data" "$base/ratings/import" >/dev/null
java -jar "$JAR" movielens-items --file "$DATA/u.item" 2>/dev/null \
  | python3 -c 'import json,sys
for line in sys.stdin:
    o = json.loads(line)
    if int(o["itemId"]) % 10 == 0: o["categories"].append("c10")
    print(json.dumps(o))' > "$WORK/movies.ndjson"
curl -sf -H 'Content-Type: application/x-ndjson' --data-binary @"$WORK/movies.ndjson" "$base/items/import" | sed 's/^/items: /'
run=$(curl -sf -X POST "$base/model/training" | jq -r .runId)
while [ "$(curl -sf "$base/model/training/$run" | jq -r .status)" != succeeded ]; do sleep 1; done
echo "trained: model $(curl -sf "$base/model" | jq -c '{version, algorithm}')"
cut -f1 "$DATA/u.data" | sort -u > "$WORK/users.txt"
lua() { # query string, name[, a Lua expression appended to the query]
  { echo 'local users = {'; sed 's/.*/"&",/' "$WORK/users.txt"; echo '}'; echo 'math.randomseed(42)'
    echo "request = function() return wrk.format(\"GET\", \"/api/v1/users/\" .. users[math.random(#users)] .. \"/recommendations?limit=10$1\"${3:+ .. $3}) end"
  } > "$WORK/q$2.lua"
}
lua "" plain; lua "&category=c10" filtered; lua "&explain=true" explain; lua "&offset=10" page2
# a random one of the first ten pages: explain=true there mostly explains items not explained before for that user
# (an entry remembers the terms of its last 16 items), so pages/explainpages is the cost of a first explanation
lua "&offset=" pages "(10 * math.random(0, 9))"; lua "&explain=true&offset=" explainpages "(10 * math.random(0, 9))"
# page equality under one model version, checked on 20 users
for u in $(head -20 "$WORK/users.txt"); do
  a=$(curl -sf "$base/users/$u/recommendations?limit=20" | jq -c '[.items[10:20][].itemId]')
  b=$(curl -sf "$base/users/$u/recommendations?limit=10&offset=10" | jq -c '[.items[].itemId]')
  [ "$a" = "$b" ] || { echo "offset paging differs for user $u: $a vs $b"; exit 1; }
done
echo "offset paging: page 2 of limit=10 equals items 11-20 of limit=20 for 20 users"
declare -A RPS P99 CPU
if section serving; then
wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}"s -s "$WORK/qplain.lua" "http://127.0.0.1:$PORT/" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d10s -s "$WORK/qexplain.lua" "http://127.0.0.1:$PORT/" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d10s -s "$WORK/qfiltered.lua" "http://127.0.0.1:$PORT/" >/dev/null
for r in $(seq 1 "$ROUNDS"); do
  for name in live plain filtered explain page2 pages explainpages; do
    c0=$(cpu_ticks)
    if [ $name = live ]; then out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}"s --latency "http://127.0.0.1:$PORT/actuator/health/liveness")
    else out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}"s --latency -s "$WORK/q$name.lua" "http://127.0.0.1:$PORT/"); fi
    CPU[$name]="${CPU[$name]:-} $(cpu_us "$c0" "$(cpu_ticks)" "$(echo "$out" | requests)")"
    RPS[$name]="${RPS[$name]:-} $(echo "$out" | awk '/Requests\/sec/ {print $2}')"
    P99[$name]="${P99[$name]:-} $(echo "$out" | awk '$1 == "99%" {print $2}' | ms)"
    errs=$(echo "$out" | awk '/Non-2xx/ {print $4}'); [ -z "$errs" ] || echo "  $name round $r: $errs non-2xx"
  done
done
declare -A MR MP MC
for name in live plain filtered explain page2 pages explainpages; do
  # shellcheck disable=SC2086
  MR[$name]=$(median ${RPS[$name]}); MP[$name]=$(median ${P99[$name]})
  printf '%-9s req/s %8.0f (rounds:%s)  p99 %6.2f ms (rounds:%s)\n' "$name" "${MR[$name]}" "${RPS[$name]}" "${MP[$name]}" "${P99[$name]}"
  # shellcheck disable=SC2086
  MC[$name]=$(median ${CPU[$name]}); printf '          server CPU %7.1f us/request (rounds:%s)\n' "${MC[$name]}" "${CPU[$name]}"
done
awk -v p="${MC[plain]}" -v e="${MC[explain]}" -v f="${MC[filtered]}" -v l="${MC[live]}" 'BEGIN {
  printf "server CPU per request (medians): explain/plain %.2f, filtered/plain %.2f, plain/liveness %.2f\n", e/p, f/p, p/l }'
awk -v l="${MR[live]}" -v p="${MR[plain]}" -v f="${MR[filtered]}" -v e="${MR[explain]}" -v g="${MR[page2]}" \
    -v lp="${MP[live]}" -v pp="${MP[plain]}" 'BEGIN {
  printf "ratios (medians, same server, same run): plain/liveness %.2f (target >= 0.8), p99 plain/liveness %.2f (target <= 1.5)\n", p/l, pp/lp
  printf "  filtered(c10, 10%% of items)/plain %.2f (target >= 0.8), page2/plain %.2f, plain/explain latency %.2f (explain cost, target <= 1.3)\n", f/p, g/p, p/e }'
awk -v p="${MR[pages]}" -v e="${MR[explainpages]}" -v pc="${MC[pages]}" -v ec="${MC[explainpages]}" 'BEGIN {
  printf "  random pages 1-10: pages/explainpages latency %.2f, server CPU explainpages/pages %.2f (first explanations)\n", p/e, ec/pc }'
curl -sf "http://127.0.0.1:$PORT/actuator/prometheus" | awk '/^latent_serving_explanation_cache_total/ {
    if ($0 ~ /result="hit"/) h = $2; else m = $2 }
  END { printf "explanation cache over the run: %d hits, %d misses (hit rate %.4f)\n", h, m, h / (h + m) }'
curl -sf "http://127.0.0.1:$PORT/actuator/prometheus" | awk '/^latent_serving_explanation_items_total/ {
    if ($0 ~ /result="remembered"/) r = $2; else c = $2 }
  END { if (r + c > 0) printf "explained items over the run: %d remembered, %d computed (%.4f remembered)\n", r, c, r / (r + c) }'
fi
if section cold; then
  stop_server
  KEEP_DB=1 start_server --latent.serving.explanation-cache-size=0
  for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$PORT/actuator/health/readiness" >/dev/null && break; sleep 0.5; done
  echo "== explanations cold: the same store served again with latent.serving.explanation-cache-size=0, model" \
    "$(curl -sf "http://127.0.0.1:$PORT/api/v1/model" | jq -c '{version, algorithm}') (warm-up ${COLD_WARMUP}s)"
  wrk -t2 -c"$CONNECTIONS" -d"${COLD_WARMUP}"s -s "$WORK/qplain.lua" "http://127.0.0.1:$PORT/" >/dev/null
  wrk -t2 -c"$CONNECTIONS" -d10s -s "$WORK/qexplain.lua" "http://127.0.0.1:$PORT/" >/dev/null
  declare -A CRPS CCPU
  for r in $(seq 1 "$ROUNDS"); do
    for name in plain explain; do
      c0=$(cpu_ticks)
      out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}"s --latency -s "$WORK/q$name.lua" "http://127.0.0.1:$PORT/")
      CCPU[$name]="${CCPU[$name]:-} $(cpu_us "$c0" "$(cpu_ticks)" "$(echo "$out" | requests)")"
      CRPS[$name]="${CRPS[$name]:-} $(echo "$out" | awk '/Requests\/sec/ {print $2}')"
      errs=$(echo "$out" | awk '/Non-2xx/ {print $4}'); [ -z "$errs" ] || echo "  cold $name round $r: $errs non-2xx"
    done
  done
  # shellcheck disable=SC2086
  cp=$(median ${CRPS[plain]}); ce=$(median ${CRPS[explain]})
  printf 'cold plain   req/s %8.0f (rounds:%s)\ncold explain req/s %8.0f (rounds:%s)\n' "$cp" "${CRPS[plain]}" "$ce" "${CRPS[explain]}"
  awk -v p="$cp" -v e="$ce" 'BEGIN { printf "cold: plain/explain latency %.2f (explain cost without the cache, same server)\n", p/e }'
  # shellcheck disable=SC2086
  ccp=$(median ${CCPU[plain]}); cce=$(median ${CCPU[explain]})
  printf 'cold server CPU: plain %.1f us/request (rounds:%s), explain %.1f (rounds:%s): explain/plain %s\n' "$ccp" \
    "${CCPU[plain]}" "$cce" "${CCPU[explain]}" "$(awk -v p="$ccp" -v e="$cce" 'BEGIN {printf "%.2f", e/p}')"
  curl -sf "http://127.0.0.1:$PORT/actuator/prometheus" | awk '/^latent_serving_explanation_cache_total/ {
      if ($0 ~ /result="hit"/) h = $2; else m = $2 }
    END { printf "explanation cache (off): %d hits, %d misses\n", h, m }'
fi
