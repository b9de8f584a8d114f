#!/usr/bin/env bash
# What one CSV import costs in heap, measured (docs/reliability.md, "One import's memory"): the service jar in a
# child JVM (-Xmx$HEAP, its default G1, H2 file store, no training), its live heap after start-up, then an
# import of each size in $ROWS (1,000 users, the test's line shape u{i%1000},i{i/1000},4) while a sampler forces a
# full GC (jcmd GC.run) every ~0.3 s and reads the live heap after it. Prints per size: baseline, peak live heap
# during the import, (peak - baseline) / rows = bytes a row. Each size in a fresh service and store.
#   flock /tmp/latent-bench.lock bash bench/import-heap.sh
# HEAP (default 512m), ROWS (default "100000 200000 400000"), EXTRA (more service arguments).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
HEAP=${HEAP:-512m}
ROWS=${ROWS:-"100000 200000 400000"}
EXTRA=${EXTRA:-}
[ -f target/latent.jar ] || ./mvnw -B -ntp -q package -DskipTests
WORK=$(mktemp -d /tmp/latent-import-heap.XXXXXX)
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

used_kb() { # live heap after a full GC, KiB
  jcmd "$1" GC.run >/dev/null 2>&1 || return 1
  jcmd "$1" GC.heap_info 2>/dev/null | grep -m1 -oE 'used [0-9]+K' | grep -oE '[0-9]+'
}

echo "# $(date -u +%FT%TZ) $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), -Xmx$HEAP"
for n in $ROWS; do
  csv=$WORK/import-$n.csv
  awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) printf "u%d,i%d,4\n", i % 1000, int(i / 1000) }' > "$csv"
  port=$(free_port)
  rm -rf "$WORK/data"
  # shellcheck disable=SC2086
  java -Xmx"$HEAP" -jar target/latent.jar --server.port="$port" --latent.data-dir="$WORK/data" \
    --latent.training.scheduled=false --logging.level.root=WARN $EXTRA > "$WORK/service.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 600); do
    curl -sf "http://127.0.0.1:$port/actuator/health/liveness" >/dev/null 2>&1 && break
    kill -0 "$PID" 2>/dev/null || { cat "$WORK/service.log"; exit 1; }
    sleep 0.5
  done
  sleep 2
  base=$(used_kb "$PID"); b2=$(used_kb "$PID"); [ "$b2" -lt "$base" ] && base=$b2
  curl -s -o "$WORK/reply" -w '%{http_code}' -H 'Content-Type: text/csv' --data-binary @"$csv" \
    "http://127.0.0.1:$port/api/v1/ratings/import" > "$WORK/status" &
  CURL=$!
  peak=$base
  samples=0
  while kill -0 "$CURL" 2>/dev/null; do
    u=$(used_kb "$PID" || echo 0)
    samples=$((samples + 1))
    [ "${u:-0}" -gt "$peak" ] && peak=$u
    sleep 0.3
  done
  wait "$CURL" || true
  status=$(cat "$WORK/status")
  after=$(used_kb "$PID")
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
  awk -v n="$n" -v b="$base" -v p="$peak" -v a="$after" -v s="$status" -v k="$samples" 'BEGIN {
    printf "rows=%d status=%s baseline_mib=%.1f peak_mib=%.1f after_mib=%.1f import_mib=%.1f bytes_per_row=%.0f samples=%d\n",
      n, s, b / 1024, p / 1024, a / 1024, (p - b) / 1024, (p - b) * 1024 / n, k }'
done
