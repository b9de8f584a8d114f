#!/usr/bin/env bash
# Spark local[2] against the in-process trainer on the same synthetic ratings, same rank and iterations, both
# models (rating ALS + ranking implicit ALS), 10 % held out, measured fit only (no refit, nothing written):
# wall time of the whole JVM (Spark's includes its session start), the training phases, peak RSS of the JVM
# (/usr/bin/time), held-out RMSE and NDCG@10 of both. Median of RUNS per set.
#   flock /tmp/latent-bench.lock bash bench/spark-vs-inprocess.sh
#   SETS="1m 25m" RANK=64 ITER=10 RUNS=3 RUNS_25M=1 HEAP=4g HEAP_25M=8g bash bench/spark-vs-inprocess.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
SETS=${SETS:-1m 25m}
RANK=${RANK:-64}
ITER=${ITER:-10}
RUNS=${RUNS:-3}
RUNS_25M=${RUNS_25M:-1}
HEAP=${HEAP:-4g}
HEAP_25M=${HEAP_25M:-8g}
BLOCKS=${BLOCKS:-4}

ensure_jar
[ -f spark/target/classes/dev/latent/spark/SparkTrainingJob.class ] || ./mvnw -B -ntp -q -f spark/pom.xml package -DskipTests
SPARK_CP_FILE="$OUT/spark.classpath"
./mvnw -B -ntp -q -f spark/pom.xml dependency:build-classpath -Dmdep.includeScope=compile -Dmdep.outputFile="$PWD/$SPARK_CP_FILE" >/dev/null
# A copy of the job's classes, so a rebuild of the module during the runs cannot pull them away.
rm -rf "$OUT/spark-classes" && cp -r spark/target/classes "$OUT/spark-classes"
SPARK_CP="$OUT/spark-classes:$(cat "$SPARK_CP_FILE")"
# The --add-opens list of Spark's launcher (JavaModuleOptions), kept in spark/pom.xml.
SPARK_OPTS=$(sed -n 's:.*<spark.jvm.options>\(.*\)</spark.jvm.options>.*:\1:p' spark/pom.xml)
export SPARK_LOCAL_IP=127.0.0.1

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1)"
echo "settings: rank $RANK, $ITER iterations for both models, 10 % held out, seed 42; Spark local[2], $BLOCKS blocks per side; in-process 2 threads"

rss_mb() { sed -n 's/.*Maximum resident set size (kbytes): \([0-9]*\).*/\1/p' "$1" | awk '{printf "%.0f", $1 / 1024}'; }
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" "$2" | tail -1; }
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$1" "$2"; }

for set in $SETS; do
  case $set in
    1m) data="$OUT/syn1m.tsv"; gen=(--users 6040 --items 3706 --ratings 1000000 --rank 64 --seed 1); runs=$RUNS; heap=$HEAP ;;
    25m) data="$OUT/syn25m.tsv"; gen=(--users 160000 --items 60000 --ratings 25000000 --rank 64 --seed 7); runs=$RUNS_25M; heap=$HEAP_25M ;;
    *) echo "unknown set $set (1m, 25m)" >&2; exit 2 ;;
  esac
  [ -f "$data" ] || java -jar target/latent.jar generate "${gen[@]}" --out "$data" >/dev/null
  echo "data $set: $data ($(wc -l <"$data") ratings, generate ${gen[*]}), -Xmx$heap"
  i_wall=(); i_train=(); i_rss=(); s_wall=(); s_fit=(); s_rss=()
  for run in $(seq 1 "$runs"); do
    log="$OUT/inprocess-$set-$run.log"
    /usr/bin/time -v -o "$log.time" java -Xmx"$heap" -jar target/latent.jar evaluate --data "$data" --test-fraction 0.1 \
      --seed 42 --rank "$RANK" --iterations "$ITER" --model both --ranking-rank "$RANK" --ranking-iterations "$ITER" \
      --threads 2 >"$log" 2>&1
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): \(.*\)/\1/p' "$log.time" | awk -F: '{s=0; for (i=1;i<=NF;i++) s=s*60+$i; printf "%.1f", s}')
    train=$(awk -v a="$(field train_s "$log")" -v b="$(field ranking_train_s "$log")" 'BEGIN {printf "%.1f", a + b}')
    i_wall+=("$wall"); i_train+=("$train"); i_rss+=("$(rss_mb "$log.time")")
    echo "$set run $run in-process: wall ${wall} s, training ${train} s, peak RSS $(rss_mb "$log.time") MB, RMSE $(field rmse "$log"), NDCG@10 ranking $(field ranking_ndcg@10 "$log") rating $(field ndcg@10 "$log") popularity $(field pop_ndcg@10 "$log"); load $(cut -d' ' -f1 /proc/loadavg)"

    log="$OUT/spark-$set-$run.log"
    report="$OUT/spark-$set-$run.json"
    /usr/bin/time -v -o "$log.time" java -Xmx"$heap" $SPARK_OPTS -Dspark.master='local[2]' -Dspark.ui.enabled=false \
      -Dspark.driver.memory="$heap" -cp "$SPARK_CP" dev.latent.spark.SparkTrainingJob --input "$data" --format tsv \
      --no-write --rank "$RANK" --iterations "$ITER" --ranking-rank "$RANK" --ranking-iterations "$ITER" \
      --refit-iterations 0 --holdout 0.1 --seed 42 --min 1 --max 5 --blocks "$BLOCKS" --report "$report" >"$log" 2>&1
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): \(.*\)/\1/p' "$log.time" | awk -F: '{s=0; for (i=1;i<=NF;i++) s=s*60+$i; printf "%.1f", s}')
    fit=$(json "$report" "'%.1f' % (d['millis']['fit'] / 1000)")
    s_wall+=("$wall"); s_fit+=("$fit"); s_rss+=("$(rss_mb "$log.time")")
    echo "$set run $run spark local[2]: wall ${wall} s, training ${fit} s (read $(json "$report" "d['millis']['read']") ms, blocks $(json "$report" "d['millis']['blocks']") ms), peak RSS $(rss_mb "$log.time") MB, RMSE $(json "$report" "'%.4f' % d['metrics']['heldOutRmse']"), NDCG@10 ranking $(json "$report" "'%.4f' % d['metrics']['ndcg@10']") rating $(json "$report" "'%.4f' % d['metrics']['ratingModelNdcg@10']") popularity $(json "$report" "'%.4f' % d['metrics']['popularityNdcg@10']"); load $(cut -d' ' -f1 /proc/loadavg)"
  done
  med() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else printf "%.1f\n", (a[NR/2]+a[NR/2+1])/2}'; }
  iw=$(med "${i_wall[@]}"); sw=$(med "${s_wall[@]}"); it=$(med "${i_train[@]}"); sf=$(med "${s_fit[@]}")
  echo "$set MEDIAN of $runs: in-process wall $iw s (training $it s, peak RSS $(med "${i_rss[@]}") MB); spark local[2] wall $sw s (training $sf s, peak RSS $(med "${s_rss[@]}") MB); spark/in-process wall $(awk -v a="$sw" -v b="$iw" 'BEGIN {printf "%.2f", a / b}'), training $(awk -v a="$sf" -v b="$it" 'BEGIN {printf "%.2f", a / b}')"
done
