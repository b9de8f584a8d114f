#!/usr/bin/env bash
# Reliability benchmark: prints counts, not speeds.
#   1. the bad-input catalogue on H2 and PostgreSQL (cases, 5xx, wrongly stored)
#   2. a mixed write load (PUT, POST, batches of 20, deletes; THREADS clients for SECONDS), then kill -9, a
#      restart on the same store, and an exact check of every acknowledged outcome (lost, resurrected), on H2
#      and PostgreSQL
#   3. the fault tests: kill/restart (acknowledged writes, deletes, abandoned runs, lease), small heap (bombs,
#      1 GiB line), disk full and read-only store (tmpfs; need root), writes during an import
# Run it alone: flock /tmp/latent-bench.lock bash bench/reliability.sh
# PostgreSQL parts take /tmp/latent-pg.lock. SKIP_PG=1 leaves them out.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
THREADS=${THREADS:-8}
SECONDS_LOAD=${SECONDS_LOAD:-60}
mkdir -p "$OUT"
ensure_jar

report() { # report SUREFIRE_XML...: cases, failures, errors, skipped over the given reports
  python3 - "$@" <<'PY'
import sys, xml.etree.ElementTree as ET
t = f = e = s = 0
for path in sys.argv[1:]:
    r = ET.parse(path).getroot()
    t += int(r.get('tests')); f += int(r.get('failures')); e += int(r.get('errors')); s += int(r.get('skipped'))
print(f"{t} cases, {f} failed, {e} errors, {s} skipped")
PY
}

echo "== 1. bad-input catalogue"
./mvnw -B -ntp -q -o test -Dtest=BadInputCatalogueTest -Dsurefire.failIfNoSpecifiedTests=false >"$OUT/catalogue-h2.log" 2>&1 \
  || echo "  (failures: see $OUT/catalogue-h2.log)"
echo "H2 catalogue: $(report target/surefire-reports/TEST-dev.latent.ratings.BadInputCatalogueTest.xml)" \
  "(each case asserts status < 500 and an unchanged store)"
if [ -z "${SKIP_PG:-}" ]; then
  flock /tmp/latent-pg.lock ./mvnw -B -ntp -q -o test -Ppostgres -Dtest=PostgresBadInputCatalogueTest \
    -Dsurefire.failIfNoSpecifiedTests=false >"$OUT/catalogue-pg.log" 2>&1 || echo "  (failures: see $OUT/catalogue-pg.log)"
  echo "PostgreSQL catalogue: $(report target/surefire-reports/TEST-dev.latent.ratings.PostgresBadInputCatalogueTest.xml)"
fi

echo "== 2. mixed load, kill -9, restart, exact verification"
mixed() { # mixed h2|postgres
  local db=$1 port dir log
  port=$(free_port); dir=$(mktemp -d); log="$OUT/mixed-$db.log"
  start_service "$db" "$port" "$dir" "$log"
  java bench/MixedLoad.java load "http://127.0.0.1:$port" "$THREADS" "$SECONDS_LOAD" "$OUT/mixed-$db.state"
  kill -9 "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true
  # restart on the same store ("keep": the same PostgreSQL database, not a fresh one)
  start_service "$db" "$port" "$dir" "$log.2" keep
  echo -n "$db: "
  java bench/MixedLoad.java verify "http://127.0.0.1:$port" "$OUT/mixed-$db.state" || true
  stop_service
  rm -rf "$dir"
}
mixed h2
if [ -z "${SKIP_PG:-}" ]; then
  flock /tmp/latent-pg.lock bash -c "$(declare -f mixed start_jar start_service stop_service free_port fresh_pg_db); \
    OUT=$OUT PGHOST=$PGHOST THREADS=$THREADS SECONDS_LOAD=$SECONDS_LOAD JAVA_OPTS='${JAVA_OPTS:-}'; mixed postgres"
fi

echo "== 3. fault tests (child JVMs, kill -9, a 64 MiB heap, a full tmpfs)"
./mvnw -B -ntp -q -o test \
  -Dtest='CrashAndRestartTest,SmallHeapTest,ImportConcurrencyTest,DiskFullTest,ReadOnlyStoreTest' \
  -Dsurefire.failIfNoSpecifiedTests=false >"$OUT/faults.log" 2>&1 || echo "  (failures: see $OUT/faults.log)"
for t in CrashAndRestartTest SmallHeapTest DiskFullTest ReadOnlyStoreTest ImportConcurrencyTest; do
  f=$(ls target/surefire-reports/TEST-dev.latent.*."$t".xml 2>/dev/null | head -1)
  [ -n "$f" ] && echo "$t: $(report "$f")"
done
grep -h 'training resumed' "$OUT/faults.log" target/surefire-reports/*CrashAndRestartTest-output.txt 2>/dev/null | head -1 || true
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ) (shared with other builds)"
