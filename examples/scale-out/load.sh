#!/usr/bin/env bash
# Mixed load through the cluster of examples/scale-out/up.sh, with faults and a live schema change.
# Runs, each with wrk on 127.0.0.1 (scenario: cluster.lua) and the same connections:
#   1. one instance behind the balancer (the other one drained), then two: req/s, p99 and the ratio;
#   2. two instances, one killed with SIGKILL a third of the way in and started again two thirds in;
#   3. two instances, the primary stopped (fast shutdown) a third of the way in and started again
#      a few seconds later, the instances left running;
#   4. the release of a new build under load, 90 s (at least 60, to cover the roll): the next
#      release's `scripts/db upgrade` applies its migrations (a NOT NULL DEFAULT column
#      preferred_language, then an index built CONCURRENTLY) while the old build serves, then the
#      instances are rolled one at a time onto the new build (drained, stopped, started, put back)
#      and GET/PUT /users/{id}/preferred-language, which only the new build has, is checked
#      through the balancer: every answer 200, every value written in the primary's column.
#      After the run, the old build is started on a spare port (OLD_CHECK_PORT, 18083) against
#      the migrated schema: it must become ready.
# The next release is this tree (git's tracked and unignored files, as they are now) copied to
# .data/cluster/next-release, plus the files of examples/scale-out/next-release, which may only add
# files; it is built before the first run, once per cluster (its log: next-release-build.log).
# After each run: unexpected statuses (anything but 200 and 201; a 404 is a read that missed an
# acknowledged write), by status and by kind of request (the balancer echoes the X-Request-ID
# each request carries its kind in), acknowledged writes (201s) missing from the primary, the
# replica's largest lag during the run and how long it took to catch up afterwards. Exits 1 if a
# write is missing, a read missed a write, runs 1 and 4 had any unexpected status, or a check of
# the new or the old build failed. Figures are for this machine at this moment: compare the
# ratios within one run.
#
# Usage (as root): examples/scale-out/load.sh [--duration 30] [--connections 16] [--change-duration 90]
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"

duration=30 connections=16 change_duration=90 users=10000
while [ $# -gt 0 ]; do
  case $1 in
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --change-duration) change_duration=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) cluster_die "unknown argument $1 (see --help)" ;;
  esac
done

