#!/usr/bin/env bash
# Single-rating PUT throughput and latency under wrk (32 connections, 2 threads, loopback), after a warm-up.
#   WARMUP=45 DURATION=30 DBS="h2 postgres" bash bench/put-bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
WARMUP=${WARMUP:-45}
DURATION=${DURATION:-30}
DBS=${DBS:-h2 postgres}
command -v wrk >/dev/null || { echo "wrk missing: apt-get update && apt-get install -y wrk" >&2; exit 1; }
ensure_jar
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); wrk -t2 -c32, warm-up ${WARMUP}s, measured ${DURATION}s"
for db in $DBS; do
  if [ "$db" = postgres ] && ! pg_isready -q -h "$PGHOST"; then
    echo "postgres: no server, skipped"; continue
  fi
  dir=$(mktemp -d /tmp/latent-put-XXXX)
  port=$(free_port)
  start_service "$db" "$port" "$dir/data" "$dir/service.log"
  wrk -t2 -c32 -d"${WARMUP}s" -s bench/put.lua "http://127.0.0.1:$port" >/dev/null
  wrk -t2 -c32 -d"${DURATION}s" --latency -s bench/put.lua "http://127.0.0.1:$port" >"$dir/wrk.txt"
  stop_service
  rps=$(awk '/Requests\/sec/ {print $2}' "$dir/wrk.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$dir/wrk.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$dir/wrk.txt")
  errors=$(awk '/Non-2xx/ {print $5}' "$dir/wrk.txt")
  echo "$db PUT: ${rps} req/s, p50 ${p50}, p99 ${p99}, non-2xx ${errors:-0}; load $(cut -d' ' -f1 /proc/loadavg)"
  rm -rf "$dir"
done
[ "${DBS#*postgres}" != "$DBS" ] && psql -q -d postgres -c "DROP DATABASE IF EXISTS latent_bench" >/dev/null 2>&1 || true
