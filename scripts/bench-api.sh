#!/usr/bin/env bash
# The API benchmark harness (issue 6). On this machine, all on loopback:
#   1. builds the service jar if needed and starts Debian's PostgreSQL (pg_ctlcluster);
#   2. starts the jar against a fresh database and times process start to the first 200;
#   3. seeds 100 000 users, then drives three wrk scenarios, CONNECTIONS connections, DURATION
#      each: GET /users/{id} (random ids), GET /users?limit=20&after=... (random cursors),
#      POST /users (unique names); prints requests/s, p50, p99, errors, and the service's RSS;
#   4. runs pgbench -S -M prepared with as many connections against the same database: the
#      database's own ceiling, and GET /users/{id} as a fraction of it;
#   5. times a full and a no-op ./mvnw generate-sources (scripts/bench-codegen.sh 1).
# Needs root (installs wrk and runs PostgreSQL). Usage: scripts/bench-api.sh
# Settings: CONNECTIONS (64), DURATION (30s), PORT (8181), JAVA_OPTS, SKIP_CODEGEN=1.
set -euo pipefail
cd "$(dirname "$0")/.."

connections=${CONNECTIONS:-64}
duration=${DURATION:-30s}
port=${PORT:-8181}
java_opts=${JAVA_OPTS:--XX:+UseParallelGC -Xms128m -Xmx256m}
users=100000
jar=service/target/service-0.1.0-SNAPSHOT.jar
work=$(mktemp -d)
pg_major=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
pgbin=/usr/lib/postgresql/$pg_major/bin
service_pid=

cleanup() {
  [ -n "$service_pid" ] && kill "$service_pid" 2>/dev/null && wait "$service_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
if [ ! -f "$jar" ] || [ -n "$(find schema/src service/src service/pom.xml pom.xml -newer "$jar" -print -quit)" ]; then
  ./mvnw -B -q package -DskipTests >/dev/null
fi

# A fresh database on the local server, owned by a role with a password (the service uses TCP).
pg_ctlcluster "$pg_major" main start 2>/dev/null || true
psql_admin() { su postgres -c "psql -v ON_ERROR_STOP=1 -qAt $*"; }
psql_admin "-c \"DROP DATABASE IF EXISTS bench WITH (FORCE)\""
psql_admin "-c \"DROP ROLE IF EXISTS bench\""
psql_admin "-c \"CREATE ROLE bench LOGIN PASSWORD 'bench'\""
psql_admin "-c \"CREATE DATABASE bench OWNER bench\""
export PGPASSWORD=bench
psql_bench() { psql -h 127.0.0.1 -U bench -d bench -v ON_ERROR_STOP=1 -qAt "$@"; }

# Start to first 200.
start=$(date +%s%N)
DATASOURCES_DEFAULT_URL=jdbc:postgresql://127.0.0.1:5432/bench DATASOURCES_DEFAULT_USERNAME=bench \
  DATASOURCES_DEFAULT_PASSWORD=bench MICRONAUT_SERVER_PORT=$port \
  java $java_opts -jar "$jar" >"$work/service.log" 2>&1 &
service_pid=$!
until curl -sf -o /dev/null "http://127.0.0.1:$port/users?limit=1"; do
  kill -0 "$service_pid" 2>/dev/null || { cat "$work/service.log"; exit 1; }
  sleep 0.01
done
first_200_ms=$(( ($(date +%s%N) - start) / 1000000 ))

psql_bench -c "INSERT INTO users (username, email) SELECT 'seed' || g, 'seed' || g || '@example.com' FROM generate_series(1, $users) g" \
  -c "ANALYZE users"

scenario() {  # name script
  cat "scripts/bench/$2" scripts/bench/report.lua >"$work/$2"
  # A short warm-up, then the measured run.
  MAX_ID=$users wrk -t2 -c"$connections" -d5s -s "$work/$2" "http://127.0.0.1:$port" >/dev/null
  local line
  line=$(MAX_ID=$users wrk -t2 -c"$connections" -d"$duration" -s "$work/$2" "http://127.0.0.1:$port" | grep '^RESULT')
  eval "${line#RESULT }"
  printf '%-28s %9s req/s   p50 %6s ms   p99 %7s ms   errors %s\n' "$1" "$rps" "$p50" "$p99" "$errors"
  results[$1]=$rps
}

declare -A results
echo "== API: $connections connections, $duration per scenario, $users users, $(nproc) cores"
scenario "GET /users/{id}" get-user.lua
scenario "GET /users?limit=20&after=" list-users.lua
scenario "POST /users" create-user.lua
rss_mb=$(( $(ps -o rss= -p "$service_pid") / 1024 ))
echo "start to first 200: ${first_200_ms} ms; service RSS after load: ${rss_mb} MB"
kill "$service_pid"; wait "$service_pid" 2>/dev/null || true; service_pid=

echo "== pgbench -S -M prepared, $connections connections, $duration"
"$pgbin/pgbench" -h 127.0.0.1 -U bench -i -s 10 -q bench >/dev/null 2>&1
tps=$("$pgbin/pgbench" -h 127.0.0.1 -U bench -S -M prepared -c "$connections" -j 2 -T "${duration%s}" bench 2>/dev/null \
  | awk '/^tps/ { print int($3) }')
echo "pgbench -S: $tps tps"
awk -v g="${results["GET /users/{id}"]}" -v t="$tps" -v l="${results["GET /users?limit=20&after="]}" 'BEGIN {
  printf "GET /users/{id} is %.0f%% of pgbench -S; a list page is %.0f%% of a single get\n", 100 * g / t, 100 * l / g }'

if [ "${SKIP_CODEGEN:-}" != 1 ]; then
  echo "== codegen"
  scripts/bench-codegen.sh 1 | tail -n 1
fi
