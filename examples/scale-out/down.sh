#!/usr/bin/env bash
# Tears down what examples/scale-out/up.sh started: HAProxy, the service instances, the PostgreSQL
# containers and their network, and the cluster's folder (secrets, logs). Safe to run again.
#
# Usage (as root): examples/scale-out/down.sh
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"

cluster_require_root
if [ -f "$cluster_dir/haproxy.pid" ]; then
  kill "$(cat "$cluster_dir/haproxy.pid")" 2>/dev/null || true
fi
for pidfile in "$cluster_dir"/service-*.pid; do
  [ -f "$pidfile" ] || continue
  port=${pidfile##*/service-}
  cluster_stop_service "${port%.pid}"
done
docker rm -f "$replica_name" "$primary_name" >/dev/null 2>&1 || true
docker network rm "$cluster_network" >/dev/null 2>&1 || true
rm -rf "$cluster_dir"
echo "cluster is down"
