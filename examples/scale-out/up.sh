#!/usr/bin/env bash
# Brings up, on this machine and on 127.0.0.1 only, the service scaled out:
#
#   clients -> HAProxy :18080 (health checks on /health/readiness, retries idempotent requests)
#                -> service instances :18081, :18082 (java -jar service/target/service.jar)
#                     writes, and reads the replica cannot serve -> PostgreSQL 17 primary :55432
#                     reads (GET /users, /users/{id})            -> hot-standby replica    :55433
#
# The primary and the replica run in Docker from the local image (scripts/local-docker.sh builds
# it); the replica is made with pg_basebackup and streams the primary's WAL through a physical
# replication slot. The jar is built if missing; the schema is migrated with `scripts/db upgrade`
# before the instances start. Prints the endpoints and a bearer token. examples/scale-out/down.sh
# removes everything. Needs root (Docker, apt-get install haproxy).
#
# Usage (as root): examples/scale-out/up.sh
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"

cluster_require_root
if docker container inspect "$primary_name" >/dev/null 2>&1 || [ -f "$cluster_dir/haproxy.pid" ]; then
  cluster_die "a cluster is up already (or left over): run examples/scale-out/down.sh first."
fi

missing=()
command -v haproxy >/dev/null || missing+=(haproxy)
command -v socat >/dev/null || missing+=(socat)
command -v curl >/dev/null || missing+=(curl)
command -v openssl >/dev/null || missing+=(openssl)
if [ ${#missing[@]} -gt 0 ]; then
  cluster_log "installing ${missing[*]}"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
fi
eval "$("$cluster_root/scripts/local-docker.sh" --env)"
if [ ! -f "$cluster_jar" ]; then
  cluster_log "building $cluster_jar"
  (cd "$cluster_root" && ./mvnw -B -q package -DskipTests >&2)
fi
cluster_secrets

cluster_log "starting the primary on 127.0.0.1:$primary_port"
docker network inspect "$cluster_network" >/dev/null 2>&1 || docker network create "$cluster_network" >/dev/null
docker run -d --name "$primary_name" --network "$cluster_network" -p "127.0.0.1:$primary_port:5432" \
  -e POSTGRES_PASSWORD="$POSTGRES_PASSWORD" -e POSTGRES_DB="$database" "$cluster_image" \
  -c max_connections=200 -c wal_level=replica -c max_wal_senders=5 >/dev/null
# Only the final server listens on TCP; the one that initialises the data folder does not.
until docker exec "$primary_name" pg_isready -q -h 127.0.0.1 -U postgres; do sleep 0.2; done
cluster_psql "$primary_name" "CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD '$REPLICATION_PASSWORD'"
docker exec "$primary_name" sh -c 'echo "host replication replicator all scram-sha-256" >>"$PGDATA/pg_hba.conf"'
cluster_psql "$primary_name" "SELECT pg_reload_conf()" >/dev/null

cluster_log "making the replica with pg_basebackup, on 127.0.0.1:$replica_port"
# pg_basebackup -R writes standby.signal and primary_conninfo; -C -S creates the slot that keeps
# the WAL the replica has not received yet. hot_standby_feedback keeps the primary's vacuum from
# removing rows a read on the replica still needs, instead of cancelling that read.
docker run -d --name "$replica_name" --network "$cluster_network" -p "127.0.0.1:$replica_port:5432" \
  -e PGPASSWORD="$REPLICATION_PASSWORD" --entrypoint sh "$cluster_image" -c '
    set -eu
    as_postgres() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }
    mkdir -p "$PGDATA" /var/run/postgresql
    chown postgres:postgres "$PGDATA" /var/run/postgresql
    chmod 700 "$PGDATA"
    as_postgres pg_basebackup -h '"$primary_name"' -U replicator -D "$PGDATA" -X stream -R -C -S replica1 \
      --checkpoint=fast
    exec setpriv --reuid=postgres --regid=postgres --init-groups postgres -D "$PGDATA" \
      -c hot_standby=on -c hot_standby_feedback=on -c max_connections=200' >/dev/null
for _ in $(seq 1 300); do
  [ "$(cluster_psql "$primary_name" "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'" 2>/dev/null)" = 1 ] \
    && docker exec "$replica_name" pg_isready -q -h 127.0.0.1 -U postgres && break
  docker container inspect -f '{{.State.Running}}' "$replica_name" | grep -q true \
    || { docker logs "$replica_name" >&2; cluster_die "the replica stopped."; }
  sleep 0.2
done
[ "$(cluster_psql "$replica_name" "SELECT pg_is_in_recovery()")" = t ] || cluster_die "the replica is not streaming."

cluster_log "migrating the primary with scripts/db upgrade"
cluster_primary_env
"$cluster_root/scripts/db" upgrade >&2

for port in "${service_ports[@]}"; do
  cluster_log "starting an instance on 127.0.0.1:$port"
  cluster_start_service "$port"
done

cluster_log "starting HAProxy on 127.0.0.1:$balancer_port"
{
  cat <<CFG
global
    maxconn 4096
    stats socket $cluster_dir/haproxy.sock mode 600 level admin
    log stderr format iso local0

defaults
    mode http
    log global
    # Only requests that failed or were retried or redispatched are logged.
    option httplog
    option dontlog-normal
    timeout connect 1s
    timeout client 30s
    timeout server 10s
    timeout http-request 10s
    timeout http-keep-alive 5s

frontend api
    bind 127.0.0.1:$balancer_port
    # A client's X-Request-ID comes back on the answer, HAProxy's own errors (502, 503) included,
    # so that a client holding several requests at once can tell which one an answer is for.
    http-request set-var(txn.request_id) req.hdr(X-Request-ID)
    http-after-response set-header X-Request-ID %[var(txn.request_id)] if { var(txn.request_id) -m found }
    default_backend services

backend services
    balance leastconn
    # Active checks every second: an instance whose readiness is DOWN (database unreachable,
    # schema behind) or that does not answer within 3 s three times running gets no requests;
    # two good answers bring it back. A refused connection (a dead process) is retried elsewhere
    # at once, below. The check's timeout is above the time a loaded instance takes to answer it,
    # or load alone would take instances out.
    option httpchk GET /health/readiness
    http-check expect status 200
    timeout check 3s
    default-server check inter 1s fall 3 rise 2
    # A request that found no instance, or whose instance died before answering, is sent again,
    # to another instance (redispatch) - but a POST or PATCH only when it never reached one:
    # a resent write could be applied twice.
    retries 3
    option redispatch 1
    retry-on conn-failure empty-response junk-response response-timeout
    http-request disable-l7-retry if METH_POST || { method PATCH }
    # No instance ready (all of them find the primary down): the service's own answer for that.
    http-error status 503 content-type application/problem+json hdr Retry-After 2 string '{"type": "https://schemakit.dev/problems/database-unavailable", "title": "Service temporarily unavailable", "status": 503, "detail": "The database is unavailable or did not answer in time. Retry after the number of seconds in Retry-After."}'
CFG
  for port in "${service_ports[@]}"; do
    echo "    server s$port 127.0.0.1:$port"
  done
  cat <<CFG

listen stats
    bind 127.0.0.1:$balancer_stats_port
    stats enable
    stats uri /
CFG
} >"$cluster_dir/haproxy.cfg"
haproxy -c -q -f "$cluster_dir/haproxy.cfg" || cluster_die "HAProxy rejected $cluster_dir/haproxy.cfg."
setsid haproxy -db -f "$cluster_dir/haproxy.cfg" >>"$cluster_dir/haproxy.log" 2>&1 </dev/null &
echo $! >"$cluster_dir/haproxy.pid"
for port in "${service_ports[@]}"; do cluster_wait_balancer_up "$port"; done

token=$(java -XX:TieredStopAtLevel=1 -jar "$cluster_jar" token --subject cluster --scope users:admin --ttl 12h)
echo "$token" >"$cluster_dir/token"
cat <<OUT
cluster is up
  API (HAProxy)       http://127.0.0.1:$balancer_port/users
  HAProxy stats       http://127.0.0.1:$balancer_stats_port/
$(for port in "${service_ports[@]}"; do echo "  instance            http://127.0.0.1:$port (pid $(cluster_service_pid "$port"), log $cluster_dir/service-$port.log)"; done)
  primary             postgresql://postgres@127.0.0.1:$primary_port/$database
  replica             postgresql://postgres@127.0.0.1:$replica_port/$database (hot standby)
  passwords           $cluster_dir/secrets
  bearer token        \$(cat $cluster_dir/token)
try:
  curl -i -H "Authorization: Bearer \$(cat $cluster_dir/token)" http://127.0.0.1:$balancer_port/users
tear down:
  examples/scale-out/down.sh
OUT
