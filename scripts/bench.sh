#!/usr/bin/env bash
# Benchmarks the suite: starts it from its packaged jars on databases and a broker vhost of its own (or uses a
# running one), then runs the load generator of bench/ (warm-up, burst, fixed-rate phases, pgbench) and stops what
# it started. Prints one JSON line per phase and a summary; writes them and a chart under target/bench/.
# A benchmark, not a test: it exits non-zero only when it cannot run, never because of a figure.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

usage() {
  cat <<'EOF'
Usage: scripts/bench.sh [--smoke] [--use-running URL] [--orders N] [--clients C] [--warmup N]
                        [--rates R1,R2,...] [--rate-seconds S] [--drain-seconds S]

  (default)            start the suite on ports 28081-28084 with fresh databases bench_* and vhost choreo-bench:
                       warm-up 2000 orders, burst 3000 orders from 32 clients, 50 and 150 orders/s for 30 s each
  --smoke              a run of about a minute that only shows the script still works (results: target/bench/smoke)
  --use-running URL    benchmark a suite that already runs (inventory-service's URL, e.g. http://127.0.0.1:8081);
                       nothing is started, stopped or dropped. Decisions are read from BENCH_DECISION_JDBC
                       (default jdbc:postgresql://127.0.0.1:5432/inventory), else from GET /orders/{id}.

Environment: BENCH_USE_RUNNING (as --use-running), BENCH_ORDERS, BENCH_CLIENTS, BENCH_WARMUP, BENCH_RATES,
BENCH_RATE_SECONDS, BENCH_DRAIN_SECONDS, BENCH_OUT (results directory), BENCH_INVENTORY_PORT, BENCH_PAYMENT_PORT,
BENCH_SHIPPING_PORT, BENCH_NOTIFICATION_PORT (28081-28084), JAVA_OPTS (the services' JVMs), BENCH_JAVA_OPTS (the
load generator's JVM; default C1 only, serial GC, 512 MB heap), and the services' own QUARKUS_*/CHOREO_*/RABBITMQ_* variables, passed through as up.sh does.
EOF
}

log() { echo "[bench.sh] $*" >&2; }

SMOKE=false
USE_RUNNING=${BENCH_USE_RUNNING:-}
declare -A ARG=()
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) SMOKE=true ;;
    --use-running) USE_RUNNING=${2:?--use-running needs a URL}; shift ;;
    --use-running=*) USE_RUNNING=${1#*=} ;;
    --orders|--clients|--warmup|--rates|--rate-seconds|--drain-seconds) ARG[${1#--}]=${2:?$1 needs a value}; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

if $SMOKE; then
  # Enough orders to go through every code path of the bench, short enough for CI.
  D_WARMUP=30 D_ORDERS=100 D_CLIENTS=16 D_RATES=20 D_RATE_SECONDS=5 D_DRAIN=30 PGBENCH_SECONDS=3
  OUT=${BENCH_OUT:-$ROOT/target/bench/smoke} LABEL=smoke
else
  D_WARMUP=2000 D_ORDERS=3000 D_CLIENTS=32 D_RATES=50,150 D_RATE_SECONDS=30 D_DRAIN=60 PGBENCH_SECONDS=10
  OUT=${BENCH_OUT:-$ROOT/target/bench} LABEL=full
fi
WARMUP=${ARG[warmup]:-${BENCH_WARMUP:-$D_WARMUP}}
ORDERS=${ARG[orders]:-${BENCH_ORDERS:-$D_ORDERS}}
CLIENTS=${ARG[clients]:-${BENCH_CLIENTS:-$D_CLIENTS}}
RATES=${ARG[rates]:-${BENCH_RATES:-$D_RATES}}
RATE_SECONDS=${ARG[rate-seconds]:-${BENCH_RATE_SECONDS:-$D_RATE_SECONDS}}
DRAIN=${ARG[drain-seconds]:-${BENCH_DRAIN_SECONDS:-$D_DRAIN}}

DB_USER=${CHOREO_DB_OWNER_USER:-choreo}
DB_PASSWORD=${CHOREO_DB_OWNER_PASSWORD:-choreo}
PG_HOST=${CHOREO_PG_HOST:-127.0.0.1}
PG_PORT=${CHOREO_PG_PORT:-5432}
VHOST=choreo-bench
SERVICES=(inventory payment shipping notification)
declare -A PORTS=([inventory]=${BENCH_INVENTORY_PORT:-28081} [payment]=${BENCH_PAYMENT_PORT:-28082}
                  [shipping]=${BENCH_SHIPPING_PORT:-28083} [notification]=${BENCH_NOTIFICATION_PORT:-28084})
RUN=$OUT/run
mkdir -p "$RUN"
BENCH_STARTED=$SECONDS

# As scripts/infra.sh: the postgres superuser through `su postgres` when root, else -U postgres.
psql_admin() {
  if [ "$(id -u)" = 0 ] && id postgres >/dev/null 2>&1; then
    su postgres -c "psql -v ON_ERROR_STOP=1 -qAt -h $PG_HOST -p $PG_PORT -d postgres $(printf '%q ' "$@")"
  else
    psql -v ON_ERROR_STOP=1 -qAt -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres "$@"
  fi
}

recreate_database() {
  psql_admin -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)"
  psql_admin -c "CREATE DATABASE \"$1\" OWNER \"$DB_USER\""
}

# A jar is stale when a source file of its module (or of shared-events) is newer, as scripts/up.sh decides.
stale() { [ ! -f "$1" ] || [ -n "$(find "${@:2}" -newer "$1" -type f 2>/dev/null | head -1)" ]; }

# --- Stop what this script started, however it ends (normal end, error, Ctrl-C) ---------------------------------
declare -A STARTED=()
CLIENT_PID=
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$CLIENT_PID" ] && kill -0 "$CLIENT_PID" 2>/dev/null; then
    kill "$CLIENT_PID" 2>/dev/null || true
  fi
  for svc in "${!STARTED[@]}"; do
    kill "${STARTED[$svc]}" 2>/dev/null || true
  done
  for svc in "${!STARTED[@]}"; do
    pid=${STARTED[$svc]}
    # Quarkus drains for up to quarkus.shutdown.timeout (20 s) on SIGTERM; then it is killed.
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then
      log "$svc-service (pid $pid) did not stop on SIGTERM: SIGKILL"
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
  [ ${#STARTED[@]} -gt 0 ] && log "stopped the services it started"
  log "took $((SECONDS - BENCH_STARTED)) s"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- Build what is missing ------------------------------------------------------------------------------------
if [ -z "$USE_RUNNING" ]; then
  need_build=false
  for svc in "${SERVICES[@]}"; do
    stale "$svc-service/target/quarkus-app/quarkus-run.jar" "$svc-service/src" shared-events/src && need_build=true
  done
  if $need_build; then
    log "building the services (./mvnw package -DskipTests)"
    ./mvnw -q -B package -DskipTests \
      -pl shared-events,inventory-service,payment-service,shipping-service,notification-service -am
  fi
fi
if stale bench/target/bench.jar bench/src bench/pom.xml; then
  log "building the load generator (./mvnw package -pl bench)"
  ./mvnw -q -B package -DskipTests -pl bench
fi

# --- The suite: our own, or the running one -------------------------------------------------------------------
PIDS=()
if [ -z "$USE_RUNNING" ]; then
  bash scripts/infra.sh >&2
  for svc in "${SERVICES[@]}"; do
    if [ -n "$(ss -Hltn "sport = :${PORTS[$svc]}")" ]; then
      echo "port ${PORTS[$svc]} (for $svc-service) is taken; set BENCH_${svc^^}_PORT or stop what listens there" >&2
      exit 1
    fi
  done

  log "fresh broker vhost $VHOST and databases bench_*"
  if rabbitmqctl -q list_vhosts | grep -qx "$VHOST"; then
    rabbitmqctl -q delete_vhost "$VHOST"
  fi
  rabbitmqctl -q add_vhost "$VHOST"
  # Each service's own broker user (made by infra.sh), with only its own queues.
  for svc in "${SERVICES[@]}"; do
    bash "$ROOT/scripts/broker-permissions.sh" "$VHOST" "$svc-service"
  done
  for svc in "${SERVICES[@]}"; do
    recreate_database "bench_$svc"
  done
  recreate_database bench_pgbench

  . "$ROOT/scripts/java-options.sh"
  ADMIN_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  SUPPORT_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  for svc in "${SERVICES[@]}"; do
    log "starting $svc-service on port ${PORTS[$svc]} (log: $RUN/$svc.log)"
    # The JVM options a user gets from scripts/up.sh (scripts/java-options.sh), or the user's own JAVA_OPTS.
    # QUARKUS_PROFILE=local: the development credentials infra.sh makes (refused in production).
    QUARKUS_PROFILE=${QUARKUS_PROFILE:-local} \
      QUARKUS_HTTP_PORT=${PORTS[$svc]} CHOREO_DB_NAME=bench_$svc RABBITMQ_VIRTUAL_HOST=$VHOST \
      CHOREO_ADMIN_PASSWORD=$ADMIN_PASSWORD CHOREO_SUPPORT_PASSWORD=$SUPPORT_PASSWORD \
      java ${JAVA_OPTS:-} -jar "$svc-service/target/quarkus-app/quarkus-run.jar" >"$RUN/$svc.log" 2>&1 &
    STARTED[$svc]=$!
  done
  deadline=$((SECONDS + ${BENCH_UP_TIMEOUT:-180}))
  for svc in "${SERVICES[@]}"; do
    until curl -fsS -o /dev/null "http://127.0.0.1:${PORTS[$svc]}/q/health/ready" 2>/dev/null; do
      if ! kill -0 "${STARTED[$svc]}" 2>/dev/null; then
        echo "$svc-service exited; last lines of $RUN/$svc.log:" >&2
        tail -n 30 "$RUN/$svc.log" >&2
        exit 1
      fi
      if [ $SECONDS -ge $deadline ]; then
        echo "$svc-service is not ready after ${BENCH_UP_TIMEOUT:-180} s; see $RUN/$svc.log" >&2
        exit 1
      fi
      sleep 1
    done
  done
  log "suite ready after $((SECONDS - BENCH_STARTED)) s"

  # The seeded catalogue holds too little of some SKUs (SKU-008: 100) for thousands of happy-path
  # orders: restock them (500,000 each, in the API's steps of at most 100,000), so every order can be confirmed.
  for sku in SKU-001 SKU-002 SKU-003 SKU-004 SKU-005 SKU-006 SKU-007 SKU-008 SKU-009; do
    for _ in 1 2 3 4 5; do
      curl -fsS -o /dev/null -u "admin:$ADMIN_PASSWORD" -H 'Content-Type: application/json' -d '{"quantity": 100000}' \
        "http://127.0.0.1:${PORTS[inventory]}/admin/inventory/$sku/restock"
    done
  done

  INVENTORY_URL=http://127.0.0.1:${PORTS[inventory]}
  DECISION_JDBC="jdbc:postgresql://$PG_HOST:$PG_PORT/bench_inventory"
  SUITE_MODE=started
  for svc in "${SERVICES[@]}"; do PIDS+=(--pid "$svc-service=${STARTED[$svc]}"); done
  # Fresh databases have no planner statistics, and this machine kind's PostgreSQL runs with autovacuum off
  # (conf.d/90-ci.conf), so they would never get any: the load generator runs VACUUM ANALYZE on each after the
  # warm-up, as autovacuum would have done on a running suite's (docs/benchmark.md, "Statistics").
  for svc in "${SERVICES[@]}"; do PIDS+=(--analyze-jdbc "jdbc:postgresql://$PG_HOST:$PG_PORT/bench_$svc"); done
else
  INVENTORY_URL=${USE_RUNNING%/}
  DECISION_JDBC=${BENCH_DECISION_JDBC-jdbc:postgresql://$PG_HOST:$PG_PORT/inventory}
  SUITE_MODE=running
  curl -fsS -o /dev/null "$INVENTORY_URL/q/health/ready" || { echo "$INVENTORY_URL is not ready" >&2; exit 1; }
  # The services' processes can be sampled only on this machine: found by the ports they listen on.
  host=$(sed -E 's#^[a-z]+://([^:/]+).*#\1#' <<<"$INVENTORY_URL")
  if [[ $host =~ ^(localhost|127\.0\.0\.1|0\.0\.0\.0)$ ]]; then
    inv_port=$(sed -nE 's#^[a-z]+://[^:/]+:([0-9]+).*#\1#p' <<<"$INVENTORY_URL")
    declare -A RUNNING_PORTS=([inventory]=${inv_port:-80} [payment]=${PAYMENT_PORT:-8082}
                              [shipping]=${SHIPPING_PORT:-8083} [notification]=${NOTIFICATION_PORT:-8084})
    for svc in "${SERVICES[@]}"; do
      pid=$(ss -Hltnp "sport = :${RUNNING_PORTS[$svc]}" | grep -oE 'pid=[0-9]+' | head -1 | cut -d= -f2 || true)
      [ -n "$pid" ] && PIDS+=(--pid "$svc-service=$pid")
    done
  fi
  # pgbench gets a scratch database of its own, if this user may create one.
  recreate_database bench_pgbench 2>/dev/null || log "cannot create bench_pgbench: no pgbench figure"
fi

# --- The load generator ---------------------------------------------------------------------------------------
PGBENCH=$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | sort -V | tail -1 || true)
[ -n "$PGBENCH" ] || log "pgbench not found (Debian's postgresql package ships it): no commit-rate figure"
GIT_COMMIT=$(git rev-parse HEAD 2>/dev/null || echo unknown)
GIT_DIRTY=$([ -n "$(git status --porcelain 2>/dev/null)" ] && echo true || echo false)

# The load generator shares the two cores with what it measures: C1 only and the serial collector,
# as the services. With the JVM's defaults (C2, G1) it took 3.0-3.2 s of CPU per 1,000 orders in the
# burst, with these 1.3-1.4 (docs/benchmark.md). BENCH_JAVA_OPTS, when set, replaces them.
BENCH_JAVA_OPTS=${BENCH_JAVA_OPTS-"-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx512m"}
java ${BENCH_JAVA_OPTS} -Djava.awt.headless=true -jar bench/target/bench.jar \
  --label "$LABEL" --inventory-url "$INVENTORY_URL" --decision-jdbc "$DECISION_JDBC" \
  --jdbc-user "$DB_USER" --jdbc-password "$DB_PASSWORD" \
  --warmup "$WARMUP" --orders "$ORDERS" --clients "$CLIENTS" --rates "$RATES" --rate-seconds "$RATE_SECONDS" \
  --drain-seconds "$DRAIN" "${PIDS[@]}" --clock-ticks "$(getconf CLK_TCK)" --out "$OUT" \
  --git-commit "$GIT_COMMIT" --git-dirty "$GIT_DIRTY" --suite-mode "$SUITE_MODE" --service-java-opts "${JAVA_OPTS:-}" \
  --pgbench "$PGBENCH" --pg-host "$PG_HOST" --pg-port "$PG_PORT" --pgbench-db bench_pgbench \
  --pgbench-seconds "$PGBENCH_SECONDS" &
CLIENT_PID=$!
wait "$CLIENT_PID"
