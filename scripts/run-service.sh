#!/usr/bin/env bash
# The HTTP API on ${PORT:-8080} with nothing configured (README.md): a development PostgreSQL kept
# between runs, in Docker or embedded (SCHEMAKIT_DATABASE=docker or embedded decides).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/docker.sh
source scripts/lib/docker.sh

name=schemakit-dev-db
image="${TESTCONTAINERS_HUB_IMAGE_NAME_PREFIX:-}$postgres_image"
embedded_port=54329
data=.data

choice=${SCHEMAKIT_DATABASE:-} why="SCHEMAKIT_DATABASE=${SCHEMAKIT_DATABASE:-}"
if [ -z "$choice" ] && ! docker info >/dev/null 2>&1; then
  choice=embedded why="no Docker engine answered"
elif [ -z "$choice" ] && ! docker image inspect "$image" >/dev/null 2>&1 && ! docker pull -q "$image" >/dev/null 2>&1; then
  choice=embedded why="Docker cannot provide $image"
elif [ -z "$choice" ]; then
  choice=docker why="a Docker engine answered and has $image"
fi
case "$choice" in
  docker) log "database: container $name ($image), because $why" ;;
  embedded) log "database: embedded PostgreSQL 17 on port $embedded_port, data in $data/postgres, because $why" ;;
  *) log "SCHEMAKIT_DATABASE must be docker or embedded, not '$choice'"; exit 2 ;;
esac

jar=service/target/service.jar
if [ ! -f "$jar" ] || [ ! -f throwaway-postgres/target/classpath.txt ] \
   || [ -n "$(find schema/src service/src throwaway-postgres/src -newer "$jar" -print -quit)" ]; then
  log "building the service jar"
  ./mvnw -B -q package -DskipTests
fi
install -D "$jar" "$data/service.jar"

if [ "$choice" = docker ]; then
  password=schemakit
  if [ -z "$(docker ps -q --filter "name=^${name}$")" ]; then
    docker rm -f "$name" >/dev/null 2>&1 || true
    docker_postgres_start "$name" "$password" "$image" -p 127.0.0.1::5432
  fi
  docker_postgres_ready "$name"
  url="jdbc:postgresql://127.0.0.1:$(docker_port "$name" 5432)/schemakit"
else
  classpath="throwaway-postgres/target/classes:$(cat throwaway-postgres/target/classpath.txt)"
  url=$(java -XX:TieredStopAtLevel=1 -Dslf4j.internal.verbosity=ERROR -cp "$classpath" dev.schemakit.throwaway.DevDatabase start "$data/postgres" "$embedded_port")
  trap 'java -Dslf4j.internal.verbosity=ERROR -cp "$classpath" dev.schemakit.throwaway.DevDatabase stop "$data/postgres"' EXIT
fi

export DATASOURCES_DEFAULT_URL="$url"
export DATASOURCES_DEFAULT_USERNAME=postgres
export DATASOURCES_DEFAULT_PASSWORD="${password:-}"
export MICRONAUT_SERVER_PORT="${PORT:-8080}"
if [ -z "${SCHEMAKIT_AUTH_JWT_SECRET:-}" ]; then
  dev_secret="$data/dev-jwt-secret"
  [ -s "$dev_secret" ] || (umask 077 && head -c 32 /dev/urandom | base64 >"$dev_secret")
  SCHEMAKIT_AUTH_JWT_SECRET="$(cat "$dev_secret")"
  export SCHEMAKIT_AUTH_JWT_SECRET
  log "tokens are signed with the development secret in $dev_secret"
fi
log "API on http://localhost:$MICRONAUT_SERVER_PORT; for the db commands in another shell:"
printf 'export DATASOURCES_DEFAULT_URL=%q DATASOURCES_DEFAULT_USERNAME=postgres DATASOURCES_DEFAULT_PASSWORD=%q\n' \
  "$url" "${password:-}" >&2
log "a token: TOKEN=\$(scripts/token --subject me --scope users:admin), then send -H \"Authorization: Bearer \$TOKEN\""
# In the background, so that a TERM (or Ctrl-C) to this script stops the service before the database.
java -jar "$data/service.jar" & service=$!
trap 'kill -TERM "$service" 2>/dev/null; wait "$service"' TERM INT HUP
wait "$service"
