#!/usr/bin/env bash
# Whether confirmed publishes reach the event stream across RabbitMQ restarts (bench/.../StreamRestarts.java):
# a publisher sends through an exchange bound to a classic queue and a stream while this machine's RabbitMQ is
# stopped and started; then the confirmed messages missing from each are counted. --wait none publishes on a new
# channel at once; --wait probe first waits for the stream, as the relay does. Prints one JSON line per run.
# It RESTARTS THIS MACHINE'S RABBITMQ: never run it against a broker you care about. A measurement, never a test.
# Options are passed to StreamRestarts (--wait none|probe, --runs, --restarts). It declares and deletes its own
# exchange, queue and stream (choreo-restarts*) in the vhost.
set -euo pipefail
cd "$(dirname "$0")/.."
# The default vhost, not one of its own: the loss shows when the broker takes connections to the vhost as soon
# as it listens, which a vhost it is still starting does not (a fresh vhost: 0 runs of 3 with a loss; `/`: 1 of 2).
VHOST=/
log() { echo "[bench-stream-restarts] $*" >&2; }

bash scripts/infra.sh >&2
if [ ! -f bench/target/bench.jar ] || [ -n "$(find bench/src bench/pom.xml -newer bench/target/bench.jar -type f | head -1)" ]; then
  log "building the load generator (./mvnw package -pl bench)"
  ./mvnw -q -B package -DskipTests -pl bench
fi
java -cp bench/target/bench.jar io.choreo.bench.StreamRestarts --vhost "$VHOST" "$@"
