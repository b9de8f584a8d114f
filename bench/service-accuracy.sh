#!/usr/bin/env bash
# Accuracy through the service with its defaults (search included): starts target/latent.jar on a free port
# with a fresh H2 directory, imports the training ratings over HTTP, trains, scores the held-out ratings over
# HTTP (bench/service_accuracy.py). Run under the bench lock:
#   flock /tmp/latent-bench.lock bash bench/service-accuracy.sh --train D/u1.base --test D/u1.test
#   flock /tmp/latent-bench.lock bash bench/service-accuracy.sh --data D/ratings.csv --test-fraction 0.1 --seed 42
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
ensure_jar
PORT=$(free_port)
DIR=$(mktemp -d)
LOG=$DIR/service.log
java ${JAVA_OPTS:--Xmx3g} -jar target/latent.jar --server.port="$PORT" --latent.data-dir="$DIR" \
  --latent.training.scheduled=false --logging.level.root=WARN --logging.level.dev.latent=INFO ${LATENT_ARGS:-} \
  >"$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$DIR"' EXIT
for _ in $(seq 1 180); do
  curl -sf "http://127.0.0.1:$PORT/actuator/health/liveness" >/dev/null && break
  sleep 1
done
python3 bench/service_accuracy.py "http://127.0.0.1:$PORT/api/v1" "$@"
