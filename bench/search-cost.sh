#!/usr/bin/env bash
# Search cost: one training run of the defaults as they were before searches (latent.tuning.enabled=false:
# ALS rank 64 × 20 + the ranking model, then the refits) against a run with the default search plus its
# refit, each on a fresh store holding the same ratings, RUNS times alternating, in one invocation.
# Prints both wall-clock times per pair (from POST /model/training to the run's end) and their ratio, and the
# server JVM's CPU seconds over the same span and their ratio (steadier than wall time on a shared machine).
#   flock /tmp/latent-bench.lock bash bench/search-cost.sh [FILE]   (default: the 1M synthetic set, generated)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
ensure_jar
RUNS=${RUNS:-1}
DATA=${1:-$OUT/syn1m.tsv}
mkdir -p "$OUT"
if [ ! -f "$DATA" ]; then
  java -jar target/latent.jar generate --users 6040 --items 3706 --ratings 1000000 --rank 64 --seed 1 --out "$DATA"
fi
train_once() { # train_once EXTRA_ARGS...: prints seconds of one run on a fresh store
  local port dir pid
  port=$(free_port); dir=$(mktemp -d)
  java ${JAVA_OPTS:--Xmx3g} -jar target/latent.jar --server.port="$port" --latent.data-dir="$dir" \
    --latent.training.scheduled=false --logging.level.root=WARN "$@" >"$dir/log" 2>&1 &
  pid=$!
  for _ in $(seq 1 180); do curl -sf "http://127.0.0.1:$port/actuator/health/liveness" >/dev/null && break; sleep 1; done
  curl -sf -X POST "http://127.0.0.1:$port/api/v1/ratings/import" -H 'Content-Type: text/tab-separated-values' \
    --data-binary @"$DATA" >/dev/null
  python3 - "$port" "$pid" <<'PY'
import json, os, sys, time, urllib.request
base = f'http://127.0.0.1:{sys.argv[1]}/api/v1'
def cpu():  # user + system CPU seconds of the server JVM (all its threads), from /proc/PID/stat
    with open(f'/proc/{sys.argv[2]}/stat') as f:
        fields = f.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')
def call(path, method='GET'):
    req = urllib.request.Request(base + path, data=b'{}' if method == 'POST' else None, method=method,
                                 headers={'Content-Type': 'application/json'})
    with urllib.request.urlopen(req, timeout=3600) as r:
        return json.loads(r.read())
t0 = time.time()
c0 = cpu()
run = call('/model/training', 'POST')
while run['status'] in ('queued', 'running'):
    time.sleep(0.5)
    run = call(f'/model/training/{run["runId"]}')
s = run.get('search') or {}
print(f'{time.time() - t0:.1f} cpu={cpu() - c0:.1f} {run["status"]} trials={s.get("trial")}/{s.get("trials")} '
      f'heldOutRmse={run["metrics"].get("heldOutRmse")} ndcg={run["metrics"].get("ndcg@10")} '
      f'configuration={json.dumps((run.get("configuration") or {}).get("rating"))}', flush=True)
PY
  kill "$pid"; wait "$pid" 2>/dev/null || true; rm -rf "$dir"
}
for r in $(seq 1 "$RUNS"); do
  base=$(train_once --latent.tuning.enabled=false)
  search=$(train_once)
  echo "pair $r: defaults without search: $base"
  echo "pair $r: default search + refit:  $search"
  python3 -c "import sys; print(f'pair $r ratio search/defaults = {float(sys.argv[2]) / float(sys.argv[1]):.2f}')" \
    "${base%% *}" "${search%% *}"
  python3 -c "import sys; print(f'pair $r CPU-time ratio search/defaults = {float(sys.argv[2]) / float(sys.argv[1]):.2f}')" \
    "$(sed 's/.*cpu=\([0-9.]*\).*/\1/' <<<"$base")" "$(sed 's/.*cpu=\([0-9.]*\).*/\1/' <<<"$search")"
done
