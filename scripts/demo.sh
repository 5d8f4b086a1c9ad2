#!/usr/bin/env bash
# Places one order of each outcome against a running suite (scripts/up.sh) and prints how each
# ended, with its timeline. The timeout path is not shown here: it takes choreo.order.timeout
# (2 minutes by default); see the README.
set -euo pipefail
BASE=${INVENTORY_URL:-http://localhost:${INVENTORY_PORT:-8081}}

order() { # token country email sku quantity
  cat <<JSON
{"customerEmail": "$3", "items": [{"sku": "$4", "quantity": $5}],
 "payment": {"method": "CARD", "token": "$1"},
 "shippingAddress": {"name": "Ada Lovelace", "street": "1 Analytical Way", "city": "London",
                     "postalCode": "N1 9GU", "country": "$2"}}
JSON
}

declare -a NAMES IDS
place() { # name token country email sku quantity
  local id
  id=$(order "$2" "$3" "$4" "$5" "$6" | curl -fsS -X POST "$BASE/orders" -H 'Content-Type: application/json' -d @- \
       | python3 -c 'import json,sys; print(json.load(sys.stdin)["orderId"])')
  NAMES+=("$1"); IDS+=("$id")
  printf '%-34s %s\n' "$1" "$id"
}

echo "Placing orders at $BASE ..."
place "confirmed (tok_visa)"              tok_visa        GB ada@example.com         SKU-001 2
place "rejected (out of stock)"           tok_visa        GB ada@example.com         SKU-010 50
place "cancelled (card declined)"         tok_declined    GB ada@example.com         SKU-002 1
place "cancelled (gateway unavailable)"   tok_unavailable GB ada@example.com         SKU-003 1
place "confirmed after a flaky gateway"   tok_flaky       GB ada@example.com         SKU-004 1
place "cancelled (unserviceable address)" tok_visa        AQ ada@example.com         SKU-005 1
place "confirmed, mail fails (.invalid)"  tok_visa        GB ada@example.invalid     SKU-006 1

echo; echo "Waiting for every order to reach a terminal state ..."
for _ in $(seq 1 60); do
  pending=0
  for id in "${IDS[@]}"; do
    status=$(curl -fsS "$BASE/orders/$id" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')
    [ "$status" = PENDING ] && pending=$((pending + 1))
  done
  [ $pending = 0 ] && break
  sleep 1
done

for i in "${!IDS[@]}"; do
  echo
  echo "== ${NAMES[$i]}"
  curl -fsS "$BASE/orders/${IDS[$i]}" | python3 -c '
import json, sys
o = json.load(sys.stdin)
print("   order %s  %s  %s %s  reason=%s (%s)" % (o["orderId"], o["status"], o["totalAmount"], o["currency"], o["reason"], o["reasonDetail"]))
for t in o["timeline"]:
    print("   %s  %-27s %-21s event=%s caused-by=%s" % (t["occurredAt"], t["eventType"], t["source"], t["eventId"][:8], (t["causationId"] or "-")[:8]))
'
done
