#!/usr/bin/env bash
# Times full (-Dschemakit.force=true, embedded and Docker) and no-op `./mvnw generate-sources`, and
# `./mvnw validate` as the floor under any no-op, interleaved so that all see the same machine.
# Usage: scripts/bench-codegen.sh [RUNS]   (default 5; prints each run, the medians, the ratio)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
source scripts/bench/lib.sh
runs=${1:-5}

seconds() {
  local start=$EPOCHREALTIME
  ./mvnw -B -q "$@" >/dev/null
  awk -v s="$start" -v e="$EPOCHREALTIME" 'BEGIN { print e - s }'
}

docker=false
docker info >/dev/null 2>&1 && docker=true
./mvnw -B -q generate-sources >/dev/null   # warm up: plugins resolved, classes present
embedded=() container=() noop=() floor=()
for i in $(seq "$runs"); do
  embedded+=("$(seconds generate-sources -Dschemakit.force=true -Dschemakit.database=embedded)")
  if $docker; then container+=("$(seconds generate-sources -Dschemakit.force=true -Dschemakit.database=docker)"); fi
  noop+=("$(seconds generate-sources)")
  floor+=("$(seconds validate)")
  printf 'run %d: full embedded %.2f s, full docker %s, no-op %.2f s, validate %.2f s\n' "$i" "${embedded[-1]}" \
    "$($docker && printf '%.2f s' "${container[-1]}" || echo n/a)" "${noop[-1]}" "${floor[-1]}"
done
embedded_median=$(printf '%s\n' "${embedded[@]}" | median)
noop_median=$(printf '%s\n' "${noop[@]}" | median)
floor_median=$(printf '%s\n' "${floor[@]}" | median)
printf 'median of %d: full embedded %.2f s, no-op %.2f s (validate %.2f s), no-op is %.1fx faster than full\n' \
  "$runs" "$embedded_median" "$noop_median" "$floor_median" "$(ratio "$embedded_median" "$noop_median")"
if $docker; then
  container_median=$(printf '%s\n' "${container[@]}" | median)
  printf 'median of %d: full docker %.2f s, %.2fx the embedded one\n' "$runs" "$container_median" \
    "$(ratio "$container_median" "$embedded_median")"
fi
