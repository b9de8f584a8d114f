#!/usr/bin/env bash
# ALS solver benchmark: ten sweeps at rank 64 over the 1M synthetic set (6,000 users x 4,000 items, 1,000,000
# generated ratings, 90/10 random split seed 42: 900,000 training ratings), exact Cholesky path against the
# conjugate-gradient path, interleaved in each run so the ratios are taken under the same load. Prints one line
# per solver and run, then medians and ratios. Run it under the bench lock:
#   flock /tmp/latent-bench.lock bash bench/als-solver.sh
# RUNS (default 3), SOLVERS (default "exact conjugate_gradient:3 conjugate_gradient:2"), THREADS (default 2), DATA (default: generated into $OUT).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
RUNS=${RUNS:-3}
SOLVERS=${SOLVERS:-"exact conjugate_gradient:3 conjugate_gradient:2"}
THREADS=${THREADS:-2}
mkdir -p "$OUT"
[ -f target/latent.jar ] || ./mvnw -B -ntp -q package -DskipTests
DATA=${DATA:-$OUT/syn1m-6000x4000.tsv}
if [ ! -f "$DATA" ]; then
  java -jar target/latent.jar generate --users 6000 --items 4000 --ratings 1000000 --rank 64 --seed 1 --out "$DATA"
fi
RESULTS=$OUT/als-solver.txt
: > "$RESULTS"
echo "# $(date -u +%FT%TZ) $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), threads $THREADS"
for run in $(seq 1 "$RUNS"); do
  for s in $SOLVERS; do
    solver=${s%%:*}
    steps=${s#*:}; [ "$steps" = "$s" ] && steps=3
    line=$(java -Xmx2g -jar target/latent.jar evaluate --data "$DATA" --test-fraction 0.1 --seed 42 --rank 64 \
      --iterations 10 --threads "$THREADS" --no-ranking --als-solver "$solver" --als-cg-steps "$steps" | grep '^summary')
    rmse=$(sed -E 's/.* rmse=([0-9.]+).*/\1/' <<<"$line")
    train=$(sed -E 's/.* train_s=([0-9.]+).*/\1/' <<<"$line")
    echo "run $run $s train_s=$train rmse=$rmse load=$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$RESULTS"
  done
done
python3 - "$RESULTS" <<'PY'
import sys, statistics, collections
t = collections.defaultdict(list); r = {}; per_run = collections.defaultdict(dict)
for line in open(sys.argv[1]):
    f = line.split(); run, s = f[1], f[2]
    kv = dict(x.split('=') for x in f[3:])
    t[s].append(float(kv['train_s'])); r[s] = float(kv['rmse']); per_run[run][s] = float(kv['train_s'])
base = statistics.median(t['exact']) if 'exact' in t else None
for s, v in t.items():
    ratios = [per_run[k]['exact'] / per_run[k][s] for k in per_run if 'exact' in per_run[k] and s in per_run[k]]
    print(f"{s:8s} ten sweeps median {statistics.median(v):7.2f} s (runs {', '.join(f'{x:.2f}' for x in v)})"
          f"  held-out RMSE {r[s]:.4f}"
          + (f"  exact/this per run {', '.join(f'{x:.2f}' for x in ratios)}, median {statistics.median(ratios):.2f}x"
             if base else ""))
PY
