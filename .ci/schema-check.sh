#!/usr/bin/env bash
# CI: the declared schema (schema/src/main/sql/schema.sql) must be exactly what the migrations
# build, the generated jOOQ classes must be those of the migrations, and every migration not
# released before the lint must pass squawk (.squawk.toml), or accept a finding in the file with
# its reason. Needs npx; on a fresh Debian machine it installs npm.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${TESTCONTAINERS_HUB_IMAGE_NAME_PREFIX:-}" ]; then
  eval "$(scripts/local-docker.sh --env)"
fi
if ! command -v npx >/dev/null; then
  apt-get update -q
  apt-get install -y -q --no-install-recommends npm
fi

./mvnw -B -q schemakit:check -Dlint
