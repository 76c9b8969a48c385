#!/usr/bin/env bash
# Times `./mvnw generate-sources` from the project's root in its modes, interleaved so that all
# see the same machine: full (-Dcodegen.force=true: start PostgreSQL, migrate, generate, remove
# the database) on the embedded PostgreSQL and, where a Docker engine answers, on Docker; and
# no-op (the fingerprint matches, nothing starts).
# For scale it also times `./mvnw validate`, which runs no plugin of this project: the cost of
# starting Maven, the floor under any no-op.
# Usage: scripts/bench-codegen.sh [RUNS]   (default 5; prints each run, the medians, the ratio)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}

seconds() {
  local start end
  start=$(date +%s.%N)
  ./mvnw -B -q "$@" >/dev/null
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN { print e - s }'
}

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

docker=false
docker info >/dev/null 2>&1 && docker=true
./mvnw -B -q generate-sources >/dev/null   # warm up: plugins resolved, classes present
embedded=() container=() noop=() floor=()
for i in $(seq "$runs"); do
  embedded+=("$(seconds generate-sources -Dcodegen.force=true -Dschemakit.database=embedded)")
  if $docker; then container+=("$(seconds generate-sources -Dcodegen.force=true -Dschemakit.database=docker)"); fi
  noop+=("$(seconds generate-sources)")
  floor+=("$(seconds validate)")
  printf 'run %d: full embedded %.2f s, full docker %s, no-op %.2f s, validate %.2f s\n' "$i" "${embedded[-1]}" \
    "$($docker && printf '%.2f s' "${container[-1]}" || echo n/a)" "${noop[-1]}" "${floor[-1]}"
done
embedded_median=$(printf '%s\n' "${embedded[@]}" | median)
noop_median=$(printf '%s\n' "${noop[@]}" | median)
floor_median=$(printf '%s\n' "${floor[@]}" | median)
printf 'median of %d: full embedded %.2f s, no-op %.2f s (validate %.2f s), no-op is %.1fx faster than full\n' \
  "$runs" "$embedded_median" "$noop_median" "$floor_median" \
  "$(awk -v f="$embedded_median" -v n="$noop_median" 'BEGIN { print f / n }')"
if $docker; then
  container_median=$(printf '%s\n' "${container[@]}" | median)
  printf 'median of %d: full docker %.2f s, %.2fx the embedded one\n' "$runs" "$container_median" \
    "$(awk -v d="$container_median" -v e="$embedded_median" 'BEGIN { print d / e }')"
fi
