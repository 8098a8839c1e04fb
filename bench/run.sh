#!/usr/bin/env bash
# The gateway against the Socket.IO peer, scenario by scenario: a fresh server per run (pinned to
# SERVER_CPU, the gateway's JVM told it has one CPU), the generator pinned to GENERATOR_CPU, gateway
# and peer runs alternating, RUNS of each. Writes one JSON per run, the logs, and results.md with the
# machine, the command, the date and the table of medians and ratios.
#
#   bench/run.sh [--runs 5] [--quick] [--protocol bridge-ws|bridge-sockjs] [--out DIR] [SCENARIO...]
#
# SCENARIO is any of idle fanout hot-room cross-node churn persist (default: all). --quick is a
# dry run of a few seconds per run with 200 connections, no sweeps. Each scenario's bench options
# can be replaced through ARGS_<scenario> (hot-room -> ARGS_hot_room), and BENCH_ARGS is appended
# to every run. TARGETS="gateway" leaves the peer out, and GATEWAY_JAR runs another build of the
# gateway (a before/after comparison), and NODES (1 or 2) the number of nodes of every scenario.
# See docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
source bench/lib.sh

RUNS=5
QUICK=0
PROTOCOL=bridge-ws
OUT=""
SCENARIOS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --quick) QUICK=1; shift ;;
    --protocol) PROTOCOL=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    idle|fanout|hot-room|cross-node|churn|persist) SCENARIOS+=("$1"); shift ;;
    *) echo "usage: bench/run.sh [--runs N] [--quick] [--protocol bridge-ws|bridge-sockjs] [--out DIR] [SCENARIO...]" >&2
       exit 2 ;;
  esac
done
[ ${#SCENARIOS[@]} -eq 0 ] && SCENARIOS=(idle fanout hot-room cross-node churn persist)
OUT=${OUT:-bench/results/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT/logs"

# The bars of issue 5, as bench options.
default_args() {
  if [ "$QUICK" = 1 ]; then
    case "$1" in
      idle) echo "--connections 200 --rooms 4 --settle 1" ;;
      churn) echo "--rate 50 --hold 1 --rooms 4 --duration 3 --warmup 1" ;;
      cross-node) echo "--connections 200 --rooms 4 --rate 20 --duration 3 --warmup 1" ;;
      hot-room) echo "--connections 200 --rooms 1 --rate 20 --duration 3 --warmup 1" ;;
      *) echo "--connections 200 --rooms 4 --rate 20 --duration 3 --warmup 1" ;;
    esac
    return
  fi
  case "$1" in
    idle) echo "--connections 10000 --rooms 100 --settle 5" ;;
    fanout) echo "--connections 10000 --rooms 100 --sweep --rate 250 --step 1.25" ;;
    hot-room) echo "--connections 5000 --rooms 1 --sweep --rate 5 --step 1.25" ;;
    # after 3 s the two gateway JVMs' JIT compilers took 58-62 % of the window's CPU; after 60 s, 10 %
    cross-node) echo "--connections 2000 --rooms 20 --rate 100 --warmup 60" ;;
    # two gateway JVMs sharing one core keep their JIT compilers busy for about 140 s of this churn
    # (40 % of the core until then, 1-3 % after): the window starts after 150 s of the same load
    churn) echo "--rate 500 --hold 10 --rooms 100 --warmup 150" ;;
    persist) echo "--connections 1000 --rooms 10 --sweep --rate 50 --step 1.5" ;;
  esac
}

scenario_args() {
  local var="ARGS_${1//-/_}"
  echo "${!var:-$(default_args "$1")}"
}

# NODES=2 runs any scenario on two gateway nodes (persist on two nodes: rooms owned by either).
nodes_for() { [ -n "${NODES:-}" ] && { echo "$NODES"; return; }; case "$1" in cross-node|churn) echo 2 ;; *) echo 1 ;; esac; }

# run_one SCENARIO TARGET INDEX: starts the target's servers, runs the generator, stops them.
run_one() {
  local scenario=$1 target=$2 i=$3 nodes ports protocol name
  nodes=$(nodes_for "$scenario")
  name="$scenario-$target-$i"
  log "$name"
  if [ "$target" = gateway ]; then
    protocol=$PROTOCOL
    ports="$GATEWAY_PORT"
    start_gateway 0 "$OUT/logs/$name-node0.log"
    if [ "$nodes" = 2 ]; then
      start_gateway 1 "$OUT/logs/$name-node1.log"
      ports="$GATEWAY_PORT,$((GATEWAY_PORT + 1))"
    fi
  else
    protocol=socketio
    ports="$PEER_PORT"
    if [ "$nodes" = 2 ]; then
      start_redis "$OUT/logs/$name-redis.log"
      start_peer 0 "$OUT/logs/$name-node0.log" "redis://127.0.0.1:$REDIS_PORT"
      start_peer 1 "$OUT/logs/$name-node1.log" "redis://127.0.0.1:$REDIS_PORT"
      ports="$PEER_PORT,$((PEER_PORT + 1))"
    else
      start_peer 0 "$OUT/logs/$name-node0.log"
    fi
  fi
  # shellcheck disable=SC2046
  generator "$scenario" --protocol "$protocol" --port "$ports" --label "$target" --server-pid "$(server_pids)" \
    ${DB_PID:+--store-pid "$DB_PID"} \
    --json "$OUT/$name.json" $(scenario_args "$scenario") ${BENCH_ARGS:-} 2>"$OUT/logs/$name-generator.log" \
    | tee -a "$OUT/summary.txt" || log "$name did not complete (see $OUT/logs/$name-generator.log)"
  stop_servers
}

COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
trap stop_servers EXIT
raise_open_files
build_jar
install_peer
case " ${SCENARIOS[*]} ${NODES:+nodes$NODES} " in *" cross-node "*|*" churn "*|*" nodes2 "*) install_redis ;; esac

for scenario in "${SCENARIOS[@]}"; do
  read -ra targets <<<"${TARGETS:-gateway socketio}"
  [ "$scenario" = persist ] && targets=(gateway)   # the peer stores nothing
  for i in $(seq 1 "$RUNS"); do
    for target in "${targets[@]}"; do
      run_one "$scenario" "$target" "$i"
    done
  done
done

{
  echo "# Switchboard bench results"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "- command: bench/run.sh --runs $RUNS $([ "$QUICK" = 1 ] && echo --quick) --protocol $PROTOCOL ${SCENARIOS[*]}"
  echo "- commit: $COMMIT (generator $JAR, gateway $GATEWAY_JAR)"
  echo "- machine: $(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1), $(nproc) CPUs, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr)"
  echo "- pinning: server on CPU $SERVER_CPU, generator on CPU $GENERATOR_CPU; gateway JVM: $GATEWAY_JVM_OPTS"
  echo "- database: $GATEWAY_DB$([ "$GATEWAY_DB" = process ] && echo " (switchboard db on CPU $DB_CPU, JVM: $DB_JVM_OPTS)")"
  echo "- runtimes: $(java -version 2>&1 | head -1), node $(node --version)"
  echo "- ratio column: gateway median / socketio median"
  generator table "$OUT"/*.json
} >"$OUT/results.md"
cat "$OUT/results.md"
