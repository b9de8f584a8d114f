# Shared helpers of the bench scripts (sourced).
OUT=${OUT:-bench-out}
PGHOST=${PGHOST:-127.0.0.1}
PGUSER=${PGUSER:-postgres}
export PGHOST PGUSER

ensure_jar() {
  if [ ! -f target/latent.jar ]; then
    ./mvnw -B -ntp -q package -DskipTests
  fi
  mkdir -p "$OUT/lib"
  unzip -o -q -j target/latent.jar 'BOOT-INF/lib/h2-*.jar' 'BOOT-INF/lib/postgresql-*.jar' -d "$OUT/lib"
  CP=$(ls "$OUT"/lib/*.jar | tr '\n' ':')
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

fresh_pg_db() { # fresh_pg_db NAME
  psql -q -d postgres -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >/dev/null
}

# start_jar JAR PORT DATADIR LOG [ARG...]: starts the service jar in the background (JVM options $JAVA_OPTS,
# default -Xmx3g) with the trainer off, WARN logging and the ARGs, sets SERVICE_PID, waits (120 s at most) for
# its liveness; on failure prints the log's tail and returns 1
start_jar() {
  local jar=$1 port=$2 dir=$3 log=$4
  shift 4
  # shellcheck disable=SC2086
  java ${JAVA_OPTS:--Xmx3g} -jar "$jar" --server.port="$port" --latent.data-dir="$dir" \
       --latent.training.scheduled=false --logging.level.root=WARN "$@" >"$log" 2>&1 &
  SERVICE_PID=$!
  for _ in $(seq 1 240); do
    curl -sf "http://127.0.0.1:$port/actuator/health/liveness" >/dev/null && return 0
    kill -0 "$SERVICE_PID" 2>/dev/null || break
    sleep 0.5
  done
  echo "service did not start, see $log:" >&2
  tail -50 "$log" >&2
  kill "$SERVICE_PID" 2>/dev/null || true
  return 1
}

# start_service h2|postgres PORT DATADIR LOG [keep]: target/latent.jar by start_jar, on an H2 file under DATADIR
# or on PostgreSQL database latent_bench, which is made afresh unless the fifth argument is "keep" (a restart)
start_service() {
  local db=$1 port=$2 dir=$3 log=$4
  # The trainer stays off: these benchmarks measure ingestion alone.
  local args=(--logging.level.dev.latent=INFO)
  if [ "$db" = postgres ]; then
    [ "${5:-}" = keep ] || fresh_pg_db latent_bench
    args+=(--spring.profiles.active=postgres
           --spring.datasource.url="jdbc:postgresql://$PGHOST:5432/latent_bench?reWriteBatchedInserts=true")
  fi
  start_jar target/latent.jar "$port" "$dir" "$log" "${args[@]}"
}

stop_service() {
  kill "$SERVICE_PID" 2>/dev/null || true
  wait "$SERVICE_PID" 2>/dev/null || true
}

median() { # median of the arguments (numbers), the mean of the middle two for an even count
  printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'
}
