#!/usr/bin/env bash
# Runs the HTTP API locally with nothing configured but Docker: starts (or reuses) a PostgreSQL
# container named schemakit-dev-db, builds the service jar when it is missing or older than the
# sources, and runs it on port ${PORT:-8080} against that database. The service applies the
# migrations itself at start. Ctrl-C stops the service; the database container and its data
# stay for the next run (`docker rm -f schemakit-dev-db` starts afresh).
# Image: ${TESTCONTAINERS_HUB_IMAGE_NAME_PREFIX}postgres:17, so it uses the image that
# scripts/local-docker.sh built on hosts without registry access.
# Bearer tokens are signed with SCHEMAKIT_AUTH_JWT_SECRET; when it is unset, a random development
# secret is created once in service/target/dev-jwt-secret (`./mvnw clean` discards it), which
# scripts/token also reads.
set -euo pipefail
cd "$(dirname "$0")/.."

name=schemakit-dev-db
image="${TESTCONTAINERS_HUB_IMAGE_NAME_PREFIX:-}postgres:17"
password=schemakit
jar=service/target/service-0.1.0-SNAPSHOT.jar

docker info >/dev/null 2>&1 || {
  echo "run-service: no Docker engine answers. Start Docker, or on a Linux host without it run" \
       "'eval \"\$(sudo scripts/local-docker.sh --env)\"' first." >&2
  exit 1
}

if [ -z "$(docker ps -q --filter "name=^${name}$")" ]; then
  docker rm -f "$name" >/dev/null 2>&1 || true
  echo "run-service: starting PostgreSQL ($image) as container $name" >&2
  docker run -d --name "$name" -e POSTGRES_PASSWORD="$password" -e POSTGRES_DB=schemakit \
    -p 127.0.0.1::5432 "$image" >/dev/null
fi
# Ready only once it listens on TCP: the init phase runs a socket-only server first.
for _ in $(seq 1 60); do
  docker exec "$name" pg_isready -q -h 127.0.0.1 -U postgres && break
  sleep 1
done
port=$(docker port "$name" 5432/tcp | head -n 1 | sed 's/.*://')

if [ ! -f "$jar" ] || [ -n "$(find schema/src service/src service/pom.xml pom.xml -newer "$jar" -print -quit)" ]; then
  echo "run-service: building $jar" >&2
  ./mvnw -B -q package -DskipTests
fi

export DATASOURCES_DEFAULT_URL="jdbc:postgresql://127.0.0.1:${port}/schemakit"
export DATASOURCES_DEFAULT_USERNAME=postgres
export DATASOURCES_DEFAULT_PASSWORD="$password"
export MICRONAUT_SERVER_PORT="${PORT:-8080}"
if [ -z "${SCHEMAKIT_AUTH_JWT_SECRET:-}" ]; then
  dev_secret=service/target/dev-jwt-secret
  if [ ! -s "$dev_secret" ]; then
    (umask 077 && head -c 32 /dev/urandom | base64 > "$dev_secret")
  fi
  SCHEMAKIT_AUTH_JWT_SECRET="$(cat "$dev_secret")"
  export SCHEMAKIT_AUTH_JWT_SECRET
  echo "run-service: tokens are signed with the development secret in $dev_secret" >&2
fi
echo "run-service: database $DATASOURCES_DEFAULT_URL; API on http://localhost:$MICRONAUT_SERVER_PORT" >&2
echo "run-service: get a token with: TOKEN=\$(scripts/token --subject me), then send -H \"Authorization: Bearer \$TOKEN\"" >&2
exec java -jar "$jar"
