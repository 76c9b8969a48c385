# Steps shared by the scripts that build and run images without a registry; sourced, not run.

# The scripts' PostgreSQL image (the Java side's is Settings.DEFAULT_IMAGE); scripts/local-docker.sh
# builds it as localbuild/$postgres_image where no registry is reachable.
postgres_image=postgres:17

log() { echo "$(basename "$0" .sh): $*" >&2; }
die() { echo "$(basename "$0" .sh): $*" >&2; exit 1; }

apt_updated=false
apt_install() {
  if ! $apt_updated; then apt-get update -qq >&2; apt_updated=true; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

# Debian minbase in ROOT, from the mirror this host's apt already uses so that nothing new has to
# be reachable; OPTIONs (--include=...) go to debootstrap, its output to LOGFILE.
debian_bootstrap() {  # LOGFILE SUITE ROOT [OPTION...]
  local logfile=$1 suite=$2 root=$3 mirror
  shift 3
  command -v debootstrap >/dev/null 2>&1 || { log "installing debootstrap"; apt_install debootstrap; }
  mirror=$(grep -hoE '^(URIs:[[:space:]]*|deb[[:space:]]+)[^[:space:]]+' /etc/apt/sources.list.d/*.sources \
             /etc/apt/sources.list 2>/dev/null | awk '{print $2}' | grep -v security | head -n 1 || true)
  log "debootstrap of Debian $suite from ${mirror:=http://deb.debian.org/debian}"
  debootstrap --variant=minbase "$@" "$suite" "$root" "$mirror" >"$logfile" 2>&1 \
    || die "debootstrap failed; see $logfile."
}

# Waits up to 60 s until PostgreSQL in container NAME listens on TCP (the official image's init
# phase runs a socket-only server first); fails with the container's last lines if it does not.
docker_postgres_ready() {
  for _ in $(seq 1 60); do
    docker exec "$1" pg_isready -q -h 127.0.0.1 -U postgres && return
    sleep 1
  done
  docker logs --tail 20 "$1" >&2
  die "PostgreSQL in container $1 did not start in 60 s."
}

# Container NAME of IMAGE with database schemakit and PASSWORD (OPTIONs: docker run's), waited for.
docker_postgres_start() {  # NAME PASSWORD IMAGE [OPTION...]
  docker run -d --name "$1" -e POSTGRES_PASSWORD="$2" -e POSTGRES_DB=schemakit "${@:4}" "$3" >/dev/null
  docker_postgres_ready "$1"
}

docker_port() { docker port "$1" "$2/tcp" | head -n 1 | sed 's/.*://'; }  # NAME PORT: the host's port
