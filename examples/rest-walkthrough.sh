#!/usr/bin/env bash
# A walk through the REST API with curl and jq, against a running gateway. Each step prints the
# HTTP status it got and the part of the answer that matters, and the walk stops (exit 1) at a
# status other than the one docs/protocol.md (section 7) promises.
#
#   examples/rest-walkthrough.sh        # from the repository root, with a node up on port 8080
#
# Env: SWITCHBOARD_URL (default http://localhost:8080); AGENT and CUSTOMER, tokens of an agent of
# department 3 and of a customer. Without them the token command mints them, with the development
# secret of conf/config.json.
set -euo pipefail

BASE=${SWITCHBOARD_URL:-http://localhost:8080}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
for tool in curl jq; do
  command -v "$tool" >/dev/null || { echo "this walk-through needs $tool on the PATH" >&2; exit 2; }
done
mint() { (cd "$ROOT" && java -jar target/switchboard.jar token "$@"); }
AGENT=${AGENT:-$(mint --sub a1 --name Ana --role agent --dept 3)}
CUSTOMER=${CUSTOMER:-$(mint --sub c1 --name Carla --role customer)}

OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT

# call EXPECTED METHOD PATH TOKEN [BODY]: prints "STATUS METHOD PATH" and keeps the answer in
# $ANSWER; a status other than EXPECTED ends the walk
call() {
  local expected=$1 method=$2 path=$3 token=$4 body=${5:-}
  local args=(-sS -o "$OUT" -w '%{http_code}' -X "$method" "$BASE$path")
  if [ -n "$token" ]; then args+=(-H "Authorization: Bearer $token"); fi
  if [ -n "$body" ]; then args+=(-H 'Content-Type: application/json' --data "$body"); fi
  local status
  status=$(curl "${args[@]}")
  ANSWER=$(cat "$OUT")
  echo "$status $method $path"
  if [ "$status" != "$expected" ]; then
    echo "expected $expected, and the answer was: $ANSWER" >&2
    exit 1
  fi
}

# show FILTER: the part of the answer that matters, as jq picks it
show() {
  jq -c "$1" <<<"$ANSWER" | sed 's/^/    /'
}

echo "# Health needs no token"
call 200 GET /health ""
show .

echo "# Without a token the API answers 401, with a code to match on"
call 401 GET /tickets ""
show .error.code

echo "# An agent creates a room; its creator is always a member"
call 201 POST /rooms "$AGENT" '{"name": "Operations", "members": ["8", "9"]}'
show '{id, members, active, lastSeq}'
ROOM=$(jq -r .id <<<"$ANSWER")

echo "# The same id again is a conflict"
call 409 POST /rooms "$AGENT" "{\"id\": \"$ROOM\", \"name\": \"Operations\", \"members\": []}"
show .error

echo "# Customers do not create rooms"
call 403 POST /rooms "$CUSTOMER" '{"name": "Mine", "members": []}'
show .error.code

echo "# The room's history, newest first: empty so far"
call 200 GET "/rooms/$ROOM/messages?limit=20" "$AGENT"
show '{roomId, messages: (.messages | length)}'

echo "# A limit that is not a whole number is refused, with what is wrong"
call 400 GET "/rooms/$ROOM/messages?limit=ten" "$AGENT"
show .error

echo "# The customer opens a ticket in department 3"
call 201 POST /tickets "$CUSTOMER" '{"subject": "Printer on fire", "body": "It smokes when I print.", "departmentId": "3"}'
show '{id, status, priority, departmentId, version}'
TICKET=$(jq -r .id <<<"$ANSWER")

echo "# The agent takes it, if it is still at version 1"
call 200 PATCH "/tickets/$TICKET" "$AGENT" '{"status": "IN_PROGRESS", "assignedTo": "a1", "priority": "HIGH", "version": 1}'
show '{status, assignedTo, priority, version}'

echo "# The same update again: the ticket has moved on to version 2"
call 409 PATCH "/tickets/$TICKET" "$AGENT" '{"status": "IN_PROGRESS", "version": 1}'
show .error

echo "# Customers do not update tickets"
call 403 PATCH "/tickets/$TICKET" "$CUSTOMER" '{"status": "CLOSED"}'
show .error.code

echo "# An internal note: the agent sees it, the customer does not"
call 201 POST "/tickets/$TICKET/messages" "$AGENT" '{"body": "Already tried a restart.", "isInternal": true}'
show '{seq, senderType, isInternal}'
call 200 GET "/tickets/$TICKET/messages" "$AGENT"
show '{ticketId, messages: (.messages | length)}'
call 200 GET "/tickets/$TICKET/messages" "$CUSTOMER"
show '{ticketId, messages: (.messages | length)}'

echo "# Ticket counts, within what the agent may see"
call 200 GET /tickets/stats/counts "$AGENT"
show '{IN_PROGRESS: .status.IN_PROGRESS, HIGH: .priority.HIGH, total}'

echo
echo "Chat in the new room over the bridge: cd examples && ROOM=$ROOM TOKEN=\$AGENT node bridge-chat.js"
