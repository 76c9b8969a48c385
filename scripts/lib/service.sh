# The service jar on a PostgreSQL of its own, for the checks in .ci/; sourced after lib/docker.sh.

free_port() {  # a loopback port nothing listens on
  local port
  for port in $(shuf -i 20000-45000 -n 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
  die "found no free port on 127.0.0.1."
}

fail_with_log() {  # FILE MESSAGE: fails with the message and the file's last lines
  echo "$(basename "$0" .sh): $2" >&2
  echo "$(basename "$0" .sh): last lines of $(basename "$1"):" >&2
  tail -n 40 "$1" | sed 's/^/  /' >&2
  exit 1
}

# PostgreSQL in a new container (db_container) unless DATASOURCES_DEFAULT_URL names a database,
# then JAR with a fresh JWT secret on a free port, its output in LOG, until /health/readiness
# answers 200. Sets service_pid and service (the base URL); service_stop stops both.
service_start() {  # JAR LOG
  local password port
  if [ -z "${DATASOURCES_DEFAULT_URL:-}" ]; then
    command -v docker >/dev/null || die "set DATASOURCES_DEFAULT_URL, or provide Docker (scripts/local-docker.sh)."
    password=$(openssl rand -hex 16)
    db_container=schemakit-$(basename "$0" .sh)-$$
    docker_postgres_start "$db_container" "$password" \
      "${TESTCONTAINERS_HUB_IMAGE_NAME_PREFIX:-localbuild/}$postgres_image" -p 127.0.0.1::5432
    port=$(docker_port "$db_container" 5432)
    export DATASOURCES_DEFAULT_URL="jdbc:postgresql://127.0.0.1:$port/schemakit"
    export DATASOURCES_DEFAULT_USERNAME=postgres DATASOURCES_DEFAULT_PASSWORD="$password"
  fi
  SCHEMAKIT_AUTH_JWT_SECRET=$(openssl rand -hex 32)
  export SCHEMAKIT_AUTH_JWT_SECRET
  port=$(free_port)
  # The start-up connection limits (5 s) are the service's; a busy machine can need longer to log
  # in, and that is not what the checks are about.
  MICRONAUT_SERVER_PORT=$port java -Ddatasources.default.data-source-properties.connectTimeout=30 \
    -Ddatasources.default.data-source-properties.loginTimeout=30 -jar "$1" >"$2" 2>&1 &
  service_pid=$! service=http://127.0.0.1:$port
  for _ in $(seq 1 120); do
    [ "$(command curl -s -o /dev/null -w '%{http_code}' "$service/health/readiness" || true)" = 200 ] && return
    kill -0 "$service_pid" 2>/dev/null || fail_with_log "$2" "the service exited during start."
    sleep 1
  done
  fail_with_log "$2" "the service was not ready within 120 s."
}

service_stop() {
  if [ -n "${service_pid:-}" ]; then
    kill "$service_pid" 2>/dev/null || true
    wait "$service_pid" 2>/dev/null || true
  fi
  if [ -n "${db_container:-}" ]; then docker rm -f "$db_container" >/dev/null 2>&1 || true; fi
}
