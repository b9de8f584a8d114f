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

# start_service h2|postgres PORT DATADIR LOG: starts latent.jar in the background, sets SERVICE_PID, waits for liveness
start_service() {
  local db=$1 port=$2 dir=$3 log=$4
  # The trainer stays off: these benchmarks measure ingestion alone.
  local args=(--server.port="$port" --latent.data-dir="$dir" --latent.training.scheduled=false --logging.level.root=WARN
              --logging.level.dev.latent=INFO)
  if [ "$db" = postgres ]; then
    fresh_pg_db latent_bench
    args+=(--spring.profiles.active=postgres
           --spring.datasource.url="jdbc:postgresql://$PGHOST:5432/latent_bench?reWriteBatchedInserts=true")
  fi
  java ${JAVA_OPTS:--Xmx3g} -jar target/latent.jar "${args[@]}" >"$log" 2>&1 &
  SERVICE_PID=$!
  for _ in $(seq 1 120); do
    if curl -sf "http://127.0.0.1:$port/actuator/health/liveness" >/dev/null; then
      return 0
    fi
    sleep 1
  done
  echo "service did not start, see $log" >&2
  kill "$SERVICE_PID" 2>/dev/null || true
  return 1
}

stop_service() {
  kill "$SERVICE_PID" 2>/dev/null || true
  wait "$SERVICE_PID" 2>/dev/null || true
}

median() { # median of the arguments
  printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else printf "%.0f\n", (a[NR/2]+a[NR/2+1])/2}'
}
