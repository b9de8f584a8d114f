#!/usr/bin/env bash
# Group lists against the members' own lists, every aggregation, on ML-100K (u.data) and ml-latest-small
# (ratings.csv): `evaluate-groups` of the jar with its defaults (20 % of the ratings held out at random, seed 42,
# the service's ranking model, 500 random groups of 2, 4 and 8, top 10). docs/evaluation.md "Group lists".
# Usage: bash bench/groups.sh [JAR] [DATA_DIR] [extra evaluate-groups flags...]
# JAR defaults to target/latent.jar (built when absent), DATA_DIR to ../shared/data. A data set that is absent
# is reported and skipped; the data are read from there, never copied.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=${1:-target/latent.jar}
data=${2:-../shared/data}
shift $(( $# > 2 ? 2 : $# ))
[ -f "$jar" ] || ./mvnw -B -ntp -q package -DskipTests
echo "jar $jar, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
found=0
for f in ml-100k/u.data ml-latest-small/ratings.csv; do
  if [ ! -f "$data/$f" ]; then
    echo "== $data/$f is absent: skipped (the MovieLens files live outside the repository, see docs/evaluation.md)"
    continue
  fi
  found=1
  echo "== $data/$f"
  java -Xmx1g -jar "$jar" evaluate-groups --data "$data/$f" "$@"
done
[ "$found" = 1 ] || { echo "no data set found under $data" >&2; exit 1; }
