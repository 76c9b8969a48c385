#!/usr/bin/env bash
# The API benchmark harness, as root from a fresh clone; docs/performance.md lists its steps, targets
# and environment (BENCH_TOKEN, JAVA25).
# Usage: scripts/bench-api.sh [--duration 30s] [--warmup 5s] [--jit-warmup 15s] [--connections 64]
#                             [--skip-deep] [--skip-codegen]
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/bench/lib.sh"

duration=30s warmup=5s jit_warmup=15s connections=64 deep=true codegen=true
port=${PORT:-8181} users=100000 deep_users=1000000
bench_options "duration warmup jit-warmup connections" "skip-deep skip-codegen" "$@"

bench_prepare
bench_fresh_database bench
mapfile -t auth < <(bench_curl_auth)

# The first start migrates the empty database and, after a new build, records the class archive
# of scripts/service.sh while it stops; the requests make it include what serving them loads.
bench_start_service bench "$port" SCHEMAKIT_AUTH_READS=anonymous
cold_ms=$FIRST_200_MS
curl -sf -o /dev/null "${auth[@]}" -H 'Content-Type: application/json' \
  -d '{"username":"warmup","email":"warmup@example.com"}' "http://127.0.0.1:$port/users"
curl -sf -o /dev/null "${auth[@]}" "http://127.0.0.1:$port/users/1"
curl -sf -o /dev/null "${auth[@]}" "http://127.0.0.1:$port/users?limit=20&after=MQ"
curl -s -o /dev/null "${auth[@]}" "http://127.0.0.1:$port/users/999999999"
bench_stop_service "$SERVICE_PID"
bench_start_service bench "$port" SCHEMAKIT_AUTH_READS=anonymous
max_id=$(bench_seed bench "$users")

printf '== %s cores (%s), PostgreSQL %s, %s\n' "$(nproc)" \
  "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)" "$PG_MAJOR" \
  "$(java -version 2>&1 | head -n 1)"
printf '== API: %s users, %s connections, %s per scenario after a %s warm-up\n' \
  "$users" "$connections" "$duration" "$warmup"
printf '%-34s %8s %8s %8s %7s %11s %11s\n' scenario 'req/s' 'p50 ms' 'p99 ms' errors 'service µs' 'pg µs'

