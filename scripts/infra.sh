#!/usr/bin/env bash
# Makes sure PostgreSQL and RabbitMQ run on localhost and hold what the suite needs:
# the owner role `choreo` (owns the databases; Flyway migrates as it), the runtime role
# `choreo_app` (owns nothing; the services run as it and get read/write rights on the tables from
# each migration), the four service databases (plus the test ones), one broker user per service
# (allowed only its own queues and publishing to order-events, in / and the system tests' vhost)
# and the broker vhosts the tests use (as guest, the tests' user). The passwords are the
# development ones (`choreo`), accepted only under QUARKUS_PROFILE=local. Idempotent: run it as
# often as you like. Needs root (or the postgres user's and rabbitmqctl's rights) on a machine
# where both servers are installed from Debian packages.
set -euo pipefail

DB_USER=${CHOREO_DB_OWNER_USER:-choreo}
DB_PASSWORD=${CHOREO_DB_OWNER_PASSWORD:-choreo}
APP_USER=choreo_app
APP_PASSWORD=choreo
BROKER_PASSWORD=choreo
PG_HOST=${CHOREO_PG_HOST:-127.0.0.1}
PG_PORT=${CHOREO_PG_PORT:-5432}
SERVICES=(inventory payment shipping notification)
VHOSTS=(choreo-st choreo-test-inventory-service choreo-test-payment-service choreo-test-shipping-service choreo-test-notification-service)
# Where the services' own broker users may work (the suite of up.sh, and the system tests').
SERVICE_VHOSTS=(/ choreo-st)

log() { echo "[infra] $*"; }

pg_up() { pg_isready -q -h "$PG_HOST" -p "$PG_PORT" 2>/dev/null; }
if ! pg_up; then
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    log "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start || true
  fi
  for _ in $(seq 1 30); do pg_up && break; sleep 1; done
  pg_up || { echo "PostgreSQL is not reachable on $PG_HOST:$PG_PORT" >&2; exit 1; }
fi

rabbit_up() { rabbitmqctl -q status >/dev/null 2>&1; }
if command -v rabbitmqctl >/dev/null; then
  if ! rabbit_up; then
    log "starting RabbitMQ"
    rabbitmq-server -detached || true
    for _ in $(seq 1 60); do rabbit_up && break; sleep 1; done
  fi
  rabbitmqctl -q await_startup >/dev/null 2>&1 || true
  rabbit_up || { echo "RabbitMQ is not running" >&2; exit 1; }
  # The stream protocol (port 5552): inventory's stream readers and every relay's probe use it. Enabling a plugin needs
  # no restart.
  if ! rabbitmq-plugins -q is_enabled rabbitmq_stream >/dev/null 2>&1; then
    log "enabling the RabbitMQ plugin rabbitmq_stream"
    rabbitmq-plugins -q enable rabbitmq_stream >/dev/null
  fi
fi

psql_admin() {
  if [ "$(id -u)" = 0 ] && id postgres >/dev/null 2>&1; then
    su postgres -c "psql -v ON_ERROR_STOP=1 -qAt -h $PG_HOST -p $PG_PORT -d postgres $(printf '%q ' "$@")"
  else
    psql -v ON_ERROR_STOP=1 -qAt -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres "$@"
  fi
}

if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname='$DB_USER'")" != 1 ]; then
  log "creating role $DB_USER"
  psql_admin -c "CREATE ROLE \"$DB_USER\" LOGIN CREATEDB PASSWORD '$DB_PASSWORD'"
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname='$APP_USER'")" != 1 ]; then
  log "creating role $APP_USER (runtime: owns nothing)"
  psql_admin -c "CREATE ROLE \"$APP_USER\" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '$APP_PASSWORD'"
fi
for svc in "${SERVICES[@]}"; do
  for db in "$svc" "${svc}_test"; do
    if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname='$db'")" != 1 ]; then
      log "creating database $db"
      psql_admin -c "CREATE DATABASE \"$db\" OWNER \"$DB_USER\""
    fi
  done
done

if command -v rabbitmqctl >/dev/null; then
  for vh in "${VHOSTS[@]}"; do
    if ! rabbitmqctl -q list_vhosts | grep -qx "$vh"; then
      log "creating RabbitMQ vhost $vh"
      rabbitmqctl -q add_vhost "$vh"
    fi
    rabbitmqctl -q set_permissions -p "$vh" guest '.*' '.*' '.*' >/dev/null
  done
  for svc in "${SERVICES[@]}"; do
    user="$svc-service"
    if ! rabbitmqctl -q list_users | awk '{print $1}' | grep -qx "$user"; then
      log "creating RabbitMQ user $user"
      rabbitmqctl -q add_user "$user" "$BROKER_PASSWORD" >/dev/null
    fi
    for vh in "${SERVICE_VHOSTS[@]}"; do
      bash "$(dirname "$0")/broker-permissions.sh" "$vh" "$user"
    done
  done
fi
log "PostgreSQL and RabbitMQ are ready"
