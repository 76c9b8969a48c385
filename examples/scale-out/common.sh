# Shared settings and steps of the cluster scripts (up.sh, down.sh, load.sh); sourced, not run.
# Everything listens on 127.0.0.1 only. Ports and names can be changed through the environment.

cluster_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=../lib/docker.sh
source "$cluster_root/scripts/lib/docker.sh"
cluster_dir=${CLUSTER_DIR:-$cluster_root/.data/cluster}
cluster_jar=$cluster_root/service/target/service.jar
cluster_image=${CLUSTER_IMAGE:-localbuild/$postgres_image}
cluster_network=schemakit-cluster
primary_name=schemakit-primary
replica_name=schemakit-replica
primary_port=${PRIMARY_PORT:-55432}
replica_port=${REPLICA_PORT:-55433}
balancer_port=${BALANCER_PORT:-18080}
balancer_stats_port=${BALANCER_STATS_PORT:-18089}
# One service instance per port.
read -r -a service_ports <<<"${SERVICE_PORTS:-18081 18082}"
database=schemakit

cluster_log() { echo "cluster: $*" >&2; }
cluster_die() { echo "cluster: $*" >&2; exit 1; }

cluster_require_root() {
  [ "$(id -u)" = 0 ] || cluster_die "must run as root: it installs packages, runs Docker and HAProxy."
}

# Passwords and the token secret, made once per cluster and kept in $cluster_dir/secrets.
cluster_secrets() {
  mkdir -p "$cluster_dir"
  chmod 700 "$cluster_dir"
  if [ ! -f "$cluster_dir/secrets" ]; then
    {
      echo "POSTGRES_PASSWORD=$(openssl rand -hex 16)"
      echo "REPLICATION_PASSWORD=$(openssl rand -hex 16)"
      echo "SCHEMAKIT_AUTH_JWT_SECRET=$(openssl rand -base64 32)"
    } >"$cluster_dir/secrets"
    chmod 600 "$cluster_dir/secrets"
  fi
  # shellcheck disable=SC1091
  source "$cluster_dir/secrets"
  export SCHEMAKIT_AUTH_JWT_SECRET
}

# The environment of a service instance, and of scripts/db, against this cluster's primary.
cluster_primary_env() {
  export DATASOURCES_DEFAULT_URL="jdbc:postgresql://127.0.0.1:$primary_port/$database"
  export DATASOURCES_DEFAULT_USERNAME=postgres
  export DATASOURCES_DEFAULT_PASSWORD=$POSTGRES_PASSWORD
}

cluster_psql() {  # CONTAINER SQL: runs SQL as postgres in the container, prints unaligned rows
  docker exec -i "$1" psql -U postgres -d "$database" -v ON_ERROR_STOP=1 -qAtX -c "$2"
}

cluster_service_pid() { cat "$cluster_dir/service-$1.pid" 2>/dev/null || true; }

# Starts one instance on PORT and waits until it is ready. JAR defaults to the one the instance on
# PORT ran last (a restart keeps its build), else the built one.
cluster_start_service() {
  local port=$1 jar=${2:-} pid
  [ -n "$jar" ] || jar=$(cat "$cluster_dir/service-$port.jar" 2>/dev/null || echo "$cluster_jar")
  echo "$jar" >"$cluster_dir/service-$port.jar"
  cluster_primary_env
  DATASOURCES_REPLICA_URL="jdbc:postgresql://127.0.0.1:$replica_port/$database" \
  DATASOURCES_REPLICA_USERNAME=postgres DATASOURCES_REPLICA_PASSWORD=$POSTGRES_PASSWORD \
  MICRONAUT_SERVER_PORT=$port \
    setsid java -XX:+UseSerialGC -Xms64m -Xmx192m -XX:+ExitOnOutOfMemoryError -jar "$jar" \
    >>"$cluster_dir/service-$port.log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$cluster_dir/service-$port.pid"
  for _ in $(seq 1 600); do
    if curl -sf -o /dev/null "http://127.0.0.1:$port/health/readiness"; then return; fi
    kill -0 "$pid" 2>/dev/null || { tail -n 30 "$cluster_dir/service-$port.log" >&2; cluster_die "the instance on $port did not start."; }
    sleep 0.1
  done
  cluster_die "the instance on $port was not ready within 60 s; see $cluster_dir/service-$port.log."
}

# Stops the instance on PORT as an orchestrator would: SIGTERM, then the graceful shutdown.
cluster_stop_service() {
  local port=$1 pid
  pid=$(cluster_service_pid "$port")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$cluster_dir/service-$port.pid"
}

# Whether the balancer counts the instance on PORT as up (its stats, CSV).
cluster_balancer_status() {
  curl -s "http://127.0.0.1:$balancer_stats_port/;csv" | awk -F, -v s="s$1" '$1 == "services" && $2 == s { print $18 }'
}

cluster_wait_balancer_up() {
  local port=$1
  for _ in $(seq 1 300); do
    [ "$(cluster_balancer_status "$port")" = UP ] && return
    sleep 0.1
  done
  cluster_die "the balancer did not see the instance on $port come up."
}

cluster_haproxy() { echo "$1" | socat stdio "unix:$cluster_dir/haproxy.sock"; }

# Takes the instance on PORT out of the balancer as Kubernetes does before stopping a pod: no new
# requests (drain, then maintenance), and those it is serving finish first.
cluster_drain() {
  local port=$1
  cluster_haproxy "set server services/s$port state drain" >/dev/null
  for _ in $(seq 1 100); do
    [ "$(curl -s "http://127.0.0.1:$balancer_stats_port/;csv" | awk -F, -v s="s$port" '$1 == "services" && $2 == s { print $5 }')" = 0 ] && break
    sleep 0.1
  done
  cluster_haproxy "set server services/s$port state maint" >/dev/null
}

cluster_undrain() {
  cluster_haproxy "set server services/s$1 state ready" >/dev/null
  cluster_wait_balancer_up "$1"
}
