#!/usr/bin/env bash
# Makes Testcontainers work on a Debian host with no Docker engine or no registry: starts Debian's
# Docker engine unless one answers, builds localbuild/postgres:<major> from Debian packages (the
# official image's contract: scripts/postgres-entrypoint.sh) unless it exists; --env prints what
# Testcontainers needs: `eval "$(scripts/local-docker.sh --env)"`. Needs root; safe to run again.
set -euo pipefail
# shellcheck source=lib/docker.sh
source "$(dirname "$0")/lib/docker.sh"

PREFIX=localbuild
IMAGE=$PREFIX/$postgres_image
PG_MAJOR=${postgres_image#postgres:}

[ "$(id -u)" = 0 ] || die "must run as root (it installs packages and starts dockerd)."

start_engine() {
  if docker info >/dev/null 2>&1; then return; fi
  command -v dockerd >/dev/null 2>&1 || { log "installing docker.io"; apt_install docker.io; }
  log "starting dockerd (log: /var/log/dockerd-local.log)"
  nohup dockerd >/var/log/dockerd-local.log 2>&1 &
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && return
    sleep 1
  done
  die "dockerd did not answer within 60 s; see /var/log/dockerd-local.log."
}

build_postgres_image() {
  if docker image inspect "$IMAGE" >/dev/null 2>&1; then return; fi
  local root
  root=$(mktemp -d /var/tmp/pgroot.XXXXXX)
  trap 'rm -rf "$root"' RETURN
  log "building $IMAGE from Debian packages, about a minute"
  debian_bootstrap /var/log/local-docker-debootstrap.log trixie "$root" --include="postgresql-$PG_MAJOR"
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  install -m 0755 "$(dirname "$0")/postgres-entrypoint.sh" "$root/usr/local/bin/docker-entrypoint.sh"
  tar -C "$root" -c . | docker import \
    --change "ENV PG_MAJOR=$PG_MAJOR" \
    --change "ENV PATH=/usr/lib/postgresql/$PG_MAJOR/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --change "ENV PGDATA=/var/lib/postgresql/data" \
    --change 'ENV LANG=C.UTF-8' \
    --change 'EXPOSE 5432' \
    --change 'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' \
    --change 'CMD ["postgres"]' \
    - "$IMAGE" >/dev/null
  log "built $IMAGE"
}

start_engine
build_postgres_image

if [ "${1:-}" = --env ]; then
  # Ryuk's image cannot be pulled either, so the build stops its own containers (see docs/database.md).
  echo "export TESTCONTAINERS_HUB_IMAGE_NAME_PREFIX=$PREFIX/"
  echo "export TESTCONTAINERS_RYUK_DISABLED=true"
  # This host looks like a container to Testcontainers, which would otherwise start another
  # image just to find the Docker gateway.
  echo "export TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1"
fi
