#!/usr/bin/env bash
# usage: broker-permissions.sh VHOST SERVICE-USER   (e.g. / payment-service)
# Gives one service's broker user what its TopologyDeclarer, consumer, retries, dead letters and
# relay need, and nothing else: configure its own queues (<service>.events, .dlq, .retry.*) and
# declare the order-events exchange; write (publish) to order-events and to the default exchange
# (retries and dead letters go through it), bind its own queue; read its own queues and bind from
# order-events, and write to the stream. Used by infra.sh and bench.sh (the same regexes are in
# the compose and Kubernetes broker setup, k8s/base/setup/broker-setup.sh).
set -euo pipefail
vhost=$1; user=$2
own="${user//./\\.}\\.events(\\.dlq|\\.retry\\..+)?"
# Every relay writes a probe to the stream (StreamEnvironment.awaitWritable; no read); inventory
# also declares and reads the stream of every event (its timelines and statistics).
write="$own|order-events\\.stream"
if [ "$user" = inventory-service ]; then own="$own|order-events\\.stream"; fi
rabbitmqctl -q set_permissions -p "$vhost" "$user" \
  "^(order-events|$own)\$" \
  "^(order-events|amq\\.default|$write)\$" \
  "^(order-events|$own)\$" >/dev/null
