#!/usr/bin/env bash
# Shows the generator is not the bottleneck: the fanout sweep against the calibration server, a
# trivial Vert.x fan-out of the same bridge frames, pinned to the server core like the gateway.
# The best rate it reaches is what the generator sustains on its core; it must be well above the
# rates the generator reports against the gateway and the Socket.IO peer.
#
#   bench/calibrate.sh [bench fanout options...]   (default: 10000 connections in 100 rooms, sweep from 500/s)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
source bench/lib.sh

trap stop_servers EXIT
raise_open_files
build_jar
log_file=$(mktemp /tmp/switchboard-calibration.XXXXXX.log)
start_calibration_server "$log_file"
args=("$@")
[ ${#args[@]} -eq 0 ] && args=(--connections 10000 --rooms 100 --sweep --rate 500 --step 1.5 --duration 5 --warmup 2)
generator fanout --port "$CALIBRATION_PORT" --label calibration --server-pid "$(server_pids)" "${args[@]}"
