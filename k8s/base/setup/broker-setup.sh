#!/bin/sh
# Prepares RabbitMQ through its management API (rabbitmqadmin, in the rabbitmq:*-management image),
# as the broker's administrator (RABBITMQ_ADMIN_USER / RABBITMQ_ADMIN_PASSWORD): one user per
# service, allowed only its own queues (<service>.events, its .dlq and .retry.* queues) and
# publishing to order-events (and to the default exchange, through which retries and dead letters
# go); then the exchange and every service's queue, dead-letter queue and bindings, so that an event
# published before its consumer first ran waits in the consumer's queue (a service's own user may
# declare only its own; see TopologyDeclarer, whose arguments these must equal). Idempotent.
# Used by docker compose (service broker-setup) and Kubernetes (Job broker-setup).
set -eu
admin() {
  rabbitmqadmin -H "${RABBITMQ_HOST:-rabbitmq}" -P "${RABBITMQ_MANAGEMENT_PORT:-15672}" \
    -V "${RABBITMQ_VIRTUAL_HOST:-/}" -u "$RABBITMQ_ADMIN_USER" -p "$RABBITMQ_ADMIN_PASSWORD" "$@"
}
for _ in $(seq 1 120); do admin list vhosts >/dev/null 2>&1 && break; sleep 2; done
admin list vhosts >/dev/null

# service user-variable password-variable
for service in inventory payment shipping notification; do
  prefix=$(echo "$service" | tr '[:lower:]' '[:upper:]')
  eval "user=\${${prefix}_RABBITMQ_USERNAME} password=\${${prefix}_RABBITMQ_PASSWORD}"
  own="${service}-service\\.events(\\.dlq|\\.retry\\..+)?"
  # Every relay writes a probe to the stream (StreamEnvironment.awaitWritable); inventory also
  # declares and reads the stream of every event (its timelines and statistics).
  write="$own|order-events\\.stream"
  if [ "$service" = inventory ]; then own="$own|order-events\\.stream"; fi
  admin declare user name="$user" password="$password" tags=
  admin declare permission vhost="${RABBITMQ_VIRTUAL_HOST:-/}" user="$user" \
    configure="^(order-events|$own)\$" write="^(order-events|amq\\.default|$write)\$" read="^(order-events|$own)\$"
  echo "broker-setup: user $user for ${service}-service"
done

admin declare exchange name=order-events type=topic durable=true
queue() { # queue name, then its bindings
  name=$1; shift
  admin declare queue name="$name.dlq" durable=true arguments='{"x-queue-type":"quorum"}'
  admin declare queue name="$name" durable=true \
    arguments="{\"x-queue-type\":\"quorum\",\"x-dead-letter-exchange\":\"\",\"x-dead-letter-routing-key\":\"$name.dlq\"}"
  for key in "$@"; do
    admin declare binding source=order-events destination_type=queue destination="$name" routing_key="$key"
  done
}
# The bindings of io.choreo.events.Topology.BINDINGS (system-tests' KubernetesManifestsIT compares them).
queue inventory-service.events ShipmentCreated PaymentFailed ShipmentFailed
queue payment-service.events InventoryReserved ShipmentFailed OrderCancelled
queue shipping-service.events PaymentCompleted OrderCancelled
queue notification-service.events OrderConfirmed OrderRejected OrderCancelled
echo "broker-setup: exchange order-events and the four services' queues are declared"
