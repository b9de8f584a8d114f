#!/usr/bin/env bash
# Grid over ALS/SGD settings on the ML-100K official folds; prints one summary line per setting.
# Usage: bench/tune-ml100k.sh JAR DATA_DIR als|sgd "RANKS" "LAMBDAS" "BIAS_LAMBDAS" "ITERATIONS" ["LRS"]
set -euo pipefail
jar=$1 d=$2 alg=$3
for r in $4; do for l in $5; do for lb in $6; do for it in $7; do for lr in ${8:-0}; do
  extra=(); [ "$alg" = sgd ] && extra=(--lr "$lr")
  line=$(java -Xmx1g -jar "$jar" evaluate --train "$d/u%d.base" --test "$d/u%d.test" --folds 5 --algorithm "$alg" \
    --rank "$r" --lambda "$l" --bias-lambda "$lb" --iterations "$it" --no-ranking "${extra[@]}" | grep '^summary')
  echo "rank=$r lambda=$l bias_lambda=$lb iterations=$it lr=$lr :: $line"
done; done; done; done; done
