#!/usr/bin/env bash
# Compares variants of the service (NAME='ENV': scripts/service.sh's environment, BENCH_TOKEN= its
# token) in rotating rounds, by medians and ratios to the first (docs/performance.md); --startup
# times the start to the first 200 instead of throughput.
# Usage: scripts/bench/compare.sh [--rounds 3] [--duration 10s] [--warmup 5s] [--connections 64]
#          [--users 100000] [--scenarios get,list,post,first,deep] [--startup] [--port 8300]
#          NAME='ENV' ...   (variant I listens on --port + I; the database is compare_<port>)
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

rounds=3 duration=10s warmup=5s connections=64 users=100000 scenarios=get,list,post startup=false port=8300
names=() envs=()
bench_options "rounds duration warmup connections users scenarios port" startup "$@"
[ ${#names[@]} -gt 0 ] || die "no variants (see --help)"

bench_prepare
db=compare_$port
bench_fresh_database "$db"

# NAME=value assignments of variant I, one per line (values may hold spaces).
variant_env() {
  sed 's/ \([A-Za-z_][A-Za-z0-9_]*\)=/\n\1=/g' <<<"${envs[$1]}" | grep .
}
variant_token() {  # index: the variant's bearer token (its BENCH_TOKEN= or the common one)
  if variant_env "$1" | grep -q '^BENCH_TOKEN='; then variant_env "$1" | sed -n 's/^BENCH_TOKEN=//p' | tail -n 1
  else printf '%s' "$BENCH_TOKEN"; fi
}
start_variant() {  # index port
  local assignments
  mapfile -t assignments < <(variant_env "$1")
  BENCH_TOKEN=$(variant_token "$1") bench_start_service "$db" "$2" "${assignments[@]}"
}

declare -A results
order() {  # round: the variant indexes, rotated by the round number
  local n=${#names[@]} i
  for i in $(seq 0 $((n - 1))); do echo $(( (i + $1) % n )); done
}

if $startup; then
  # One start of each variant first: it migrates the database and records the class archives.
  for i in "${!names[@]}"; do start_variant "$i" "$port"; bench_stop_service "$SERVICE_PID"; done
  for r in $(seq "$rounds"); do
    for i in $(order "$r"); do
      start_variant "$i" "$port"
      bench_stop_service "$SERVICE_PID"
      results[$i,wall]+="$FIRST_200_MS " results[$i,cpu]+="$FIRST_200_CPU_MS "
      log "round $r ${names[$i]}: first 200 after $FIRST_200_MS ms, CPU $FIRST_200_CPU_MS ms"
    done
  done
  printf '%-20s %14s %8s %14s %8s\n' variant 'first 200 ms' ratio 'CPU ms' ratio
  base_wall=$(median <<<"${results[0,wall]}") base_cpu=$(median <<<"${results[0,cpu]}")
  for i in "${!names[@]}"; do
    wall=$(median <<<"${results[$i,wall]}") cpu=$(median <<<"${results[$i,cpu]}")
    printf '%-20s %14s %8s %14s %8s   (each: %s)\n' "${names[$i]}" "$wall" "$(ratio "$wall" "$base_wall")" \
      "$cpu" "$(ratio "$cpu" "$base_cpu")" "${results[$i,wall]}"
  done
  exit 0
fi

pids=()
for i in "${!names[@]}"; do
  start_variant "$i" $((port + i))
  pids[$i]=$SERVICE_PID
done
max_id=$(bench_seed "$db" "$users")

run() {  # scenario index duration: prints the RESULT line
  local env=(MAX_ID="$max_id")
  case $1 in
    get) script=get-user.lua ;;
    list) script=list-users.lua ;;
    post) script=create-user.lua ;;
    first) script=list-users.lua env+=(AFTER_MAX=0) ;;
    deep) script=list-users.lua env+=(AFTER_MIN=$((max_id - 1000)) AFTER_MAX=$((max_id - 20))) ;;
    *) die "unknown scenario $1 (get, list, post, first, deep)" ;;
  esac
  (export "${env[@]}" BENCH_TOKEN="$(variant_token "$2")"
   SERVICE_PID=${pids[$2]} bench_wrk "$script" $((port + $2)) "$3" "$connections")
}

IFS=, read -r -a scenario_list <<<"$scenarios"
for s in "${scenario_list[@]}"; do
  for i in "${!names[@]}"; do run "$s" "$i" "$warmup" >/dev/null; done
  for r in $(seq "$rounds"); do
    for i in $(order "$r"); do
      line=$(run "$s" "$i" "$duration")
      log "$s round $r ${names[$i]}: $line"
      for f in rps p99 errors service_us pg_us; do
        results[$s,$i,$f]+="$(bench_field "$f" "$line") "
      done
    done
  done
done

echo "== $rounds rounds of $duration, $connections connections, $users users; medians, and ratios to ${names[0]}"
printf '%-6s %-20s %9s %6s %9s %6s %7s %11s %6s %8s %6s\n' '' variant 'req/s' ratio 'p99 ms' ratio errors \
  'service µs' ratio 'pg µs' ratio
for s in "${scenario_list[@]}"; do
  for i in "${!names[@]}"; do
    declare -A m=()
    for f in rps p99 service_us pg_us; do m[$f]=$(median <<<"${results[$s,$i,$f]}"); done
    errs=$(tr ' ' '\n' <<<"${results[$s,$i,errors]}" | awk '{ s += $1 } END { print s + 0 }')
    [ "$i" = 0 ] && declare -A b=([rps]=${m[rps]} [p99]=${m[p99]} [service_us]=${m[service_us]} [pg_us]=${m[pg_us]})
    printf '%-6s %-20s %9s %6s %9s %6s %7s %11s %6s %8s %6s\n' "$s" "${names[$i]}" \
      "${m[rps]}" "$(ratio "${m[rps]}" "${b[rps]}")" "${m[p99]}" "$(ratio "${m[p99]}" "${b[p99]}")" "$errs" \
      "${m[service_us]}" "$(ratio "${m[service_us]}" "${b[service_us]}")" "${m[pg_us]}" "$(ratio "${m[pg_us]}" "${b[pg_us]}")"
  done
done
for i in "${!names[@]}"; do
  echo "RSS ${names[$i]}: $(bench_rss_mb "${pids[$i]}") MB"
done