cluster_require_root
[ -f "$cluster_dir/haproxy.pid" ] || cluster_die "no cluster is up: run examples/scale-out/up.sh first."
command -v wrk >/dev/null || { apt-get update -qq >&2; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >&2; }
cluster_secrets
export BENCH_TOKEN
BENCH_TOKEN=$(cat "$cluster_dir/token")
work=$(mktemp -d)
sampler=
cleanup() {
  [ -n "$sampler" ] && kill "$sampler" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
cat "$cluster_root/scripts/bench/common.lua" "$(dirname "$0")/cluster.lua" >"$work/cluster.lua"
failed=false

# The next release: a copy of this tree with the files of examples/scale-out/next-release added, built
# to $next_jar. Adding only, so that the copy cannot replace (or quietly undo) a file of the tree.
next_tree=$cluster_dir/next-release
next_jar=$next_tree/service/target/service.jar
build_next_release() {
  local overlay=$cluster_root/examples/scale-out/next-release start file files=()
  if [ -f "$next_jar" ]; then
    cluster_log "the next release is built already ($next_jar)"
    return
  fi
  start=$(date +%s%N)
  rm -rf "$next_tree"
  mkdir -p "$next_tree"
  (cd "$cluster_root" && git ls-files -z --cached --others --exclude-standard \
    | tar --null --ignore-failed-read -T - -cf -) | tar -xf - -C "$next_tree"
  mapfile -t files < <(cd "$overlay" && find . -type f | sort)
  for file in "${files[@]}"; do
    [ ! -e "$next_tree/$file" ] || cluster_die "examples/scale-out/next-release/${file#./} would replace a file of the tree; rename it."
  done
  cp -R "$overlay/." "$next_tree/"
  cluster_log "building the next release in $next_tree (the tree + ${#files[@]} files of examples/scale-out/next-release)"
  eval "$("$cluster_root/scripts/local-docker.sh" --env)"
  if ! (cd "$next_tree" && ./mvnw -B -q -DskipTests package -pl service -am) \
      >"$cluster_dir/next-release-build.log" 2>&1; then
    tail -n 40 "$cluster_dir/next-release-build.log" >&2
    cluster_die "the next release did not build; see $cluster_dir/next-release-build.log."
  fi
  NEXT_BUILT="built in $(( ($(date +%s%N) - start) / 1000000 )) ms before the load"
  cluster_log "next release $NEXT_BUILT"
}
NEXT_BUILT="built by an earlier load.sh on this cluster"
build_next_release

have=$(cluster_psql "$primary_name" "SELECT count(*) FROM users")
if [ "$have" -lt "$users" ]; then
  cluster_psql "$primary_name" "INSERT INTO users (username, email)
    SELECT 'seed' || g, 'seed' || g || '@example.com' FROM generate_series($have + 1, $users) g" >/dev/null
  cluster_psql "$primary_name" "VACUUM ANALYZE users" >/dev/null
fi
max_id=$(cluster_psql "$primary_name" "SELECT max(id) FROM users WHERE username LIKE 'seed%'")

# Samples the replica's lag every second while a run goes on: bytes the primary has written and
# the replica not yet replayed, and PostgreSQL's own replay_lag (ms).
sample_lag() {
  while true; do
    cluster_psql "$primary_name" "SELECT COALESCE(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn), 0)::bigint,
      COALESCE(EXTRACT(epoch FROM replay_lag) * 1000, 0)::int FROM pg_stat_replication" 2>/dev/null || true
    sleep 1
  done
}

# Milliseconds until the replica has replayed everything the primary had written when asked.
catch_up_ms() {
  local target start
  start=$(date +%s%N)
  until target=$(cluster_psql "$primary_name" "SELECT pg_current_wal_lsn()" 2>/dev/null); do sleep 0.2; done
  for _ in $(seq 1 600); do
    if [ "$(cluster_psql "$replica_name" "SELECT pg_last_wal_replay_lsn() >= '$target'::pg_lsn" 2>/dev/null)" = t ]; then
      echo $(( ($(date +%s%N) - start) / 1000000 ))
      return
    fi
    sleep 0.1
  done
  echo "not within 60 s"
}

# Acknowledged (201) usernames of run NAME that the primary does not have.
missing_writes() {
  cat "$work/$1"/acked-* 2>/dev/null | docker exec -i "$primary_name" psql -U postgres -d "$database" \
    -v ON_ERROR_STOP=1 -qAtX -c "CREATE TEMP TABLE acked (username text)" -c "COPY acked FROM STDIN" \
    -c "SELECT count(*) FROM acked a WHERE NOT EXISTS (SELECT FROM users u WHERE u.username = a.username)"
}

# run NAME URL SECONDS [FAULT]: runs the load, with FAULT (a function) in the foreground meanwhile.
# Sets RESULT to wrk's result line and prints the run's row.
run() {
  local name=$1 url=$2 seconds=$3 fault=${4:-} line acked missing caught max_bytes max_ms
  mkdir -p "$work/$name"
  # The previous run's fault may still have instances out of the balancer: start from all ready.
  for port in "${service_ports[@]}"; do
    [ "$(cluster_balancer_status "$port")" = MAINT ] || cluster_wait_balancer_up "$port"
  done
  sample_lag >"$work/$name.lag" &
  sampler=$!
  ACK_DIR=$work/$name MAX_ID=$max_id wrk -t2 -c"$connections" -d"${seconds}s" -s "$work/cluster.lua" "$url" \
    >"$work/$name.out" 2>&1 &
  local load=$!
  local load_end=$(( $(date +%s) + seconds ))
  if [ -n "$fault" ]; then
    "$fault" "$seconds"
    if [ "$(date +%s)" -gt "$load_end" ]; then
      cluster_log "the fault's steps ended $(( $(date +%s) - load_end )) s after the load: use a longer run to cover them"
    fi
  fi
  wait "$load" || true
  kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
  sampler=
  line=$(grep '^RESULT' "$work/$name.out") || { cat "$work/$name.out" >&2; cluster_die "wrk failed in run $name."; }
  RESULT=$line
  acked=$(cat "$work/$name"/acked-* 2>/dev/null | wc -l)
  missing=$(missing_writes "$name")
  caught=$(catch_up_ms)
  max_bytes=$(awk -F'|' '$1 > m { m = $1 } END { print m + 0 }' "$work/$name.lag")
  max_ms=$(awk -F'|' '$2 > m { m = $2 } END { print m + 0 }' "$work/$name.lag")
  printf '%-26s %8s %8s %9s  %-22s %7s %8s %10s %8s %9s\n' "$name" "$(bench_field rps "$line")" \
    "$(bench_field p99 "$line")" "$(bench_field unexpected "$line")" "$(bench_field statuses "$line")" \
    "$acked" "$missing" "$max_bytes" "$max_ms" "$caught"
  [ "$(bench_field by_request "$line")" != none ] \
    && printf '%-26s by request: %s\n' "" "$(bench_field by_request "$line" | sed 's|/| |g; s|,|, |g')"
  [ -n "$(bench_field retry_after "$line")" ] && [ "$(bench_field retry_after "$line")" != 0 ] \
    && printf '%-26s %s of the 503s carried Retry-After\n' "" "$(bench_field retry_after "$line")"
  if [ "$missing" != 0 ]; then failed=true; fi
  if grep -q '404:' <<<"$(bench_field statuses "$line")"; then failed=true; fi
}

bench_field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $2"; }

kill_one_instance() {
  local seconds=$1 port=${service_ports[0]} pid
  sleep $(( seconds / 3 ))
  pid=$(cluster_service_pid "$port")
  cluster_log "kill -9 of the instance on $port (pid $pid)"
  kill -KILL "$pid"
  sleep $(( seconds / 3 ))
  cluster_log "starting the instance on $port again"
  cluster_start_service "$port"
}

restart_primary() {
  local seconds=$1 start
  sleep $(( seconds / 3 ))
  start=$(date +%s%N)
  cluster_log "stopping the primary (fast shutdown)"
  docker kill -s INT "$primary_name" >/dev/null
  docker wait "$primary_name" >/dev/null
  sleep 2
  docker start "$primary_name" >/dev/null
  until docker exec "$primary_name" pg_isready -q -h 127.0.0.1 -U postgres; do sleep 0.1; done
  cluster_log "the primary was down for $(( ($(date +%s%N) - start) / 1000000 )) ms"
}

change_schema() {
  local start port
  sleep 10
  cluster_log "the next release's scripts/db upgrade, under load"
  start=$(date +%s%N)
  (cluster_primary_env && "$next_tree/scripts/db" upgrade) | sed 's/^/  db: /' >&2
  cluster_log "upgrade done in $(( ($(date +%s%N) - start) / 1000000 )) ms; rolling the instances onto the next release"
  for port in "${service_ports[@]}"; do
    start=$(date +%s%N)
    cluster_drain "$port"
    cluster_stop_service "$port"
    cluster_start_service "$port" "$next_jar"
    cluster_undrain "$port"
    ROLL_MS+=("$port:$(( ($(date +%s%N) - start) / 1000000 ))")
    cluster_log "instance on $port rolled in ${ROLL_MS[-1]#*:} ms"
  done
  check_next_release
}
ROLL_MS=()

# Whether the new build serves and uses the new column: PUT then GET of preferred-language for 20
# seeded users through the balancer, every answer 200 with the value written, and the values in
# the primary's column; and each instance answers the GET itself. Sets NEXT_CHECK.
check_next_release() {
  local i id tag status body ok_put=0 ok_get=0 in_column served=() rows=() auth
  auth="Authorization: Bearer $BENCH_TOKEN"
  for i in $(seq 1 20); do
    id=$(( (i * 487) % max_id + 1 ))
    tag="de-x$RANDOM$i"
    body=$(curl -s -w ' %{http_code}' -X PUT -H "$auth" -H 'Content-Type: application/json' \
      -d "{\"preferredLanguage\":\"$tag\"}" "http://127.0.0.1:$balancer_port/users/$id/preferred-language")
    status=${body##* }
    [ "$status" = 200 ] && [[ $body == *"\"$tag\""* ]] && ok_put=$((ok_put + 1))
    body=$(curl -s -w ' %{http_code}' -H "$auth" "http://127.0.0.1:$balancer_port/users/$id/preferred-language")
    status=${body##* }
    [ "$status" = 200 ] && [[ $body == *"\"$tag\""* ]] && ok_get=$((ok_get + 1))
    rows+=("($id, '$tag')")
  done
  in_column=$(cluster_psql "$primary_name" "SELECT count(*) FROM (VALUES $(IFS=,; echo "${rows[*]}")) AS w (id, tag)
    JOIN users u USING (id) WHERE u.preferred_language = w.tag")
  for port in "${service_ports[@]}"; do
    status=$(curl -s -o /dev/null -w '%{http_code}' -H "$auth" "http://127.0.0.1:$port/users/1/preferred-language")
    [ "$status" = 200 ] && served+=("$port")
  done
  NEXT_CHECK="PUT 200 $ok_put/20, GET 200 with the value $ok_get/20, in the primary's column $in_column/20; instances answering: ${served[*]:-none}"
  cluster_log "new build: $NEXT_CHECK"
  if [ "$ok_put" = 20 ] && [ "$ok_get" = 20 ] && [ "$in_column" = 20 ] && [ ${#served[@]} = ${#service_ports[@]} ]; then
    NEXT_FAILED=false
  fi
}
NEXT_CHECK="not run" NEXT_FAILED=true

# Whether the old build still starts on the schema the next release migrated, as a restart of an
# old instance mid-release (or a roll back) needs: Flyway only warns about applied migrations it
# does not have. Starts it on a spare port, outside the balancer, and reads its readiness.
check_old_build_starts() {
  local port=$old_check_port version
  cluster_start_service "$port" "$cluster_jar"
  version=$(curl -s -H "Authorization: Bearer $BENCH_TOKEN" "http://127.0.0.1:$port/health/readiness" \
    | grep -o '"default":{"version":"[0-9]*"}' | grep -o '[0-9][0-9]*')
  cluster_stop_service "$port"
  OLD_CHECK="the old build started on the migrated schema (version ${version:-?}) and was ready"
  [ -n "$version" ] || { OLD_CHECK="the old build did not report its schema version"; failed=true; }
}
old_check_port=${OLD_CHECK_PORT:-18083}

cluster_log "warming up (10 s, not counted)"
ACK_DIR=$work MAX_ID=$max_id wrk -t2 -c"$connections" -d10s -s "$work/cluster.lua" "http://127.0.0.1:$balancer_port" >/dev/null

echo "== $connections connections, ${duration}s per run (schema change ${change_duration}s), $users seeded users"
echo "   mix: 50 % GET /users/{id}, 10 % GET /users page, 20 % POST, 10 % PATCH, 10 % GET own write with token"
printf '%-26s %8s %8s %9s  %-22s %7s %8s %10s %8s %9s\n' run "req/s" "p99 ms" unexpected statuses \
  acked missing "lag bytes" "lag ms" "caught up"

cluster_drain "${service_ports[1]}"
run "one instance" "http://127.0.0.1:$balancer_port" "$duration"
one=$RESULT
cluster_undrain "${service_ports[1]}"
[ "$(bench_field unexpected "$one")" = 0 ] || failed=true
run "${#service_ports[@]} instances" "http://127.0.0.1:$balancer_port" "$duration"
two=$RESULT
[ "$(bench_field unexpected "$two")" = 0 ] || failed=true
awk -v a="$(bench_field rps "$one")" -v b="$(bench_field rps "$two")" -v c="$(bench_field p99 "$one")" \
  -v d="$(bench_field p99 "$two")" 'BEGIN { printf "%-26s %8.2f %8.2f   (%d instances / one, same run)\n", "ratio", b / a, d / c, '"${#service_ports[@]}"' }'

run "kill -9 one instance" "http://127.0.0.1:$balancer_port" "$duration" kill_one_instance
run "primary restart" "http://127.0.0.1:$balancer_port" "$duration" restart_primary
run "migrate + roll to new build" "http://127.0.0.1:$balancer_port" "$change_duration" change_schema
[ "$(bench_field unexpected "$RESULT")" = 0 ] || failed=true
$NEXT_FAILED && failed=true
check_old_build_starts
echo "new build: $NEXT_CHECK"
echo "           $NEXT_BUILT; rolled onto it (port:ms) ${ROLL_MS[*]:-none}"
echo "old build: $OLD_CHECK"
echo "columns: unexpected = answers other than 200/201 (by status, then by request below the row);"
echo "acked = writes answered 201;"
echo "missing = acked writes not in the primary; lag = replica's largest lag sampled each second;"
echo "caught up = ms after the run until the replica had replayed all the primary had written"
if $failed; then
  echo "FAILED: a write was lost, a read missed an acknowledged write, a run that must be clean was not, or the new build did not serve" >&2
  exit 1
fi
echo "load and faults passed"
