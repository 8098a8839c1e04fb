# Shared by bench/run.sh and bench/calibrate.sh: start and stop the servers under test, pinned to
# the server core, and run the generator pinned to the generator core. Source it from the repo root.

SERVER_CPU=${SERVER_CPU:-0}
GENERATOR_CPU=${GENERATOR_CPU:-1}
JAR=${JAR:-target/switchboard.jar}
# The gateway under test; another build's jar (say, a commit before a change) makes a before/after run.
GATEWAY_JAR=${GATEWAY_JAR:-$JAR}
# One CPU for the gateway, like taskset gives it. With one CPU the JVM's ergonomics pick SerialGC;
# override GATEWAY_JVM_OPTS to try another collector.
GATEWAY_JVM_OPTS=${GATEWAY_JVM_OPTS:--XX:ActiveProcessorCount=1 -Xms512m -Xmx2g -Dhazelcast.socket.bind.any=false}
# ZGC: pinned to one CPU the generator's JVM would pick SerialGC, whose 40-70 ms young pauses showed
# up in the servers' churn tails (bench churn --trace against -Xlog:safepoint); ZGC's are under 1 ms.
GENERATOR_JVM_OPTS=${GENERATOR_JVM_OPTS:--Xmx2g -XX:+UseZGC}
# embedded: node 0 runs the database in its own JVM, as a node does by default. process: it runs alone
# (switchboard db), pinned to DB_CPU, and every node uses it, so the gateway's CPU figures are the node's
# own and the database's are counted apart. By default it shares the server core, as the embedded one
# does: on the generator's core it competed with the generator (and on this shared machine with other
# benchmarks' generators) and answered seconds late. On a bigger machine give it a core of its own.
GATEWAY_DB=${GATEWAY_DB:-embedded}
DB_CPU=${DB_CPU:-$SERVER_CPU}
DB_JVM_OPTS=${DB_JVM_OPTS:--Xmx1g -XX:+UseZGC}
GATEWAY_PORT=${GATEWAY_PORT:-18080}
PEER_PORT=${PEER_PORT:-13000}
CALIBRATION_PORT=${CALIBRATION_PORT:-18090}
MONGO_PORT=${MONGO_PORT:-27117}
CLUSTER_PORT=${CLUSTER_PORT:-15701}
REDIS_PORT=${REDIS_PORT:-16379}
PEER_DIR=src/bench/socketio-peer

SERVER_PIDS=()
SERVER_DIRS=()
DB_PID=""

log() { echo "[bench $(date +%H:%M:%S)] $*" >&2; }

# Sockets: one per connection on each side, and the server core's process shares the limit.
raise_open_files() {
  ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
  log "open files limit: $(ulimit -n)"
  local reuse
  reuse=$(cat /proc/sys/net/ipv4/tcp_tw_reuse 2>/dev/null || echo '?')
  [ "$reuse" = 0 ] && log "warning: net.ipv4.tcp_tw_reuse=0; back-to-back runs of 10k connections may run out of local ports"
  return 0
}

build_jar() {
  if [ ! -f "$JAR" ] || [ -n "$(find src/main pom.xml -newer "$JAR" -print -quit)" ]; then
    log "building $JAR"
    mvn -B -q package -DskipTests
  fi
}

install_peer() {
  if [ ! -d "$PEER_DIR/node_modules" ]; then
    log "installing the Socket.IO peer's packages (npm ci)"
    (cd "$PEER_DIR" && npm ci --no-audit --no-fund --silent)
  fi
}

# The peer's two-node runs need Redis (Debian's redis-server) for @socket.io/redis-adapter.
install_redis() {
  command -v redis-server >/dev/null && return 0
  log "installing redis-server (apt-get)"
  apt-get update -qq && apt-get install -y -qq redis-server >/dev/null
}

wait_ready() { # url seconds
  local url=$1 deadline=$((SECONDS + ${2:-90}))
  until curl -sf -o /dev/null "$url"; do
    if [ $SECONDS -ge $deadline ]; then
      log "not ready in time: $url"
      return 1
    fi
    sleep 0.3
  done
}

