#!/usr/bin/env bash
# Load test (docs/reliability.md): mixed GET, POST and PATCH through wrk; exits 1 unless every
# answer is the expected one and no socket failed.
# Usage (as root): scripts/load-test.sh [--duration 60s] [--connections 32]
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/bench/lib.sh"

duration=60s connections=32 port=${PORT:-8182} users=10000
bench_options "duration connections" "" "$@"

bench_prepare
bench_fresh_database loadtest
bench_start_service loadtest "$port"
max_id=$(bench_seed loadtest "$users")

cat "$bench_root/scripts/bench/common.lua" "$bench_root/scripts/bench/mixed.lua" >"$bench_work/mixed.lua"
echo "== load test: $users users, $connections connections, $duration, 60 % GET / 20 % POST / 20 % PATCH"
line=$(MAX_ID=$max_id wrk -t2 -c"$connections" -d"$duration" -s "$bench_work/mixed.lua" \
  "http://127.0.0.1:$port" | grep '^RESULT')
rss_mb=$(bench_rss_mb "$SERVICE_PID")
printf 'requests/s %s, p50 %s ms, p99 %s ms, %s requests\n' "$(bench_field rps "$line")" \
  "$(bench_field p50 "$line")" "$(bench_field p99 "$line")" "$(bench_field requests "$line")"
printf 'unexpected statuses: %s (%s), socket errors: %s; service RSS %s MB\n' \
  "$(bench_field unexpected "$line")" "$(bench_field statuses "$line")" \
  "$(bench_field socket_errors "$line")" "$rss_mb"
if [ "$(bench_field unexpected "$line")" != 0 ] || [ "$(bench_field socket_errors "$line")" != 0 ]; then
  tail -n 20 "$bench_work/service-$port.log" >&2
  die "the load test saw unexpected answers."
fi
echo "load test passed"
