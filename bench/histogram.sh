#!/usr/bin/env bash
# Live objects per idle connection, by class: one gateway as bench/lib.sh starts it, a class histogram
# (jcmd GC.class_histogram, which counts live objects only) before and while bench idle holds its
# connections, and the difference per connection, largest classes first (docs/benchmarks.md).
#
#   bench/histogram.sh [--protocol bridge-ws|gateway-socketio] [--connections 10000] [--out DIR]
#
# GATEWAY_JVM_OPTS chooses the collector, GATEWAY_DB=process puts the database in its own process.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
source bench/lib.sh

PROTOCOL=bridge-ws
CONNECTIONS=10000
OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --protocol) PROTOCOL=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    *) echo "usage: bench/histogram.sh [--protocol P] [--connections N] [--out DIR]" >&2; exit 2 ;;
  esac
done
OUT=${OUT:-bench/results/histogram-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"
trap stop_servers EXIT
raise_open_files
build_jar
start_gateway 0 "$OUT/gateway.log"
PID=${SERVER_PIDS[-1]}
jcmd "$PID" GC.class_histogram >"$OUT/before.txt"
java -jar "$JAR" bench idle --protocol "$PROTOCOL" --users 100 --connections "$CONNECTIONS" --rooms 100 \
  --settle 40 --port "$GATEWAY_PORT" --server-pid "$PID" >"$OUT/idle.txt" 2>"$OUT/idle.log" &
IDLE=$!
# the histogram is taken once every connection is open, within the 40 s the bench holds them
until [ "$(curl -s "http://127.0.0.1:$GATEWAY_PORT/metrics" | awk '/^switchboard_sessions/ {s+=$2} END {print int(s)}')" -ge "$CONNECTIONS" ]; do
  kill -0 "$IDLE" 2>/dev/null || { log "bench idle ended before all connections were open: see $OUT/idle.log"; exit 1; }
  sleep 2
done
sleep 8
jcmd "$PID" GC.class_histogram >"$OUT/after.txt"
wait "$IDLE"
cat "$OUT/idle.txt"
python3 - "$OUT" "$CONNECTIONS" <<'PY'
import sys
out, n = sys.argv[1], int(sys.argv[2])
def load(path):
    rows = {}
    for line in open(path):
        cols = line.split()
        if len(cols) >= 4 and cols[0].rstrip(':').isdigit():
            rows[cols[3]] = (int(cols[1]), int(cols[2]))
    return rows
before, after = load(out + '/before.txt'), load(out + '/after.txt')
grown = sorted(((size - before.get(name, (0, 0))[1], count - before.get(name, (0, 0))[0], name)
                for name, (count, size) in after.items()), reverse=True)
print(f"live objects per connection: {sum(g[0] for g in grown) / n:.0f} B")
for size, count, name in grown[:25]:
    print(f"{size / n:8.1f} B {count / n:6.2f} per connection  {name}")
PY
