#!/usr/bin/env bash
# Makes Testcontainers work on a Linux host that has no running Docker engine or no
# reachable container registry (CI here, air-gapped hosts):
#   1. starts a Docker engine (installing Debian's docker.io first) unless `docker info` answers;
#   2. builds a PostgreSQL image from Debian packages, honouring the official postgres image's
#      contract (POSTGRES_USER/PASSWORD/DB, `postgres -c ...` arguments), unless it exists.
# It prints the environment Testcontainers needs; `eval "$(scripts/local-docker.sh --env)"`
# applies it to the calling shell. Needs root. Safe to run again: every step is skipped when done.
set -euo pipefail

PREFIX=${LOCAL_IMAGE_PREFIX:-localbuild}
PG_MAJOR=${PG_MAJOR:-17}
SUITE=${DEBIAN_SUITE:-trixie}
IMAGE="$PREFIX/postgres:$PG_MAJOR"
print_env=false
[ "${1:-}" = "--env" ] && print_env=true

log() { echo "local-docker: $*" >&2; }
die() { echo "local-docker: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (it installs packages and starts dockerd)."

apt_updated=false
apt_install() {
  if ! $apt_updated; then apt-get update -qq >&2; apt_updated=true; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

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

debian_mirror() {
  # The mirror this host's apt already uses, so nothing new has to be reachable.
  local m
  m=$(grep -hoE '^URIs:[[:space:]]*[^[:space:]]+' /etc/apt/sources.list.d/*.sources 2>/dev/null \
        | awk '{print $2}' | grep -v security | head -n 1 || true)
  [ -n "$m" ] || m=$(grep -hoE '^deb[[:space:]]+[^[:space:]]+' /etc/apt/sources.list 2>/dev/null \
        | awk '{print $2}' | grep -v security | head -n 1 || true)
  echo "${m:-http://deb.debian.org/debian}"
}

build_postgres_image() {
  if docker image inspect "$IMAGE" >/dev/null 2>&1; then return; fi
  command -v debootstrap >/dev/null 2>&1 || { log "installing debootstrap"; apt_install debootstrap; }
  local root mirror
  root=$(mktemp -d /var/tmp/pgroot.XXXXXX)
  trap 'rm -rf "$root"' RETURN
  mirror=$(debian_mirror)
  log "building $IMAGE from Debian $SUITE packages ($mirror), about a minute"
  debootstrap --variant=minbase --include="postgresql-$PG_MAJOR" "$SUITE" "$root" "$mirror" \
    >/var/log/local-docker-debootstrap.log 2>&1 \
    || die "debootstrap failed; see /var/log/local-docker-debootstrap.log."
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

if $print_env; then
  # Ryuk's image cannot be pulled either, so the build stops its own containers (see docs/database.md).
  echo "export TESTCONTAINERS_HUB_IMAGE_NAME_PREFIX=$PREFIX/"
  echo "export TESTCONTAINERS_RYUK_DISABLED=true"
  # This host looks like a container to Testcontainers, which would otherwise start another
  # image just to find the Docker gateway.
  echo "export TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1"
fi