# start_gateway NODE_INDEX LOGFILE: node 0 runs the embedded database, node 1 uses node 0's (with
# GATEWAY_DB=process both use a database process, started with node 0).
# The servers run from a copy of the jar, so a rebuild during a run cannot change their classes.
# The generator is one user sending far above a person's budget, and sets up thousands of
# connections a second: the gateway's rate limits are off in the benchmarks.
start_gateway() {
  local node=$1 logfile=$2 data
  if [ "$node" = 0 ]; then
    data=$(mktemp -d /tmp/switchboard-bench.XXXXXX)
    SERVER_DIRS+=("$data")
    cp "$GATEWAY_JAR" "$data/switchboard.jar"
    GATEWAY_RUN_JAR="$data/switchboard.jar"
    CLUSTER_NAME="bench-$$-$RANDOM"
    [ "$GATEWAY_DB" = process ] && start_database "${logfile%.log}-db.log"
  fi
  local mongo_uri=""
  [ "$node" != 0 ] || [ "$GATEWAY_DB" = process ] && mongo_uri="mongodb://127.0.0.1:$MONGO_PORT"
  # shellcheck disable=SC2086
  SWITCHBOARD_HTTP_PORT=$((GATEWAY_PORT + node)) SWITCHBOARD_DATA_DIR="${SERVER_DIRS[0]}" \
  SWITCHBOARD_MONGO_URI="$mongo_uri" SWITCHBOARD_EMBEDDED_MONGO_PORT=$MONGO_PORT \
  SWITCHBOARD_CLUSTER_NAME=$CLUSTER_NAME SWITCHBOARD_CLUSTER_PORT=$((CLUSTER_PORT + node)) \
  SWITCHBOARD_CLUSTER_MEMBERS="127.0.0.1:$CLUSTER_PORT-$((CLUSTER_PORT + 1))" \
  SWITCHBOARD_LOG_FORMAT=text SWITCHBOARD_DRAIN_SECONDS=1 \
  SWITCHBOARD_RATE_LIMITS=none SWITCHBOARD_CONNECT_RATE=100000 \
    taskset -c "$SERVER_CPU" java $GATEWAY_JVM_OPTS -jar "$GATEWAY_RUN_JAR" run >"$logfile" 2>&1 &
  SERVER_PIDS+=($!)
  wait_ready "http://127.0.0.1:$((GATEWAY_PORT + node))/ready"
}

# start_database LOGFILE: switchboard db on MONGO_PORT, its files in node 0's data directory. It runs
# from this build's jar (a copy), whichever GATEWAY_JAR is under test: builds before it have no db.
start_database() {
  cp "$JAR" "${SERVER_DIRS[0]}/db.jar"
  # shellcheck disable=SC2086
  SWITCHBOARD_DATA_DIR="${SERVER_DIRS[0]}" SWITCHBOARD_EMBEDDED_MONGO_PORT=$MONGO_PORT SWITCHBOARD_LOG_FORMAT=text \
    taskset -c "$DB_CPU" java $DB_JVM_OPTS -jar "${SERVER_DIRS[0]}/db.jar" db >"$1" 2>&1 &
  SERVER_PIDS+=($!)
  DB_PID=$!
  local deadline=$((SECONDS + 60))
  until grep -q "database is up" "$1"; do
    if [ $SECONDS -ge $deadline ] || ! kill -0 "$DB_PID" 2>/dev/null; then
      log "the database did not start: see $1"
      return 1
    fi
    sleep 0.2
  done
}

start_redis() { # LOGFILE
  taskset -c "$SERVER_CPU" redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no >"$1" 2>&1 &
  SERVER_PIDS+=($!)
  until redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; do sleep 0.2; done
}

# start_peer NODE_INDEX LOGFILE [REDIS_URL]
start_peer() {
  PORT=$((PEER_PORT + $1)) REDIS_URL=${3:-} taskset -c "$SERVER_CPU" node --expose-gc "$PEER_DIR/server.js" >"$2" 2>&1 &
  SERVER_PIDS+=($!)
  wait_ready "http://127.0.0.1:$((PEER_PORT + $1))/ready"
}

start_calibration_server() { # LOGFILE
  taskset -c "$SERVER_CPU" java -XX:ActiveProcessorCount=1 -jar "$JAR" bench calibration-server \
    --port "$CALIBRATION_PORT" >"$1" 2>&1 &
  SERVER_PIDS+=($!)
  wait_ready "http://127.0.0.1:$CALIBRATION_PORT/ready"
}

# The Java processes among the servers (not redis, not a database process), comma-separated, for --server-pid.
server_pids() {
  local pids=() pid
  for pid in "${SERVER_PIDS[@]}"; do
    [ "$(cat "/proc/$pid/comm" 2>/dev/null)" != redis-server ] && [ "$pid" != "$DB_PID" ] && pids+=("$pid")
  done
  (IFS=,; echo "${pids[*]}")
}

# Stops what this script started, newest first: SIGTERM, then SIGKILL after 30 s.
stop_servers() {
  local i pid
  for ((i = ${#SERVER_PIDS[@]} - 1; i >= 0; i--)); do
    pid=${SERVER_PIDS[$i]}
    kill -TERM "$pid" 2>/dev/null || continue
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.3; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  SERVER_PIDS=()
  DB_PID=""
  for dir in "${SERVER_DIRS[@]}"; do rm -rf "$dir"; done
  SERVER_DIRS=()
}

generator() { # bench arguments...
  # shellcheck disable=SC2086
  taskset -c "$GENERATOR_CPU" java $GENERATOR_JVM_OPTS -jar "$JAR" bench "$@"
}
