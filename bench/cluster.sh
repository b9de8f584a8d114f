#!/usr/bin/env bash
# Several instances on one PostgreSQL database (docs/scaling.md):
#   1. visibility: how late a rating written on one instance is served by another, under RATE single-rating
#      PUTs a second spread over the three instances (PROBES probes a run, RUNS runs);
#   2. takeover: a run started on instance A, A killed with SIGKILL past its first iteration; seconds until both
#      other instances serve a new model version (lease TTL 10 s, check every 5 s, model poll 5 s; RUNS runs).
# Run it alone: flock /tmp/latent-bench.lock bash bench/cluster.sh   (takes /tmp/latent-pg.lock itself)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
RUNS=${RUNS:-3}
RATE=${RATE:-500}
PROBES=${PROBES:-150}
PARTS=${PARTS:-"visibility takeover"}
DB=latent_cluster_bench
mkdir -p "$OUT"
ensure_jar
exec 9>/tmp/latent-pg.lock
flock 9
fresh_pg_db $DB

declare -A PID PORT
NAMES=(a b c)
for n in "${NAMES[@]}"; do PORT[$n]=$(free_port); done

launch() { # launch NAME: the service on the postgres profile, training on a short schedule
  local n=$1
  java ${JAVA_OPTS:--Xmx1g} -jar target/latent.jar --server.port="${PORT[$n]}" --spring.profiles.active=postgres \
    --spring.datasource.url="jdbc:postgresql://$PGHOST:5432/$DB?reWriteBatchedInserts=true" \
    --latent.training.instance-id="$n" --latent.training.scheduled="$SCHEDULED" \
    --latent.training.initial-delay=5s --latent.training.interval=5s --latent.training.lease-ttl=10s \
    --latent.training.model-poll=5s --latent.training.gate.enabled=false \
    --latent.training.rank=32 --latent.training.iterations=10 --latent.training.ranking.rank=32 \
    --latent.training.ranking.iterations=10 --logging.level.root=WARN --logging.level.dev.latent=INFO \
    >>"$OUT/cluster-$n.log" 2>&1 &
  PID[$n]=$!
}
await_live() { # await_live NAME
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:${PORT[$1]}/actuator/health/liveness" >/dev/null && return 0
    sleep 1
  done
  echo "instance $1 did not start, see $OUT/cluster-$1.log" >&2; return 1
}
ready_version() { # ready_version NAME: the served version once the instance is ready (its stored model loaded)
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:${PORT[$1]}/actuator/health/readiness" >/dev/null && { version "$1"; return 0; }
    sleep 1
  done
  echo 0
}
version() { # version NAME: the served model version (0 without)
  curl -s "http://127.0.0.1:${PORT[$1]}/api/v1/model" | python3 -c 'import sys,json
try: print(json.load(sys.stdin).get("version", 0))
except Exception: print(0)'
}
stop_all() {
  for n in "${NAMES[@]}"; do kill "${PID[$n]}" 2>/dev/null || true; done
  for n in "${NAMES[@]}"; do wait "${PID[$n]}" 2>/dev/null || true; done
}
trap stop_all EXIT
urls() { local u=""; for n in "$@"; do u+="${u:+,}http://127.0.0.1:${PORT[$n]}"; done; echo "$u"; }

echo "machine: $(nproc) cores, $(uname -r), java $(java -version 2>&1 | head -1 | cut -d'"' -f2), load $(cut -d' ' -f1-3 /proc/loadavg)"
# data: 100,000 generated ratings, 5,000 users, 2,000 items, one model trained on A and loaded by all
SCHEDULED=false
for n in "${NAMES[@]}"; do launch "$n"; done
for n in "${NAMES[@]}"; do await_live "$n"; done
java -cp "$CP" bench/BenchTool.java generate "$OUT/cluster.csv" 100000 5000 2000 7
curl -sf -H 'Content-Type: text/csv' --data-binary @"$OUT/cluster.csv" \
  "http://127.0.0.1:${PORT[a]}/api/v1/ratings/import" >/dev/null
