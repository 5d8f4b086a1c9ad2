#!/usr/bin/env bash
# Starts the suite on this machine: PostgreSQL and RabbitMQ (if installed but stopped), the
# roles and databases, then the four services in the background (logs and pids in .run/).
# Idempotent: starts only what is not running. The environment is passed through, so
# QUARKUS_*/CHOREO_*/RABBITMQ_* variables configure the services; INVENTORY_PORT, PAYMENT_PORT,
# SHIPPING_PORT and NOTIFICATION_PORT move their HTTP ports.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
RUN=${CHOREO_RUN_DIR:-$ROOT/.run}
mkdir -p "$RUN"

declare -A PORTS=([inventory]=${INVENTORY_PORT:-8081} [payment]=${PAYMENT_PORT:-8082}
                  [shipping]=${SHIPPING_PORT:-8083} [notification]=${NOTIFICATION_PORT:-8084})
SERVICES=(inventory payment shipping notification)

bash scripts/infra.sh

need_build=false
for svc in "${SERVICES[@]}"; do
  jar="$svc-service/target/quarkus-app/quarkus-run.jar"
  if [ ! -f "$jar" ] || [ -n "$(find "$svc-service/src" shared-events/src -newer "$jar" -type f 2>/dev/null | head -1)" ]; then
    need_build=true
  fi
done
if $need_build; then
  echo "[up] building the services (./mvnw package -DskipTests)"
  ./mvnw -q -B package -DskipTests -pl shared-events,inventory-service,payment-service,shipping-service,notification-service -am
fi

running() { [ -f "$RUN/$1.pid" ] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }

# The admin endpoints' password comes only from the environment; make one up once if unset.
if [ -z "${CHOREO_ADMIN_PASSWORD:-}" ]; then
  if [ ! -s "$RUN/admin-password" ]; then
    (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$RUN/admin-password")
  fi
  CHOREO_ADMIN_PASSWORD=$(cat "$RUN/admin-password")
fi
export CHOREO_ADMIN_PASSWORD
# The services refuse development credentials in production; locally they run under the profile
# `local`, whose defaults are the roles and broker users scripts/infra.sh makes.
export QUARKUS_PROFILE=${QUARKUS_PROFILE:-local}
# So does the read-only support user's (orders listing, payments, shipments, notifications).
if [ -z "${CHOREO_SUPPORT_PASSWORD:-}" ]; then
  if [ ! -s "$RUN/support-password" ]; then
    (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$RUN/support-password")
  fi
  CHOREO_SUPPORT_PASSWORD=$(cat "$RUN/support-password")
fi
export CHOREO_SUPPORT_PASSWORD

# The JVM options settled by the benchmark (JAVA_OPTS, when set, replaces them).
. "$(dirname "$0")/java-options.sh"

for svc in "${SERVICES[@]}"; do
  if running "$svc"; then
    echo "[up] $svc-service already running (pid $(cat "$RUN/$svc.pid"))"
    continue
  fi
  echo "[up] starting $svc-service on port ${PORTS[$svc]}"
  nohup java ${JAVA_OPTS:-} -jar "$svc-service/target/quarkus-app/quarkus-run.jar" >"$RUN/$svc.log" 2>&1 &
  echo $! >"$RUN/$svc.pid"
done

deadline=$((SECONDS + ${CHOREO_UP_TIMEOUT:-120}))
for svc in "${SERVICES[@]}"; do
  url="http://localhost:${PORTS[$svc]}/q/health/ready"
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    if ! running "$svc"; then
      echo "[up] $svc-service exited; last lines of $RUN/$svc.log:" >&2
      tail -n 30 "$RUN/$svc.log" >&2
      exit 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      echo "[up] $svc-service is not ready after ${CHOREO_UP_TIMEOUT:-120}s; see $RUN/$svc.log" >&2
      exit 1
    fi
    sleep 1
  done
done

echo
echo "The suite is up:"
echo "  inventory-service     http://localhost:${PORTS[inventory]}   (POST /orders, GET /orders/{orderId}, GET /inventory; support: GET /orders)"
echo "  payment-service       http://localhost:${PORTS[payment]}   (support: GET /payments/{orderId})"
echo "  shipping-service      http://localhost:${PORTS[shipping]}   (support: GET /shipments/{orderId})"
echo "  notification-service  http://localhost:${PORTS[notification]}   (support: GET /notifications?orderId=)"
echo "  RabbitMQ              amqp://localhost:5672   PostgreSQL  localhost:5432"
echo "Support (read-only): user support, password \$CHOREO_SUPPORT_PASSWORD or the one in $RUN/support-password"
echo "Admin (/admin/dlq): user admin, password \$CHOREO_ADMIN_PASSWORD or the one in $RUN/admin-password"
echo "Live page: http://localhost:${PORTS[inventory]}/live  user support, password \$CHOREO_SUPPORT_PASSWORD or the one in $RUN/support-password"
echo "Logs: $RUN/<service>.log   Stop: scripts/down.sh   Try: scripts/demo.sh"
