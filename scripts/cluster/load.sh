#!/usr/bin/env bash
# Mixed load through the cluster of scripts/cluster/up.sh, with faults and a live schema change.
# Runs, each with wrk on 127.0.0.1 (scenario: cluster.lua) and the same connections:
#   1. one instance behind the balancer (the other one drained), then two: req/s, p99 and the ratio;
#   2. two instances, one killed with SIGKILL a third of the way in and started again two thirds in;
#   3. two instances, the primary stopped (fast shutdown) a third of the way in and started again
#      a few seconds later, the instances left running;
#   4. the schema change: 90 s of load (long enough to cover the roll here; at least 60) while `scripts/db upgrade` applies
#      scripts/cluster/migration (a NOT NULL DEFAULT column, then an index built CONCURRENTLY),
#      after which the instances are rolled one at a time (drained, stopped, started with the new
#      migrations on their Flyway path, put back).
# After each run: unexpected statuses (anything but 200 and 201; a 404 is a read that missed an
# acknowledged write), acknowledged writes (201s) missing from the primary, the replica's largest
# lag during the run and how long it took to catch up afterwards. Exits 1 if a write is missing,
# a read missed a write, or runs 1 and 4 had any unexpected status. Figures are for this machine
# at this moment: compare the ratios within one run.
#
# Usage (as root): scripts/cluster/load.sh [--duration 30] [--connections 16] [--change-duration 90]
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
[ -f "$cluster_dir/haproxy.pid" ] || cluster_die "no cluster is up: run scripts/cluster/up.sh first."
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
  cluster_log "scripts/db upgrade with scripts/cluster/migration, under load"
  start=$(date +%s%N)
  (
    cluster_primary_env
    FLYWAY_DATASOURCES_DEFAULT_LOCATIONS="classpath:db/migration,filesystem:$cluster_root/scripts/cluster/migration" \
      "$cluster_root/scripts/db" upgrade
  ) | sed 's/^/  db: /' >&2
  cluster_log "upgrade done in $(( ($(date +%s%N) - start) / 1000000 )) ms; rolling the instances"
  for port in "${service_ports[@]}"; do
    start=$(date +%s%N)
    cluster_drain "$port"
    cluster_stop_service "$port"
    FLYWAY_DATASOURCES_DEFAULT_LOCATIONS="classpath:db/migration,filesystem:$cluster_root/scripts/cluster/migration" \
      cluster_start_service "$port"
    cluster_undrain "$port"
    cluster_log "instance on $port rolled in $(( ($(date +%s%N) - start) / 1000000 )) ms"
  done
}

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
run "schema change + roll" "http://127.0.0.1:$balancer_port" "$change_duration" change_schema
[ "$(bench_field unexpected "$RESULT")" = 0 ] || failed=true
echo "columns: unexpected = answers other than 200/201 (by status); acked = writes answered 201;"
echo "missing = acked writes not in the primary; lag = replica's largest lag sampled each second;"
echo "caught up = ms after the run until the replica had replayed all the primary had written"
if $failed; then
  echo "FAILED: a write was lost, a read missed an acknowledged write, or a run that must be clean was not" >&2
  exit 1
fi
echo "load and faults passed"
