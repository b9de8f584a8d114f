#!/usr/bin/env bash
# Bulk import benchmark: POST /api/v1/ratings/import of N generated ratings (and of MovieLens 100k when
# present) into H2 file mode and PostgreSQL, against the raw JDBC batch-insert ceiling of the same rows into
# the same tables measured in the same run. Prints one line per run and the medians.
#   RUNS=3 N=1000000 DBS="h2 postgres" bash bench/import-bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
RUNS=${RUNS:-3}
N=${N:-1000000}
DBS=${DBS:-h2 postgres}
ML100K=${ML100K:-../shared/data/ml-100k/u.data}

ensure_jar
CSV="$OUT/ratings-$N.csv"
[ -f "$CSV" ] || java bench/BenchTool.java generate "$CSV" "$N" 20000 5000 42
SCHEMA="$OUT/schema.sql"
cat src/main/resources/db/migration/V1__ratings.sql src/main/resources/db/migration/V1_1__drop_ratings_item_index.sql >"$SCHEMA"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1)"
echo "data: $N generated ratings ($(du -h "$CSV" | cut -f1)), seed 42; ml-100k: $([ -f "$ML100K" ] && echo "$ML100K" || echo "absent ($ML100K), skipped")"

for db in $DBS; do
  if [ "$db" = postgres ] && ! pg_isready -q -h "$PGHOST"; then
    echo "postgres: no server on $PGHOST:5432, skipped"
    continue
  fi
  rates=(); ceilings=(); ratios=(); mlrates=()
  for run in $(seq 1 "$RUNS"); do
    dir=$(mktemp -d /tmp/latent-bench-XXXX)
    port=$(free_port)
    start_service "$db" "$port" "$dir/data" "$dir/service.log"
    answer=$(curl -s -w ' %{time_total}' -X POST -H 'Content-Type: text/csv' --data-binary "@$CSV" \
      "http://127.0.0.1:$port/api/v1/ratings/import")
    seconds=${answer##* }
    rate=$(awk -v n="$N" -v s="$seconds" 'BEGIN {printf "%.0f", n / s}')
    ml=""
    if [ -f "$ML100K" ]; then
      mlanswer=$(curl -s -w ' %{time_total}' -X POST -H 'Content-Type: text/tab-separated-values' --data-binary "@$ML100K" \
        "http://127.0.0.1:$port/api/v1/ratings/import")
      mlrate=$(awk -v n="$(wc -l <"$ML100K")" -v s="${mlanswer##* }" 'BEGIN {printf "%.0f", n / s}')
      mlrates+=("$mlrate")
      ml=" ml-100k ${mlrate}/s"
    fi
    stop_service
    if [ "$db" = h2 ]; then
      url="jdbc:h2:file:$dir/ceiling;WRITE_DELAY=0"; user=sa
    else
      fresh_pg_db latent_bench_ceiling
      url="jdbc:postgresql://$PGHOST:5432/latent_bench_ceiling?reWriteBatchedInserts=true"; user=postgres
    fi
    ceiling=$(java -Xmx3g -cp "$CP" bench/BenchTool.java ceiling "$url" "$user" "" "$CSV" "$SCHEMA" \
      | sed -n 's/.*ceiling_rows_per_s=\([0-9]*\).*/\1/p')
    ratio=$(awk -v r="$rate" -v c="$ceiling" 'BEGIN {printf "%.0f", 100 * r / c}')
    rates+=("$rate"); ceilings+=("$ceiling"); ratios+=("$ratio")
    echo "$db run $run: import ${rate} ratings/s (${seconds} s wall, answer ${answer% *}) ceiling ${ceiling} rows/s -> ${ratio}%${ml}; load $(cut -d' ' -f1 /proc/loadavg)"
    rm -rf "$dir"
  done
  echo "$db MEDIAN of $RUNS: import $(median "${rates[@]}") ratings/s, JDBC ceiling $(median "${ceilings[@]}") rows/s, ratio $(median "${ratios[@]}")%$([ ${#mlrates[@]} -gt 0 ] && echo ", ml-100k $(median "${mlrates[@]}") ratings/s")"
done
[ "${DBS#*postgres}" != "$DBS" ] && psql -q -d postgres -c "DROP DATABASE IF EXISTS latent_bench" -c "DROP DATABASE IF EXISTS latent_bench_ceiling" >/dev/null 2>&1 || true