curl -sf -X POST "http://127.0.0.1:${PORT[a]}/api/v1/model/training" >/dev/null
for _ in $(seq 1 600); do
  [ "$(version b)" -ge 1 ] && [ "$(version c)" -ge 1 ] && [ "$(version a)" -ge 1 ] && break; sleep 1
done

if [[ " $PARTS " == *" visibility "* ]]; then
echo "== visibility (rate $RATE PUT/s over 3 instances, $PROBES probes a run)"
P50=(); P99=()
for r in $(seq 1 "$RUNS"); do
  line=$(java bench/ClusterBench.java visibility "$(urls a b c)" "$RATE" "$PROBES" "r$r-$$")
  echo "$line"
  P50+=("$(sed -E 's/.* p50_ms=([0-9.]+).*/\1/' <<<"$line")"); P99+=("$(sed -E 's/.* p99_ms=([0-9.]+).*/\1/' <<<"$line")")
done
echo "visibility median over $RUNS runs: p50_ms=$(median "${P50[@]}") p99_ms=$(median "${P99[@]}")"
fi
[[ " $PARTS " == *" takeover "* ]] || exit 0

echo "== takeover (kill -9 of the trainer past its first iteration)"
stop_all
SCHEDULED=true
for n in "${NAMES[@]}"; do launch "$n"; done
for n in "${NAMES[@]}"; do await_live "$n"; done
TAKE=()
for r in $(seq 1 "$RUNS"); do
  # a settled start: all three ready and on one version (a scheduled run of B or C may still be publishing)
  for _ in $(seq 1 120); do
    v=$(ready_version a)
    [ "$v" -ge 1 ] && [ "$(version b)" -eq "$v" ] && [ "$(version c)" -eq "$v" ] && break; sleep 2
  done
  run=$(curl -s -X POST "http://127.0.0.1:${PORT[a]}/api/v1/model/training" | python3 -c 'import sys,json; print(json.load(sys.stdin)["runId"])')
  # new ratings once A's run holds the lease: the others' scheduled check will find the store changed
  for _ in $(seq 1 300); do
    st=$(curl -s "http://127.0.0.1:${PORT[a]}/api/v1/model/training/$run" | python3 -c 'import sys,json; d=json.load(sys.stdin); print(d["status"], d.get("progress",{}).get("iteration",0) if isinstance(d.get("progress"),dict) else d.get("iteration",0))')
    [ "${st%% *}" = running ] && break; sleep 0.2
  done
  for i in $(seq 1 20); do
    curl -sf -X PUT -H 'Content-Type: application/json' -d '{"rating":4}' \
      "http://127.0.0.1:${PORT[b]}/api/v1/users/takeover$r/ratings/i$i" >/dev/null
  done
  for _ in $(seq 1 600); do
    st=$(curl -s "http://127.0.0.1:${PORT[a]}/api/v1/model/training/$run" | python3 -c 'import sys,json; d=json.load(sys.stdin); p=d.get("progress") or {}; print(d["status"], p.get("iteration", d.get("iteration", 0)))')
    [ "${st%% *}" != running ] && break
    [ "${st##* }" -ge 1 ] && break
    sleep 0.1
  done
  if [ "${st%% *}" != running ]; then echo "run $r: A's run ended ($st) before the kill; skipped"; continue; fi
  t0=$(date +%s.%N)
  kill -9 "${PID[a]}"; wait "${PID[a]}" 2>/dev/null || true
  for _ in $(seq 1 1200); do
    [ "$(version b)" -gt "$v" ] && [ "$(version c)" -gt "$v" ] && [ "$(version b)" -eq "$(version c)" ] && break
    sleep 0.1
  done
  t1=$(date +%s.%N)
  s=$(python3 -c "print(f'{$t1 - $t0:.1f}')")
  echo "takeover run=$r killed_at_iteration=${st##* } new_version=$(version b) seconds_until_both_serve_it=$s"
  TAKE+=("$s")
  launch a; await_live a
done
echo "takeover median over ${#TAKE[@]} runs: seconds=$(median "${TAKE[@]}")"
