# Steps shared by the scripts that build and run images without a registry; sourced, not run.
# The caller defines log and die.

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
# phase runs a socket-only server first); fails if it does not.
docker_postgres_ready() {
  for _ in $(seq 1 60); do
    docker exec "$1" pg_isready -q -h 127.0.0.1 -U postgres && return
    sleep 1
  done
  return 1
}
