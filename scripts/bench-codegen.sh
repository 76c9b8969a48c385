#!/usr/bin/env bash
# Times `./mvnw generate-sources` from the project's root in both of its modes, interleaved so
# that both see the same machine: full (-Dcodegen.force=true: start PostgreSQL, migrate,
# generate, remove the database) and no-op (the fingerprint matches, nothing starts).
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

./mvnw -B -q generate-sources >/dev/null   # warm up: plugins resolved, classes present
full=() noop=() floor=()
for i in $(seq "$runs"); do
  full+=("$(seconds generate-sources -Dcodegen.force=true)")
  noop+=("$(seconds generate-sources)")
  floor+=("$(seconds validate)")
  printf 'run %d: full %.2f s, no-op %.2f s, validate %.2f s\n' "$i" "${full[-1]}" "${noop[-1]}" "${floor[-1]}"
done
full_median=$(printf '%s\n' "${full[@]}" | median)
noop_median=$(printf '%s\n' "${noop[@]}" | median)
floor_median=$(printf '%s\n' "${floor[@]}" | median)
printf 'median of %d: full %.2f s, no-op %.2f s (validate %.2f s), no-op is %.1fx faster\n' "$runs" \
  "$full_median" "$noop_median" "$floor_median" \
  "$(awk -v f="$full_median" -v n="$noop_median" 'BEGIN { print f / n }')"
