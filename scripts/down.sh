#!/usr/bin/env bash
# Stops the services started by scripts/up.sh (PostgreSQL and RabbitMQ keep running).
set -uo pipefail
cd "$(dirname "$0")/.."
RUN=${CHOREO_RUN_DIR:-$(pwd)/.run}
for svc in inventory payment shipping notification; do
  pidfile="$RUN/$svc.pid"
  [ -f "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    echo "[down] stopping $svc-service (pid $pid)"
    kill "$pid"
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
done
