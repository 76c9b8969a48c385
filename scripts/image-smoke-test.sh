#!/usr/bin/env bash
# Runs the service image against a PostgreSQL container on a network of their own until /health
# answers 200, prints the service's log and checks it holds the one start-up line and nothing per
# request; removes both containers and the network. Usage: scripts/image-smoke-test.sh [IMAGE]
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/docker.sh
source scripts/lib/docker.sh

image=${1:-schemakit/service:$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -n 1)}
run=schemakit-smoke-$$
password=$(openssl rand -hex 16)

cleanup() {
  docker rm -f "$run-service" "$run-db" >/dev/null 2>&1 || true
  docker network rm "$run" >/dev/null 2>&1 || true
}
trap cleanup EXIT

docker network create "$run" >/dev/null
# The service retries nothing at start, so the database must accept TCP connections first.
docker_postgres_start "$run-db" "$password" "${TESTCONTAINERS_HUB_IMAGE_NAME_PREFIX:-localbuild/}$postgres_image" \
  --network "$run" --network-alias db

# The JWT secret: the service requires one once authentication is in; a fresh one per run.
docker run -d --name "$run-service" --network "$run" -p 127.0.0.1::8080 \
  -e DATASOURCES_DEFAULT_URL=jdbc:postgresql://db:5432/schemakit \
  -e DATASOURCES_DEFAULT_USERNAME=postgres \
  -e DATASOURCES_DEFAULT_PASSWORD="$password" \
  -e SCHEMAKIT_AUTH_JWT_SECRET="$(openssl rand -hex 32)" \
  "$image" >/dev/null
port=$(docker_port "$run-service" 8080)

status=
for _ in $(seq 1 120); do
  status=$(curl -s -o /tmp/$run-health -w '%{http_code}' "http://127.0.0.1:$port/health" || true)
  [ "$status" = 200 ] && break
  [ "$(docker inspect -f '{{.State.Running}}' "$run-service")" = true ] || break
  sleep 1
done
echo "image-smoke-test: GET /health -> $status $(cat /tmp/$run-health 2>/dev/null)"
rm -f /tmp/$run-health
log=$(docker logs "$run-service" 2>&1)
echo "image-smoke-test: the service's log:"
echo "$log" | sed 's/^/  /'
[ "$status" = 200 ] || die "the service did not answer /health with 200 within 120 s."
curl -sf -o /dev/null "http://127.0.0.1:$port/health/liveness" || die "/health/liveness failed."
curl -sf -o /dev/null "http://127.0.0.1:$port/prometheus" || die "/prometheus failed."

log=$(docker logs "$run-service" 2>&1)
[ "$(echo "$log" | wc -l)" = 1 ] && echo "$log" | grep -qE "^.* INFO .* schemakit [^ ]+ started in [0-9.]+ s on port 8080, database db:5432/schemakit$" \
  || die "expected exactly one start-up line and none per request, got the log above."
echo "image-smoke-test: $image passed"
