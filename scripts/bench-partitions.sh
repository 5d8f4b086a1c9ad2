#!/usr/bin/env bash
# Partitioning by order id against competing consumers, on this machine's RabbitMQ (bench/.../Partitions.java):
# the same messages through one quorum queue with competing consumers, and through a consistent-hash exchange
# onto single-active-consumer quorum queues. Prints one JSON line per topology. A measurement, never a test.
# Options are passed to Partitions (--orders, --events, --replicas, --partitions, --prefetch, --handle-micros).
set -euo pipefail
cd "$(dirname "$0")/.."
VHOST=choreo-partitions
log() { echo "[bench-partitions] $*" >&2; }

bash scripts/infra.sh >&2
# The exchange type of the partitioned topology; enabling a plugin needs no restart.
if ! rabbitmq-plugins -q is_enabled rabbitmq_consistent_hash_exchange >/dev/null 2>&1; then
  log "enabling the RabbitMQ plugin rabbitmq_consistent_hash_exchange"
  rabbitmq-plugins -q enable rabbitmq_consistent_hash_exchange >/dev/null
fi
if [ ! -f bench/target/bench.jar ] || [ -n "$(find bench/src bench/pom.xml -newer bench/target/bench.jar -type f | head -1)" ]; then
  log "building the load generator (./mvnw package -pl bench)"
  ./mvnw -q -B package -DskipTests -pl bench
fi
rabbitmqctl -q list_vhosts | grep -qx "$VHOST" && rabbitmqctl -q delete_vhost "$VHOST"
rabbitmqctl -q add_vhost "$VHOST"
rabbitmqctl -q set_permissions -p "$VHOST" guest '.*' '.*' '.*'
trap 'rabbitmqctl -q delete_vhost "$VHOST" >/dev/null 2>&1 || true' EXIT
java -cp bench/target/bench.jar io.choreo.bench.Partitions --uri "amqp://guest:guest@127.0.0.1:5672/$VHOST" "$@"
