#!/usr/bin/env bash
# Times `./mvnw generate-sources` from the project's root in both of its modes, interleaved so
# that both see the same machine: full (-Dcodegen.force=true: start PostgreSQL, migrate,
# generate, remove the database) and no-op (the fingerprint matches, nothing starts).
# Usage: scripts/bench-codegen.sh [RUNS]   (default 5; prints each run, the medians, the ratio)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}

seconds() {
  local start end
  start=$(date +%s.%N)
  ./mvnw -B -q generate-sources "$@" >/dev/null
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN { print e - s }'
}

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

./mvnw -B -q generate-sources >/dev/null   # warm up: plugins resolved, classes present
full=() noop=()
for i in $(seq "$runs"); do
  full+=("$(seconds -Dcodegen.force=true)")
  noop+=("$(seconds)")
  printf 'run %d: full %.2f s, no-op %.2f s\n' "$i" "${full[-1]}" "${noop[-1]}"
done
full_median=$(printf '%s\n' "${full[@]}" | median)
noop_median=$(printf '%s\n' "${noop[@]}" | median)
printf 'median of %d: full %.2f s, no-op %.2f s, no-op is %.1fx faster\n' "$runs" \
  "$full_median" "$noop_median" "$(awk -v f="$full_median" -v n="$noop_median" 'BEGIN { print f / n }')"