declare -A rps p99 errors service_us
scenario() {  # label script [VAR=value ...] for the Lua script
  local label=$1 script=$2 line
  shift 2
  (if [ $# -gt 0 ]; then export "$@"; fi; bench_wrk "$script" "$port" "$warmup" "$connections") >/dev/null
  line=$(if [ $# -gt 0 ]; then export "$@"; fi; bench_wrk "$script" "$port" "$duration" "$connections")
  rps[$label]=$(bench_field rps "$line") p99[$label]=$(bench_field p99 "$line")
  errors[$label]=$(bench_field errors "$line") service_us[$label]=$(bench_field service_us "$line")
  printf '%-34s %8s %8s %8s %7s %11s %11s\n' "$label" "${rps[$label]}" "$(bench_field p50 "$line")" \
    "${p99[$label]}" "${errors[$label]}" "${service_us[$label]}" "$(bench_field pg_us "$line")"
}

# Without this the first scenario measured a JVM still compiling (three times the CPU per request).
(export MAX_ID="$max_id"; for script in get-user.lua list-users.lua create-user.lua; do
  bench_wrk "$script" "$port" "$jit_warmup" "$connections"; done) >/dev/null
scenario 'GET /users/{id}' get-user.lua MAX_ID="$max_id"
scenario 'GET /users/{id}, no token' get-user.lua MAX_ID="$max_id" BENCH_TOKEN=
scenario 'GET /users?limit=20&after=' list-users.lua MAX_ID="$max_id"
scenario 'POST /users' create-user.lua

if $deep; then
  max_id=$(bench_seed bench "$deep_users")
  echo "== pagination in $deep_users users (ids up to $max_id)"
  scenario 'first page: GET /users?limit=20' list-users.lua AFTER_MAX=0
  scenario 'deep page: after id > max - 1000' list-users.lua AFTER_MIN=$((max_id - 1000)) AFTER_MAX=$((max_id - 20))
fi

rss_mb=$(bench_rss_mb "$SERVICE_PID")
bench_stop_service "$SERVICE_PID"
echo "== start and memory"
first_200=$FIRST_200_MS
echo "start to first 200: $FIRST_200_MS ms (CPU $FIRST_200_CPU_MS ms); first start, migrating an empty database: $cold_ms ms"
echo "service RSS after the load: $rss_mb MB"

# Over TCP like the service, at its pool's size: docs/performance.md says why.
pool_size=${DATASOURCES_DEFAULT_MAXIMUM_POOL_SIZE:-5}
echo "== pgbench over TCP, $duration after a $warmup warm-up: -S -M prepared, and the insert of a POST"
"$PGBIN/pgbench" -i -s 10 -q bench >/dev/null 2>&1
pgbench_tps() {  # CLIENTS DURATION PGBENCH-ARGS...: the tps; 0 and pgbench's last lines when it failed
  local out
  out=$("$PGBIN/pgbench" -n -M prepared -c "$1" -j 2 -T "${2%s}" "${@:3}" bench 2>&1 || true)
  grep -q '^tps' <<<"$out" || tail -n 3 <<<"$out" >&2
  awk '/^tps/ { tps = int($3) } END { print tps + 0 }' <<<"$out"
}
pgbench_tps "$pool_size" "$warmup" -S >/dev/null
tps=$(pgbench_tps "$pool_size" "$duration" -S) tps_many=$(pgbench_tps "$connections" "$duration" -S)
echo "pgbench -S: $tps tps with $pool_size connections (the service's pool), $tps_many tps with $connections"
insert=(-f "$bench_root/scripts/bench/insert-user.sql")
ins=$(pgbench_tps "$pool_size" "$duration" "${insert[@]}") ins_many=$(pgbench_tps "$connections" "$duration" "${insert[@]}")
echo "pgbench insert into users: $ins tps with $pool_size connections, $ins_many tps with $connections"

# Start on JDK 25 or later with the launcher's AOT cache: a first start records it, the second is timed.
jdk25=${JAVA25:-$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -n 1 || true)}
first_200_jdk25=
if [ -n "$jdk25" ] && [ -x "$jdk25" ]; then
  bench_start_service bench "$port" JAVA="$jdk25"
  curl -sf -o /dev/null "${auth[@]}" "http://127.0.0.1:$port/users/1"
  bench_stop_service "$SERVICE_PID"
  bench_start_service bench "$port" JAVA="$jdk25"
  first_200_jdk25=$FIRST_200_MS
  bench_stop_service "$SERVICE_PID"
  echo "start to first 200 on $("$jdk25" -version 2>&1 | head -n 1), AOT cache: $first_200_jdk25 ms (CPU $FIRST_200_CPU_MS ms)"
fi

get='GET /users/{id}' anon='GET /users/{id}, no token' list='GET /users?limit=20&after=' post='POST /users'
if $codegen; then
  echo "== codegen (scripts/bench-codegen.sh 1)"
  eval "$("$bench_root/scripts/local-docker.sh" --env)"
  "$bench_root/scripts/bench-codegen.sh" 1 | tail -n 1
fi

echo "== targets"
verdict() { if awk "BEGIN { exit !($2) }"; then echo "met      $1"; else echo "NOT MET  $1"; fi; }
verdict "GET /users/{id} with a token: service CPU ${service_us[$get]} µs per request (<= 60 µs; without a token ${service_us[$anon]} µs)" \
  "${service_us[$get]} <= 60"
verdict "GET /users/{id} with a token: ${rps[$get]} req/s (>= 14000)" "${rps[$get]} >= 14000"
verdict "GET /users/{id} with a token: p99 ${p99[$get]} ms (< 10 ms)" "${p99[$get]} < 10"
verdict "GET /users/{id} is $(awk -v g="${rps[$get]}" -v t="$tps" 'BEGIN { if (t > 0) printf "%.0f", 100 * g / t; else printf "?" }')% of pgbench -S at the pool's $pool_size connections (>= 25%)" \
  "$tps > 0 && ${rps[$get]} >= 0.25 * $tps"
verdict "a list page runs at $(awk -v l="${rps[$list]}" -v g="${rps[$get]}" 'BEGIN { printf "%.0f", 100 * l / g }')% of a single get (>= 50%)" \
  "${rps[$list]} >= 0.5 * ${rps[$get]}"
verdict "POST /users ${rps[$post]}/s (>= 5000/s; PostgreSQL alone commits $ins inserts/s at the pool's size, $ins_many at $connections)" "${rps[$post]} >= 5000"
verdict "start to first 200 on $(java -version 2>&1 | head -n 1 | cut -d '"' -f 2), class archive: $first_200 ms (< 1500 ms)" "$first_200 < 1500"
if [ -n "$first_200_jdk25" ]; then
  verdict "start to first 200 on JDK 25, AOT cache: $first_200_jdk25 ms (< 1000 ms)" "$first_200_jdk25 < 1000"
else
  echo "NOT MET  start to first 200 on JDK 25: no JDK 25 found (set JAVA25)"
fi
verdict "RSS after load $rss_mb MB (<= 256 MB)" "$rss_mb <= 256"
total_errors=0
for label in "${!errors[@]}"; do total_errors=$((total_errors + errors[$label])); done
verdict "errors $total_errors (0)" "$total_errors == 0"
if $deep; then
  first='first page: GET /users?limit=20' deepest='deep page: after id > max - 1000'
  verdict "a deep page runs at $(awk -v d="${rps[$deepest]}" -v f="${rps[$first]}" 'BEGIN { printf "%.0f", 100 * d / f }')% of the first page's rate (about 100%)" \
    "${rps[$deepest]} >= 0.8 * ${rps[$first]}"
fi
