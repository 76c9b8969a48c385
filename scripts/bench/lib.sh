# Shared steps of the benchmark scripts; sourced, not run. Everything runs here over loopback, as
# root, on Debian's PostgreSQL; each benchmark gets a database of its own owned by the role bench.

bench_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=../lib/docker.sh
source "$bench_root/scripts/lib/docker.sh"
bench_jar=$bench_root/service/target/service.jar
bench_work=$(mktemp -d)
bench_pids=()

bench_cleanup() {
  local pid
  for pid in "${bench_pids[@]}"; do
    bench_stop_service "$pid"
  done
  rm -rf "$bench_work"
}
trap bench_cleanup EXIT

# wrk, PostgreSQL (server, client, pgbench) and curl, installed from Debian when missing.
bench_install_packages() {
  [ "$(id -u)" = 0 ] || die "must run as root: it installs packages and runs PostgreSQL."
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v curl >/dev/null || missing+=(curl)
  command -v pg_ctlcluster >/dev/null && ls /usr/lib/postgresql/*/bin/pgbench >/dev/null 2>&1 \
    || missing+=(postgresql postgresql-contrib)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    apt_install "${missing[@]}"
  fi
}

# Starts the newest installed PostgreSQL's main cluster (creating it if the package did not) and
# sets PG_MAJOR and PGBIN. max_connections must leave room for pgbench's clients plus the pool.
bench_start_postgres() {
  PG_MAJOR=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
  PGBIN=/usr/lib/postgresql/$PG_MAJOR/bin
  pg_lsclusters -h | awk -v v="$PG_MAJOR" '$1 == v && $2 == "main"' | grep -q . \
    || pg_createcluster "$PG_MAJOR" main >&2
  pg_ctlcluster "$PG_MAJOR" main start >/dev/null 2>&1 || true
  pg_ctlcluster "$PG_MAJOR" main status >/dev/null || die "PostgreSQL $PG_MAJOR did not start."
  export PGHOST=127.0.0.1 PGUSER=bench PGPASSWORD=bench
}

bench_psql_admin() {
  env -u PGHOST -u PGUSER -u PGPASSWORD PGOPTIONS='-c client_min_messages=warning' \
    su postgres -c "psql -v ON_ERROR_STOP=1 -qAt -c \"$1\"" >/dev/null
}

# A new, empty database NAME owned by bench.
bench_fresh_database() {
  bench_psql_admin "DROP DATABASE IF EXISTS $1 WITH (FORCE)"
  bench_psql_admin "DO \\\$\\\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bench')
    THEN CREATE ROLE bench LOGIN PASSWORD 'bench'; END IF; END \\\$\\\$"
  bench_psql_admin "CREATE DATABASE $1 OWNER bench"
}

bench_psql() { local db=$1; shift; psql -d "$db" -v ON_ERROR_STOP=1 -qAt "$@"; }

# Adds seeded users to database DB until it holds COUNT users; prints the highest id.
bench_seed() {
  local db=$1 count=$2 have
  have=$(bench_psql "$db" -c "SELECT count(*) FROM users")
  if [ "$have" -lt "$count" ]; then
    bench_psql "$db" -c "INSERT INTO users (username, email)
      SELECT 'seed' || g, 'seed' || g || '@example.com' FROM generate_series($have + 1, $count) g" \
      -c "VACUUM ANALYZE users"
  fi
  bench_psql "$db" -c "SELECT max(id) FROM users"
}

# Builds the service jar when it is missing or older than the sources, with Docker for the codegen.
bench_build() {
  if [ -f "$bench_jar" ] && [ -z "$(cd "$bench_root" && find schema/src generated-model/src generated-model/pom.xml \
        service/src service/pom.xml pom.xml -newer "$bench_jar" -print -quit)" ]; then
    return
  fi
  eval "$("$bench_root/scripts/local-docker.sh" --env)"
  log "building $bench_jar"
  (cd "$bench_root" && ./mvnw -B -q package -DskipTests >&2)
}

# Exports SCHEMAKIT_AUTH_JWT_SECRET (fresh unless set) for the service and BENCH_TOKEN (minted by
# the jar's token command unless set) for every /users request of the wrk scripts.
bench_auth() {
  export SCHEMAKIT_AUTH_JWT_SECRET=${SCHEMAKIT_AUTH_JWT_SECRET:-$(openssl rand -base64 32)}
  export BENCH_TOKEN=${BENCH_TOKEN:-$(java -jar "$bench_jar" token --subject bench --scope users:admin --ttl 12h)}
}

# A benchmark script's options: `--NAME VALUE` sets $NAME (dashes as underscores) for each NAME in
# VALUED; a flag in FLAGS sets its $NAME true, or NAME false for --skip-NAME; NAME=ENV adds a
# variant to names and envs where the script has them; --help prints the script's header.
bench_options() {  # "VALUED..." "FLAGS..." ARGS...
  local valued=" $1 " flags=" $2 " name
  shift 2
  while [ $# -gt 0 ]; do
    if [[ $1 == --* ]]; then name=${1#--}; else name=-; fi
    if [[ $valued == *" $name "* ]]; then printf -v "${name//-/_}" %s "$2"; shift
    elif [[ $flags == *" $name "* && $name == skip-* ]]; then printf -v "${name#skip-}" false
    elif [[ $flags == *" $name "* ]]; then printf -v "$name" true
    elif [[ $1 == -h || $1 == --help ]]; then sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0
    elif [[ $1 == *=* ]] && declare -p names >/dev/null 2>&1; then names+=("${1%%=*}") envs+=("${1#*=}")
    else die "unknown argument $1 (see --help)"
    fi
    shift
  done
}

# Everything a benchmark needs before its first database: packages, PostgreSQL, the jar, a token.
bench_prepare() { bench_install_packages; bench_start_postgres; bench_build; bench_auth; }


bench_cpu_ms() {  # CPU time (user + system) a process has used so far, in ms
  awk -v t="$(getconf CLK_TCK)" '{ print int(($14 + $15) * 1000 / t) }' "/proc/$1/stat" 2>/dev/null || echo 0
}

bench_postgres_cpu_ms() {  # CPU time of PostgreSQL's processes, in ms, including those that ended
  local postmaster t
  t=$(getconf CLK_TCK)
  postmaster=$(head -n 1 "$(pg_lsclusters -h | awk -v v="$PG_MAJOR" '$1 == v && $2 == "main" { print $6 }')/postmaster.pid")
  {
    # The postmaster's children, once reaped, are counted in its cutime and cstime.
    awk '{ print $16 + $17 }' "/proc/$postmaster/stat"
    for pid in $(pgrep -u postgres); do awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || true; done
  } | awk -v t="$t" '{ s += $1 } END { print int(s * 1000 / t) }'
}

# curl arguments for an authenticated request: BENCH_TOKEN, when set, is sent as a bearer token.
bench_curl_auth() {
  if [ -n "${BENCH_TOKEN:-}" ]; then printf '%s\n' -H "Authorization: Bearer $BENCH_TOKEN"; fi
}

# scripts/service.sh on PORT against database DB with the environment VAR=value ..., until the first
# 200 of GET /users?limit=1. Sets SERVICE_PID, FIRST_200_MS (wall time from the launch) and
# FIRST_200_CPU_MS (the JVM's CPU time until then); its output goes to $bench_work/service-PORT.log.
bench_start_service() {  # DB PORT [VAR=value...]
  local db=$1 port=$2 start auth=()
  shift 2
  mapfile -t auth < <(bench_curl_auth)
  while ss -ltn | grep -q ":$port "; do sleep 0.2; done
  start=$(date +%s%N)
  env DATASOURCES_DEFAULT_URL="jdbc:postgresql://127.0.0.1:5432/$db" DATASOURCES_DEFAULT_USERNAME=bench \
    DATASOURCES_DEFAULT_PASSWORD=bench MICRONAUT_SERVER_PORT="$port" "$@" \
    "$bench_root/scripts/service.sh" >"$bench_work/service-$port.log" 2>&1 &
  SERVICE_PID=$!
  bench_pids+=("$SERVICE_PID")
  until curl -sf -o /dev/null "${auth[@]}" "http://127.0.0.1:$port/users?limit=1"; do
    kill -0 "$SERVICE_PID" 2>/dev/null || { cat "$bench_work/service-$port.log" >&2; die "the service did not start."; }
    sleep 0.005
  done
  FIRST_200_MS=$(( ($(date +%s%N) - start) / 1000000 ))
  FIRST_200_CPU_MS=$(bench_cpu_ms "$(bench_java_pid "$SERVICE_PID")")
}

# The JVM's pid: scripts/service.sh execs java, except on the run that records the class archive.
bench_java_pid() {
  local child
  child=$(pgrep -P "$1" -x java | head -n 1)
  echo "${child:-$1}"
}

bench_stop_service() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

bench_rss_mb() { echo $(( $(ps -o rss= -p "$(bench_java_pid "$1")") / 1024 )); }

# wrk with scenario SCRIPT of scripts/bench (its environment, MAX_ID, ..., reaches the Lua script):
# prints report.lua's RESULT line and PostgreSQL's CPU µs per request, and the service's with SERVICE_PID.
bench_wrk() {  # SCRIPT PORT DURATION CONNECTIONS
  local script=$1 port=$2 duration=$3 connections=$4 line cpu0 pg0 cpu1 pg1 requests
  cat "$bench_root/scripts/bench/common.lua" "$bench_root/scripts/bench/$script" \
    "$bench_root/scripts/bench/report.lua" >"$bench_work/$script"
  [ -n "${SERVICE_PID:-}" ] && cpu0=$(bench_cpu_ms "$(bench_java_pid "$SERVICE_PID")")
  pg0=$(bench_postgres_cpu_ms)
  line=$(wrk -t2 -c"$connections" -d"$duration" -s "$bench_work/$script" "http://127.0.0.1:$port" | grep '^RESULT')
  pg1=$(bench_postgres_cpu_ms)
  requests=$(sed 's/.*requests=\([0-9]*\).*/\1/' <<<"$line")
  [ "$requests" -gt 0 ] || requests=1
  if [ -n "${SERVICE_PID:-}" ]; then
    cpu1=$(bench_cpu_ms "$(bench_java_pid "$SERVICE_PID")")
    line="$line service_us=$(( (cpu1 - cpu0) * 1000 / requests ))"
  fi
  echo "$line pg_us=$(( (pg1 - pg0) * 1000 / requests ))"
}

# The median of numbers separated by spaces or lines, and the ratio A / B ("-" when B is 0).
median() { tr ' ' '\n' | grep . | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

bench_field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $2"; }  # NAME LINE: NAME's value in a RESULT line
