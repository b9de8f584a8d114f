#!/usr/bin/env bash
# Loads a MovieLens data set into a running Latent: ratings, then the movies as catalogue items (genres as
# categories, the title as a label), then trains. The data stay where they are; nothing is copied into the
# project. See docs/demo-data.md.
#   scripts/load-movielens.sh DATA_DIR [BASE_URL]
#   DATA_DIR: an ml-100k directory (u.data, u.item) or an ml-latest-small one (ratings.csv, movies.csv)
set -euo pipefail
dir=${1:?usage: scripts/load-movielens.sh DATA_DIR [BASE_URL]}
base=${2:-http://127.0.0.1:8080}
api=$base/api/v1
key=()
if [ -n "${LATENT_API_KEY:-}" ]; then key=(-H "X-API-Key: $LATENT_API_KEY"); fi
[ -f target/latent.jar ] || ./mvnw -B -ntp -q package -DskipTests

if [ -f "$dir/u.item" ]; then ratings=$dir/u.data; movies=$dir/u.item; type=text/tab-separated-values
else ratings=$dir/ratings.csv; movies=$dir/movies.csv; type=text/csv; fi

echo "ratings from $ratings"
gzip -c "$ratings" | curl -sSf "${key[@]}" -H "Content-Type: $type" -H 'Content-Encoding: gzip' \
  --data-binary @- "$api/ratings/import"; echo
echo "items from $movies"
java -jar target/latent.jar movielens-items --file "$movies" | gzip -c | curl -sSf "${key[@]}" \
  -H 'Content-Type: application/x-ndjson' -H 'Content-Encoding: gzip' --data-binary @- "$api/items/import"; echo
echo "training"
run=$(curl -sS "${key[@]}" -X POST "$api/model/training")
id=$(printf '%s' "$run" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("runId", ""))')
if [ -n "$id" ]; then
  while :; do
    status=$(curl -sS "$api/model/training/$id" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')
    [ "$status" = queued ] || [ "$status" = running ] || break
    sleep 2
  done
  echo "run $id: $status"
else
  echo "$run"
fi
